package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Alarm name suffixes (the alarm is named "<component>-<suffix>"). Tests
// and stacks find alarms by them.
const (
	AlarmALB5xx           = "alb-5xx-rate"
	AlarmLatencyP99       = "alb-latency-p99"
	AlarmUnhealthyPrefix  = "unhealthy-hosts-"
	AlarmSLOFastBurn      = "slo-fast-burn"
	AlarmSLOSlowBurn      = "slo-slow-burn"
	AlarmDBCPU            = "db-cpu"
	AlarmDBMemory         = "db-freeable-memory"
	AlarmDBLocalStorage   = "db-free-local-storage"
	AlarmDBReplicaLag     = "db-replica-lag"
	AlarmDBConnections    = "db-connections"
	AlarmCacheCPU         = "cache-engine-cpu"
	AlarmCacheMemory      = "cache-memory"
	AlarmCacheEvictions   = "cache-evictions"
	AlarmCacheReplication = "cache-replication-lag"
	AlarmCDN5xx           = "cdn-5xx-rate"
	AlarmWAFBlocked       = "waf-blocked-requests"
	AlarmNodeCPU          = "eks-node-cpu"
	AlarmFailedNodes      = "eks-failed-nodes"
	AlarmPodsPrefix       = "running-pods-"
)

// Comparison operators.
const (
	above = "GreaterThanThreshold"
	below = "LessThanThreshold"
)

const mib = 1024 * 1024

// metric is one CloudWatch metric with its dimensions and statistic.
type metric struct {
	namespace, name string
	dims            pulumi.StringMap
	// stat is Average, Sum, Maximum, ... or a percentile such as p99.
	stat string
}

// query is a metric of a metric-math alarm, referred to by id.
type query struct {
	id string
	metric
}

// alarmSpec is everything that distinguishes one alarm from another. Every
// alarm of the component is built from one by builder.alarm.
type alarmSpec struct {
	suffix      string
	description string
	// edge places the alarm in us-east-1 (CloudFront and WAF metrics).
	edge bool
	// Either metric (a single metric) or expression over queries.
	metric     metric
	expression string
	queries    []query
	// period in seconds (default 300) and how many of the last
	// evaluations (default 1) must breach.
	period, evaluations int
	comparison          string
	threshold           float64
	// missing is TreatMissingData; default notBreaching.
	missing string
	// composite puts the alarm into the "service unhealthy" composite.
	composite bool
}

// alarm is a created alarm.
type alarm struct {
	name string
	spec alarmSpec
	res  *cloudwatch.MetricAlarm
}

// alarm creates a metric alarm from s in s's region, with the region's
// topic as alarm and OK action.
func (b *builder) alarm(s alarmSpec) error {
	r := &b.home
	if s.edge {
		r = &b.edge
	}
	if s.period == 0 {
		s.period = 300
	}
	if s.evaluations == 0 {
		s.evaluations = 1
	}
	if s.missing == "" {
		s.missing = "notBreaching"
	}
	n := b.physical(s.suffix)
	a := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(n),
		AlarmDescription:   pulumi.String(s.description),
		ComparisonOperator: pulumi.String(s.comparison),
		Threshold:          pulumi.Float64(s.threshold),
		EvaluationPeriods:  pulumi.Int(s.evaluations),
		DatapointsToAlarm:  pulumi.Int(s.evaluations),
		TreatMissingData:   pulumi.String(s.missing),
		AlarmActions:       pulumi.Array{r.topic},
		OkActions:          pulumi.Array{r.topic},
		Tags:               b.tagged(n),
	}
	if s.expression != "" {
		qs := cloudwatch.MetricAlarmMetricQueryArray{cloudwatch.MetricAlarmMetricQueryArgs{
			Id: pulumi.String("e1"), Expression: pulumi.String(s.expression),
			Label: pulumi.String(s.description), ReturnData: pulumi.Bool(true),
		}}
		for _, q := range s.queries {
			qs = append(qs, cloudwatch.MetricAlarmMetricQueryArgs{
				Id: pulumi.String(q.id), ReturnData: pulumi.Bool(false),
				Metric: cloudwatch.MetricAlarmMetricQueryMetricArgs{
					Namespace: pulumi.String(q.namespace), MetricName: pulumi.String(q.name),
					Dimensions: q.dims, Period: pulumi.Int(s.period), Stat: pulumi.String(q.stat),
				},
			})
		}
		a.MetricQueries = qs
	} else {
		a.Namespace = pulumi.String(s.metric.namespace)
		a.MetricName = pulumi.String(s.metric.name)
		a.Dimensions = s.metric.dims
		a.Period = pulumi.Int(s.period)
		if len(s.metric.stat) > 1 && s.metric.stat[0] == 'p' {
			a.ExtendedStatistic = pulumi.String(s.metric.stat)
		} else {
			a.Statistic = pulumi.String(s.metric.stat)
		}
	}
	res, err := cloudwatch.NewMetricAlarm(b.ctx, b.child(s.suffix), a, r.opts...)
	if err != nil {
		return fmt.Errorf("alarm %s: %w", n, err)
	}
	b.alarms = append(b.alarms, &alarm{name: n, spec: s, res: res})
	return nil
}

