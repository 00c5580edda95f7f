package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiAlarms are the API Gateway HTTP API's 5xx rate, p99 latency and
// throttled (429) alarms. HTTP APIs publish 4xx, 5xx, Count, Latency,
// IntegrationLatency and DataProcessed under AWS/ApiGateway with ApiId and
// Stage, and no throttling metric, so a metric filter on the access log
// counts the 429s:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
func (b *builder) apiAlarms() error {
	a := b.w.API
	if a == nil {
		return nil
	}
	if err := b.throttleFilter(a); err != nil {
		return err
	}
	t := b.s.Thresholds
	dims := pulumi.StringMap{"ApiId": a.ApiId, "Stage": a.Stage}
	q := func(id, name string) query {
		return query{id: id, metric: metric{namespace: "AWS/ApiGateway", name: name, dims: dims, stat: "Sum"}}
	}
	return b.alarmsOf(alarmSpec{
		suffix:      AlarmAPI5xx,
		description: fmt.Sprintf("API Gateway 5xx responses above %d%% of requests", t.API5xxPercent),
		// No 5xx data points while there are none; no requests, no data.
		expression: "FILL(e5xx, 0) / req * 100", queries: []query{q("e5xx", "5xx"), q("req", "Count")},
		evaluations: 2, comparison: above, threshold: float64(t.API5xxPercent), composite: true,
	}, alarmSpec{
		suffix:      AlarmAPILatencyP99,
		description: fmt.Sprintf("API Gateway p99 latency above %d ms", t.APILatencyP99Ms),
		// Latency is in milliseconds, from request to response.
		metric:      metric{namespace: "AWS/ApiGateway", name: "Latency", stat: "p99", dims: dims},
		evaluations: 3, comparison: above, threshold: float64(t.APILatencyP99Ms), composite: true,
	}, alarmSpec{
		suffix:      AlarmAPIThrottled,
		description: fmt.Sprintf("API Gateway throttled (429) more than %d requests in 5 minutes", *t.APIThrottledPerFiveMinutes),
		metric:      metric{namespace: APIThrottleNamespace, name: APIThrottleMetric, stat: "Sum", dims: dims},
		comparison:  above, threshold: float64(*t.APIThrottledPerFiveMinutes),
	})
}

// throttleFilter publishes APIThrottleMetric, one per 429 line of the
// access log, with the ApiId and Stage dimensions taken from the line.
func (b *builder) throttleFilter(a *APITarget) error {
	if _, err := cloudwatch.NewLogMetricFilter(b.ctx, b.child("api-429"), &cloudwatch.LogMetricFilterArgs{
		Name:         pulumi.String(b.physical("api-429")),
		LogGroupName: a.AccessLogGroupName,
		Pattern:      pulumi.String(`{ $.status = "429" }`),
		MetricTransformation: cloudwatch.LogMetricFilterMetricTransformationArgs{
			Name: pulumi.String(APIThrottleMetric), Namespace: pulumi.String(APIThrottleNamespace), Value: pulumi.String("1"), Unit: pulumi.String("Count"),
			Dimensions: pulumi.StringMap{"ApiId": pulumi.String("$.apiId"), "Stage": pulumi.String("$.stage")},
		},
	}, b.home.opts...); err != nil {
		return fmt.Errorf("metric filter api-429: %w", err)
	}
	return nil
}
