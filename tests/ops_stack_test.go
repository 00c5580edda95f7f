package tests

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/plan"
)

// opsStackCases adds this file's cases to the shared tables (see cases).
func opsStackCases(c *testCases) {
	c.invalid = append(c.invalid, []invalidConfig{
		{"rpo the plan cannot meet", "staging", edits(set("rpoMinutes", "30")), []string{"webplatform:rpoMinutes: 30m cannot be met", "continuous: true"}},
		{"rto below a restore", "dev", edits(set("rtoMinutes", "20")), []string{"webplatform:rtoMinutes: 20m cannot be met", "at least 60"}},
		{"region rpo without copies", "staging", edits(set("regionRpoMinutes", "240"), set("regionRtoMinutes", "480"), set("s3Replicate", "true")), []string{"webplatform:regionRpoMinutes: a region-loss objective needs recovery points in eu-central-1: set copyToDr"}},
		{"region rpo below copy lag", "prod", edits(set("regionRpoMinutes", "30")), []string{"webplatform:regionRpoMinutes: 30m cannot be met", "Aurora global database"}},
		{"region rto below a regional restore", "prod", edits(set("regionRtoMinutes", "60")), []string{"webplatform:regionRtoMinutes: 1h cannot be met", "at least 240"}},
		{"prod without region objectives", "prod", edits(set("regionRpoMinutes", "0"), set("regionRtoMinutes", "0")), []string{"webplatform:regionRpoMinutes: prod must declare region-loss objectives"}},
		{"region objective half declared", "prod", edits(set("regionRtoMinutes", "0")), []string{"webplatform:regionRpoMinutes: and regionRtoMinutes go together"}},
		{"region objective without file replication", "prod", edits(set("s3Replicate", "false")), []string{"webplatform:s3Replicate: must be true with a region-loss objective"}},
		{"continuous retention beyond 35 days", "staging", edits(set("backupRules", `[{"name":"pitr","schedule":"cron(0 * * * ? *)","retentionDays":90,"continuous":true}]`)), []string{"webplatform:backupRules[pitr].retentionDays", "35"}},
		{"backup schedule not cron", "dev", edits(set("backupRules", `[{"name":"daily","schedule":"every day","retentionDays":7}]`)), []string{"webplatform:backupRules[daily].schedule"}},
		{"backup rule field misspelt", "dev", edits(set("backupRules", `[{"name":"daily","schedule":"cron(0 3 * * ? *)","retention":7}]`)), []string{"webplatform:backupRules: must be a list of rules", "unknown field"}},
		{"vault lock minimum above maximum", "prod", edits(set("backupVaultLock", `{"minRetentionDays":500,"maxRetentionDays":400}`)), []string{"webplatform:backupVaultLock.minRetentionDays"}},
		{"rule outside the vault lock", "prod", edits(set("backupVaultLock", `{"minRetentionDays":7,"maxRetentionDays":100}`)), []string{"webplatform:backupRules[monthly]", "100"}},
		{"alarm threshold out of range", "staging", edits(set("alarmThresholds", `{"dbCpuPercent":150}`)), []string{"webplatform:alarmThresholds.dbCpuPercent: must be between 1 and 100, got 150"}},
		{"alarm threshold unknown", "staging", edits(set("alarmThresholds", `{"latencyMs":150}`)), []string{"webplatform:alarmThresholds: must be an object of thresholds", "unknown field"}},
		{"availability target 100", "prod", edits(set("availabilityTarget", "100")), []string{"webplatform:availabilityTarget"}},
		{"availability target not a number", "dev", edits(set("availabilityTarget", "three nines")), []string{"webplatform:availabilityTarget: must be a percentage such as 99.9"}},
		{"alarm endpoint not https", "staging", edits(set("alarmHttpsEndpoints", `["http://hooks.example.com"]`)), []string{"webplatform:alarmHttpsEndpoints"}},
		{"ops log retention not a CloudWatch value", "dev", edits(set("opsLogRetentionDays", "10")), []string{"webplatform:opsLogRetentionDays"}},
		{"negative eviction threshold", "staging", edits(set("alarmThresholds", `{"cacheEvictions":-1}`)), []string{"webplatform:alarmThresholds.cacheEvictions: must be 0 (alarm on any) or more, got -1"}},
		{"trace sample ratio above 1", "prod", edits(set("traceSampleRatio", "1.5")), []string{"webplatform:traceSampleRatio: must be a ratio from 0 (no traces) to 1 (every trace), got 1.5"}},
		{"trace sample ratio not a number", "dev", edits(set("traceSampleRatio", "10%")), []string{"webplatform:traceSampleRatio: must be a ratio from 0 to 1 such as 0.1, got \"10%\""}},
		{"observability add-on version not a build", "dev", edits(set("observabilityAddonVersion", "latest")), []string{"webplatform:observabilityAddonVersion: \"latest\" is not an add-on version"}},
	}...)

	c.invariants = append(c.invariants,
		invariant{"the backup plan has exactly one selection", opsCheckBackupSelection},
		invariant{"prod copies recovery points to the DR region behind a vault lock", opsCheckProdBackup},
		invariant{"SLO burn-rate alarms follow the configured availability target", opsCheckSLO},
	)
}

