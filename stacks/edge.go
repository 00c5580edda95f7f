package stacks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/waf"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// EdgeConfig is the edge tier's configuration: the CDN, the WAF and the
// API gateway that authenticates and throttles /api/*.
//
// Design (decided for issue 5, hardened for issue 14): /api/* goes
// CloudFront → the HTTP API's regional custom domain (JWT authorizer,
// per-route throttling, VPC link to the internal ALB's HTTPS listener;
// no execute-api endpoint); web paths go CloudFront → VPC origin →
// internal ALB, through a viewer-request function that refuses every
// variant of an API path; /static/* goes to S3. Each hop has its own
// credential (see loadbalancer.OriginHeaderName); the user pool's sign-in
// has its own REGIONAL web ACL.
// pulumi-aws v6.83.2 has no ALB JWT-validation action and the ALB's
// authenticate-oidc/cognito actions only serve browser cookie sessions, so
// bearer-token clients could only be authenticated before the pods by the
// HTTP API. Per-client limits are WAF rate rules (client IP, Authorization
// header); per-route limits are HTTP API throttling. Costs: one more hop
// (~10-20 ms), $1 per million API requests, 30 s integration timeout,
// 10 MB payloads.
type EdgeConfig struct {
	// AuthEnabled switches JWT authentication of every API route.
	AuthEnabled bool

	// WAF, CDN and API are the components' settings. CDN.Aliases are the
	// domain name and cdnAliases (none with cdnDefaultCertificate: the
	// *.cloudfront.net name, not in prod); API.Routes come from apiRoutes.
	WAF waf.Settings
	CDN cdn.Settings
	API apigateway.Settings
}

// EdgeTier holds the edge tier's components, built on the network, the
// compute tier's ALB and the data tier's buckets.
type EdgeTier struct {
	// USEast1 is the provider for the certificate, the WAF and its logs.
	USEast1 *aws.Provider
	WAF     *waf.WebACL
	// UserPoolWAF is the REGIONAL web ACL on the Cognito user pool (nil
	// with an external issuer).
	UserPoolWAF *waf.WebACL
	API         *apigateway.API
	CDN         *cdn.CDN

	cfg EdgeConfig
}

// edgeRouteSpec is one entry of the apiRoutes config map, keyed by
// "<METHOD> <path>".
type edgeRouteSpec struct {
	Burst int   `json:"burst"`
	Rate  int   `json:"rate"`
	Auth  *bool `json:"auth"`
}

// loadEdge reads the edge tier's config keys.
func (c *Config) loadEdge(l *loader) {
	e := &c.Edge
	l.bool("apiAuthEnabled", &e.AuthEnabled)
	c.loadWAF(l)
	c.loadCDN(l)
	c.loadAPI(l)
}

func (c *Config) loadWAF(l *loader) {
	w := &c.Edge.WAF
	l.count("wafRateLimitPerIp", &w.RateLimitPerIP)
	l.count("wafAuthRateLimit", &w.AuthRateLimit)
	l.count("wafRateLimitPerToken", &w.RateLimitPerToken)
	l.bool("wafAnonymousIpList", &w.AnonymousIPList)
	l.count("wafLogRetentionDays", &w.LogRetentionDays)
	l.object("wafAuthPaths", &w.AuthPaths)
}

func (c *Config) loadCDN(l *loader) {
	cd := &c.Edge.CDN
	// The domain is always served, with any extra aliases, unless the
	// stack opts into CloudFront's default certificate (no alias at all).
	var extra []string
	l.object("cdnAliases", &extra)
	cd.Aliases = nil
	if !l.bool("cdnDefaultCertificate", &cd.AllowDefaultCertificate) {
		cd.Aliases = append([]string{c.DomainName}, extra...)
	}
	// A problem with the aliases is the domain's unless cdnAliases adds some.
	aliasesKey := "cdnAliases"
	if len(extra) == 0 {
		aliasesKey = "domainName"
	}
	l.record(aliasesKey, &cd.Aliases)
	cd.HostedZoneID = c.HostedZoneID
	l.record("hostedZoneId", &cd.HostedZoneID)
	l.str("cdnPriceClass", &cd.PriceClass)
	l.bool("cdnOriginShield", &cd.OriginShield)
	l.str("cdnGeoRestrictionType", &cd.GeoRestrictionType)
	l.str("cdnContentSecurityPolicy", &cd.ContentSecurityPolicy)
	l.object("cdnGeoLocations", &cd.GeoLocations)
}

