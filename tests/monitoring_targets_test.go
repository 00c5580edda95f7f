package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// monMoreTargets adds the issue-16 targets to every-target args.
func monMoreTargets(a *monitoring.MonitoringArgs) {
	a.API = &monitoring.APITarget{ApiId: pulumi.String("a1b2c3"), Stage: pulumi.String("$default"), AccessLogGroupName: pulumi.String("/aws/apigateway/shop")}
	a.NAT = &monitoring.NATTarget{GatewayIds: []pulumi.StringInput{pulumi.String("nat-1"), pulumi.String("nat-2")}}
	a.Replication = &monitoring.ReplicationTarget{SourceBucket: pulumi.String("shop-files"), DestinationBucket: pulumi.String("shop-files-dr"), RuleId: pulumi.String("files-to-dr")}
	a.WAF.RateLimitRule = pulumi.String("shop-test-waf-rate-per-ip")
	a.RegionalWAF = &monitoring.WAFTarget{WebACLName: pulumi.String("shop-users-waf")}
}

// Catches: alarms on metrics that do not exist (HTTP API metric names are
// 5xx/Latency/Count, not 5XXError; the NAT, S3 and CloudFront metrics and
// their dimensions), thresholds in the wrong unit (GiB, milliseconds vs
// seconds), a traffic-drop alarm that stays quiet when requests stop (no
// data must breach), and edge alarms outside us-east-1.
func TestMonitoringIssue16AlarmMetrics(t *testing.T) {
	g := monAll(t, monMoreTargets)
	api := map[string]any{"ApiId": "a1b2c3", "Stage": "$default"}
	for _, c := range []struct {
		suffix, namespace, metric, stat string
		dims                            map[string]any
		threshold                       float64
	}{
		{monitoring.AlarmAPILatencyP99, "AWS/ApiGateway", "Latency", "p99", api, 500},
		{monitoring.AlarmAPIThrottled, monitoring.APIThrottleNamespace, monitoring.APIThrottleMetric, "Sum", api, 50},
		{monitoring.AlarmCDNOriginLatency, "AWS/CloudFront", "OriginLatency", "p99", map[string]any{"DistributionId": "E2EXAMPLE", "Region": "Global"}, 500},
		{monitoring.AlarmTrafficDrop, "AWS/ApplicationELB", "RequestCount", "Sum", map[string]any{"LoadBalancer": "app/shop-alb/50dc6c495c0c9188"}, 10},
		{monitoring.AlarmTargetLatencyPrefix + "app", "AWS/ApplicationELB", "TargetResponseTime", "p99", map[string]any{"LoadBalancer": "app/shop-alb/50dc6c495c0c9188", "TargetGroup": "targetgroup/shop-app/943f017f100becff"}, 0.2},
		{monitoring.AlarmDBVolume, "AWS/RDS", "VolumeBytesUsed", "Maximum", map[string]any{"DBClusterIdentifier": "shop-test-db"}, 1024 * 1024 * 1024 * 1024},
		{monitoring.AlarmNATPortsPrefix + "2", "AWS/NATGateway", "ErrorPortAllocation", "Sum", map[string]any{"NatGatewayId": "nat-2"}, 0},
		{monitoring.AlarmNATDropsPrefix + "1", "AWS/NATGateway", "PacketsDropCount", "Sum", map[string]any{"NatGatewayId": "nat-1"}, 100},
		{monitoring.AlarmS3ReplicationLag, "AWS/S3", "ReplicationLatency", "Maximum", map[string]any{"SourceBucket": "shop-files", "DestinationBucket": "shop-files-dr", "RuleId": "files-to-dr"}, 900},
		{monitoring.AlarmS3ReplicationFailed, "AWS/S3", "OperationsFailedReplication", "Sum", map[string]any{"SourceBucket": "shop-files", "DestinationBucket": "shop-files-dr", "RuleId": "files-to-dr"}, 0},
		{monitoring.AlarmWAFRateLimited, "AWS/WAFV2", "BlockedRequests", "Sum", map[string]any{"WebACL": "shop-test-waf", "Rule": "shop-test-waf-rate-per-ip"}, 0},
		{monitoring.AlarmRegionalWAFPrefix + monitoring.AlarmWAFBlocked, "AWS/WAFV2", "BlockedRequests", "Sum", map[string]any{"WebACL": "shop-users-waf", "Rule": "ALL", "Region": "eu-west-1"}, 1000},
	} {
		a := monAlarm(t, g, c.suffix)
		assert.Equal(t, c.namespace, a.Str("namespace"), c.suffix)
		assert.Equal(t, c.metric, a.Str("metricName"), c.suffix)
		assert.Equal(t, c.dims, a.Map("dimensions"), c.suffix)
		stat := a.Str("statistic")
		if stat == "" {
			stat = a.Str("extendedStatistic")
		}
		assert.Equal(t, c.stat, stat, c.suffix)
		assert.InDelta(t, c.threshold, a.Input("threshold"), 1e-6, c.suffix)
	}
	drop := monAlarm(t, g, monitoring.AlarmTrafficDrop)
	assert.Equal(t, "LessThanThreshold", drop.Str("comparisonOperator"))
	assert.Equal(t, "breaching", drop.Str("treatMissingData"), "no requests means no data points: that is the outage")
	for _, s := range []string{monitoring.AlarmCDNOriginLatency, monitoring.AlarmWAFRateLimited} {
		assert.Equal(t, "us-east-1", edgeProviderRegion(g, monAlarm(t, g, s)), s)
	}
	assert.Equal(t, "", edgeProviderRegion(g, monAlarm(t, g, monitoring.AlarmRegionalWAFPrefix+monitoring.AlarmWAFBlocked)), "a REGIONAL web ACL's metrics are in its region")

	e5 := monAlarm(t, g, monitoring.AlarmAPI5xx)
	got := map[string]bool{}
	for _, q := range e5.List("metricQueries") {
		if mm, ok := edgeObj(t, q)["metric"].(map[string]any); ok {
			got[mm["namespace"].(string)+":"+mm["metricName"].(string)] = true
			assert.Equal(t, api, mm["dimensions"])
		}
	}
	assert.Equal(t, map[string]bool{"AWS/ApiGateway:5xx": true, "AWS/ApiGateway:Count": true}, got)

	f := edgeOne(t, g, monTMetricFilter)
	assert.Equal(t, "/aws/apigateway/shop", f.Str("logGroupName"))
	assert.Equal(t, `{ $.status = "429" }`, f.Str("pattern"))
	assert.Equal(t, map[string]any{"ApiId": "$.apiId", "Stage": "$.stage"}, f.Map("metricTransformation.dimensions"), "the alarm's dimensions come from these fields")

	off := monAll(t, func(a *monitoring.MonitoringArgs) { a.Thresholds.TrafficFloorPerFiveMinutes = defaults.Of(0) })
	assert.Nil(t, off.Named(monTAlarm, monName+"-"+monitoring.AlarmTrafficDrop), "0 turns the traffic drop alarm off")
}

