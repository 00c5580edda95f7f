package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// providerEngineVersionAfterRead is the engine_version the AWS provider
// keeps in state after reading a cluster that runs actual when the
// program asked for configured (terraform-provider-aws internal/service/
// rds: compareActualEngineVersion keeps the configured value when it is a
// prefix of the running version at a dot, "16" of "16.8", and otherwise
// records the running version).
func providerEngineVersionAfterRead(configured, actual string) string {
	if configured == actual || strings.HasPrefix(actual, configured+".") {
		return configured
	}
	return actual
}

// TestDatabaseVersionPolicyDoesNotFightAWS: when AWS upgrades the minor
// (in the maintenance window, or a forced upgrade at end of support),
// the next preview must not plan a change of engineVersion (a perpetual
// diff, and an update would be a downgrade RDS refuses). That holds when
// the cluster asks for a major (the state keeps "16") with automatic
// minor upgrades on, and is why a pinned minor turns them off. Checked on
// every stack and on a pinned minor; it fails with the old policy (minor
// pinned, automatic upgrades on).
func TestDatabaseVersionPolicyDoesNotFightAWS(t *testing.T) {
	runs := map[string]func(*testing.T) (string, bool){}
	for _, stack := range harness.Stacks(t) {
		runs[stack] = func(t *testing.T) (string, bool) { return dbVersionPolicy(t, harness.RunStack(t, stack)) }
	}
	runs["prod pinned 16.6"] = func(t *testing.T) (string, bool) {
		return dbVersionPolicy(t, harness.RunStack(t, "prod", set("dbEngineVersion", "16.6")))
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			configured, autoUpgrades := run(t)
			if !autoUpgrades {
				assert.Contains(t, configured, ".", "automatic minor upgrades off but no minor pinned: the cluster never gets patches")
				return
			}
			var major, minor int
			_, err := fmt.Sscanf(configured+".0", "%d.%d", &major, &minor)
			require.NoError(t, err)
			upgraded := fmt.Sprintf("%d.%d", major, minor+2) // what AWS moved it to
			assert.Equal(t, configured, providerEngineVersionAfterRead(configured, upgraded),
				"engineVersion %q with automatic minor upgrades: after AWS upgrades to %s the program plans a downgrade", configured, upgraded)
		})
	}
}

// dbVersionPolicy returns the cluster's engineVersion and whether its
// instances take automatic minor upgrades (all alike).
func dbVersionPolicy(t *testing.T, g *mockgraph.Graph) (string, bool) {
	t.Helper()
	clusters := g.ByType("aws:rds/cluster:Cluster")
	require.Len(t, clusters, 1)
	instances := g.ByType("aws:rds/clusterInstance:ClusterInstance")
	require.NotEmpty(t, instances)
	auto := instances[0].Bool("autoMinorVersionUpgrade")
	for _, in := range instances {
		require.Equal(t, auto, in.Bool("autoMinorVersionUpgrade"), "%s", in.Name)
	}
	return clusters[0].Str("engineVersion"), auto
}