// opsTopicRegions maps each SNS topic ARN to the region of its provider.
func opsTopicRegions(g *mockgraph.Graph) map[string]string {
	out := map[string]string{}
	for _, tp := range g.ByType(monTTopic) {
		out[tp.Output("arn").(string)] = opsRegion(g, tp)
	}
	return out
}

// opsRegion is the region a resource of a stack lands in.
func opsRegion(g *mockgraph.Graph, r *mockgraph.Resource) string {
	if region := edgeProviderRegion(g, r); region != "" {
		return region
	}
	return "eu-west-1" // every stack file's aws:region
}

func opsCheckBackupSelection(t *testing.T, _ string, g *mockgraph.Graph) {
	assert.Len(t, g.ByType(bkTSelection), 1)
}

func opsCheckProdBackup(t *testing.T, stack string, g *mockgraph.Graph) {
	vaults := g.ByType(bkTVault)
	locks := g.ByType(bkTLock)
	if stack != "prod" {
		assert.Len(t, vaults, 1, "%s: one vault, no DR copy", stack)
		return
	}
	require.Len(t, vaults, 2)
	regions := map[string]bool{}
	for _, v := range vaults {
		regions[opsRegion(g, v)] = true
	}
	assert.Equal(t, map[string]bool{"eu-west-1": true, "eu-central-1": true}, regions, "a vault in the region and one in drRegion")
	assert.Len(t, locks, 2, "both vaults locked")
	var copies int
	for _, r := range g.ByType(bkTPlan)[0].List("rules") {
		if c, ok := edgeObj(t, r)["copyActions"].([]any); ok {
			copies += len(c)
		}
	}
	assert.Positive(t, copies, "a rule copies to the DR vault")
}

func opsCheckSLO(t *testing.T, stack string, g *mockgraph.Graph) {
	target := 99.9
	if v := harness.LoadStack(t, stack).Config["webplatform:availabilityTarget"]; v != "" {
		require.Equal(t, "99.9", v, "update this test with the stack file")
	}
	for _, br := range []struct {
		suffix string
		rate   float64
	}{{monitoring.AlarmSLOFastBurn, 14.4}, {monitoring.AlarmSLOSlowBurn, 6}} {
		windows := g.Filter(func(r *mockgraph.Resource) bool {
			return r.Type == monTAlarm && strings.Contains(r.Name, br.suffix+"-")
		})
		require.Len(t, windows, 2, "%s: a long and a short window", br.suffix)
		for _, w := range windows {
			assert.InDelta(t, br.rate*(1-target/100), w.Input("threshold").(float64), 1e-9, w.Name)
		}
	}
}

