package tests

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Catches: the latency threshold given in milliseconds to a metric in
// seconds (200 instead of 0.2 never fires), a plain statistic instead of
// p99, a custom threshold ignored.
func TestMonitoringLatencyThresholdInSeconds(t *testing.T) {
	for _, c := range []struct {
		ms   int
		want float64
	}{{0, 0.2}, {350, 0.35}} {
		g := monAll(t, func(a *monitoring.MonitoringArgs) { a.Thresholds.LatencyP99Ms = c.ms })
		a := monAlarm(t, g, monitoring.AlarmLatencyP99)
		assert.InDelta(t, c.want, a.Input("threshold"), 1e-9, "LatencyP99Ms=%d", c.ms)
		assert.Equal(t, "p99", a.Str("extendedStatistic"))
		assert.Equal(t, "TargetResponseTime", a.Str("metricName"))
		assert.Equal(t, "app/shop-alb/50dc6c495c0c9188", a.Str("dimensions.LoadBalancer"))
	}
}

// Catches: burn-rate thresholds not derived from the availability target
// (or in percent instead of a ratio), wrong windows (the SRE workbook's
// 1h/5m at 14.4x and 6h/30m at 6x), a burn rate alerting on one window
// alone (the composite must AND both), the ratio computed without the load
// balancer's own 5xx or without FILL (no data while there are no errors).
func TestMonitoringSLOBurnRateAlarms(t *testing.T) {
	for _, target := range []float64{0, 99.5} {
		g := monAll(t, func(a *monitoring.MonitoringArgs) { a.AvailabilityTarget = target })
		eff := target
		if eff == 0 {
			eff = 99.9
		}
		for _, c := range []struct {
			suffix      string
			burn        float64
			long, short float64
		}{{monitoring.AlarmSLOFastBurn, 14.4, 3600, 300}, {monitoring.AlarmSLOSlowBurn, 6, 21600, 1800}} {
			composite := g.Named(monTComposite, monName+"-"+c.suffix)
			require.NotNil(t, composite, c.suffix)
			var names []string
			for _, w := range []struct {
				suffix string
				period float64
			}{{c.suffix + "-" + monWindow(c.long), c.long}, {c.suffix + "-" + monWindow(c.short), c.short}} {
				a := monAlarm(t, g, w.suffix)
				names = append(names, a.Str("name"))
				assert.InDelta(t, c.burn*(1-eff/100), a.Input("threshold"), 1e-9, "%s at %g%%", w.suffix, eff)
				assert.Equal(t, "GreaterThanThreshold", a.Str("comparisonOperator"))
				monCheckErrorRatio(t, a, w.period)
			}
			assert.Equal(t, fmt.Sprintf("ALARM(%q) AND ALARM(%q)", names[0], names[1]), composite.Str("alarmRule"), "%s fires only when both windows burn", c.suffix)
		}
	}
	// The exact figures of the Google SRE workbook at 99.9%.
	assert.InDelta(t, 0.0144, monitoring.BurnThreshold(14.4, 99.9), 1e-12)
	assert.InDelta(t, 0.006, monitoring.BurnThreshold(6, 99.9), 1e-12)
}

// monWindow prints a window in seconds as the alarm suffixes do.
func monWindow(seconds float64) string {
	if int(seconds)%3600 == 0 {
		return fmt.Sprintf("%dh", int(seconds)/3600)
	}
	return fmt.Sprintf("%dm", int(seconds)/60)
}

// monCheckErrorRatio checks a burn-rate window computes the ALB 5xx ratio
// over the period.
func monCheckErrorRatio(t *testing.T, a *mockgraph.Resource, period float64) {
	t.Helper()
	var expr string
	metrics := map[string]bool{}
	for _, q := range a.List("metricQueries") {
		m := edgeObj(t, q)
		if e, ok := m["expression"].(string); ok && e != "" {
			expr = e
			assert.Equal(t, true, m["returnData"])
			continue
		}
		mm := edgeObj(t, m["metric"])
		assert.Equal(t, period, mm["period"], "%s window", a.Name)
		assert.Equal(t, "Sum", mm["stat"])
		metrics[mm["metricName"].(string)] = true
	}
	assert.Equal(t, map[string]bool{"HTTPCode_Target_5XX_Count": true, "HTTPCode_ELB_5XX_Count": true, "RequestCount": true}, metrics)
	assert.Contains(t, expr, "FILL(t5xx, 0)")
	assert.Contains(t, expr, "FILL(e5xx, 0)")
	assert.Contains(t, expr, "/ req")
}

