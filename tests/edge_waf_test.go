package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/waf"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// The only test file importing wafv2 (for the untaggable check).
func edgeWAFLoggingArgs() any { return wafv2.WebAclLoggingConfigurationArgs{} }

func edgeWAFAssociationArgs() any { return wafv2.WebAclAssociationArgs{} }

func edgeRunWAF(t *testing.T, args waf.WebACLArgs) *mockgraph.Graph {
	t.Helper()
	if args.Tags == nil {
		args.Tags = unitTags
	}
	return harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		args.Provider = east
		_, err = waf.NewWebACL(ctx, "edge-waf", &args)
		return err
	})
}

// edgeRules returns the web ACL's rules by name.
func edgeRules(t *testing.T, acl *mockgraph.Resource) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range acl.List("rules") {
		m := edgeObj(t, r)
		out[m["name"].(string)] = m
	}
	return out
}

func TestEdgeWAFHasRateRulesManagedGroupsAndMetrics(t *testing.T) {
	g := edgeRunWAF(t, waf.WebACLArgs{Settings: waf.Settings{RateLimitPerIP: 1500, AuthRateLimit: 50, RateLimitPerToken: 900, AuthPaths: []string{"/api/auth/", "/login"}}})
	acl := edgeOne(t, g, edgeTWebACL)
	assert.Equal(t, "CLOUDFRONT", acl.Str("scope"))
	assert.Equal(t, "us-east-1", edgeProviderRegion(g, acl), "a CloudFront web ACL must be created through the us-east-1 provider")
	assert.NotNil(t, acl.Input("defaultAction.allow"))
	assert.True(t, acl.Bool("visibilityConfig.cloudwatchMetricsEnabled"))

	rules := edgeRules(t, acl)
	for _, group := range waf.RequiredManagedRuleGroups {
		r, ok := rules[group]
		if !assert.True(t, ok, "managed rule group %s missing", group) {
			continue
		}
		assert.Equal(t, "AWS", r["statement"].(map[string]any)["managedRuleGroupStatement"].(map[string]any)["vendorName"])
		assert.NotNil(t, edgeObj(t, r["overrideAction"])["none"], "%s must block (override none), not only count", group)
	}
	assert.NotContains(t, rules, waf.AnonymousIPListGroup, "anonymous-IP list is opt-in")

	perIP := acl.Map("rules.2.statement.rateBasedStatement")
	require.Equal(t, waf.RuleRatePerIP, acl.Str("rules.2.name"))
	assert.Equal(t, 1500.0, perIP["limit"])
	assert.Equal(t, "IP", perIP["aggregateKeyType"])
	assert.Equal(t, float64(waf.EvaluationWindowSec), perIP["evaluationWindowSec"])
	assert.NotNil(t, acl.Input("rules.2.action.block"))

	require.Equal(t, waf.RuleRateAuth, acl.Str("rules.1.name"))
	assert.Equal(t, 50, acl.Int("rules.1.statement.rateBasedStatement.limit"))
	var searched []string
	for _, s := range acl.List("rules.1.statement.rateBasedStatement.scopeDownStatement.orStatement.statements") {
		bm := edgeObj(t, s)["byteMatchStatement"].(map[string]any)
		assert.Equal(t, "STARTS_WITH", bm["positionalConstraint"])
		assert.NotNil(t, bm["fieldToMatch"].(map[string]any)["uriPath"])
		searched = append(searched, bm["searchString"].(string))
	}
	assert.Equal(t, []string{"/api/auth/", "/login"}, searched, "the auth rule is scoped down to the auth paths")

	require.Equal(t, waf.RuleRatePerToken, acl.Str("rules.3.name"))
	assert.Equal(t, 900, acl.Int("rules.3.statement.rateBasedStatement.limit"))
	assert.Equal(t, "CUSTOM_KEYS", acl.Str("rules.3.statement.rateBasedStatement.aggregateKeyType"))
	assert.Equal(t, "authorization", acl.Str("rules.3.statement.rateBasedStatement.customKeys.0.header.name"))

	priorities := map[int]bool{}
	for name, r := range rules {
		vc := edgeObj(t, r["visibilityConfig"])
		assert.Equal(t, true, vc["cloudwatchMetricsEnabled"], "rule %s metrics", name)
		assert.Equal(t, true, vc["sampledRequestsEnabled"], "rule %s sampled requests", name)
		assert.True(t, strings.HasPrefix(vc["metricName"].(string), "edge-waf-"), "rule %s metric name", name)
		p := int(r["priority"].(float64))
		assert.False(t, priorities[p], "priority %d used twice", p)
		priorities[p] = true
	}
}

