package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/plan"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// edgeStackCases adds this file's cases to the shared tables (see cases).
func edgeStackCases(c *testCases) {
	c.invalid = append(c.invalid, []invalidConfig{
		{"waf rate limit below AWS minimum", "dev", edits(set("wafRateLimitPerIp", "9")), []string{"webplatform:wafRateLimitPerIp: must be between 10 (AWS's minimum)"}},
		{"waf token limit below AWS minimum", "staging", edits(set("wafRateLimitPerToken", "5")), []string{"webplatform:wafRateLimitPerToken: must be between 10"}},
		{"waf auth limit above per-IP limit", "prod", edits(set("wafAuthRateLimit", "5000")), []string{"webplatform:wafAuthRateLimit: must not exceed RateLimitPerIP"}},
		{"waf auth path without slash", "dev", edits(set("wafAuthPaths", `["login"]`)), []string{"webplatform:wafAuthPaths: \"login\" must be a URI path prefix"}},
		{"alias without zone", "dev", edits(unset("hostedZoneId")), []string{"webplatform:hostedZoneId: is required"}},
		{"alias not a DNS name", "staging", edits(set("cdnAliases", `["Shop Example"]`)), []string{"webplatform:cdnAliases: \"Shop Example\" is not"}},
		{"default certificate in prod", "prod", edits(set("cdnDefaultCertificate", "true")), []string{"webplatform:cdnDefaultCertificate: must be false in prod"}},
		{"unknown price class", "dev", edits(set("cdnPriceClass", "PriceClass_50")), []string{"webplatform:cdnPriceClass: must be one of PriceClass_100, PriceClass_200, PriceClass_All"}},
		{"geo restriction without countries", "staging", edits(set("cdnGeoRestrictionType", "whitelist")), []string{"webplatform:cdnGeoLocations: must list"}},
		{"unknown geo restriction type", "dev", edits(set("cdnGeoRestrictionType", "allow")), []string{"webplatform:cdnGeoRestrictionType: must be one of none, whitelist, blacklist"}},
		{"auth disabled in prod", "prod", edits(set("apiAuthEnabled", "false")), []string{"webplatform:apiAuthEnabled: must be true in prod"}},
		{"route without auth in prod", "prod", edits(set("apiRoutes", `{"GET /api/health":{"auth":false}}`)), []string{"webplatform:apiRoutes: route \"GET /api/health\" disables authentication"}},
		{"route rate above the account limit", "dev", edits(set("apiRoutes", `{"ANY /api/{proxy+}":{"rate":20000}}`)), []string{"webplatform:apiRoutes[ANY /api/{proxy+}].rate: must be between 1 and 10000 requests per second, got 20000"}},
		{"route burst below one names the route's key", "staging", edits(set("apiRoutes", `{"GET /api/items":{"burst":9000}}`)), []string{"webplatform:apiRoutes[GET /api/items].burst: must be between 1 and 5000"}},
		{"routes not a map", "dev", edits(set("apiRoutes", `["ANY /api"]`)), []string{"webplatform:apiRoutes: must be a"}},
		{"unknown MFA", "staging", edits(set("apiMfa", "SMS")), []string{"webplatform:apiMfa: must be one of OFF, OPTIONAL, ON"}},
		{"issuer without audiences", "dev", edits(set("apiIssuer", "https://idp.example.com")), []string{"webplatform:apiAudiences: must list"}},
		{"waf retention not a CloudWatch value", "prod", edits(set("wafLogRetentionDays", "100")), []string{"webplatform:wafLogRetentionDays: must be one of"}},
	}...)
}

// edgeRunStack runs the real program for a stack file: the edge tier is
// built from the compute tier's ALB and the data tier's buckets.
func edgeRunStack(t *testing.T, stack string, edits ...func(*stackconfig.Stack)) (*mockgraph.Graph, *stacks.Platform) {
	t.Helper()
	s := harness.LoadStack(t, stack)
	for _, e := range edits {
		e(s)
	}
	var p *stacks.Platform
	g, err := mockgraph.Run(mockgraph.RunOptions{Project: s.Project, Stack: s.Name, Config: s.Config, SecretKeys: s.SecretKeys},
		func(ctx *pulumi.Context) (err error) {
			p, err = stacks.Deploy(ctx)
			return err
		})
	require.NoError(t, err, stack)
	return g, p
}