// Catches: cluster-mode caches watched on node ids that do not exist
// ("<group>-001" instead of "<group>-0001-001"), a shard left out, one
// alarm reading more than the 10 metrics CloudWatch allows.
func TestMonitoringCacheClusterModePerShard(t *testing.T) {
	g := monAll(t, func(a *monitoring.MonitoringArgs) { a.Cache.Shards = 3 })
	assert.Nil(t, g.Named(monTAlarm, monName+"-"+monitoring.AlarmCacheCPU), "no group-wide alarm in cluster mode")
	for shard, prefix := range map[string]string{"0001": "-0001-", "0003": "-0003-"} {
		a := monAlarm(t, g, monitoring.AlarmCacheCPU+"-shard-"+shard)
		var nodes []any
		for _, q := range a.List("metricQueries") {
			if mm, ok := edgeObj(t, q)["metric"].(map[string]any); ok {
				nodes = append(nodes, edgeObj(t, mm["dimensions"])["CacheClusterId"])
			}
		}
		assert.Equal(t, []any{monCacheGroup + prefix + "001", monCacheGroup + prefix + "002", monCacheGroup + prefix + "003"}, nodes)
	}
	assert.Len(t, g.Filter(func(r *mockgraph.Resource) bool {
		return r.Type == monTAlarm && r.Input("metricQueries") != nil && len(r.List("metricQueries")) > 11
	}), 0,
		"a metric-math alarm reads at most 10 metrics")
}