func (c *Config) loadAPI(l *loader) {
	a := &c.Edge.API
	a.OriginServerName = c.Compute.LoadBalancer.OriginDomainName() // the name its certificate covers
	a.DomainName, a.HostedZoneId = c.DomainName, c.HostedZoneID
	l.record("domainName", &a.OriginServerName, &a.DomainName)
	l.record("hostedZoneId", &a.HostedZoneId)
	// The user pool holds data: protected like the data tier's stores.
	a.ProtectUserPool, a.AllowUserPoolDeletion = c.Data.Database.Protect, c.Data.Database.AllowDeletion
	l.record("protectData", &a.ProtectUserPool)
	l.record("allowDataDeletion", &a.AllowUserPoolDeletion)
	l.str("apiIssuer", &a.Issuer)
	l.str("apiMfa", &a.MFA)
	l.str("apiAdvancedSecurity", &a.AdvancedSecurity)
	l.count("apiDefaultBurstLimit", &a.DefaultBurstLimit)
	l.count("apiDefaultRateLimit", &a.DefaultRateLimit)
	l.count("apiLogRetentionDays", &a.LogRetentionDays)
	l.object("apiAudiences", &a.Audiences)
	var specs map[string]edgeRouteSpec
	l.object("apiRoutes", &specs)
	a.Routes = edgeRoutes(specs, c.Edge.AuthEnabled)
	l.record("apiRoutes", &a.Routes)
}

// edgeRoutes turns the apiRoutes map into routes in a stable order. With
// no map, the API has one catch-all route under /api/.
func edgeRoutes(specs map[string]edgeRouteSpec, authEnabled bool) []apigateway.Route {
	if len(specs) == 0 {
		specs = map[string]edgeRouteSpec{"ANY /api/{proxy+}": {}}
	}
	keys := make([]string, 0, len(specs))
	for k := range specs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []apigateway.Route
	for _, k := range keys {
		s := specs[k]
		method, path, _ := strings.Cut(strings.TrimSpace(k), " ")
		r := apigateway.Route{Method: method, Path: strings.TrimSpace(path), BurstLimit: s.Burst, RateLimit: s.Rate}
		r.AuthDisabled = !authEnabled || (s.Auth != nil && !*s.Auth)
		out = append(out, r)
	}
	return out
}

// apiName names the API component, whose name starts its custom domain
// (apigateway.Settings.CustomDomainName).
func (c *Config) apiName() string { return c.Name() + "-api" }

// validateEdge checks the edge tier's settings (a route's problems name
// its apiRoutes key: "apiRoutes[GET /api/x].rate") and the environment's
// policies for them.
func (c *Config) validateEdge(p *validate.Problems) {
	e := &c.Edge
	// The CDN's zone and aliases and the API's origin name are the stack's
	// hostedZoneId and domainName, which the stack validates first: a bad
	// value is reported once, by the stack's own message.
	p.MergeNew(c.rename(&e.WAF, e.WAF.WithDefaults().Validate()))
	p.MergeNew(c.rename(&e.CDN, e.CDN.WithDefaults().Validate()))
	p.MergeNew(c.rename(&e.API, e.API.WithDefaults().Validate()))

	if c.Environment != Prod {
		return
	}
	if !e.AuthEnabled {
		p.Addf(c.key(&e.AuthEnabled), "must be true in prod: every API request is authenticated before it reaches the pods")
	}
	for _, r := range e.API.Routes {
		if e.AuthEnabled && r.AuthDisabled {
			p.Addf(c.key(&e.API.Routes), "route %q disables authentication, which prod does not allow", r.Key())
		}
	}
	if len(e.CDN.Aliases) == 0 {
		p.Addf(c.key(&e.CDN.AllowDefaultCertificate), "must be false in prod: the default *.cloudfront.net certificate is only allowed outside prod")
	}
}

// edgeWiring is what the edge tier needs from the other tiers.
type edgeWiring struct {
	// From the network: the VPC link's VPC and private subnets.
	VpcId, VpcCidr   pulumi.StringInput
	PrivateSubnetIds pulumi.StringArrayInput
	// From the compute tier: the ALB.
	AlbArn             pulumi.StringInput // the VPC origin's target
	ListenerArn        pulumi.StringInput // its HTTPS listener
	AlbSecurityGroupId pulumi.StringInput // its security group
	// The edge credentials its rules require (A, C and B, see
	// loadbalancer.OriginHeaderName).
	WebOriginSecret, APIOriginSecret, GatewaySecret pulumi.StringInput
	// From the data tier: the buckets.
	AssetsBucketName               pulumi.StringInput
	AssetsBucketArn                pulumi.StringInput
	AssetsBucketRegionalDomainName pulumi.StringInput
	LogBucketDomainName            pulumi.StringInput // ACLs enabled for CloudFront log delivery
}