func TestEdgeWAFLogsToAnEncryptedUSEast1Group(t *testing.T) {
	g := edgeRunWAF(t, waf.WebACLArgs{Settings: waf.Settings{LogRetentionDays: 30}})
	lg := edgeOne(t, g, tLogGroup)
	assert.Equal(t, "aws-waf-logs-edge-waf", lg.Str("name"), "AWS requires the aws-waf-logs- prefix")
	assert.Equal(t, 30, lg.Int("retentionInDays"))
	key := edgeOne(t, g, tKmsKey)
	assert.Equal(t, key.Output("arn"), lg.Str("kmsKeyId"))
	assert.Contains(t, key.Str("policy"), "logs.us-east-1.amazonaws.com", "the key admits CloudWatch Logs of us-east-1")
	for _, r := range []*mockgraph.Resource{lg, key} {
		assert.Equal(t, "us-east-1", edgeProviderRegion(g, r), "%s must live in us-east-1 with the web ACL", r.Name)
	}
	logging := edgeOne(t, g, edgeTWAFLogging)
	assert.Equal(t, []string{lg.Output("arn").(string)}, logging.Strings("logDestinationConfigs"))
	assert.Equal(t, edgeOne(t, g, edgeTWebACL).Output("arn"), logging.Str("resourceArn"))
	assert.Equal(t, "authorization", logging.Str("redactedFields.0.singleHeader.name"), "tokens never reach the logs")
}

func TestEdgeWAFOptionalAnonymousIPListAndSinglePath(t *testing.T) {
	g := edgeRunWAF(t, waf.WebACLArgs{Settings: waf.Settings{AnonymousIPList: true, AuthPaths: []string{"/login"}}})
	acl := edgeOne(t, g, edgeTWebACL)
	assert.Contains(t, edgeRules(t, acl), waf.AnonymousIPListGroup)
	assert.Equal(t, "/login", acl.Str("rules.1.statement.rateBasedStatement.scopeDownStatement.byteMatchStatement.searchString"),
		"one path needs no OR statement (AWS rejects an OR of one)")
}

func TestEdgeWAFRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		name string
		args waf.WebACLArgs
		want string
	}{
		{"per-IP limit below AWS minimum", waf.WebACLArgs{Settings: waf.Settings{RateLimitPerIP: 9}}, "RateLimitPerIP: must be between 10 (AWS's minimum)"},
		{"token limit below AWS minimum", waf.WebACLArgs{Settings: waf.Settings{RateLimitPerToken: 5}}, "RateLimitPerToken: must be between 10"},
		{"auth limit above the per-IP limit", waf.WebACLArgs{Settings: waf.Settings{RateLimitPerIP: 100, AuthRateLimit: 500}}, "AuthRateLimit: must not exceed RateLimitPerIP"},
		{"auth path without slash", waf.WebACLArgs{Settings: waf.Settings{AuthPaths: []string{"login"}}}, "AuthPaths: \"login\" must be a URI path prefix"},
		{"no auth paths", waf.WebACLArgs{Settings: waf.Settings{AuthPaths: []string{}}}, "AuthPaths: must list at least one"},
		{"bad retention", waf.WebACLArgs{Settings: waf.Settings{LogRetentionDays: 10}}, "LogRetentionDays"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := harness.Run(t, "us-east-1", func(ctx *pulumi.Context) error {
				_, err := waf.NewWebACL(ctx, "w", &c.args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, g.All(), "nothing may be registered for invalid args")
		})
	}
	t.Run("provider outside us-east-1", func(t *testing.T) {
		g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
			_, err := waf.NewWebACL(ctx, "w", &waf.WebACLArgs{})
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "must be created in us-east-1, the provider is in eu-west-1")
		assert.Empty(t, g.All())
	})
}

// TestEdgeWAFRegionalGuardsItsAssociations: a REGIONAL web ACL (the user
// pool's) lives in the provider's region, carries the same rules with the
// sign-in limit on every request, and is associated with each resource.
func TestEdgeWAFRegionalGuardsItsAssociations(t *testing.T) {
	pool := "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"
	g := harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := waf.NewWebACL(ctx, "edge-users-waf", &waf.WebACLArgs{
			Settings: waf.Settings{Scope: "REGIONAL", AuthRateLimit: 50, Tags: unitTags},
			Wiring:   waf.Wiring{Associations: map[string]pulumi.StringInput{"user-pool": pulumi.String(pool)}},
		})
		return err
	})
	acl := edgeOne(t, g, edgeTWebACL)
	assert.Equal(t, "REGIONAL", acl.Str("scope"))
	assert.Nil(t, g.ProviderOf(acl), "the stack's region")
	auth := edgeRules(t, acl)[waf.RuleRateAuth]
	require.NotNil(t, auth)
	rb := edgeObj(t, edgeObj(t, auth["statement"])["rateBasedStatement"])
	assert.Equal(t, 50.0, rb["limit"])
	assert.Nil(t, rb["scopeDownStatement"], "every request to the user pool is a sign-in")
	for _, grp := range waf.RequiredManagedRuleGroups {
		assert.Contains(t, edgeRules(t, acl), grp)
	}
	a := edgeOne(t, g, "aws:wafv2/webAclAssociation:WebAclAssociation")
	assert.Equal(t, pool, a.Str("resourceArn"))
	assert.Equal(t, acl.Output("arn"), a.Str("webAclArn"))

	_, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		_, err = waf.NewWebACL(ctx, "x", &waf.WebACLArgs{Wiring: waf.Wiring{Provider: east, Associations: map[string]pulumi.StringInput{"p": pulumi.String(pool)}}})
		return err
	})
	require.ErrorContains(t, err, "Associations: are only for a REGIONAL web ACL")
}
