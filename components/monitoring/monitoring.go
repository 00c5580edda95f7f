package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/tags"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:monitoring:Monitoring"

// TracesEndpoint is the OTLP/gRPC endpoint of the CloudWatch agent the
// amazon-cloudwatch-observability add-on runs (service cloudwatch-agent in
// namespace amazon-cloudwatch). Workloads set OTEL_EXPORTER_OTLP_ENDPOINT
// to it; the agent forwards the traces to X-Ray.
const TracesEndpoint = "http://cloudwatch-agent.amazon-cloudwatch:4317"

// TracesHTTPEndpoint is the agent's OTLP/HTTP endpoint.
const TracesHTTPEndpoint = "http://cloudwatch-agent.amazon-cloudwatch:4318"

// Monitoring is alerting, alarms, SLO burn-rate alerts, a dashboard,
// cluster telemetry and (optionally) account security monitoring.
type Monitoring struct {
	pulumi.ResourceState

	// TopicArn is the alerting topic in the component's region.
	TopicArn pulumi.StringOutput `pulumi:"topicArn"`
	// EdgeTopicArn is the us-east-1 alerting topic ("" when no edge
	// target is monitored).
	EdgeTopicArn pulumi.StringOutput `pulumi:"edgeTopicArn"`
	// DashboardName is the CloudWatch dashboard's name.
	DashboardName pulumi.StringOutput `pulumi:"dashboardName"`
	// AlarmArns maps each metric alarm's name to its ARN.
	AlarmArns pulumi.StringMapOutput `pulumi:"alarmArns"`
	// CompositeAlarmArn is the "service unhealthy" composite alarm ("" when
	// no load balancer is monitored).
	CompositeAlarmArn pulumi.StringOutput `pulumi:"compositeAlarmArn"`
	// CompositeAlarmName is that alarm's name ("" likewise): the deploy
	// job's health gate reads its state.
	CompositeAlarmName pulumi.StringOutput `pulumi:"compositeAlarmName"`
	// KmsKeyArn is the key of the regional topic and the log groups.
	KmsKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// AlarmNames are the CloudWatch names of the metric alarms created.
	AlarmNames []string
	// Alarms describe every alarm created, metric and composite, in
	// creation order: tier, class (MetricClasses), region.
	Alarms []AlarmInfo
	// TracesEndpoint is the OTLP/gRPC endpoint for
	// OTEL_EXPORTER_OTLP_ENDPOINT ("" when no cluster is monitored).
	TracesEndpoint string
	// NamePrefix is the prefix of the physical names (Settings.NamePrefix,
	// or the component's name).
	NamePrefix string
	// TopicName is the regional alerting topic's name.
	TopicName string
	// TrailName is the CloudTrail trail's name ("" when no trail was
	// created).
	TrailName string
	// GuardDuty is true when this instance enabled the account's GuardDuty
	// detector.
	GuardDuty bool
	// Settings are the defaulted settings.
	Settings Settings
}

var _ pulumi.ComponentResource = (*Monitoring)(nil)

// builder carries what the steps of NewMonitoring share.
type builder struct {
	ctx          *pulumi.Context
	name, prefix string
	s            Settings
	w            Wiring
	m            *Monitoring
	tags         map[string]string

	home, edge region
	// alarms are the metric alarms created so far, in order.
	alarms []*alarm
	// composites are the composite alarms created so far, in order.
	composites []*composite
}

// region is one region the component alarms in: its environment, the
// options that place resources there and its alerting topic.
type region struct {
	env   awsutil.Env
	opts  []pulumi.ResourceOption
	topic pulumi.StringOutput
	// keyArn is the CMK of the topic.
	keyArn pulumi.StringOutput
	// ok is true when the component alarms in this region.
	ok bool
}