func TestEdgeTierIsBuiltOnTheStacksBucketsAndALB(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		g, _ := edgeRunStack(t, stack)
		name := "webplatform-" + stack + "-storage"
		assets := g.Named("aws:s3/bucketV2:BucketV2", name+"-assets")
		logs := g.Named("aws:s3/bucketV2:BucketV2", name+"-logs")
		require.NotNil(t, assets, stack)
		require.NotNil(t, logs, stack)
		d := edgeOne(t, g, edgeTDistribution)
		assert.Equal(t, assets.Output("bucketRegionalDomainName"), edgeOrigins(t, d)[cdn.OriginAssets]["domainName"], "%s: the S3 origin is the storage component's assets bucket", stack)
		assert.Equal(t, logs.Output("bucketDomainName"), d.Str("loggingConfig.bucket"), "%s: standard logs go to the log bucket", stack)
		var policies []string
		for _, bp := range g.ByType(edgeTBucketPolicy) {
			if g.Component(bp).Type == "webplatform:cdn:CDN" {
				policies = append(policies, bp.Str("bucket"))
			}
		}
		assert.Equal(t, []string{assets.Output("bucket").(string)}, policies, "%s: the CDN writes the assets bucket's only policy", stack)
		for _, bp := range g.ByType(edgeTBucketPolicy) {
			if g.Component(bp).Type == "webplatform:storage:Storage" {
				assert.NotEqual(t, assets.Output("bucket"), bp.Str("bucket"), "%s: storage must leave the assets policy to the CDN", stack)
			}
		}
		r, err := plan.Run(harness.LoadStack(t, stack))
		require.NoError(t, err)
		var b strings.Builder
		r.Write(&b)
		assert.Regexp(t, `built\s+yes`, b.String(), stack)
	}
}

func TestEdgeTierPerEnvironment(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g, p := edgeRunStack(t, stack)
			e := p.Config.Edge
			d := edgeOne(t, g, edgeTDistribution)
			assert.Equal(t, e.CDN.PriceClass, d.Str("priceClass"), "cdnPriceClass")
			assert.Equal(t, e.CDN.OriginShield, d.Has("origins.0.originShield"), "cdnOriginShield")
			assert.Equal(t, "none", d.Str("restrictions.geoRestriction.restrictionType"))
			assert.Equal(t, "TLSv1.2_2021", d.Str("viewerCertificate.minimumProtocolVersion"))
			domain := p.Config.DomainName
			assert.Equal(t, []string{domain}, d.Strings("aliases"))

			acl := g.Named(edgeTWebACL, "webplatform-"+stack+"-waf")
			require.NotNil(t, acl)
			assert.Equal(t, acl.Output("arn"), d.Str("webAclId"), "the stack's WAF is attached")
			assert.Equal(t, e.WAF.RateLimitPerIP, acl.Int("rules.2.statement.rateBasedStatement.limit"), "wafRateLimitPerIp")
			east := g.ProviderOf(acl)
			require.NotNil(t, east)
			assert.Equal(t, "us-east-1", east.Str("region"))
			assert.Equal(t, "webplatform-"+stack+"-us-east-1", east.Name)
			certs := edgeCDNCertificates(g)
			require.Len(t, certs, 1)
			assert.Equal(t, east, g.ProviderOf(certs[0]), "certificate through the same provider")

			api := edgeOne(t, g, edgeTAPI)
			assert.True(t, api.Bool("disableExecuteApiEndpoint"))
			assert.Equal(t, "webplatform-"+stack+"-api."+domain, edgeOrigins(t, d)["api"]["domainName"])
			for _, r := range g.ByType(edgeTRoute) {
				assert.Equal(t, "JWT", r.Str("authorizationType"), "%s route %s", stack, r.Str("routeKey"))
			}
			assert.Equal(t, e.API.MFA, edgeOne(t, g, edgeTUserPool).Str("mfaConfiguration"), "apiMfa")
			in := edgeOne(t, g, edgeTIntegration)
			assert.Equal(t, "origin."+domain, in.Str("tlsConfig.serverNameToVerify"))
			link := edgeOne(t, g, edgeTVpcLink)
			assert.Len(t, link.List("subnetIds"), p.Network.Settings.AZCount, "VPC link in every private subnet")

			out := p.Outputs()
			for _, k := range []string{"cdnDomainName", "apiEndpoint", "userPoolId", "webAclArn"} {
				assert.Contains(t, out, k)
			}
			for _, inv := range cases().invariants {
				t.Run(inv.name, func(t *testing.T) { inv.check(t, stack, g) })
			}
		})
	}
}

func TestEdgeStackRouteThrottlingFromTheStackFile(t *testing.T) {
	g, _ := edgeRunStack(t, "prod")
	stage := edgeOne(t, g, edgeTStage)
	got := map[string]float64{}
	for _, s := range stage.List("routeSettings") {
		m := edgeObj(t, s)
		got[m["routeKey"].(string)] = m["throttlingRateLimit"].(float64)
	}
	assert.Equal(t, map[string]float64{"ANY /api/{proxy+}": 500, "POST /api/auth/{proxy+}": 20}, got, "Pulumi.prod.yaml apiRoutes")
	assert.Equal(t, 1000, stage.Int("defaultRouteSettings.throttlingBurstLimit"))
}

