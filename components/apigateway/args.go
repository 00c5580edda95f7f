package apigateway

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Route is one API route.
type Route struct {
	// Method is an HTTP method or ANY. Default "ANY".
	Method string `json:"method"`
	// Path is the route path, for example /api/{proxy+}. Required.
	Path string `json:"path"`
	// BurstLimit is the route's token-bucket size (concurrent requests
	// above the rate). Default: Settings.DefaultBurstLimit.
	BurstLimit int `json:"burst"`
	// RateLimit is the route's steady-state requests per second. Default:
	// Settings.DefaultRateLimit.
	RateLimit int `json:"rate"`
	// AuthDisabled serves the route without the JWT authorizer (for
	// example a public health check). Default false: auth required.
	AuthDisabled bool `json:"authDisabled"`
}

// Key is the route key API Gateway uses ("GET /api/items").
func (r Route) Key() string { return r.Method + " " + r.Path }

// MFAValues are the allowed MFA settings of the Cognito user pool.
var MFAValues = []string{"OFF", "OPTIONAL", "ON"}

// AdvancedSecurityModes are Cognito's threat protection modes. AUDIT and
// ENFORCED need the PLUS feature plan, which the component then selects.
var AdvancedSecurityModes = []string{"OFF", "AUDIT", "ENFORCED"}

// LogRetentionValues are the retention periods CloudWatch Logs accepts.
var LogRetentionValues = validate.LogRetentionValues