// alarmsOf creates every spec, stopping at the first error.
func (b *builder) alarmsOf(specs ...alarmSpec) error {
	for _, s := range specs {
		if err := b.alarm(s); err != nil {
			return err
		}
	}
	return nil
}

// albQueries are the metrics of the 5xx ratio: target and load balancer
// 5xx counts and the request count, summed per period.
func albQueries(lb pulumi.StringInput) []query {
	dims := pulumi.StringMap{"LoadBalancer": lb}
	q := func(id, name string) query {
		return query{id: id, metric: metric{namespace: "AWS/ApplicationELB", name: name, dims: dims, stat: "Sum"}}
	}
	return []query{q("t5xx", "HTTPCode_Target_5XX_Count"), q("e5xx", "HTTPCode_ELB_5XX_Count"), q("req", "RequestCount")}
}

// albErrorRatio is the share of requests answered with a 5xx. The 5xx
// counts have no data points while there are none, so FILL turns the gaps
// into zeros; without requests the division yields no data (not breaching).
const albErrorRatio = "(FILL(t5xx, 0) + FILL(e5xx, 0)) / req"

func (b *builder) loadBalancerAlarms() error {
	l := b.w.LoadBalancer
	if l == nil {
		return nil
	}
	t := b.s.Thresholds
	specs := []alarmSpec{
		{
			suffix:      AlarmALB5xx,
			description: fmt.Sprintf("ALB 5xx responses (target + load balancer) above %d%% of requests", t.ALB5xxPercent),
			expression:  albErrorRatio + " * 100", queries: albQueries(l.ArnSuffix),
			evaluations: 2, comparison: above, threshold: float64(t.ALB5xxPercent), composite: true,
		},
		{
			suffix:      AlarmLatencyP99,
			description: fmt.Sprintf("ALB p99 target response time above %d ms", t.LatencyP99Ms),
			// TargetResponseTime is in seconds.
			metric:      metric{namespace: "AWS/ApplicationELB", name: "TargetResponseTime", dims: pulumi.StringMap{"LoadBalancer": l.ArnSuffix}, stat: "p99"},
			evaluations: 3, comparison: above, threshold: float64(t.LatencyP99Ms) / 1000, composite: true,
		},
	}
	for _, key := range sortedKeys(l.TargetGroups) {
		specs = append(specs, alarmSpec{
			suffix:      AlarmUnhealthyPrefix + key,
			description: fmt.Sprintf("Unhealthy targets in target group %s", key),
			metric: metric{namespace: "AWS/ApplicationELB", name: "UnHealthyHostCount", stat: "Maximum",
				dims: pulumi.StringMap{"LoadBalancer": l.ArnSuffix, "TargetGroup": l.TargetGroups[key]}},
			period: 60, evaluations: 3, comparison: above, threshold: 0,
		})
	}
	return b.alarmsOf(specs...)
}

func (b *builder) databaseAlarms() error {
	d := b.w.Database
	if d == nil {
		return nil
	}
	t := b.s.Thresholds
	m := func(name, stat string) metric {
		return metric{namespace: "AWS/RDS", name: name, stat: stat, dims: pulumi.StringMap{"DBClusterIdentifier": d.ClusterIdentifier}}
	}
	return b.alarmsOf(
		alarmSpec{suffix: AlarmDBCPU, description: fmt.Sprintf("Aurora CPU above %d%%", t.DBCPUPercent),
			metric: m("CPUUtilization", "Average"), evaluations: 3, comparison: above, threshold: float64(t.DBCPUPercent)},
		alarmSpec{suffix: AlarmDBMemory, description: fmt.Sprintf("Aurora freeable memory below %d MiB", t.DBFreeableMemoryMiB),
			metric: m("FreeableMemory", "Minimum"), evaluations: 3, comparison: below, threshold: float64(t.DBFreeableMemoryMiB) * mib},
		alarmSpec{suffix: AlarmDBLocalStorage, description: fmt.Sprintf("Aurora free local storage below %d MiB", t.DBFreeLocalStorageMiB),
			metric: m("FreeLocalStorage", "Minimum"), comparison: below, threshold: float64(t.DBFreeLocalStorageMiB) * mib},
		alarmSpec{suffix: AlarmDBReplicaLag, description: fmt.Sprintf("Aurora replica lag above %d ms", t.DBReplicaLagMs),
			metric: m("AuroraReplicaLagMaximum", "Maximum"), evaluations: 3, comparison: above, threshold: float64(t.DBReplicaLagMs)},
		alarmSpec{suffix: AlarmDBConnections, description: fmt.Sprintf("Aurora connections above %d", t.DBMaxConnections),
			metric: m("DatabaseConnections", "Maximum"), evaluations: 2, comparison: above, threshold: float64(t.DBMaxConnections)},
	)
}