// edgeWiringOf gathers the cross-tier inputs; the error names every
// missing one.
func edgeWiringOf(p *Platform) (edgeWiring, error) {
	in := edgeWiring{}
	if n := p.Network; n != nil {
		in.VpcId, in.VpcCidr, in.PrivateSubnetIds = n.VpcId, n.VpcCidr, n.PrivateSubnetIds
	}
	if p.Compute != nil && p.Compute.LoadBalancer != nil {
		// CloudFront and the VPC link reach the ALB as origin.<domainName>,
		// the name its certificate covers and its alias record carries.
		lb := p.Compute.LoadBalancer
		in.AlbArn, in.ListenerArn, in.AlbSecurityGroupId = lb.Arn, lb.HttpsListenerArn, lb.SecurityGroupId
		in.WebOriginSecret, in.APIOriginSecret, in.GatewaySecret = lb.WebOriginSecret, lb.APIOriginSecret, lb.GatewaySecret
	}
	if p.Data != nil && p.Data.Storage != nil {
		// The edge tier owns the assets bucket's policy; the log bucket
		// allows ACLs (BucketOwnerPreferred) for CloudFront's standard logs.
		st := p.Data.Storage
		in.AssetsBucketName, in.AssetsBucketArn = st.AssetsBucketName, st.AssetsBucketArn
		in.AssetsBucketRegionalDomainName = st.AssetsBucketRegionalDomainName
		in.LogBucketDomainName = st.LogBucketDomainName
	}
	var missing []string
	for _, v := range []struct {
		name string
		set  bool
	}{
		{"network: VPC id", in.VpcId != nil}, {"network: VPC CIDR", in.VpcCidr != nil},
		{"network: private subnets", in.PrivateSubnetIds != nil},
		{"compute: ALB HTTPS listener ARN", in.ListenerArn != nil}, {"compute: ALB security group", in.AlbSecurityGroupId != nil},
		{"compute: ALB ARN", in.AlbArn != nil},
		{"compute: edge secrets", in.WebOriginSecret != nil && in.APIOriginSecret != nil && in.GatewaySecret != nil},
		{"data: assets bucket name", in.AssetsBucketName != nil}, {"data: assets bucket ARN", in.AssetsBucketArn != nil},
		{"data: assets bucket domain", in.AssetsBucketRegionalDomainName != nil}, {"data: log bucket domain", in.LogBucketDomainName != nil},
	} {
		if !v.set {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return in, fmt.Errorf("the edge tier (CDN, WAF, API gateway) needs inputs the other tiers did not provide: %s", strings.Join(missing, ", "))
	}
	return in, nil
}

// buildEdge creates the edge tier in Build's sequence.
func buildEdge(ctx *pulumi.Context, p *Platform) error { return BuildEdge(ctx, p) }

// BuildEdge creates the edge tier's components from the platform's other
// tiers: the us-east-1 provider, the WAF, the API gateway and the CDN in
// front of them. It fails, registering nothing, when an input it needs
// from the network, compute or data tier is missing.
func BuildEdge(ctx *pulumi.Context, p *Platform) error {
	in, err := edgeWiringOf(p)
	if err != nil {
		return err
	}
	if p.Edge == nil {
		p.Edge = &EdgeTier{}
	}
	c, t := p.Config, p.Edge
	t.cfg = c.Edge
	name := c.Name()
	if t.USEast1, err = aws.NewProvider(ctx, name+"-us-east-1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")}); err != nil {
		return fmt.Errorf("us-east-1 provider: %w", err)
	}
	if t.WAF, err = waf.NewWebACL(ctx, name+"-waf", &waf.WebACLArgs{Settings: c.Edge.WAF, Wiring: waf.Wiring{Provider: t.USEast1}}); err != nil {
		return err
	}
	if t.API, err = apigateway.NewAPI(ctx, c.apiName(), &apigateway.APIArgs{Settings: c.Edge.API, Wiring: apigateway.Wiring{
		VpcId: in.VpcId, VpcCidr: in.VpcCidr, SubnetIds: in.PrivateSubnetIds,
		ListenerArn: in.ListenerArn, AlbSecurityGroupId: in.AlbSecurityGroupId, GatewaySecret: in.GatewaySecret,
	}}); err != nil {
		return err
	}
	if c.Edge.API.Issuer == "" {
		// Sign-in goes to cognito-idp directly: its own web ACL, in the
		// stack's region, with the same rules (AuthRateLimit on every
		// request).
		ws := c.Edge.WAF
		ws.Scope = "REGIONAL"
		if t.UserPoolWAF, err = waf.NewWebACL(ctx, name+"-users-waf", &waf.WebACLArgs{Settings: ws, Wiring: waf.Wiring{
			Associations: map[string]pulumi.StringInput{"user-pool": t.API.UserPoolArn},
		}}); err != nil {
			return err
		}
	}
	if t.CDN, err = cdn.NewCDN(ctx, name+"-cdn", &cdn.CDNArgs{Settings: c.Edge.CDN, Wiring: cdn.Wiring{
		CertificateProvider: t.USEast1,
		AssetsBucketName:    in.AssetsBucketName, AssetsBucketArn: in.AssetsBucketArn,
		AssetsBucketRegionalDomainName: in.AssetsBucketRegionalDomainName,
		LogBucketDomainName:            in.LogBucketDomainName,
		OriginDomainName:               pulumi.String(c.Edge.API.OriginServerName),
		AlbArn:                         in.AlbArn,
		WebOriginSecret:                in.WebOriginSecret,
		APIOriginSecret:                in.APIOriginSecret,
		APIDomainName:                  t.API.Host,
		WebACLArn:                      t.WAF.Arn,
	}}); err != nil {
		return err
	}
	return nil
}