var (
	methods     = []string{"ANY", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"}
	pathPattern = regexp.MustCompile(`^/[A-Za-z0-9._~{}+/-]*$`)
	hostPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	zonePattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
)

// Settings are the API's plain settings, validated without a Pulumi
// context. The zero value of every field means its documented default.
type Settings struct {
	// NamePrefix starts every physical name (the HTTP API, the VPC link,
	// the user pool and app client, the /aws/apigateway/<prefix> log
	// group), so two APIs coexist in one account. Default: the name
	// argument of NewAPI.
	NamePrefix string
	// OriginServerName is the name the ALB's certificate carries
	// (origin.<domain>); the integration verifies TLS against it. Required.
	OriginServerName string
	// DomainName is the domain the API's regional custom domain
	// <NamePrefix>.<DomainName> (CustomDomainName) lives under; its
	// certificate is issued in the stack's region and DNS-validated in
	// HostedZoneId. CloudFront reaches the API only there: the default
	// execute-api endpoint is disabled. Required.
	DomainName string
	// HostedZoneId is the Route 53 zone of DomainName: the certificate's
	// validation record and the custom domain's alias record. Required.
	HostedZoneId string
	// ProtectUserPool marks the Cognito user pool protect +
	// retain-on-delete (a replacing change or a destroy would lose every
	// user). Default false.
	ProtectUserPool bool
	// AllowUserPoolDeletion turns the user pool's deletion protection off.
	// Default false (deletion protection ACTIVE).
	AllowUserPoolDeletion bool

	// Issuer is an external OIDC issuer URL (https://...). Default "": a
	// Cognito user pool and app client are created and issue the tokens.
	Issuer string
	// Audiences are the accepted "aud" claims; required with Issuer.
	// Default: the created app client's id.
	Audiences []string
	// MFA is the user pool's MFA setting: OFF, OPTIONAL or ON (TOTP).
	// Default "ON".
	MFA string
	// AdvancedSecurity is the user pool's threat protection: OFF, AUDIT or
	// ENFORCED (AUDIT and ENFORCED use the PLUS feature plan). Default "ENFORCED".
	AdvancedSecurity string
	// PasswordMinLength is the user pool's minimum password length, 12 to
	// 99 (upper, lower, digit and symbol are always required). Default 14.
	PasswordMinLength int

	// Routes are the API's routes. Default one route, ANY /api/{proxy+}.
	Routes []Route
	// DefaultBurstLimit is the burst of routes without their own, and of
	// the stage. Default 100.
	DefaultBurstLimit int
	// DefaultRateLimit is the requests per second of routes without their
	// own, and of the stage. Default 50.
	DefaultRateLimit int
	// LogRetentionDays is how long access logs are kept; one of
	// LogRetentionValues. Default 365.
	LogRetentionDays int
	// Tags go on every taggable resource, with component=apigateway added.
	// Default none.
	Tags map[string]string
}

// Wiring are the API's inputs from other components or stacks.
type Wiring struct {
	// VpcId is the VPC of the ALB. Required.
	VpcId pulumi.StringInput
	// VpcCidr is the VPC's CIDR; the VPC link may only send HTTPS into it.
	// Required.
	VpcCidr pulumi.StringInput
	// SubnetIds are the private subnets the VPC link's interfaces go in.
	// Required.
	SubnetIds pulumi.StringArrayInput
	// ListenerArn is the ALB's HTTPS listener the integration targets.
	// Required.
	ListenerArn pulumi.StringInput
	// AlbSecurityGroupId is the ALB's security group; the component adds a
	// rule admitting 443 from the VPC link. Required.
	AlbSecurityGroupId pulumi.StringInput
	// GatewaySecret is the X-Gateway-Verify value (secret B) the
	// integration sets; the ALB's API rules require it with the API
	// origin's secret (C) that CloudFront sends and the API passes
	// through; kept secret. Required.
	GatewaySecret pulumi.StringInput
	// LogKMSKeyArn encrypts the access log group. Default: a key created
	// by the component (rotation on) whose policy admits CloudWatch Logs.
	LogKMSKeyArn pulumi.StringInput
}

// APIArgs configure an API: its Settings and its Wiring.
type APIArgs struct {
	Settings
	Wiring
}

// CustomDomainName is the API's regional custom domain,
// <NamePrefix>.<DomainName> (named from the component, so two APIs in one
// zone coexist): CloudFront's API origin.
func (s Settings) CustomDomainName() string {
	return strings.ToLower(s.NamePrefix) + "." + s.DomainName
}

// WithDefaults returns a copy of s with every zero field set to its
// default. NamePrefix stays "" (NewAPI defaults it to its name).
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.MFA, "ON")
	defaults.Set(&s.AdvancedSecurity, "ENFORCED")
	defaults.Set(&s.PasswordMinLength, 14)
	defaults.Set(&s.DefaultBurstLimit, 100)
	defaults.Set(&s.DefaultRateLimit, 50)
	defaults.Set(&s.LogRetentionDays, 365)
	if s.Routes == nil {
		s.Routes = []Route{{Path: "/api/{proxy+}"}}
	}
	routes := make([]Route, len(s.Routes))
	for i, r := range s.Routes {
		defaults.Set(&r.Method, "ANY")
		defaults.Set(&r.BurstLimit, s.DefaultBurstLimit)
		defaults.Set(&r.RateLimit, s.DefaultRateLimit)
		routes[i] = r
	}
	s.Routes = routes
	return s
}

// Validate checks defaulted settings and reports every problem. A route's
// problems name it by its key: "Routes[GET /api/items].RateLimit".
func (s Settings) Validate() error {
	var p validate.Problems
	if !hostPattern.MatchString(s.OriginServerName) {
		p.Addf("OriginServerName", "must be the DNS name on the ALB's certificate such as origin.shop.example.com, got %q", s.OriginServerName)
	}
	if !hostPattern.MatchString(s.DomainName) {
		p.Addf("DomainName", "must be a lower-case DNS name such as shop.example.com (the API is served as <NamePrefix>.<DomainName>), got %q", s.DomainName)
	}
	if !zonePattern.MatchString(s.HostedZoneId) {
		p.Addf("HostedZoneId", "must be a Route 53 zone id such as Z0123456789ABCDEFGHIJ, got %q", s.HostedZoneId)
	}
	s.validateIdentity(&p)
	// API Gateway's account-level defaults are 10,000 rps and 5,000 burst.
	p.Range("DefaultBurstLimit", s.DefaultBurstLimit, 1, 5000)
	p.Range("DefaultRateLimit", s.DefaultRateLimit, 1, 10000)
	s.validateRoutes(&p)
	p.LogRetention("LogRetentionDays", s.LogRetentionDays)
	return p.Err()
}

