package tests

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

const (
	edgeAssetsArn = "arn:aws:s3:::shop-assets"
	edgeWebACLArn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/abc"
	edgeAlbArn    = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188"
	edgeAPISecret = "s3cr3t-api-origin-value"
)

// edgeCDNArgs are complete arguments with explicit inputs.
func edgeCDNArgs(mod func(*cdn.CDNArgs)) cdn.CDNArgs {
	a := cdn.CDNArgs{
		Settings: cdn.Settings{
			Aliases:      []string{"shop.example.com", "www.shop.example.com"},
			HostedZoneID: "Z0123456789EXAMPLEZONE",
			Tags:         unitTags,
		},
		Wiring: cdn.Wiring{
			AssetsBucketName:               pulumi.String("shop-assets"),
			AssetsBucketArn:                pulumi.String(edgeAssetsArn),
			AssetsBucketRegionalDomainName: pulumi.String("shop-assets.s3.eu-west-1.amazonaws.com"),
			OriginDomainName:               pulumi.String("origin.shop.example.com"),
			AlbArn:                         pulumi.String(edgeAlbArn),
			WebOriginSecret:                pulumi.String(edgeSecret),
			APIOriginSecret:                pulumi.String(edgeAPISecret),
			APIDomainName:                  pulumi.String("api-origin.shop.example.com"),
			WebACLArn:                      pulumi.String(edgeWebACLArn),
			LogBucketDomainName:            pulumi.String("shop-logs.s3.amazonaws.com"),
		},
	}
	if mod != nil {
		mod(&a)
	}
	return a
}

func edgeRunCDN(t *testing.T, args cdn.CDNArgs) *mockgraph.Graph {
	t.Helper()
	return harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		if len(args.Aliases) > 0 {
			east, err := edgeEast(ctx)
			if err != nil {
				return err
			}
			args.CertificateProvider = east
		}
		_, err := cdn.NewCDN(ctx, "edge-cdn", &args)
		return err
	})
}

// edgeBehaviours returns the ordered behaviours by path plus "default".
func edgeBehaviours(t *testing.T, d *mockgraph.Resource) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{"default": d.Map("defaultCacheBehavior")}
	for _, b := range d.List("orderedCacheBehaviors") {
		m := edgeObj(t, b)
		out[m["pathPattern"].(string)] = m
	}
	return out
}

func edgeOrigins(t *testing.T, d *mockgraph.Resource) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, o := range d.List("origins") {
		m := edgeObj(t, o)
		out[m["originId"].(string)] = m
	}
	return out
}

func TestEdgeCDNIsHTTPSOnlyAtViewerAndOrigin(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(nil))
	d := edgeOne(t, g, edgeTDistribution)
	assert.Equal(t, "http2and3", d.Str("httpVersion"))
	assert.Equal(t, cdn.MinimumProtocolVersion, d.Str("viewerCertificate.minimumProtocolVersion"))
	assert.Equal(t, "TLSv1.2_2021", d.Str("viewerCertificate.minimumProtocolVersion"))
	assert.Equal(t, "sni-only", d.Str("viewerCertificate.sslSupportMethod"))
	assert.False(t, d.Bool("viewerCertificate.cloudfrontDefaultCertificate"))
	for path, b := range edgeBehaviours(t, d) {
		assert.Equal(t, "redirect-to-https", b["viewerProtocolPolicy"], "behaviour %s", path)
		assert.Equal(t, true, b["compress"], "behaviour %s compression", path)
	}
	origins := edgeOrigins(t, d)
	require.Len(t, origins, 3)
	c := edgeObj(t, origins[cdn.OriginAPI]["customOriginConfig"])
	assert.Equal(t, "https-only", c["originProtocolPolicy"])
	assert.Equal(t, []any{"TLSv1.2"}, c["originSslProtocols"], "the API origin accepts only TLS 1.2+")
	// The ALB is internal: CloudFront reaches it through a VPC origin,
	// https-only, TLS 1.2.
	vo := edgeOne(t, g, "aws:cloudfront/vpcOrigin:VpcOrigin")
	assert.Equal(t, edgeAlbArn, vo.Str("vpcOriginEndpointConfig.arn"))
	assert.Equal(t, "https-only", vo.Str("vpcOriginEndpointConfig.originProtocolPolicy"))
	assert.Equal(t, []string{"TLSv1.2"}, vo.Strings("vpcOriginEndpointConfig.originSslProtocols.items"))
	assert.Equal(t, mockID(vo), edgeObj(t, origins[cdn.OriginALB]["vpcOriginConfig"])["vpcOriginId"])
	assert.Nil(t, origins[cdn.OriginALB]["customOriginConfig"], "no public custom origin for the ALB")
	assert.Equal(t, "origin.shop.example.com", origins[cdn.OriginALB]["domainName"])
	assert.Equal(t, "api-origin.shop.example.com", origins[cdn.OriginAPI]["domainName"])
}

