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
// Design (decided for issue 5): /api/* goes CloudFront → API Gateway HTTP
// API (JWT authorizer, per-route throttling, VPC link to the ALB's HTTPS
// listener); web paths go CloudFront → ALB; /static/* goes to S3.
// pulumi-aws v6.83.2 has no ALB JWT-validation action and the ALB's
// authenticate-oidc/cognito actions only serve browser cookie sessions, so
// bearer-token clients could only be authenticated before the pods by the
// HTTP API. Per-client limits are WAF rate rules (client IP, Authorization
// header); per-route limits are HTTP API throttling. Costs: one more hop
// (~10-20 ms), $1 per million API requests, 30 s integration timeout,
// 10 MB payloads.
type EdgeConfig struct {
	// Aliases the CDN serves (default: the domain name). Empty means the
	// *.cloudfront.net name with the default certificate (not in prod).
	Aliases []string
	// AuthEnabled switches JWT authentication of every API route.
	AuthEnabled bool
	// Routes are the API routes with their throttling.
	Routes []apigateway.Route

	WAF waf.WebACLArgs
	CDN cdn.CDNArgs
	API apigateway.APIArgs
}

// EdgeTier holds the edge tier's components. They are built only when the
// compute tier's ALB and the data tier's buckets exist (see edgeInputs).
type EdgeTier struct {
	// USEast1 is the provider for the certificate, the WAF and its logs.
	USEast1 *aws.Provider
	WAF     *waf.WebACL
	API     *apigateway.API
	CDN     *cdn.CDN

	cfg     EdgeConfig
	missing []string
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
	// The domain is always served, with any extra aliases, unless the
	// stack opts into CloudFront's default certificate (no alias at all).
	var extra []string
	l.object("cdnAliases", &extra)
	e.Aliases = nil
	if !l.bool("cdnDefaultCertificate") {
		e.Aliases = append([]string{c.DomainName}, extra...)
	}
	l.bool("apiAuthEnabled", &e.AuthEnabled)

	w := &e.WAF
	l.count("wafRateLimitPerIp", &w.RateLimitPerIP)
	l.count("wafAuthRateLimit", &w.AuthRateLimit)
	l.count("wafRateLimitPerToken", &w.RateLimitPerToken)
	l.bool("wafAnonymousIpList", &w.AnonymousIPList)
	l.count("wafLogRetentionDays", &w.LogRetentionDays)
	l.object("wafAuthPaths", &w.AuthPaths)
	w.Tags = c.Tags()

	cd := &e.CDN
	cd.Aliases = e.Aliases
	l.record("cdnAliases", &cd.Aliases)
	cd.AllowDefaultCertificate = len(e.Aliases) == 0
	l.record("cdnDefaultCertificate", &cd.AllowDefaultCertificate)
	cd.HostedZoneID = c.HostedZoneID
	l.record("hostedZoneId", &cd.HostedZoneID)
	l.str("cdnPriceClass", &cd.PriceClass)
	l.bool("cdnOriginShield", &cd.OriginShield)
	l.str("cdnGeoRestrictionType", &cd.GeoRestrictionType)
	l.str("cdnContentSecurityPolicy", &cd.ContentSecurityPolicy)
	l.object("cdnGeoLocations", &cd.GeoLocations)
	cd.Tags = c.Tags()

	a := &e.API
	a.OriginServerName = "origin." + c.DomainName
	l.record("domainName", &a.OriginServerName)
	l.str("apiIssuer", &a.Issuer)
	l.str("apiMfa", &a.MFA)
	l.str("apiAdvancedSecurity", &a.AdvancedSecurity)
	l.count("apiDefaultBurstLimit", &a.DefaultBurstLimit)
	l.count("apiDefaultRateLimit", &a.DefaultRateLimit)
	l.count("apiLogRetentionDays", &a.LogRetentionDays)
	a.Tags = c.Tags()
	l.object("apiAudiences", &a.Audiences)
	var specs map[string]edgeRouteSpec
	l.object("apiRoutes", &specs)
	e.Routes = edgeRoutes(specs, e.AuthEnabled)
	a.Routes = e.Routes
	l.record("apiRoutes", &e.Routes, &a.Routes)
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

// validateEdge checks the edge tier's config and the environment's policies
// for it. It needs none of the cross-tier inputs: those are replaced by
// placeholders, so only config problems are reported.
func (c *Config) validateEdge(p *validate.Problems) {
	e := &c.Edge
	in := edgePlaceholders()

	w := e.WAF.WithDefaults()
	p.Merge("", c.rename(&e.WAF, w.Validate()))

	cd := edgeCDNArgs(*e, in, nil).WithDefaults()
	cd.CertificateProvider = &aws.Provider{} // built in buildEdge
	if c.HostedZoneID == "" {
		cd.HostedZoneID = "Z0000000000000000000" // reported once, by the stack validation
	}
	p.Merge("", c.rename(&e.CDN, cd.Validate()))

	a := edgeAPIArgs(*e, in)
	a.VpcId, a.VpcCidr, a.SubnetIds = in.ListenerArn, in.ListenerArn, pulumi.StringArray{in.ListenerArn} // from the network, at build time
	a = a.WithDefaults()
	if c.DomainName == "" {
		a.OriginServerName = "origin.example.com" // reported once, by the stack validation
	}
	for _, fe := range validate.Fields(a.Validate()) {
		field, rest, _ := strings.Cut(fe.Field, ".")
		if strings.HasPrefix(field, "Routes[") {
			p.Addf(c.key(&e.API.Routes), "%s: %s", routeName(a.Routes, field, rest), fe.Message)
			continue
		}
		p.Merge("", c.rename(&e.API, &validate.FieldError{Field: fe.Field, Message: fe.Message}))
	}

	if c.Environment == Prod {
		if !e.AuthEnabled {
			p.Addf(c.key(&e.AuthEnabled), "must be true in prod: every API request is authenticated before it reaches the pods")
		}
		for _, r := range e.Routes {
			if e.AuthEnabled && r.AuthDisabled {
				p.Addf(c.key(&e.Routes), "route %q disables authentication, which prod does not allow", r.Key())
			}
		}
		if len(e.Aliases) == 0 {
			p.Addf(c.key(&e.CDN.AllowDefaultCertificate), "must be false in prod: the default *.cloudfront.net certificate is only allowed outside prod")
		}
	}
}

func routeName(routes []apigateway.Route, field, sub string) string {
	var i int
	if _, err := fmt.Sscanf(field, "Routes[%d]", &i); err == nil && i < len(routes) {
		name := fmt.Sprintf("route %q", routes[i].Key())
		if sub != "" {
			name += " " + strings.ToLower(sub[:1]) + sub[1:]
		}
		return name
	}
	return field
}

// EdgeInputs are what the edge tier needs from the other tiers.
type EdgeInputs struct {
	// From the compute tier: the ALB.
	ListenerArn        pulumi.StringInput // its HTTPS listener
	AlbSecurityGroupId pulumi.StringInput // its security group
	OriginSecret       pulumi.StringInput // the X-Origin-Verify value its rules require
	// From the data tier: the buckets.
	AssetsBucketName               pulumi.StringInput
	AssetsBucketArn                pulumi.StringInput
	AssetsBucketRegionalDomainName pulumi.StringInput
	LogBucketDomainName            pulumi.StringInput // ACLs enabled for CloudFront log delivery
}

// edgeInputs gathers the cross-tier inputs and names the missing ones.
func edgeInputs(p *Platform) (EdgeInputs, []string) {
	in := EdgeInputs{}
	if lb := p.Compute.LoadBalancer; lb != nil {
		// CloudFront and the VPC link reach the ALB as origin.<domainName>,
		// the name its certificate covers and its alias record carries.
		in.ListenerArn = lb.HttpsListenerArn
		in.AlbSecurityGroupId = lb.SecurityGroupId
		in.OriginSecret = lb.OriginSecret
	}
	if st := p.Data.Storage; st != nil {
		// The edge tier owns the assets bucket's policy; the log bucket
		// allows ACLs (BucketOwnerPreferred) for CloudFront's standard logs.
		in.AssetsBucketName, in.AssetsBucketArn = st.AssetsBucketName, st.AssetsBucketArn
		in.AssetsBucketRegionalDomainName = st.AssetsBucketRegionalDomainName
		in.LogBucketDomainName = st.LogBucketDomainName
	}
	var missing []string
	for name, v := range map[string]pulumi.StringInput{
		"compute: ALB HTTPS listener ARN": in.ListenerArn, "compute: ALB security group": in.AlbSecurityGroupId,
		"compute: origin secret": in.OriginSecret, "data: assets bucket name": in.AssetsBucketName,
		"data: assets bucket ARN": in.AssetsBucketArn, "data: assets bucket domain": in.AssetsBucketRegionalDomainName,
		"data: log bucket domain": in.LogBucketDomainName,
	} {
		if v == nil {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	return in, missing
}

// edgePlaceholders stand in for the cross-tier inputs during validation.
func edgePlaceholders() EdgeInputs {
	s := pulumi.String("placeholder")
	return EdgeInputs{s, s, s, s, s, s, s}
}

func edgeCDNArgs(e EdgeConfig, in EdgeInputs, east *aws.Provider) cdn.CDNArgs {
	a := e.CDN
	a.CertificateProvider = east
	a.AssetsBucketName = in.AssetsBucketName
	a.AssetsBucketArn = in.AssetsBucketArn
	a.AssetsBucketRegionalDomainName = in.AssetsBucketRegionalDomainName
	a.LogBucketDomainName = in.LogBucketDomainName
	a.OriginSecret = in.OriginSecret
	a.OriginDomainName = pulumi.String(e.API.OriginServerName)
	// Filled in by buildEdge from the components it creates first.
	a.APIDomainName = pulumi.String("placeholder")
	a.WebACLArn = pulumi.String("placeholder")
	return a
}

func edgeAPIArgs(e EdgeConfig, in EdgeInputs) apigateway.APIArgs {
	a := e.API
	a.ListenerArn = in.ListenerArn
	a.AlbSecurityGroupId = in.AlbSecurityGroupId
	a.OriginSecret = in.OriginSecret
	return a
}

// buildEdge creates the edge tier's components: the us-east-1 provider,
// the WAF, the API gateway and the CDN in front of them.
func buildEdge(ctx *pulumi.Context, p *Platform) error {
	p.Edge.cfg = p.Config.Edge
	in, missing := edgeInputs(p)
	if len(missing) > 0 {
		p.Edge.missing = missing
		return nil
	}
	return BuildEdge(ctx, p, in)
}

// BuildEdge creates the edge tier from explicit cross-tier inputs (every
// field of in is required). buildEdge calls it once the other tiers provide
// them; tests call it directly.
func BuildEdge(ctx *pulumi.Context, p *Platform, in EdgeInputs) error {
	c := p.Config
	t := p.Edge
	t.cfg = c.Edge
	t.missing = nil
	var err error
	name := c.Name()
	if t.USEast1, err = aws.NewProvider(ctx, name+"-us-east-1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")}); err != nil {
		return fmt.Errorf("us-east-1 provider: %w", err)
	}
	wafArgs := c.Edge.WAF
	wafArgs.Provider = t.USEast1
	if t.WAF, err = waf.NewWebACL(ctx, name+"-waf", &wafArgs); err != nil {
		return err
	}
	apiArgs := edgeAPIArgs(c.Edge, in)
	apiArgs.VpcId = p.Network.VpcId
	apiArgs.VpcCidr = p.Network.VpcCidr
	apiArgs.SubnetIds = p.Network.PrivateSubnetIds
	if t.API, err = apigateway.NewAPI(ctx, name+"-api", &apiArgs); err != nil {
		return err
	}
	cdnArgs := edgeCDNArgs(c.Edge, in, t.USEast1)
	cdnArgs.APIDomainName = t.API.Host
	cdnArgs.WebACLArn = t.WAF.Arn
	if t.CDN, err = cdn.NewCDN(ctx, name+"-cdn", &cdnArgs); err != nil {
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
}

// summary lists the edge tier's key settings for the offline plan.
func (t *EdgeTier) summary() []Setting {
	e := t.cfg
	w, a, cd := e.WAF.WithDefaults(), e.API.WithDefaults(), e.CDN.WithDefaults()
	aliases := strings.Join(e.Aliases, ", ")
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
	for _, r := range e.Routes {
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
	if len(t.missing) > 0 {
		built = "no, waiting for " + strings.Join(t.missing, ", ")
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
