package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

const edgeListenerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/abc/def"

func edgeAPIArgs(mod func(*apigateway.APIArgs)) apigateway.APIArgs {
	a := apigateway.APIArgs{
		Settings: apigateway.Settings{
			OriginServerName: "origin.shop.example.com",
			DomainName:       "shop.example.com",
			HostedZoneId:     "Z0123456789EXAMPLEZONE",
			Routes: []apigateway.Route{
				{Method: "ANY", Path: "/api/{proxy+}", BurstLimit: 300, RateLimit: 150},
				{Method: "POST", Path: "/api/auth/token", BurstLimit: 20, RateLimit: 10},
				{Method: "GET", Path: "/api/items"},
			},
			Tags: unitTags,
		},
		Wiring: edgeAPIWiring(),
	}
	if mod != nil {
		mod(&a)
	}
	return a
}

// edgeAPIWiring is complete wiring with explicit inputs.
func edgeAPIWiring() apigateway.Wiring {
	return apigateway.Wiring{
		VpcId:              pulumi.String("vpc-123"),
		VpcCidr:            pulumi.String("10.30.0.0/16"),
		SubnetIds:          pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
		ListenerArn:        pulumi.String(edgeListenerArn),
		AlbSecurityGroupId: pulumi.String("sg-alb"),
		GatewaySecret:      pulumi.String(edgeSecret),
	}
}

func edgeRunAPI(t *testing.T, args apigateway.APIArgs) *mockgraph.Graph {
	t.Helper()
	return harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := apigateway.NewAPI(ctx, "edge-api", &args)
		return err
	})
}

func TestEdgeAPIRoutesRequireTheJWTAuthorizer(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(nil))
	api := edgeOne(t, g, edgeTAPI)
	assert.Equal(t, "HTTP", api.Str("protocolType"))
	authz := edgeOne(t, g, edgeTAuthorizer)
	assert.Equal(t, "JWT", authz.Str("authorizerType"))
	assert.Equal(t, []string{"$request.header.Authorization"}, authz.Strings("identitySources"))
	pool := edgeOne(t, g, edgeTUserPool)
	client := edgeOne(t, g, edgeTUserPoolClient)
	assert.Equal(t, "https://"+pool.Output("endpoint").(string), authz.Str("jwtConfiguration.issuer"), "tokens of the user pool")
	assert.Equal(t, []string{mockID(client)}, authz.Strings("jwtConfiguration.audiences"), "issued to the app client")

	routes := g.ByType(edgeTRoute)
	require.Len(t, routes, 3)
	for _, r := range routes {
		assert.Equal(t, "JWT", r.Str("authorizationType"), "route %s", r.Str("routeKey"))
		assert.Equal(t, mockID(authz), r.Str("authorizerId"), "route %s", r.Str("routeKey"))
		assert.Equal(t, "integrations/"+mockID(edgeOne(t, g, edgeTIntegration)), r.Str("target"))
	}
}

func TestEdgeAPIThrottlingAsConfigured(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(func(a *apigateway.APIArgs) { a.DefaultBurstLimit = 40; a.DefaultRateLimit = 30 }))
	stage := edgeOne(t, g, edgeTStage)
	assert.Equal(t, "$default", stage.Str("name"))
	assert.True(t, stage.Bool("autoDeploy"))
	assert.Equal(t, 40, stage.Int("defaultRouteSettings.throttlingBurstLimit"))
	assert.Equal(t, 30, stage.Int("defaultRouteSettings.throttlingRateLimit"))
	got := map[string][2]int{}
	for _, s := range stage.List("routeSettings") {
		m := edgeObj(t, s)
		got[m["routeKey"].(string)] = [2]int{int(m["throttlingBurstLimit"].(float64)), int(m["throttlingRateLimit"].(float64))}
	}
	assert.Equal(t, map[string][2]int{
		"ANY /api/{proxy+}":    {300, 150},
		"POST /api/auth/token": {20, 10},
		"GET /api/items":       {40, 30}, // the defaults
	}, got)
	for _, r := range g.ByType(edgeTRoute) {
		assert.True(t, stage.DependsOn(r), "the stage's route settings need route %s to exist", r.Name)
	}
	lg := edgeOne(t, g, tLogGroup)
	assert.Equal(t, lg.Output("arn"), stage.Str("accessLogSettings.destinationArn"))
	assert.Equal(t, "/aws/apigateway/edge-api", lg.Str("name"))
	assert.Equal(t, apigateway.Settings{}.WithDefaults().LogRetentionDays, lg.Int("retentionInDays"), "the documented default")
	assert.NotContains(t, stage.Str("accessLogSettings.format"), "header.Authorization", "never log tokens")
}