// outputs adds the edge tier's stack outputs.
func (t *EdgeTier) outputs(out map[string]pulumi.Input) {
	if t.CDN == nil {
		return
	}
	out["cdnDomainName"] = t.CDN.DomainName
	out["cdnDistributionId"] = t.CDN.DistributionId
	out["apiEndpoint"] = t.API.ApiEndpoint
	out["apiIssuer"] = t.API.Issuer
	out["userPoolId"] = t.API.UserPoolId
	out["userPoolClientId"] = t.API.UserPoolClientId
	out["webAclArn"] = t.WAF.Arn
	if t.UserPoolWAF != nil {
		out["userPoolWebAclArn"] = t.UserPoolWAF.Arn
	}
}

// summary lists the edge tier's key settings for the offline plan.
func (t *EdgeTier) summary() []Setting {
	e := t.cfg
	w, a, cd := e.WAF.WithDefaults(), e.API.WithDefaults(), e.CDN.WithDefaults()
	aliases := strings.Join(e.CDN.Aliases, ", ")
	if aliases == "" {
		aliases = "none (default *.cloudfront.net certificate)"
	}
	auth := "JWT on every route"
	if a.Issuer == "" {
		auth += fmt.Sprintf(" (Cognito user pool, MFA %s, threat protection %s)", a.MFA, a.AdvancedSecurity)
	} else {
		auth += " (issuer " + a.Issuer + ")"
	}
	var open []string
	for _, r := range e.API.Routes {
		if r.AuthDisabled {
			open = append(open, r.Key())
		}
	}
	if len(open) > 0 {
		auth = "DISABLED on " + strings.Join(open, ", ")
	}
	var routes []string
	for _, r := range a.Routes {
		routes = append(routes, fmt.Sprintf("%s (%d rps, burst %d)", r.Key(), r.RateLimit, r.BurstLimit))
	}
	built := "yes"
	if t.CDN == nil {
		built = "no"
	}
	return []Setting{
		{"edge", "built", built},
		{"edge", "CDN aliases", aliases},
		{"edge", "price class / shield", fmt.Sprintf("%s / %v", cd.PriceClass, cd.OriginShield)},
		{"edge", "geo restriction", cd.GeoRestrictionType},
		{"edge", "WAF limits per 5 min", fmt.Sprintf("%d per IP, %d per IP on %s, %d per token", w.RateLimitPerIP, w.AuthRateLimit, strings.Join(w.AuthPaths, " "), w.RateLimitPerToken)},
		{"edge", "WAF anonymous-IP list", fmt.Sprint(w.AnonymousIPList)},
		{"edge", "API auth", auth},
		{"edge", "API routes", strings.Join(routes, "; ")},
		{"edge", "log retention WAF/API", fmt.Sprintf("%d / %d days", w.LogRetentionDays, a.LogRetentionDays)},
	}
}