// Catches: a dashboard without the scaling and performance graphs
// (requests, error rate, p50/p99 per service at the ALB and at the edge,
// pods against the HPA bounds, nodes against the autoscaler bounds,
// database and cache load), edge graphs outside us-east-1.
func TestMonitoringDashboardScalingAndPerformance(t *testing.T) {
	g := monAll(t, func(a *monitoring.MonitoringArgs) {
		monMoreTargets(a)
		a.Cluster.Services = []monitoring.ServiceScale{{Name: "app", Namespace: "shop", TargetGroup: "app", MinReplicas: 3, MaxReplicas: 12}}
		a.Cluster.NodeMin, a.Cluster.NodeMax = 3, 6
	})
	var body monitoring.DashboardBody
	require.NoError(t, json.Unmarshal([]byte(edgeOne(t, g, monTDashboard).Str("dashboardBody")), &body))
	graphs := map[string]monitoring.WidgetProperties{}
	for _, w := range body.Widgets {
		if w.Type == "metric" && len(w.Properties.Metrics) > 0 {
			graphs[w.Properties.Title] = w.Properties
		}
	}
	for _, title := range []string{"app: requests and 5xx %", "app: p50 / p99 at the ALB (s)", "app: running pods vs HPA bounds",
		"EKS nodes vs autoscaler bounds", "Edge (CloudFront): origin latency p50 / p99 (ms)", "Edge (CloudFront): requests and 5xx %",
		"API Gateway: latency p50 / p99 (ms)", "API Gateway: requests, 5xx and 429", "Database load: CPU % and connections", "Cache load: engine CPU % per node"} {
		assert.Contains(t, graphs, title)
	}
	pods := graphs["app: running pods vs HPA bounds"]
	require.NotNil(t, pods.Annotations)
	assert.Equal(t, []monitoring.Horizontal{{Label: "HPA min", Value: 3}, {Label: "HPA max", Value: 12}}, pods.Annotations.Horizontal)
	assert.Equal(t, []any{"ContainerInsights", "namespace_number_of_running_pods", "ClusterName", monCluster, "Namespace", "shop", map[string]any{"label": "running pods", "stat": "Average"}}, pods.Metrics[0])
	assert.Equal(t, []monitoring.Horizontal{{Label: "min", Value: 3}, {Label: "max", Value: 6}}, graphs["EKS nodes vs autoscaler bounds"].Annotations.Horizontal)
	alb := graphs["app: p50 / p99 at the ALB (s)"]
	assert.Equal(t, "targetgroup/shop-app/943f017f100becff", alb.Metrics[1][5], "per service: its target group")
	assert.Equal(t, "p99", alb.Metrics[1][6].(map[string]any)["stat"])
	assert.Equal(t, "us-east-1", graphs["Edge (CloudFront): origin latency p50 / p99 (ms)"].Region)
	assert.Equal(t, "eu-west-1", graphs["API Gateway: latency p50 / p99 (ms)"].Region)
	assert.Len(t, graphs["Cache load: engine CPU % per node"].Metrics, 3, "every node")
}

// Catches: a metric class or tier table entry missing (NewMonitoring
// refuses an alarm on an unclassified metric, so an entry removed fails
// every test that builds it; this names the table instead).
func TestMonitoringClassTableIsComplete(t *testing.T) {
	for key := range monitoring.MetricClasses {
		ns := key[:strings.LastIndex(key, ":")]
		assert.Contains(t, monitoring.NamespaceTiers, ns, "%s: namespace without a tier", key)
	}
}