// validateIdentity checks the token issuer and the user pool settings.
func (s Settings) validateIdentity(p *validate.Problems) {
	if s.Issuer != "" {
		if u, err := url.Parse(s.Issuer); err != nil || u.Scheme != "https" || u.Host == "" {
			p.Addf("Issuer", "must be an https:// OIDC issuer URL, got %q", s.Issuer)
		}
		if len(s.Audiences) == 0 {
			p.Addf("Audiences", "must list the accepted audiences (client ids) of the external issuer")
		}
	}
	p.OneOf("MFA", s.MFA, MFAValues)
	p.OneOf("AdvancedSecurity", s.AdvancedSecurity, AdvancedSecurityModes)
	p.Range("PasswordMinLength", s.PasswordMinLength, 12, 99)
}

// routePathProblem is why API Gateway refuses a route path, or "". Path
// variables are whole segments ("{id}"), and a greedy one ("{proxy+}")
// only the last ("Working with routes for HTTP APIs",
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html,
// read 2026-12-02).
func routePathProblem(path string) string {
	segs := strings.Split(path, "/")[1:]
	for i, seg := range segs {
		open, closed := strings.Count(seg, "{"), strings.Count(seg, "}")
		switch {
		case seg == "" && i < len(segs)-1:
			return "must not contain an empty segment (\"//\")"
		case open+closed > 0 && !wholeVariable(seg, open, closed):
			return "path variables must be whole segments such as {id}"
		case strings.Contains(seg, "+") && (!strings.HasSuffix(seg, "+}") || i < len(segs)-1):
			return "a greedy path variable ({name+}) must be the last segment"
		}
	}
	return ""
}

// wholeVariable reports whether a segment with braces is one path
// variable ("{id}"), not a variable inside other text.
func wholeVariable(seg string, open, closed int) bool {
	return open == 1 && closed == 1 && strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && len(seg) > 2
}

// validateRoutes checks each route, named by its key.
func (s Settings) validateRoutes(p *validate.Problems) {
	if len(s.Routes) == 0 {
		p.Addf("Routes", "must list at least one route")
	}
	seen := map[string]bool{}
	for _, r := range s.Routes {
		f := "Routes[" + r.Key() + "]"
		if !slices.Contains(methods, r.Method) {
			p.Addf(f+".Method", "must be one of %v, got %q", methods, r.Method)
		}
		if !pathPattern.MatchString(r.Path) {
			p.Addf(f+".Path", "must be a path starting with \"/\" such as /api/{proxy+}, got %q", r.Path)
		} else if msg := routePathProblem(r.Path); msg != "" {
			p.Addf(f+".Path", "%s, got %q", msg, r.Path)
		}
		if seen[r.Key()] {
			p.Addf(f, "route %q is listed twice", r.Key())
		}
		seen[r.Key()] = true
		if r.BurstLimit < 1 || r.BurstLimit > 5000 {
			p.Addf(f+".BurstLimit", "must be between 1 and 5000, got %d", r.BurstLimit)
		}
		if r.RateLimit < 1 || r.RateLimit > 10000 {
			p.Addf(f+".RateLimit", "must be between 1 and 10000 requests per second, got %d", r.RateLimit)
		}
	}
}

// check reports missing required wiring.
func (w Wiring) check() error {
	var p validate.Problems
	for _, f := range []struct {
		field   string
		missing bool
	}{
		{"VpcId", w.VpcId == nil},
		{"VpcCidr", w.VpcCidr == nil},
		{"SubnetIds", w.SubnetIds == nil},
		{"ListenerArn", w.ListenerArn == nil},
		{"AlbSecurityGroupId", w.AlbSecurityGroupId == nil},
		{"GatewaySecret", w.GatewaySecret == nil},
	} {
		if f.missing {
			p.Addf(f.field, "is required")
		}
	}
	return p.Err()
}
