package tests

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/internal/validate"
	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// invalidConfig is a stack with edits that break one rule.
type invalidConfig struct {
	name  string
	stack string
	edits []func(*stackconfig.Stack)
	want  []string // substrings of the error, key first
}

// invalidConfigs each break one rule; the program must reject the stack
// with a message naming the setting and what it allows, and register
// nothing. Each tier adds its cases in its own files (see cases).
var baseInvalidConfigs = []invalidConfig{
	{"environment missing", "dev", edits(unset("environment")), []string{"webplatform:environment: is required: one of " + fmt.Sprint(stacks.Environments)}},
	{"environment unknown", "dev", edits(set("environment", "nightly")), []string{"webplatform:environment: must be one of " + strings.Join(stacks.Environments, ", ") + ", got \"nightly\""}},
	{"owner missing", "dev", edits(unset("owner")), []string{"webplatform:owner: is required"}},
	{"region missing", "dev", edits(unset("aws:region")), []string{"aws:region: is required"}},
	{"region malformed", "dev", edits(set("aws:region", "Ireland")), []string{"aws:region: must be an AWS region such as eu-west-1"}},
	{"dr region missing", "staging", edits(unset("drRegion")), []string{"webplatform:drRegion: is required"}},
	{"dr region same as region", "prod", edits(set("drRegion", "eu-west-1")), []string{"webplatform:drRegion: must differ from aws:region"}},
	{"cidr without prefix", "dev", edits(set("vpcCidr", "10.0.0.0")), []string{"webplatform:vpcCidr: must be an IPv4 CIDR"}},
	{"cidr too large", "dev", edits(set("vpcCidr", "10.0.0.0/8")), []string{"webplatform:vpcCidr: prefix length must be between /16 and /28"}},
	{"cidr public", "dev", edits(set("vpcCidr", "54.10.0.0/16")), []string{"webplatform:vpcCidr: must lie in private address space"}},
	{"subnet plan does not fit", "dev", edits(set("vpcCidr", "10.0.0.0/20")), []string{"webplatform:vpcCidr: subnet plan does not fit", "use a larger VPC CIDR"}},
	{"az count zero", "dev", edits(set("azCount", "0")), []string{"webplatform:azCount: must be a positive integer"}},
	{"az count above six", "dev", edits(set("azCount", "7")), []string{"webplatform:azCount: must be between 1 and 6, got 7"}},
	{"az count not a number", "dev", edits(set("azCount", "three")), []string{"webplatform:azCount: must be a positive integer, got \"three\""}},
	{"nat strategy unknown", "dev", edits(set("natStrategy", "double")), []string{"webplatform:natStrategy: must be one of none, single, one-per-az"}},
	{"prod with two AZs", "prod", edits(set("azCount", "2")), []string{"webplatform:azCount: prod needs at least 3 AZs", "webplatform:allowReducedHa"}},
	{"prod with a single NAT", "prod", edits(set("natStrategy", "single")), []string{"webplatform:natStrategy: prod needs \"one-per-az\""}},
	{"subnet prefix too small", "dev", edits(set("privateSubnetPrefix", "30")), []string{"webplatform:privateSubnetPrefix: must be between 16 and 28, got 30"}},
	{"retention not a CloudWatch value", "dev", edits(set("flowLogRetentionDays", "10")), []string{"webplatform:flowLogRetentionDays: must be one of [1 3 5 7 14"}},
	{"endpoints not a list", "staging", edits(set("interfaceEndpoints", "sts")), []string{"webplatform:interfaceEndpoints: must be a list of strings"}},
	{"s3 as interface endpoint", "staging", edits(set("interfaceEndpoints", `["s3"]`)), []string{"webplatform:interfaceEndpoints: \"s3\" already has a free gateway endpoint"}},
	{"extra tag overrides owner", "dev", edits(set("extraTags", `{"owner":"someone-else"}`)), []string{"webplatform:extraTags: may not set \"owner\""}},
	{"domain missing", "dev", edits(unset("domainName")), []string{"webplatform:domainName: is required"}},
	{"domain malformed", "dev", edits(set("domainName", "Shop_Example")), []string{"webplatform:domainName: must be a lower-case DNS name"}},
	{"zone missing", "prod", edits(unset("hostedZoneId")), []string{"webplatform:hostedZoneId: is required"}},
	{"zone malformed", "prod", edits(set("hostedZoneId", "example.com")), []string{"webplatform:hostedZoneId: must be a Route 53 zone id"}},
	{"waiver not a boolean", "prod", edits(set("allowReducedHa", "maybe")), []string{"webplatform:allowReducedHa: must be true or false"}},
}