// Catches: wrong namespaces or dimensions (an alarm on a metric that does
// not exist stays in OK/INSUFFICIENT_DATA forever), MiB thresholds passed
// as bytes, cache alarms on the replication group id (no such dimension
// for these metrics), a Region dimension on CloudFront-scope WAF metrics.
func TestMonitoringAlarmMetricsAndDimensions(t *testing.T) {
	g := monAll(t, nil)
	single := []struct {
		suffix, namespace, metric string
		dims                      map[string]any
		threshold                 float64
	}{
		{monitoring.AlarmDBCPU, "AWS/RDS", "CPUUtilization", map[string]any{"DBClusterIdentifier": "shop-test-db"}, 80},
		{monitoring.AlarmDBMemory, "AWS/RDS", "FreeableMemory", map[string]any{"DBClusterIdentifier": "shop-test-db"}, 256 * 1024 * 1024},
		{monitoring.AlarmDBLocalStorage, "AWS/RDS", "FreeLocalStorage", map[string]any{"DBClusterIdentifier": "shop-test-db"}, 1024 * 1024 * 1024},
		{monitoring.AlarmDBReplicaLag, "AWS/RDS", "AuroraReplicaLagMaximum", map[string]any{"DBClusterIdentifier": "shop-test-db"}, 1000},
		{monitoring.AlarmDBConnections, "AWS/RDS", "DatabaseConnections", map[string]any{"DBClusterIdentifier": "shop-test-db"}, 500},
		{monitoring.AlarmCDN5xx, "AWS/CloudFront", "5xxErrorRate", map[string]any{"DistributionId": "E2EXAMPLE", "Region": "Global"}, 5},
		{monitoring.AlarmWAFBlocked, "AWS/WAFV2", "BlockedRequests", map[string]any{"WebACL": "shop-test-waf", "Rule": "ALL"}, 1000},
		{monitoring.AlarmUnhealthyPrefix + "app", "AWS/ApplicationELB", "UnHealthyHostCount", map[string]any{"LoadBalancer": "app/shop-alb/50dc6c495c0c9188", "TargetGroup": "targetgroup/shop-app/943f017f100becff"}, 0},
		{monitoring.AlarmNodeCPU, "ContainerInsights", "node_cpu_utilization", map[string]any{"ClusterName": monCluster}, 80},
		{monitoring.AlarmFailedNodes, "ContainerInsights", "cluster_failed_node_count", map[string]any{"ClusterName": monCluster}, 0},
	}
	for _, c := range single {
		a := monAlarm(t, g, c.suffix)
		assert.Equal(t, c.namespace, a.Str("namespace"), c.suffix)
		assert.Equal(t, c.metric, a.Str("metricName"), c.suffix)
		assert.Equal(t, c.dims, a.Map("dimensions"), c.suffix)
		assert.InDelta(t, c.threshold, a.Input("threshold"), 1e-6, c.suffix)
	}
	for _, s := range []string{monitoring.AlarmDBMemory, monitoring.AlarmDBLocalStorage} {
		assert.Equal(t, "LessThanThreshold", monAlarm(t, g, s).Str("comparisonOperator"), "%s alarms when it runs low", s)
	}
	assert.Equal(t, "breaching", monAlarm(t, g, monitoring.AlarmFailedNodes).Str("treatMissingData"), "no Container Insights data means the agent or cluster is broken")

	for _, c := range []struct {
		suffix, metric string
		threshold      float64
	}{
		{monitoring.AlarmCacheCPU, "EngineCPUUtilization", 80},
		{monitoring.AlarmCacheMemory, "DatabaseMemoryUsagePercentage", 85},
		{monitoring.AlarmCacheEvictions, "Evictions", 100},
		{monitoring.AlarmCacheReplication, "ReplicationLag", 5},
	} {
		a := monAlarm(t, g, c.suffix)
		assert.InDelta(t, c.threshold, a.Input("threshold"), 1e-9, c.suffix)
		var nodes []any
		for _, q := range a.List("metricQueries") {
			m := edgeObj(t, q)
			if e, _ := m["expression"].(string); e != "" {
				assert.Equal(t, "MAX([n1, n2, n3])", e, "%s covers every node", c.suffix)
				continue
			}
			mm := edgeObj(t, m["metric"])
			assert.Equal(t, "AWS/ElastiCache", mm["namespace"])
			assert.Equal(t, c.metric, mm["metricName"])
			nodes = append(nodes, edgeObj(t, mm["dimensions"])["CacheClusterId"])
		}
		assert.Equal(t, []any{monCacheGroup + "-001", monCacheGroup + "-002", monCacheGroup + "-003"}, nodes, c.suffix)
	}
}