func TestEdgeCDNBehavioursAndManagedPolicies(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(nil))
	d := edgeOne(t, g, edgeTDistribution)
	b := edgeBehaviours(t, d)
	require.Contains(t, b, "/static/*")
	require.Contains(t, b, "/api/*")
	assert.Equal(t, cdn.OriginAssets, b["/static/*"]["targetOriginId"])
	assert.Equal(t, "658327ea-f89d-4fab-a63d-7e88639e58f6", b["/static/*"]["cachePolicyId"], "CachingOptimized")
	assert.Equal(t, cdn.OriginAPI, b["/api/*"]["targetOriginId"], "/api/* goes through the authenticating API gateway")
	assert.Equal(t, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", b["/api/*"]["cachePolicyId"], "CachingDisabled")
	assert.Equal(t, "b689b0a8-53d0-40ab-baf2-68738e2966ac", b["/api/*"]["originRequestPolicyId"], "AllViewerExceptHostHeader")
	assert.Equal(t, cdn.OriginALB, b["default"]["targetOriginId"])
	assert.Equal(t, cdn.CachingDisabledPolicyID, b["default"]["cachePolicyId"])
	hp := edgeOne(t, g, edgeTHeadersPolicy)
	for path, beh := range b {
		assert.Equal(t, mockID(hp), beh["responseHeadersPolicyId"], "behaviour %s uses the security headers", path)
	}
	assert.Equal(t, cdn.HSTSMaxAge, hp.Int("securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec"))
	assert.Equal(t, 63072000, cdn.HSTSMaxAge, "two years")
	assert.True(t, hp.Bool("securityHeadersConfig.strictTransportSecurity.includeSubdomains"))
	assert.True(t, hp.Bool("securityHeadersConfig.strictTransportSecurity.preload"))
	assert.Equal(t, "DENY", hp.Str("securityHeadersConfig.frameOptions.frameOption"))
	assert.True(t, hp.Bool("securityHeadersConfig.contentTypeOptions.override"))
	assert.Equal(t, "strict-origin-when-cross-origin", hp.Str("securityHeadersConfig.referrerPolicy.referrerPolicy"))
	assert.Equal(t, cdn.DefaultContentSecurityPolicy, hp.Str("securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy"))

	assert.Equal(t, edgeWebACLArn, d.Str("webAclId"), "WAF attached")
	assert.Equal(t, "shop-logs.s3.amazonaws.com", d.Str("loggingConfig.bucket"))
	assert.Equal(t, "PriceClass_100", d.Str("priceClass"))
	assert.Equal(t, "none", d.Str("restrictions.geoRestriction.restrictionType"))
	assert.False(t, d.Has("origins.0.originShield"), "no origin shield unless asked")
}

// TestEdgeCDNOriginSecretsAreSecretAndDistinct: the web origin carries
// secret A, the API origin secret C, each a secret in the state, and the
// web and static behaviours run the viewer-request function.
func TestEdgeCDNOriginSecretsAreSecretAndDistinct(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(nil))
	d := edgeOne(t, g, edgeTDistribution)
	want := map[string][2]string{cdn.OriginALB: {cdn.OriginVerifyHeader, edgeSecret}, cdn.OriginAPI: {cdn.APIOriginVerifyHeader, edgeAPISecret}}
	seen := 0
	for i, o := range d.List("origins") {
		w, ok := want[edgeObj(t, o)["originId"].(string)]
		if !ok {
			continue
		}
		seen++
		path := "origins." + string(rune('0'+i)) + ".customHeaders.0"
		assert.Equal(t, w[0], d.Str(path+".name"))
		assert.Equal(t, w[1], d.Str(path+".value"))
		assert.True(t, d.IsSecret(path+".value"), "the origin secret must be a secret in the state")
	}
	assert.Equal(t, 2, seen)
	fn := edgeOne(t, g, "aws:cloudfront/function:Function")
	assert.Equal(t, cdn.FunctionRuntime, fn.Str("runtime"))
	assert.True(t, fn.Bool("publish"))
	assert.Equal(t, cdn.ViewerRequestCode("/api/*"), fn.Str("code"))
	for path, b := range edgeBehaviours(t, d) {
		if path == "/api/*" {
			continue
		}
		fas, _ := b["functionAssociations"].([]any)
		require.Len(t, fas, 1, path)
		fa := edgeObj(t, fas[0])
		assert.Equal(t, "viewer-request", fa["eventType"], path)
		assert.Equal(t, fn.Output("arn"), fa["functionArn"], path)
	}
}

func TestEdgeCDNBucketIsReadableOnlyByTheDistribution(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(nil))
	d := edgeOne(t, g, edgeTDistribution)
	oac := edgeOne(t, g, edgeTOAC)
	assert.Equal(t, "always", oac.Str("signingBehavior"))
	assert.Equal(t, "sigv4", oac.Str("signingProtocol"))
	assert.Equal(t, mockID(oac), edgeOrigins(t, d)[cdn.OriginAssets]["originAccessControlId"])

	bp := edgeOne(t, g, edgeTBucketPolicy)
	assert.Equal(t, "shop-assets", bp.Str("bucket"))
	var doc awsutil.PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(bp.Str("policy")), &doc))
	allows := 0
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		allows++
		assert.Equal(t, map[string]any{"Service": "cloudfront.amazonaws.com"}, s.Principal)
		assert.Equal(t, "s3:GetObject", s.Action, "read only")
		assert.Equal(t, edgeAssetsArn+"/*", s.Resource)
		assert.Equal(t, d.Output("arn"), s.Condition["StringEquals"]["AWS:SourceArn"], "only this distribution")
	}
	assert.Equal(t, 1, allows, "exactly one Allow statement")
}

func TestEdgeCDNCertificateIsIssuedInUSEast1AndValidatedByDNS(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(nil))
	cert := edgeOne(t, g, edgeTCertificate)
	assert.Equal(t, "us-east-1", edgeProviderRegion(g, cert), "CloudFront only accepts us-east-1 certificates")
	assert.Equal(t, "DNS", cert.Str("validationMethod"))
	assert.Equal(t, "shop.example.com", cert.Str("domainName"))
	assert.Equal(t, []string{"www.shop.example.com"}, cert.Strings("subjectAlternativeNames"))
	val := edgeOne(t, g, edgeTCertValidation)
	assert.Equal(t, "us-east-1", edgeProviderRegion(g, val))
	var validation []*mockgraph.Resource
	for _, r := range g.ByType(edgeTRecord) {
		if r.Str("type") == "CNAME" {
			validation = append(validation, r)
			assert.Equal(t, "Z0123456789EXAMPLEZONE", r.Str("zoneId"))
		}
	}
	require.Len(t, validation, 2, "one validation record per alias")
	assert.Len(t, val.List("validationRecordFqdns"), 2)
	d := edgeOne(t, g, edgeTDistribution)
	assert.Equal(t, cert.Output("arn"), d.Str("viewerCertificate.acmCertificateArn"), "the distribution waits for the validated certificate")
	assert.Equal(t, []string{"shop.example.com", "www.shop.example.com"}, d.Strings("aliases"))
	assert.Len(t, g.Filter(func(r *mockgraph.Resource) bool {
		return r.Type == edgeTRecord && (r.Str("type") == "A" || r.Str("type") == "AAAA")
	}), 4, "A and AAAA alias records per alias")
}

func TestEdgeCDNDefaultCertificateOnlyWhenAllowed(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(func(a *cdn.CDNArgs) { a.Aliases = nil; a.AllowDefaultCertificate = true }))
	d := edgeOne(t, g, edgeTDistribution)
	assert.True(t, d.Bool("viewerCertificate.cloudfrontDefaultCertificate"))
	assert.Empty(t, g.ByType(edgeTCertificate))
	assert.Empty(t, g.ByType(edgeTRecord))
}

func TestEdgeCDNOriginShieldAndGeoRestriction(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(func(a *cdn.CDNArgs) {
		a.OriginShield = true
		a.PriceClass = "PriceClass_All"
		a.GeoRestrictionType = "whitelist"
		a.GeoLocations = []string{"DE", "FR"}
	}))
	d := edgeOne(t, g, edgeTDistribution)
	o := edgeOrigins(t, d)
	for _, id := range []string{cdn.OriginALB, cdn.OriginAssets} {
		shield := edgeObj(t, o[id]["originShield"])
		assert.Equal(t, true, shield["enabled"], "origin %s", id)
		assert.Equal(t, "eu-west-1", shield["originShieldRegion"], "shield in the origins' region")
	}
	assert.Equal(t, "PriceClass_All", d.Str("priceClass"))
	assert.Equal(t, "whitelist", d.Str("restrictions.geoRestriction.restrictionType"))
	assert.Equal(t, []string{"DE", "FR"}, d.Strings("restrictions.geoRestriction.locations"))
}

func TestEdgeCDNRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*cdn.CDNArgs)
		want string
	}{
		{"no alias and no permission for the default certificate", func(a *cdn.CDNArgs) { a.Aliases = nil }, "Aliases: must name at least one domain"},
		{"alias without zone", func(a *cdn.CDNArgs) { a.HostedZoneID = "" }, "HostedZoneID: is required with Aliases"},
		{"alias not a DNS name", func(a *cdn.CDNArgs) { a.Aliases = []string{"Shop_Example"} }, "Aliases: \"Shop_Example\" is not"},
		{"unknown price class", func(a *cdn.CDNArgs) { a.PriceClass = "PriceClass_50" }, "PriceClass: must be one of PriceClass_100, PriceClass_200, PriceClass_All"},
		{"geo restriction without countries", func(a *cdn.CDNArgs) { a.GeoRestrictionType = "blacklist" }, "GeoLocations: must list"},
		{"bad country code", func(a *cdn.CDNArgs) { a.GeoRestrictionType = "whitelist"; a.GeoLocations = []string{"Germany"} }, "GeoLocations: \"Germany\""},
		{"no WAF", func(a *cdn.CDNArgs) { a.WebACLArn = nil }, "WebACLArn: is required"},
		{"no web origin secret", func(a *cdn.CDNArgs) { a.WebOriginSecret = nil }, "WebOriginSecret: is required"},
		{"no API origin secret", func(a *cdn.CDNArgs) { a.APIOriginSecret = nil }, "APIOriginSecret: is required"},
		{"no ALB", func(a *cdn.CDNArgs) { a.AlbArn = nil }, "AlbArn: is required"},
		{"API pattern with a wildcard inside", func(a *cdn.CDNArgs) { a.APIPathPattern = "/a*i/*" }, "APIPathPattern: must be a prefix"},
		{"no bucket", func(a *cdn.CDNArgs) { a.AssetsBucketArn = nil }, "AssetsBucketArn: is required"},
		{"bad referrer policy", func(a *cdn.CDNArgs) { a.ReferrerPolicy = "always" }, "ReferrerPolicy: must be one of"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
				args := edgeCDNArgs(c.mod)
				_, err := cdn.NewCDN(ctx, "c", &args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, g.All(), "nothing may be registered for invalid args")
		})
	}
	t.Run("certificate provider outside us-east-1", func(t *testing.T) {
		g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
			ireland, err := aws.NewProvider(ctx, "euw1", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
			if err != nil {
				return err
			}
			args := edgeCDNArgs(func(a *cdn.CDNArgs) { a.CertificateProvider = ireland })
			_, err = cdn.NewCDN(ctx, "c", &args)
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "CertificateProvider: CloudFront only accepts ACM certificates from us-east-1, the provider is in eu-west-1")
		assert.Empty(t, g.ByType(cdn.TypeToken), "nothing but the test's provider may be registered")
		assert.Len(t, g.All(), 1)
	})
	t.Run("alias without certificate provider", func(t *testing.T) {
		_, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
			args := edgeCDNArgs(nil)
			_, err := cdn.NewCDN(ctx, "c", &args)
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "CertificateProvider: is required with Aliases")
	})
}