// NewMonitoring validates args and creates the monitoring. Nothing is
// registered when the arguments are invalid.
func NewMonitoring(ctx *pulumi.Context, name string, args *MonitoringArgs, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	if args == nil {
		args = &MonitoringArgs{}
	}
	s := args.WithDefaults() // Settings.WithDefaults
	w := args.withDefaults() // Wiring.withDefaults: Cache.Nodes
	var p validate.Problems
	p.Merge("", s.Validate())
	p.Merge("", w.check())
	if err := p.Err(); err != nil {
		return nil, fmt.Errorf("monitoring %q: invalid settings:\n%w", name, err)
	}
	prefix := s.NamePrefix
	if prefix == "" {
		prefix = name
	}
	b := &builder{ctx: ctx, name: name, prefix: prefix, s: s, w: w, tags: tags.Component(s.Tags, "monitoring")}
	if err := b.edgeRegion(); err != nil {
		return nil, fmt.Errorf("monitoring %q: %w", name, err)
	}
	m := &Monitoring{Settings: s, NamePrefix: prefix}
	b.m = m
	if err := ctx.RegisterComponentResource(TypeToken, name, m, opts...); err != nil {
		return nil, err
	}
	env, err := awsutil.Lookup(ctx, pulumi.Parent(m))
	if err != nil {
		return nil, fmt.Errorf("monitoring %q: %w", name, err)
	}
	b.home = region{env: env, opts: []pulumi.ResourceOption{pulumi.Parent(m)}, ok: true}
	if b.edge.ok {
		b.edge.opts = []pulumi.ResourceOption{pulumi.Parent(m), pulumi.Provider(w.EdgeProvider)}
	}

	steps := []func() error{
		b.alerting, b.loadBalancerAlarms, b.sloAlarms, b.apiAlarms, b.databaseAlarms, b.cacheAlarms,
		b.replicationAlarms, b.natAlarms, b.edgeAlarms, b.cluster, b.serviceUnhealthy, b.dashboard,
		b.cloudTrail, b.guardDuty,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("monitoring %q: %w", name, err)
		}
	}
	b.outputs()
	if err := ctx.RegisterResourceOutputs(m, pulumi.Map{
		"topicArn":           m.TopicArn,
		"edgeTopicArn":       m.EdgeTopicArn,
		"dashboardName":      m.DashboardName,
		"alarmArns":          m.AlarmArns,
		"compositeAlarmArn":  m.CompositeAlarmArn,
		"compositeAlarmName": m.CompositeAlarmName,
		"kmsKeyArn":          m.KmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return m, nil
}

// edgeRegion checks, before anything is registered, that the edge
// provider is in us-east-1 when an edge target is monitored.
func (b *builder) edgeRegion() error {
	if b.w.CDN == nil && b.w.WAF == nil {
		return nil
	}
	env, err := awsutil.Lookup(b.ctx, pulumi.Provider(b.w.EdgeProvider))
	if err != nil {
		return fmt.Errorf("edge provider: %w", err)
	}
	if env.Region != "us-east-1" {
		return fmt.Errorf("invalid settings:\nEdgeProvider: must be a us-east-1 provider (CloudFront and WAF metrics live there), it is in %s", env.Region)
	}
	b.edge = region{env: env, ok: true}
	return nil
}

// outputs fills the component's outputs from what the steps created.
func (b *builder) outputs() {
	m := b.m
	arns := pulumi.StringMap{}
	for _, al := range b.alarms {
		m.AlarmNames = append(m.AlarmNames, al.name)
		m.Alarms = append(m.Alarms, al.info)
		arns[al.name] = al.res.Arn
	}
	for _, c := range b.composites {
		m.Alarms = append(m.Alarms, c.info)
	}
	m.AlarmArns = arns.ToStringMapOutput()
	m.TopicArn = b.home.topic
	m.KmsKeyArn = b.home.keyArn
	m.TopicName = b.physical("alerts")
	m.EdgeTopicArn = pulumi.String("").ToStringOutput()
	if b.edge.ok {
		m.EdgeTopicArn = b.edge.topic
	}
	if b.w.Cluster != nil {
		m.TracesEndpoint = TracesEndpoint
	}
}

// physical returns a physical (AWS) name: the prefix and suffix.
func (b *builder) physical(suffix string) string { return b.prefix + "-" + suffix }

// child returns a resource name derived from the component's.
func (b *builder) child(suffix string) string { return b.name + "-" + suffix }

// tagged returns the component's tags plus a Name tag.
func (b *builder) tagged(n string) pulumi.StringMap { return tags.Named(b.tags, n) }