// Catches: thresholds not following Thresholds (a field wired to the
// wrong alarm or ignored).
func TestMonitoringCustomThresholds(t *testing.T) {
	g := monAll(t, func(a *monitoring.MonitoringArgs) {
		a.Thresholds = monitoring.Thresholds{ALB5xxPercent: 2, DBCPUPercent: 70, DBFreeableMemoryMiB: 512, DBReplicaLagMs: 300,
			DBMaxConnections: 900, CacheCPUPercent: 60, CacheMemoryPercent: 70, CacheEvictions: defaults.Of(10), CacheReplicationLagSeconds: 2,
			CDN5xxPercent: 3, WAFBlockedPerFiveMinutes: defaults.Of(50), NodeCPUPercent: 65, DBFreeLocalStorageMiB: 2048}
	})
	for suffix, want := range map[string]float64{
		monitoring.AlarmALB5xx: 2, monitoring.AlarmDBCPU: 70, monitoring.AlarmDBMemory: 512 * 1024 * 1024,
		monitoring.AlarmDBLocalStorage: 2048 * 1024 * 1024, monitoring.AlarmDBReplicaLag: 300, monitoring.AlarmDBConnections: 900,
		monitoring.AlarmCacheCPU: 60, monitoring.AlarmCacheMemory: 70, monitoring.AlarmCacheEvictions: 10,
		monitoring.AlarmCacheReplication: 2, monitoring.AlarmCDN5xx: 3, monitoring.AlarmWAFBlocked: 50, monitoring.AlarmNodeCPU: 65,
	} {
		assert.InDelta(t, want, monAlarm(t, g, suffix).Input("threshold"), 1e-6, suffix)
	}
}

// Catches: a dashboard missing a signal, edge widgets pointing at the
// home region (empty graphs), a body that is not valid JSON.
func TestMonitoringDashboardCoversEveryAlarmInItsRegion(t *testing.T) {
	g := monAll(t, nil)
	d := edgeOne(t, g, monTDashboard)
	assert.Equal(t, monName, d.Str("dashboardName"))
	var body monitoring.DashboardBody
	require.NoError(t, json.Unmarshal([]byte(d.Str("dashboardBody")), &body))
	graphs := map[string]string{}
	statusRegions := map[string]int{}
	for _, w := range body.Widgets {
		switch w.Type {
		case "metric":
			if an := w.Properties.Annotations; an != nil && len(an.Alarms) > 0 {
				graphs[an.Alarms[0]] = w.Properties.Region
			}
		case "alarm":
			statusRegions[w.Properties.Region] = len(w.Properties.Alarms)
		}
	}
	alarms := g.ByType(monTAlarm)
	for _, a := range alarms {
		region := "eu-west-1"
		if edgeProviderRegion(g, a) == "us-east-1" {
			region = "us-east-1"
		}
		got, ok := graphs[a.Output("arn").(string)]
		if assert.True(t, ok, "no widget for %s", a.Name) {
			assert.Equal(t, region, got, "%s widget region", a.Name)
		}
	}
	assert.Equal(t, map[string]int{"eu-west-1": len(alarms) - 3, "us-east-1": 3}, statusRegions)
}

// Catches: alarms created without their target being set (targets must be
// optional), an edge topic without edge targets.
func TestMonitoringWithoutTargetsOnlyAlerting(t *testing.T) {
	g := monRun(t, noTargets)
	var types []string
	for _, r := range customResources(g) {
		types = append(types, r.Type)
	}
	assert.ElementsMatch(t, []string{tKmsKey, "aws:kms/alias:Alias", monTTopic, monTTopicPolicy, monTDashboard}, types)
	_, edge := monTopics(t, g)
	assert.Nil(t, edge)

	// Each target alone adds only its own alarms.
	for name, c := range map[string]struct {
		edit func(a, all *monitoring.MonitoringArgs)
		want int
	}{
		"database": {func(a, all *monitoring.MonitoringArgs) { a.Database = all.Database }, 6},
		"cache":    {func(a, all *monitoring.MonitoringArgs) { a.Cache = all.Cache }, 4},
		"lb":       {func(a, all *monitoring.MonitoringArgs) { a.LoadBalancer = all.LoadBalancer }, 9},
		"cdn":      {func(a, all *monitoring.MonitoringArgs) { a.CDN, a.EdgeProvider = all.CDN, all.EdgeProvider }, 2},
	} {
		g := monAll(t, func(a *monitoring.MonitoringArgs) {
			all := *a
			*a = monitoring.MonitoringArgs{Settings: monitoring.Settings{Tags: unitTags}}
			c.edit(a, &all)
		})
		assert.Len(t, g.ByType(monTAlarm), c.want, name)
		assert.Empty(t, g.ByType(monTAddon), name)
		assert.Empty(t, g.ByType(tLogGroup), name)
	}
}

// noTargets monitors nothing.
func noTargets(*aws.Provider) monitoring.MonitoringArgs {
	return monitoring.MonitoringArgs{Settings: monitoring.Settings{Tags: unitTags}}
}

// monAlarmNames lists the CloudWatch names of the metric alarms in g.
func monAlarmNames(g *mockgraph.Graph) []string {
	var out []string
	for _, a := range g.ByType(monTAlarm) {
		out = append(out, fmt.Sprint(a.Str("name")))
	}
	return out
}