// cacheMax is an alarm on the maximum of a metric over every member
// cluster of the replication group (ElastiCache publishes per node under
// CacheClusterId "<group>-00N").
func (b *builder) cacheMax(name, stat string) ([]query, string) {
	c := b.w.Cache
	var qs []query
	expr := "MAX(["
	for i := 1; i <= c.Nodes; i++ {
		id := fmt.Sprintf("n%d", i)
		qs = append(qs, query{id: id, metric: metric{namespace: "AWS/ElastiCache", name: name, stat: stat,
			dims: pulumi.StringMap{"CacheClusterId": pulumi.Sprintf("%s-%03d", c.ReplicationGroupId, i)}}})
		if i > 1 {
			expr += ", "
		}
		expr += id
	}
	return qs, expr + "])"
}

func (b *builder) cacheAlarms() error {
	if b.w.Cache == nil {
		return nil
	}
	t := b.s.Thresholds
	spec := func(suffix, desc, name, stat string, evaluations int, threshold float64) alarmSpec {
		qs, expr := b.cacheMax(name, stat)
		return alarmSpec{suffix: suffix, description: desc, expression: expr, queries: qs,
			evaluations: evaluations, comparison: above, threshold: threshold}
	}
	return b.alarmsOf(
		spec(AlarmCacheCPU, fmt.Sprintf("Cache engine CPU above %d%%", t.CacheCPUPercent), "EngineCPUUtilization", "Average", 3, float64(t.CacheCPUPercent)),
		spec(AlarmCacheMemory, fmt.Sprintf("Cache memory use above %d%%", t.CacheMemoryPercent), "DatabaseMemoryUsagePercentage", "Average", 3, float64(t.CacheMemoryPercent)),
		spec(AlarmCacheEvictions, fmt.Sprintf("Cache evictions above %d per 5 minutes", *t.CacheEvictions), "Evictions", "Sum", 1, float64(*t.CacheEvictions)),
		spec(AlarmCacheReplication, fmt.Sprintf("Cache replication lag above %d s", t.CacheReplicationLagSeconds), "ReplicationLag", "Maximum", 3, float64(t.CacheReplicationLagSeconds)),
	)
}

// edgeAlarms are the us-east-1 alarms on CloudFront and WAF metrics.
func (b *builder) edgeAlarms() error {
	t := b.s.Thresholds
	if c := b.w.CDN; c != nil {
		if err := b.alarm(alarmSpec{
			suffix: AlarmCDN5xx, edge: true, description: fmt.Sprintf("CloudFront 5xx error rate above %d%%", t.CDN5xxPercent),
			// CloudFront metrics carry Region=Global and live in us-east-1.
			metric:      metric{namespace: "AWS/CloudFront", name: "5xxErrorRate", stat: "Average", dims: pulumi.StringMap{"DistributionId": c.DistributionId, "Region": pulumi.String("Global")}},
			evaluations: 2, comparison: above, threshold: float64(t.CDN5xxPercent),
		}); err != nil {
			return err
		}
	}
	if w := b.w.WAF; w != nil {
		return b.alarm(alarmSpec{
			suffix: AlarmWAFBlocked, edge: true, description: fmt.Sprintf("WAF blocked more than %d requests in 5 minutes", *t.WAFBlockedPerFiveMinutes),
			// Rule=ALL aggregates every rule. CloudFront-scope web ACLs
			// publish without the Region dimension (required only for
			// regional resources).
			metric:     metric{namespace: "AWS/WAFV2", name: "BlockedRequests", stat: "Sum", dims: pulumi.StringMap{"WebACL": w.WebACLName, "Rule": pulumi.String("ALL")}},
			comparison: above, threshold: float64(*t.WAFBlockedPerFiveMinutes),
		})
	}
	return nil
}