func TestEdgeAPIReachesTheALBPrivatelyWithTheOriginSecret(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(nil))
	in := edgeOne(t, g, edgeTIntegration)
	link := edgeOne(t, g, edgeTVpcLink)
	assert.Equal(t, "HTTP_PROXY", in.Str("integrationType"))
	assert.Equal(t, "VPC_LINK", in.Str("connectionType"))
	assert.Equal(t, mockID(link), in.Str("connectionId"))
	assert.Equal(t, edgeListenerArn, in.Str("integrationUri"))
	assert.Equal(t, "origin.shop.example.com", in.Str("tlsConfig.serverNameToVerify"))
	// The parameter name contains a dot, so read the map directly: the
	// gateway's own secret (B) and the JWT's subject.
	assert.Equal(t, map[string]any{apigateway.GatewayVerifyParameter: edgeSecret, "overwrite:header.X-Auth-Sub": "$context.authorizer.claims.sub"}, in.Map("requestParameters"))
	v := in.Inputs["requestParameters"].ObjectValue()[apigateway.GatewayVerifyParameter]
	assert.True(t, v.IsSecret() || (v.IsOutput() && v.OutputValue().Secret), "the gateway secret must be a secret in the state")
	assert.Equal(t, "overwrite:header.X-Gateway-Verify", apigateway.GatewayVerifyParameter)

	assert.Equal(t, []string{"subnet-a", "subnet-b"}, link.Strings("subnetIds"))
	var linkSG *mockgraph.Resource
	for _, sg := range g.ByType(tSG) {
		if mockID(sg) == link.Strings("securityGroupIds")[0] {
			linkSG = sg
		}
	}
	require.NotNil(t, linkSG)
	assert.Empty(t, linkSG.List("ingress"))
	egress := linkSG.List("egress")
	require.Len(t, egress, 1)
	e := edgeObj(t, egress[0])
	assert.Equal(t, 443.0, e["fromPort"])
	assert.Equal(t, 443.0, e["toPort"])
	assert.Equal(t, []any{"10.30.0.0/16"}, e["cidrBlocks"], "HTTPS into the VPC only")

	rule := edgeOne(t, g, edgeTIngressRule)
	assert.Equal(t, "sg-alb", rule.Str("securityGroupId"))
	assert.Equal(t, mockID(linkSG), rule.Str("referencedSecurityGroupId"))
	assert.Equal(t, 443, rule.Int("fromPort"))
	assert.Equal(t, 443, rule.Int("toPort"))
}

// TestEdgeAPIOnlyItsCustomDomainServesIt: the execute-api endpoint is off
// and a regional custom domain (TLS 1.2, a DNS-validated certificate in
// the stack's region, mapped to the $default stage, an alias record) is
// the only way in. Fails before issue 14 (the endpoint was on).
func TestEdgeAPIOnlyItsCustomDomainServesIt(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(nil))
	api := edgeOne(t, g, edgeTAPI)
	assert.True(t, api.Bool("disableExecuteApiEndpoint"))
	dn := edgeOne(t, g, "aws:apigatewayv2/domainName:DomainName")
	assert.Equal(t, "edge-api.shop.example.com", dn.Str("domainName"))
	assert.Equal(t, "REGIONAL", dn.Str("domainNameConfiguration.endpointType"))
	assert.Equal(t, "TLS_1_2", dn.Str("domainNameConfiguration.securityPolicy"))
	cert := edgeOne(t, g, edgeTCertificate)
	assert.Equal(t, "edge-api.shop.example.com", cert.Str("domainName"))
	assert.Empty(t, edgeProviderRegion(g, cert), "the stack's region (regional endpoint), not us-east-1")
	m := edgeOne(t, g, "aws:apigatewayv2/apiMapping:ApiMapping")
	assert.Equal(t, mockID(api), m.Str("apiId"))
	assert.Equal(t, mockID(dn), m.Str("domainName"))
	assert.Equal(t, "$default", m.Str("stage"))
	rec := g.Named(edgeTRecord, "edge-api-domain")
	require.NotNil(t, rec)
	assert.Equal(t, "edge-api.shop.example.com", rec.Str("name"))
	assert.Equal(t, "Z0123456789EXAMPLEZONE", rec.Str("zoneId"))
}

// TestEdgeAPIUserPoolProtection: with ProtectUserPool the pool is
// protect + retain-on-delete; without, neither. Fails before issue 14.
func TestEdgeAPIUserPoolProtection(t *testing.T) {
	for _, on := range []bool{true, false} {
		g := edgeRunAPI(t, edgeAPIArgs(func(a *apigateway.APIArgs) { a.ProtectUserPool = on }))
		pool := edgeOne(t, g, edgeTUserPool)
		assert.Equal(t, on, pool.Protect, "protect %v", on)
		assert.Equal(t, on, pool.RetainOnDelete, "retainOnDelete %v", on)
		assert.Equal(t, "ACTIVE", pool.Str("deletionProtection"))
	}
}

