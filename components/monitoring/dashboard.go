package monitoring

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DashboardBody is a CloudWatch dashboard body
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
type DashboardBody struct {
	Widgets []Widget `json:"widgets"`
}

// Widget is one dashboard widget.
type Widget struct {
	Type       string           `json:"type"`
	X          int              `json:"x"`
	Y          int              `json:"y"`
	Width      int              `json:"width"`
	Height     int              `json:"height"`
	Properties WidgetProperties `json:"properties"`
}

// WidgetProperties are the properties of text, alarm and metric widgets.
type WidgetProperties struct {
	Markdown string `json:"markdown,omitempty"`
	Title    string `json:"title,omitempty"`
	// Region is where the widget's metrics or alarms live.
	Region string `json:"region,omitempty"`
	// Alarms lists alarm ARNs (alarm status widgets).
	Alarms []string `json:"alarms,omitempty"`
	// Annotations graph an alarm's metric with its threshold (metric
	// widgets; the metrics come from the alarm), or draw bounds.
	Annotations *Annotations `json:"annotations,omitempty"`
	View        string       `json:"view,omitempty"`
	// Metrics are a graph's lines: [namespace, name, dim, value, ...,
	// {options}] or [{expression options}].
	Metrics [][]any `json:"metrics,omitempty"`
	// Period of the graph's metrics in seconds.
	Period int `json:"period,omitempty"`
}

// Annotations of a metric widget.
type Annotations struct {
	Alarms     []string     `json:"alarms,omitempty"`
	Horizontal []Horizontal `json:"horizontal,omitempty"`
}

// Horizontal is a constant line on a graph (an HPA or autoscaler bound).
type Horizontal struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// widgetAlarm is what the dashboard needs of an alarm.
type widgetAlarm struct {
	Title, Region, Arn string
}

// Dashboard lays out a header, one alarm status widget per region, one
// graph per alarm (its metric and threshold), then the given performance
// graphs (see performanceGraphs).
func Dashboard(title string, alarms []widgetAlarm, graphs ...Widget) DashboardBody {
	const full, half = 24, 12
	body := DashboardBody{Widgets: []Widget{{
		Type: "text", Width: full, Height: 2,
		Properties: WidgetProperties{Markdown: "# " + title + "\nAlarms notify the alerting topic of their region; CloudFront and WAF signals live in us-east-1."},
	}}}
	y := 2
	byRegion := map[string][]string{}
	var regions []string
	for _, a := range alarms {
		if _, ok := byRegion[a.Region]; !ok {
			regions = append(regions, a.Region)
		}
		byRegion[a.Region] = append(byRegion[a.Region], a.Arn)
	}
	for _, r := range regions {
		body.Widgets = append(body.Widgets, Widget{Type: "alarm", Y: y, Width: full, Height: 3,
			Properties: WidgetProperties{Title: "Alarms (" + r + ")", Region: r, Alarms: byRegion[r]}})
		y += 3
	}
	for i, a := range alarms {
		body.Widgets = append(body.Widgets, Widget{Type: "metric", X: (i % 2) * half, Y: y + (i/2)*6, Width: half, Height: 6,
			Properties: WidgetProperties{Title: a.Title, Region: a.Region, View: "timeSeries", Annotations: &Annotations{Alarms: []string{a.Arn}}}})
	}
	y += (len(alarms) + 1) / 2 * 6
	for i, g := range graphs {
		g.X, g.Y, g.Width, g.Height = (i%2)*half, y+(i/2)*6, half, 6
		body.Widgets = append(body.Widgets, g)
	}
	return body
}

// JSON renders the body.
func (d DashboardBody) JSON() (string, error) {
	out, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("dashboard body: %w", err)
	}
	return string(out), nil
}

func (b *builder) dashboard() error {
	arns := make([]any, len(b.alarms))
	for i, al := range b.alarms {
		arns[i] = al.res.Arn
	}
	alarms := b.alarms
	home, edge := b.home.env.Region, b.edge.env.Region
	title := b.prefix
	graphs := b.performanceGraphs()
	values := graphValues(graphs)
	body := pulumi.All(append(arns, values...)...).ApplyT(func(all []any) (string, error) {
		v, resolved := all[:len(arns)], all[len(arns):]
		ws := make([]widgetAlarm, len(v))
		for i, arn := range v {
			r := home
			if alarms[i].spec.edge {
				r = edge
			}
			ws[i] = widgetAlarm{Title: alarms[i].spec.description, Region: r, Arn: arn.(string)}
		}
		return Dashboard(title, ws, renderGraphs(graphs, resolved, home, edge)...).JSON()
	}).(pulumi.StringOutput)
	d, err := cloudwatch.NewDashboard(b.ctx, b.name, &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(b.prefix),
		DashboardBody: body,
	}, b.home.opts...)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	b.m.DashboardName = d.DashboardName
	return nil
}
