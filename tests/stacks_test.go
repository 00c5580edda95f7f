package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/plan"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// What each real stack file must produce.
func TestStacksBuildFromTheirStackFiles(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g, p := edgeRunStack(t, stack)
			n := p.Config.Network
			nats := map[network.NatStrategy]int{network.NatNone: 0, network.NatSingle: 1, network.NatPerAZ: n.AZCount}[n.NatStrategy]
			require.Len(t, g.ByType(tNetworkComp), 1)
			assert.Equal(t, "webplatform-"+stack, g.ByType(tNetworkComp)[0].Name)
			assert.Len(t, g.ByType(tSubnet), 3*n.AZCount, "three tiers in each of azCount AZs")
			assert.Len(t, g.ByType(tNat), nats, "natStrategy %s", n.NatStrategy)
			assert.Len(t, g.ByType(tEndpoint), 1+len(n.InterfaceEndpoints), "the S3 gateway and each of interfaceEndpoints")
			assert.Equal(t, n.FlowLogRetentionDays, g.ByType(tLogGroup)[0].Int("retentionInDays"), "flowLogRetentionDays")
			vpc := g.ByType(tVpc)[0]
			assert.Equal(t, string(p.Config.Environment), vpc.Tags()["environment"])
		})
	}
}

func TestPlanPrintsEachStack(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		r, err := plan.Run(harness.LoadStack(t, stack))
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

// The Pulumi CLI refuses a stack that lacks a key without a default
// (pkg/v3 workspace/config.go, "is missing configuration values"), so every
// key either has a default in Pulumi.yaml or is marked Required and set by
// every stack file; stackconfig.Load refuses the stack the way the CLI does.
func TestEveryKeyHasADefaultOrIsSetByEveryStack(t *testing.T) {
	s := harness.LoadStack(t, "dev")
	var required []string
	for key, decl := range s.Declared {
		if decl.Default != nil {
			assert.False(t, strings.HasPrefix(decl.Description, "Required"), "%s has a default but is described as Required", key)
			continue
		}
		required = append(required, key)
		assert.True(t, strings.HasPrefix(decl.Description, "Required"), "%s has no default: the CLI requires it, so its description must start with Required", key)
		for _, stack := range harness.Stacks(t) {
			_, ok := harness.LoadStack(t, stack).Config["webplatform:"+key]
			assert.True(t, ok, "Pulumi.%s.yaml must set %s (no default)", stack, key)
		}
	}
	assert.NotEmpty(t, required)

	dir := t.TempDir()
	proj, err := os.ReadFile(filepath.Join(harness.Root(t), "Pulumi.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.bare.yaml"), []byte("config:\n  aws:region: eu-west-1\n"), 0o600))
	_, err = stackconfig.Load(dir, "bare")
	require.Error(t, err)
	for _, key := range required {
		assert.Contains(t, err.Error(), "webplatform:"+key+" is required")
	}
}

// A key the stack file does not set takes Pulumi.yaml's default, which is
// prod-shaped: dev without its opt-outs gets three AZs, a NAT per AZ, the
// interface endpoints and a year of flow logs.
func TestPulumiYamlDefaultsApplyWhenTheStackFileIsSilent(t *testing.T) {
	s := harness.LoadStack(t, "dev")
	def := func(k string) string { return fmt.Sprint(s.Declared[k].Default) }
	g := harness.RunStack(t, "dev",
		harness.Unset("azCount"), harness.Unset("natStrategy"),
		harness.Unset("interfaceEndpoints"), harness.Unset("flowLogRetentionDays"))
	assert.Equal(t, def("azCount"), fmt.Sprint(len(subnetsOfTier(g, network.TierPrivate))))
	assert.Equal(t, def("azCount"), fmt.Sprint(len(g.ByType(tNat))), "one-per-az")
	endpoints, ok := s.Declared["interfaceEndpoints"].Default.([]any)
	require.True(t, ok)
	assert.Len(t, g.ByType(tEndpoint), 1+len(endpoints))
	flowLogs := g.Named(tLogGroup, "webplatform-dev-flow-logs")
	require.NotNil(t, flowLogs)
	assert.Equal(t, def("flowLogRetentionDays"), fmt.Sprint(flowLogs.Int("retentionInDays")))
}

// The environment selects policies, not defaults: staging's config run as
// a dev environment registers the same resources with the same inputs but
// for the environment tag. A profile hidden in Go would show up here.
func TestEnvironmentSelectsNoDefaults(t *testing.T) {
	staging := harness.RunStack(t, "staging")
	asDev := harness.RunStack(t, "staging", harness.Set("environment", "dev"))
	require.Equal(t, len(staging.All()), len(asDev.All()))
	for _, r := range staging.All() {
		other := asDev.ByURN(r.URN)
		if !assert.NotNil(t, other, r.URN) {
			continue
		}
		want, err := json.Marshal(r.Inputs.Mappable())
		require.NoError(t, err)
		got, err := json.Marshal(other.Inputs.Mappable())
		require.NoError(t, err)
		got = bytes.ReplaceAll(got, []byte(`"environment":"dev"`), []byte(`"environment":"staging"`))
		// Tag conditions in policies (the Load Balancer Controller may
		// register targets only in target groups with the stack's tags).
		got = bytes.ReplaceAll(got, []byte(`\"aws:ResourceTag/environment\":\"dev\"`), []byte(`\"aws:ResourceTag/environment\":\"staging\"`))
		assert.JSONEq(t, string(want), string(got), "%s differs between environment staging and dev beyond its tags", r.URN)
	}
}

func TestProdMayWaiveHAOnlyExplicitly(t *testing.T) {
	_, err := harness.RunStackErr(t, "prod", harness.Set("azCount", "2"))
	require.Error(t, err)
	g := harness.RunStack(t, "prod", harness.Set("azCount", "2"), harness.Set("natStrategy", "single"),
		harness.Set("allowReducedHa", "true"))
	assert.Len(t, g.ByType(tNat), 1)
}

func TestStackConfigRejectsUndeclaredAndMistypedKeys(t *testing.T) {
	root := harness.Root(t)
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

// The CLI checks declared keys only: a misspelt key in a stack file reaches
// the program, which refuses it by comparing the engine's config (the
// language host's PULUMI_CONFIG) with the keys it reads. With the full
// config of a real stack nothing is reported, so every key Pulumi.yaml
// declares is one the program reads.
func TestProgramRefusesKeysItDoesNotRead(t *testing.T) {
	s := harness.LoadStack(t, "staging")
	engineConfig := func(extra map[string]string) string {
		all := map[string]string{}
		for k, v := range s.Config {
			all[k] = v
		}
		for k, v := range extra {
			all[k] = v
		}
		b, err := json.Marshal(all)
		require.NoError(t, err)
		return string(b)
	}
	t.Setenv(pulumi.EnvConfig, engineConfig(nil))
	_, err := harness.RunConfig(s)
	require.NoError(t, err, "a key Pulumi.yaml declares is not read by the program")

	t.Setenv(pulumi.EnvConfig, engineConfig(map[string]string{"webplatform:natStratgy": "single", "aws:profile": "x"}))
	g, err := harness.RunConfig(s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "webplatform:natStratgy: is not a key of this program")
	assert.NotContains(t, err.Error(), "aws:profile", "other namespaces belong to their providers")
	assert.Zero(t, g.Len(), "nothing is registered")
}