func TestEdgeAPIUserPoolIsHardened(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(func(a *apigateway.APIArgs) { a.MFA = "ON" }))
	pool := edgeOne(t, g, edgeTUserPool)
	assert.Equal(t, "ON", pool.Str("mfaConfiguration"))
	assert.True(t, pool.Bool("softwareTokenMfaConfiguration.enabled"))
	assert.Equal(t, 14, pool.Int("passwordPolicy.minimumLength"))
	for _, req := range []string{"requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"} {
		assert.True(t, pool.Bool("passwordPolicy."+req), req)
	}
	assert.Equal(t, "ENFORCED", pool.Str("userPoolAddOns.advancedSecurityMode"))
	assert.Equal(t, "PLUS", pool.Str("userPoolTier"), "threat protection needs the PLUS plan")
	assert.Equal(t, "ACTIVE", pool.Str("deletionProtection"))
	client := edgeOne(t, g, edgeTUserPoolClient)
	assert.False(t, client.Bool("generateSecret"))
	assert.Equal(t, "ENABLED", client.Str("preventUserExistenceErrors"))
}

func TestEdgeAPIWithAnExternalIssuerCreatesNoUserPool(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(func(a *apigateway.APIArgs) {
		a.Issuer = "https://login.example.com/realms/shop"
		a.Audiences = []string{"shop-api"}
	}))
	assert.Empty(t, g.ByType(edgeTUserPool))
	authz := edgeOne(t, g, edgeTAuthorizer)
	assert.Equal(t, "https://login.example.com/realms/shop", authz.Str("jwtConfiguration.issuer"))
	assert.Equal(t, []string{"shop-api"}, authz.Strings("jwtConfiguration.audiences"))
}

func TestEdgeAPIRouteWithoutAuthOnlyWhenExplicit(t *testing.T) {
	g := edgeRunAPI(t, edgeAPIArgs(func(a *apigateway.APIArgs) {
		a.Routes = []apigateway.Route{{Path: "/api/{proxy+}"}, {Method: "GET", Path: "/api/health", AuthDisabled: true}}
	}))
	for _, r := range g.ByType(edgeTRoute) {
		if r.Str("routeKey") == "GET /api/health" {
			assert.Equal(t, "NONE", r.Str("authorizationType"))
			assert.False(t, r.Has("authorizerId"))
		} else {
			assert.Equal(t, "JWT", r.Str("authorizationType"), "a route left at its default requires auth")
		}
	}
}

func TestEdgeAPIRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*apigateway.APIArgs)
		want string
	}{
		{"no listener", func(a *apigateway.APIArgs) { a.ListenerArn = nil }, "ListenerArn: is required"},
		{"no gateway secret", func(a *apigateway.APIArgs) { a.GatewaySecret = nil }, "GatewaySecret: is required"},
		{"no domain", func(a *apigateway.APIArgs) { a.DomainName = "" }, "DomainName: must be a lower-case DNS name"},
		{"bad zone", func(a *apigateway.APIArgs) { a.HostedZoneId = "zone" }, "HostedZoneId: must be a Route 53 zone id"},
		{"no server name", func(a *apigateway.APIArgs) { a.OriginServerName = "" }, "OriginServerName: must be the DNS name"},
		{"issuer not https", func(a *apigateway.APIArgs) { a.Issuer = "http://idp"; a.Audiences = []string{"x"} }, "Issuer: must be an https://"},
		{"issuer without audience", func(a *apigateway.APIArgs) { a.Issuer = "https://idp.example.com" }, "Audiences: must list"},
		{"unknown MFA", func(a *apigateway.APIArgs) { a.MFA = "SMS" }, "MFA: must be one of OFF, OPTIONAL, ON"},
		{"short passwords", func(a *apigateway.APIArgs) { a.PasswordMinLength = 8 }, "PasswordMinLength: must be between 12 and 99"},
		{"route rate above the account limit", func(a *apigateway.APIArgs) { a.Routes[0].RateLimit = 20000 }, "Routes[ANY /api/{proxy+}].RateLimit: must be between 1 and 10000"},
		{"route twice", func(a *apigateway.APIArgs) { a.Routes = append(a.Routes, a.Routes[1]) }, "is listed twice"},
		{"unknown method", func(a *apigateway.APIArgs) { a.Routes[0].Method = "FETCH" }, "Routes[FETCH /api/{proxy+}].Method: must be one of"},
		{"route twice names it by its key", func(a *apigateway.APIArgs) { a.Routes = append(a.Routes, a.Routes[2]) }, "Routes[GET /api/items]: route \"GET /api/items\" is listed twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
				args := edgeAPIArgs(c.mod)
				_, err := apigateway.NewAPI(ctx, "a", &args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, g.All(), "nothing may be registered for invalid args")
		})
	}
}