func edits(e ...func(*stackconfig.Stack)) []func(*stackconfig.Stack) { return e }
func set(k, v string) func(*stackconfig.Stack)                       { return harness.Set(k, v) }
func unset(k string) func(*stackconfig.Stack)                        { return harness.Unset(k) }

func TestInvalidConfigIsRejectedBeforeAnyResource(t *testing.T) {
	require.GreaterOrEqual(t, len(cases().invalid), 15)
	for _, c := range cases().invalid {
		t.Run(c.name, func(t *testing.T) {
			g, err := harness.RunStackErr(t, c.stack, c.edits...)
			require.Error(t, err)
			assert.True(t, stacks.IsConfigError(err), "want a ConfigError, got %T: %v", err, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assertProblemsNameKeys(t, c.stack, err)
			for _, r := range g.All() {
				if isOwnStackRead(r, c.stack) {
					continue // the read of the previous deployment's values, no resource (stacks.DeployedOutput)
				}
				t.Errorf("registered %s %s despite invalid config", r.Type, r.Name)
			}
		})
	}
}

func TestEveryConfigProblemIsReportedAtOnce(t *testing.T) {
	_, err := harness.RunStackErr(t, "prod",
		unset("owner"), set("azCount", "9"), set("natStrategy", "many"), set("vpcCidr", "10.0.0.1/16"), set("drRegion", "eu-west-1"))
	require.Error(t, err)
	msg := err.Error()
	for _, key := range []string{"webplatform:owner", "webplatform:azCount", "webplatform:natStrategy", "webplatform:vpcCidr", "webplatform:drRegion"} {
		assert.Contains(t, msg, key+":")
	}
	assert.Contains(t, msg, "invalid configuration (")
	assert.GreaterOrEqual(t, strings.Count(msg, "\n"), 5, "one line per problem")
}

// assertProblemsNameKeys: every problem of a ConfigError names a key the
// user can set (declared in Pulumi.yaml, or aws:region) or the stack, never
// a Go field path: the loader's key record must cover every field a
// component or a policy reports on.
func assertProblemsNameKeys(t *testing.T, stack string, err error) {
	t.Helper()
	var ce *stacks.ConfigError
	if !errors.As(err, &ce) {
		return
	}
	declared := harness.LoadStack(t, stack).Declared
	for _, fe := range validate.Fields(ce.Err) {
		name := fe.Field
		if i := strings.IndexAny(name, "[. "); i >= 0 {
			name = name[:i]
		}
		ns, key, _ := strings.Cut(name, ":")
		_, ok := declared[key]
		switch {
		case name == "stack" || name == "project" || name == "aws:region":
		case ns != "webplatform" || !ok:
			t.Errorf("problem %q names %q, not a config key", fe.Error(), fe.Field)
		}
	}
}

// TestConfigProblemsPrintInAStableOrder: one bad config prints the same
// text on every run, problems sorted by key. The extraTags check ranges
// over a map, so without sorting the four problems below came out in a
// different order from run to run.
func TestConfigProblemsPrintInAStableOrder(t *testing.T) {
	bad := set("extraTags", `{"owner":"a","project":"b","stack":"c","managed-by":"d"}`)
	var first string
	for i := range 8 {
		_, err := harness.RunStackErr(t, "dev", bad, set("azCount", "9"), unset("owner"))
		require.Error(t, err)
		if i == 0 {
			first = err.Error()
			var ce *stacks.ConfigError
			require.True(t, errors.As(err, &ce))
			fields := validate.Fields(ce.Err)
			require.GreaterOrEqual(t, len(fields), 6)
			for j := 1; j < len(fields); j++ {
				assert.LessOrEqual(t, fields[j-1].Error(), fields[j].Error(), "problems sorted by key, then message")
			}
			continue
		}
		require.Equal(t, first, err.Error(), "run %d printed the problems in another order", i)
	}
}

// TestStackKeysFilledIntoComponentsAreReportedOnce: domainName and
// hostedZoneId are checked by the stack and also fill the load balancer's,
// the CDN's and the API's settings; a bad value is one problem, the
// stack's, not one per component that repeats it.
func TestStackKeysFilledIntoComponentsAreReportedOnce(t *testing.T) {
	for key, edit := range map[string]func(*stackconfig.Stack){
		"webplatform:domainName":   unset("domainName"),
		"webplatform:hostedZoneId": set("hostedZoneId", "example.com"),
	} {
		_, err := harness.RunStackErr(t, "prod", edit)
		var ce *stacks.ConfigError
		require.True(t, errors.As(err, &ce), "%s: want a ConfigError, got %v", key, err)
		n := 0
		for _, fe := range validate.Fields(ce.Err) {
			if fe.Field == key {
				n++
			}
		}
		assert.Equal(t, 1, n, "%s reported %d times:\n%v", key, n, err)
	}
}