func TestOpsTierMonitorsEveryOtherTier(t *testing.T) {
	g := harness.RunStack(t, "prod")
	mon := g.Filter(func(r *mockgraph.Resource) bool { return r.Type == monitoring.TypeToken })
	require.Len(t, mon, 1)
	dims := map[string]bool{}
	for _, a := range g.ByType(monTAlarm) {
		for k := range a.Map("dimensions") {
			dims[k] = true
		}
		for _, q := range a.List("metricQueries") {
			if mm, ok := edgeObj(t, q)["metric"].(map[string]any); ok {
				for k := range mm["dimensions"].(map[string]any) {
					dims[k] = true
				}
			}
		}
	}
	for _, d := range []string{"LoadBalancer", "TargetGroup", "DBClusterIdentifier", "CacheClusterId", "DistributionId", "WebACL", "ClusterName",
		"ApiId", "NatGatewayId", "SourceBucket"} {
		assert.True(t, dims[d], "no alarm on %s", d)
	}
	cluster := edgeOne(t, g, dataTCluster)
	var dbAlarm bool
	for _, a := range g.ByType(monTAlarm) {
		dbAlarm = dbAlarm || a.Str("dimensions.DBClusterIdentifier") == cluster.Output("clusterIdentifier")
	}
	assert.True(t, dbAlarm, "alarms watch the stack's own cluster")

	pods := g.Filter(func(r *mockgraph.Resource) bool {
		return r.Type == monTAlarm && strings.HasSuffix(r.Name, monitoring.AlarmPodsPrefix+"web")
	})
	require.Len(t, pods, 1, "pod health alarm for the web service")
	assert.Equal(t, "web", pods[0].Str("dimensions.Namespace"))
	assert.Equal(t, 3.0, pods[0].Input("threshold"), "the service's minimum replicas in Pulumi.prod.yaml")
	assert.Equal(t, "LessThanThreshold", pods[0].Str("comparisonOperator"))
	assert.Equal(t, "breaching", pods[0].Str("treatMissingData"), "no pod reporting is unhealthy")
	assert.Contains(t, g.Named(monTComposite, "webplatform-prod-monitoring-service-unhealthy").Str("alarmRule"), pods[0].Str("name"), "part of service unhealthy")

	trail := edgeOne(t, g, monTTrail)
	logs := g.Named(dataTBucket, "webplatform-prod-storage-logs")
	assert.Equal(t, logs.Output("bucket"), trail.Str("s3BucketName"), "CloudTrail writes to the log bucket")
	assert.Equal(t, "cloudtrail", trail.Str("s3KeyPrefix"), "under the prefix the bucket policy admits")
	assert.Len(t, g.ByType(monTDetector), 1)

	dep := edgeOne(t, g, "kubernetes:apps/v1:Deployment")
	var otel string
	for _, e := range dep.List("spec.template.spec.containers.0.env") {
		if m := edgeObj(t, e); m["name"] == "OTEL_EXPORTER_OTLP_ENDPOINT" {
			otel = m["value"].(string)
		}
	}
	assert.Equal(t, monitoring.TracesEndpoint, otel, "workloads send traces to the agent")
	assert.Equal(t, map[string]string{"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.05"}, opsSampler(t, dep), "prod samples traceSampleRatio of Pulumi.prod.yaml")
	dev := edgeOne(t, harness.RunStack(t, "dev"), "kubernetes:apps/v1:Deployment")
	assert.Equal(t, "0.1", opsSampler(t, dev)["OTEL_TRACES_SAMPLER_ARG"], "dev samples traceSampleRatio of Pulumi.dev.yaml")
	addon := g.Filter(func(r *mockgraph.Resource) bool {
		return r.Type == monTAddon && r.Str("addonName") == monitoring.ObservabilityAddon
	})
	assert.Len(t, addon, 1, "the observability add-on collects the traces")
}

func TestOpsSecurityMonitoringIsPerStack(t *testing.T) {
	g := harness.RunStack(t, "staging")
	assert.Empty(t, g.ByType(monTTrail), "off by default outside prod: one trail and detector per account")
	assert.Empty(t, g.ByType(monTDetector))
	g = harness.RunStack(t, "staging", set("securityMonitoring", "true"))
	assert.Len(t, g.ByType(monTTrail), 1)
	assert.Len(t, g.ByType(monTDetector), 1)
}

func TestOpsObjectivesFollowTheBackupPlan(t *testing.T) {
	// Adding a continuous rule is what lets staging promise a 15-minute RPO.
	rules := `[{"name":"pitr","schedule":"cron(0 * * * ? *)","retentionDays":7,"continuous":true},{"name":"daily","schedule":"cron(0 3 * * ? *)","retentionDays":14}]`
	_, err := harness.RunStackErr(t, "staging", set("rpoMinutes", "15"))
	require.Error(t, err)
	harness.RunStack(t, "staging", set("rpoMinutes", "15"), set("backupRules", rules))

	// The SLO target of the stack file reaches the alarms.
	g := harness.RunStack(t, "dev", set("availabilityTarget", "99.5"))
	fast := g.Filter(func(r *mockgraph.Resource) bool {
		return r.Type == monTAlarm && strings.HasSuffix(r.Name, monitoring.AlarmSLOFastBurn+"-1h")
	})
	require.Len(t, fast, 1)
	assert.InDelta(t, 14.4*0.005, fast[0].Input("threshold").(float64), 1e-9)
	assert.False(t, math.IsNaN(fast[0].Input("threshold").(float64)))
}

func TestOpsPlanPrintsObjectivesAndMechanisms(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		r, err := plan.Run(harness.LoadStack(t, stack))
		require.NoError(t, err)
		var b strings.Builder
		r.Write(&b)
		out := b.String()
		for _, s := range []string{"objectives in region", "objectives region loss", "on AZ loss", "on region loss", "on bad deploy", "on data corruption"} {
			assert.Contains(t, out, s, stack)
		}
		if stack == "prod" {
			assert.Contains(t, out, "RPO 15m / RTO 1h")
			assert.Contains(t, out, "RPO 3h / RTO 8h")
			assert.Contains(t, out, "copied to eu-central-1")
		} else {
			assert.Contains(t, out, "none declared", stack)
		}
	}
}

// opsSampler returns the OTEL_TRACES_SAMPLER* variables of a Deployment's
// first container.
func opsSampler(t *testing.T, dep *mockgraph.Resource) map[string]string {
	out := map[string]string{}
	for _, e := range dep.List("spec.template.spec.containers.0.env") {
		if m := edgeObj(t, e); strings.HasPrefix(m["name"].(string), "OTEL_TRACES_SAMPLER") {
			out[m["name"].(string)] = m["value"].(string)
		}
	}
	return out
}
