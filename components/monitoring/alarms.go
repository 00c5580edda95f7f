package monitoring

import (
	"fmt"
	"strings"

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
	// Added for issue 16.
	AlarmTargetLatencyPrefix = "target-latency-p99-"
	AlarmTrafficDrop         = "alb-traffic-drop"
	AlarmAPI5xx              = "api-5xx-rate"
	AlarmAPILatencyP99       = "api-latency-p99"
	AlarmAPIThrottled        = "api-throttled"
	AlarmCDNOriginLatency    = "cdn-origin-latency-p99"
	AlarmWAFRateLimited      = "waf-rate-limited"
	AlarmRegionalWAFPrefix   = "regional-"
	AlarmDBVolume            = "db-volume-used"
	AlarmNATPortsPrefix      = "nat-port-allocation-"
	AlarmNATDropsPrefix      = "nat-packets-dropped-"
	AlarmS3ReplicationLag    = "s3-replication-latency"
	AlarmS3ReplicationFailed = "s3-replication-failed"
)

// Comparison operators.
const (
	above = "GreaterThanThreshold"
	below = "LessThanThreshold"
)

const (
	mib = 1024 * 1024
	gib = 1024 * mib
)

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
	// class overrides the class MetricClasses gives the alarm's metrics.
	class Class
	// silent alarms notify nobody: they only feed a composite alarm (the
	// windows of an SLO burn rate).
	silent bool
}

// alarm is a created alarm.
type alarm struct {
	name string
	spec alarmSpec
	info AlarmInfo
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
	tier, class, err := classify(s)
	if err != nil {
		return err
	}
	n := b.physical(s.suffix)
	actions := pulumi.Array{r.topic}
	if s.silent {
		actions = pulumi.Array{}
	}
	a := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(n),
		AlarmDescription:   pulumi.String(s.description),
		ComparisonOperator: pulumi.String(s.comparison),
		Threshold:          pulumi.Float64(s.threshold),
		EvaluationPeriods:  pulumi.Int(s.evaluations),
		DatapointsToAlarm:  pulumi.Int(s.evaluations),
		TreatMissingData:   pulumi.String(s.missing),
		AlarmActions:       actions,
		OkActions:          actions,
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
	b.alarms = append(b.alarms, &alarm{name: n, spec: s, res: res,
		info: AlarmInfo{Name: n, Tier: tier, Class: class, Region: r.env.Region, Notifies: !s.silent}})
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
	if floor := *t.TrafficFloorPerFiveMinutes; floor > 0 {
		specs = append(specs, alarmSpec{
			suffix:      AlarmTrafficDrop,
			description: fmt.Sprintf("ALB traffic dropped below %d requests per 5 minutes", floor),
			metric:      metric{namespace: "AWS/ApplicationELB", name: "RequestCount", stat: "Sum", dims: pulumi.StringMap{"LoadBalancer": l.ArnSuffix}},
			// RequestCount has no data points without requests: missing
			// data is the outage itself.
			evaluations: 3, comparison: below, threshold: float64(floor), missing: "breaching",
		})
	}
	for _, key := range sortedKeys(l.TargetGroups) {
		dims := pulumi.StringMap{"LoadBalancer": l.ArnSuffix, "TargetGroup": l.TargetGroups[key]}
		specs = append(specs, alarmSpec{
			suffix:      AlarmUnhealthyPrefix + key,
			description: fmt.Sprintf("Unhealthy targets in target group %s", key),
			metric:      metric{namespace: "AWS/ApplicationELB", name: "UnHealthyHostCount", stat: "Maximum", dims: dims},
			period:      60, evaluations: 3, comparison: above, threshold: 0,
		}, alarmSpec{
			suffix:      AlarmTargetLatencyPrefix + key,
			description: fmt.Sprintf("p99 response time of target group %s above %d ms", key, t.LatencyP99Ms),
			metric:      metric{namespace: "AWS/ApplicationELB", name: "TargetResponseTime", stat: "p99", dims: dims},
			evaluations: 3, comparison: above, threshold: float64(t.LatencyP99Ms) / 1000,
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
		// The cluster volume, published with DBClusterIdentifier every
		// few minutes; hourly is enough for growth.
		alarmSpec{suffix: AlarmDBVolume, description: fmt.Sprintf("Aurora cluster volume above %d GiB", t.DBVolumeUsedGiB),
			metric: m("VolumeBytesUsed", "Maximum"), period: 3600, comparison: above, threshold: float64(t.DBVolumeUsedGiB) * gib},
	)
}

// cacheMax is the maximum of a metric over the member clusters of one
// shard (ElastiCache publishes per node under CacheClusterId: "<group>-00N",
// or "<group>-<shard:04d>-00N" in cluster mode).
func (b *builder) cacheMax(shard int, name, stat string) ([]query, string) {
	c := b.w.Cache
	var qs []query
	ids := make([]string, 0, c.Nodes)
	for i := 1; i <= c.Nodes; i++ {
		id := fmt.Sprintf("n%d", i)
		node := cacheNode(c, shard, i)
		qs = append(qs, query{id: id, metric: metric{namespace: "AWS/ElastiCache", name: name, stat: stat,
			dims: pulumi.StringMap{"CacheClusterId": node}}})
		ids = append(ids, id)
	}
	return qs, "MAX([" + strings.Join(ids, ", ") + "])"
}

// cacheNode is the CacheClusterId of node n of a shard.
func cacheNode(c *CacheTarget, shard, n int) pulumi.StringOutput {
	if c.Shards > 1 {
		return pulumi.Sprintf("%s-%04d-%03d", c.ReplicationGroupId, shard, n)
	}
	return pulumi.Sprintf("%s-%03d", c.ReplicationGroupId, n)
}

// cacheAlarms are the engine CPU, memory, eviction and replication lag
// alarms: once for the group, or once per shard in cluster mode (a
// metric-math alarm reads at most 10 metrics, so one alarm cannot cover
// every node of a sharded group).
func (b *builder) cacheAlarms() error {
	c := b.w.Cache
	if c == nil {
		return nil
	}
	t := b.s.Thresholds
	for shard := 1; shard <= c.Shards; shard++ {
		suffix, of := "", ""
		if c.Shards > 1 {
			suffix, of = fmt.Sprintf("-shard-%04d", shard), fmt.Sprintf(" (shard %d)", shard)
		}
		spec := func(name, desc, metricName, stat string, evaluations int, threshold float64) alarmSpec {
			qs, expr := b.cacheMax(shard, metricName, stat)
			return alarmSpec{suffix: name + suffix, description: desc + of, expression: expr, queries: qs,
				evaluations: evaluations, comparison: above, threshold: threshold}
		}
		if err := b.alarmsOf(
			spec(AlarmCacheCPU, fmt.Sprintf("Cache engine CPU above %d%%", t.CacheCPUPercent), "EngineCPUUtilization", "Average", 3, float64(t.CacheCPUPercent)),
			spec(AlarmCacheMemory, fmt.Sprintf("Cache memory use above %d%%", t.CacheMemoryPercent), "DatabaseMemoryUsagePercentage", "Average", 3, float64(t.CacheMemoryPercent)),
			spec(AlarmCacheEvictions, fmt.Sprintf("Cache evictions above %d per 5 minutes", *t.CacheEvictions), "Evictions", "Sum", 1, float64(*t.CacheEvictions)),
			spec(AlarmCacheReplication, fmt.Sprintf("Cache replication lag above %d s", t.CacheReplicationLagSeconds), "ReplicationLag", "Maximum", 3, float64(t.CacheReplicationLagSeconds)),
		); err != nil {
			return err
		}
	}
	return nil
}