func TestEdgeAuthMayBeDisabledOnlyOutsideProd(t *testing.T) {
	g, _ := edgeRunStack(t, "dev", harness.Set("apiAuthEnabled", "false"))
	for _, r := range g.ByType(edgeTRoute) {
		assert.Equal(t, "NONE", r.Str("authorizationType"), "dev with apiAuthEnabled=false")
	}
	_, err := harness.RunStackErr(t, "prod", harness.Set("apiAuthEnabled", "false"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "apiAuthEnabled: must be true in prod")
}

// cdnAliases adds names; the domain itself is always served (an alias list
// that replaced it would leave the environment's own name uncertified).
func TestEdgeExtraAliasesAreServedBesidesTheDomain(t *testing.T) {
	g, _ := edgeRunStack(t, "staging", harness.Set("cdnAliases", `["www.staging.shop.example.com"]`))
	d := edgeOne(t, g, edgeTDistribution)
	assert.Equal(t, []string{"staging.shop.example.com", "www.staging.shop.example.com"}, d.Strings("aliases"))
	assert.False(t, d.Bool("viewerCertificate.cloudfrontDefaultCertificate"))
}

func TestEdgeDevMayUseTheDefaultCertificate(t *testing.T) {
	g, _ := edgeRunStack(t, "dev", harness.Set("cdnDefaultCertificate", "true"))
	d := edgeOne(t, g, edgeTDistribution)
	assert.True(t, d.Bool("viewerCertificate.cloudfrontDefaultCertificate"))
	assert.Empty(t, edgeCDNCertificates(g))
}

// buildEdge returned nil when the other tiers had not provided its
// inputs: the stack then had no CDN and no WAF, and no error said so.
func TestEdgeWithoutItsInputsFromTheOtherTiersIsAnError(t *testing.T) {
	s := harness.LoadStack(t, "dev")
	g, err := mockgraph.Run(mockgraph.RunOptions{Project: s.Project, Stack: s.Name, Config: s.Config, SecretKeys: s.SecretKeys},
		func(ctx *pulumi.Context) error {
			cfg, err := stacks.Load(ctx)
			if err != nil {
				return err
			}
			// No network, and a compute tier without its ALB.
			p := &stacks.Platform{Config: cfg, Data: &stacks.DataTier{}, Compute: &stacks.ComputeTier{}, Edge: &stacks.EdgeTier{}}
			return stacks.BuildEdge(ctx, p)
		})
	require.Error(t, err, "an edge tier without its inputs must fail, not be skipped")
	for _, missing := range []string{"network: VPC id", "compute: ALB HTTPS listener ARN", "compute: edge secrets", "compute: ALB ARN", "data: assets bucket name", "data: log bucket domain"} {
		assert.Contains(t, err.Error(), missing)
	}
	assert.Empty(t, g.All(), "nothing may be registered")
}

// TestEdgeStackUserPoolHasAWebACLAndProtection: sign-in goes to
// cognito-idp directly, so the user pool itself carries a REGIONAL web ACL
// (stack region) with the sign-in rate limit on every request; with
// protectData (prod) the pool is protect + retain-on-delete. Fails before
// issue 14 (no web ACL on the pool, the pool unprotected).
func TestEdgeStackUserPoolHasAWebACLAndProtection(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g, p := edgeRunStack(t, stack)
			pool := edgeOne(t, g, edgeTUserPool)
			assocs := g.ByType("aws:wafv2/webAclAssociation:WebAclAssociation")
			require.Len(t, assocs, 1)
			assert.Equal(t, pool.Output("arn"), assocs[0].Str("resourceArn"))
			var acl *mockgraph.Resource
			for _, a := range g.ByType(edgeTWebACL) {
				if a.Output("arn") == assocs[0].Str("webAclArn") {
					acl = a
				}
			}
			require.NotNil(t, acl, "the association names a web ACL of the stack")
			assert.Equal(t, "REGIONAL", acl.Str("scope"))
			assert.Empty(t, edgeProviderRegion(g, acl), "the user pool's (the stack's) region")
			auth := edgeRules(t, acl)["rate-auth-paths"]
			require.NotNil(t, auth)
			rb := edgeObj(t, edgeObj(t, auth["statement"])["rateBasedStatement"])
			assert.Equal(t, float64(p.Config.Edge.WAF.WithDefaults().AuthRateLimit), rb["limit"], "wafAuthRateLimit")
			protect := p.Config.Data.Database.Protect
			assert.Equal(t, protect, pool.Protect, "protectData")
			assert.Equal(t, protect, pool.RetainOnDelete, "protectData")
			if stack == "prod" {
				assert.True(t, pool.Protect)
				assert.Equal(t, "ACTIVE", pool.Str("deletionProtection"))
			}
		})
	}
}
