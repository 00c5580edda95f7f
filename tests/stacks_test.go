package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/internal/plan"
	"github.com/webplatform-dev/webplatform/internal/stackconfig"
	"github.com/webplatform-dev/webplatform/internal/testharness"
	"github.com/webplatform-dev/webplatform/stacks"
)

// What each real stack file must produce.
func TestStacksBuildFromTheirStackFiles(t *testing.T) {
	want := map[string]struct {
		azs, nats, interfaceEndpoints, retention int
	}{
		"dev":     {azs: 2, nats: 1, interfaceEndpoints: 0, retention: 14},
		"staging": {azs: 3, nats: 1, interfaceEndpoints: 3, retention: 30},
		"prod":    {azs: 3, nats: 3, interfaceEndpoints: 6, retention: 365},
	}
	for _, stack := range testharness.Stacks {
		t.Run(stack, func(t *testing.T) {
			w := want[stack]
			g := testharness.RunStack(t, stack)
			require.Len(t, g.ByType(tNetworkComp), 1)
			assert.Equal(t, "webplatform-"+stack, g.ByType(tNetworkComp)[0].Name)
			assert.Len(t, g.ByType(tSubnet), 3*w.azs)
			assert.Len(t, g.ByType(tNat), w.nats)
			assert.Len(t, g.ByType(tEndpoint), 1+w.interfaceEndpoints)
			assert.Equal(t, w.retention, g.ByType(tLogGroup)[0].Int("retentionInDays"))
			vpc := g.ByType(tVpc)[0]
			assert.Equal(t, stack, vpc.Tags()["environment"])
		})
	}
}

func TestPlanPrintsEachStack(t *testing.T) {
	for _, stack := range testharness.Stacks {
		r, err := plan.Run(testharness.LoadStack(t, stack))
		require.NoError(t, err, stack)
		var b strings.Builder
		r.Write(&b)
		out := b.String()
		for _, s := range []string{"== stack " + stack, "environment              " + stack, "webplatform:network:Network webplatform-" + stack, "aws:ec2/subnet:Subnet"} {
			assert.Contains(t, out, s, stack)
		}
		assert.Equal(t, len(customResources(r.Graph)), r.Total(), "total counts every cloud resource once")
		outputs := r.Platform.Outputs()
		for _, k := range []string{"vpcId", "publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds", "availabilityZones"} {
			assert.Contains(t, outputs, k, "stack output %s", k)
		}
	}
}

// The defaults in Pulumi.yaml are applied by the Pulumi CLI before the
// program runs, so they must agree with the Go profile of every
// environment, or one of the two is dead documentation.
func TestPulumiYamlDefaultsMatchTheProfiles(t *testing.T) {
	profileValue := map[string]func(stacks.Profile) any{
		"publicSubnetPrefix":   func(p stacks.Profile) any { return p.PublicSubnetPrefix },
		"privateSubnetPrefix":  func(p stacks.Profile) any { return p.PrivateSubnetPrefix },
		"isolatedSubnetPrefix": func(p stacks.Profile) any { return p.IsolatedSubnetPrefix },
		"allowReducedHa":       func(stacks.Profile) any { return false }, // waivers are off unless set
	}
	s := testharness.LoadStack(t, "dev")
	defaults := 0
	for key, decl := range s.Declared {
		if decl.Default == nil {
			continue
		}
		defaults++
		get, ok := profileValue[key]
		if !assert.True(t, ok, "Pulumi.yaml gives %s a default but no profile field backs it", key) {
			continue
		}
		for _, env := range stacks.Environments {
			assert.Equal(t, fmt.Sprint(get(stacks.ProfileFor(stacks.Environment(env)))), fmt.Sprint(decl.Default),
				"%s: Pulumi.yaml default vs %s profile", key, env)
		}
	}
	assert.Equal(t, len(profileValue), defaults, "every profile-backed default is declared in Pulumi.yaml")
}

func TestProfilesApplyWhenTheStackFileIsSilent(t *testing.T) {
	for _, stack := range testharness.Stacks {
		g := testharness.RunStack(t, stack,
			testharness.Unset("azCount"), testharness.Unset("natStrategy"),
			testharness.Unset("interfaceEndpoints"), testharness.Unset("flowLogRetentionDays"))
		prof := stacks.ProfileFor(stacks.Environment(stack))
		assert.Len(t, subnetsOfTier(g, network.TierPrivate), prof.AZCount, stack)
		assert.Len(t, g.ByType(tEndpoint), 1+len(prof.InterfaceEndpoints), stack)
		assert.Equal(t, prof.FlowLogRetentionDays, g.ByType(tLogGroup)[0].Int("retentionInDays"), stack)
	}
}

func TestProdMayWaiveHAOnlyExplicitly(t *testing.T) {
	_, err := testharness.RunStackErr(t, "prod", testharness.Set("azCount", "2"))
	require.Error(t, err)
	g := testharness.RunStack(t, "prod", testharness.Set("azCount", "2"), testharness.Set("natStrategy", "single"),
		testharness.Set("allowReducedHa", "true"))
	assert.Len(t, g.ByType(tNat), 1)
}

func TestStackConfigRejectsUndeclaredAndMistypedKeys(t *testing.T) {
	root := testharness.Root(t)
	dir := t.TempDir()
	proj, err := os.ReadFile(filepath.Join(root, "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.typo.yaml"), []byte(
		"config:\n  aws:region: eu-west-1\n  webplatform:natStratgy: single\n  webplatform:azCount: three\n"), 0o600))
	_, err = stackconfig.Load(dir, "typo")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "webplatform:natStratgy is not declared in Pulumi.yaml")
	assert.Contains(t, err.Error(), "webplatform:azCount must be of type integer")
}
