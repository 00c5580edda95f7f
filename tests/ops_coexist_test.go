package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// opsTwoInstances builds two Monitoring and two Backup instances
// (copying to one DR region) in one program and account, named team-a-*
// and team-b-*. Each pair gets the given name prefix ("" = default: the
// component's name). The second monitoring watches another cluster (the
// add-on and the Container Insights log groups are per cluster) and leaves
// the account singletons (trail, GuardDuty detector) to the first.
func opsTwoInstances(t *testing.T, prefixes [2]string) *mockgraph.Graph {
	t.Helper()
	return harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(bkDRRegion)})
		if err != nil {
			return err
		}
		for i, team := range []string{"team-a", "team-b"} {
			m := monAllTargets(east)
			m.NamePrefix = prefixes[i]
			if i == 1 {
				cl := *m.Cluster
				cl.ClusterName = pulumi.String("other-eks")
				m.Cluster = &cl
				m.CloudTrail, m.GuardDuty = nil, false
			}
			if _, err := monitoring.NewMonitoring(ctx, team+"-monitoring", &m); err != nil {
				return err
			}
			b := backup.BackupArgs{Settings: bkProdArgs(), Wiring: backup.Wiring{DRProvider: dr}}
			b.NamePrefix = prefixes[i]
			if _, err := backup.NewBackup(ctx, team+"-backup", &b); err != nil {
				return err
			}
		}
		return nil
	})
}

// Catches: a physical name (alarm, topic, key alias, dashboard, vault,
// plan, selection, event rule) not derived from the component's name or
// NamePrefix, so two instances in one account collide.
func TestOpsTwoInstancesCoexist(t *testing.T) {
	g := opsTwoInstances(t, [2]string{})
	n := assertNoPhysicalNameCollisions(t, g)
	assert.Greater(t, n, 50, "two monitoring and two backup instances name more than 50 resources")
	assert.Len(t, g.ByType(monTDetector), 1)
	assert.Len(t, g.ByType(monTTrail), 1)

	// With explicit prefixes the physical names follow them, not the
	// components' names.
	g = opsTwoInstances(t, [2]string{"shop-x", "shop-y"})
	assert.Greater(t, assertNoPhysicalNameCollisions(t, g), 50)
	for _, prefix := range []string{"shop-x", "shop-y"} {
		assert.NotNil(t, g.Filter(func(r *mockgraph.Resource) bool { return r.Type == bkTVault && r.Str("name") == prefix }), prefix)
		assert.Len(t, g.Filter(func(r *mockgraph.Resource) bool { return r.Type == monTTopic && r.Str("name") == prefix+"-alerts" }), 1, prefix)
		assert.Len(t, g.Filter(func(r *mockgraph.Resource) bool { return r.Type == monTDashboard && r.Str("dashboardName") == prefix }), 1, prefix)
	}
	for _, r := range g.All() {
		for _, in := range []string{"name", "alarmName", "dashboardName"} {
			if v := r.Str(in); strings.Contains(v, "team-") {
				t.Errorf("%s %s: %s=%q is derived from the component name, not NamePrefix", r.Type, r.Name, in, v)
			}
		}
	}
}

// Catches: NamePrefix ignored (two instances with distinct names but one
// prefix would then not collide, proving the prefix names nothing).
func TestOpsSharedPrefixCollides(t *testing.T) {
	g := opsTwoInstances(t, [2]string{"shared", "shared"})
	dups, _ := physicalNameCollisions(g.All())
	joined := strings.Join(dups, "\n")
	for _, want := range []string{"aws:backup/vault:Vault name=shared", "aws:sns/topic:Topic name=shared-alerts",
		"aws:cloudwatch/dashboard:Dashboard", "aws:kms/alias:Alias name=alias/shared-alerts", "aws:cloudwatch/metricAlarm:MetricAlarm name=shared-db-cpu"} {
		assert.Contains(t, joined, want)
	}
}

// Catches: a prefix AWS cannot use accepted (and resources registered).
func TestOpsNamePrefixValidated(t *testing.T) {
	_, _, err := bkRunErr(t, backup.Settings{NamePrefix: "x"}, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NamePrefix: must be 2-47 letters")

	g, err := monRunErr(t, func(*aws.Provider) monitoring.MonitoringArgs {
		return monitoring.MonitoringArgs{Settings: monitoring.Settings{NamePrefix: "bad prefix"}}
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NamePrefix: must be 1 to 64 letters")
	assert.Empty(t, customResources(g))
}
