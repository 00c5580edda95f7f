package cdn

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Managed CloudFront policy ids (documented by AWS, identical in every
// account): https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
const (
	CachingOptimizedPolicyID          = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	CachingDisabledPolicyID           = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	AllViewerExceptHostHeaderPolicyID = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
)

// Fixed security settings.
const (
	// MinimumProtocolVersion is the oldest TLS policy viewers may use.
	MinimumProtocolVersion = "TLSv1.2_2021"
	// HSTSMaxAge is two years, the HSTS preload list's requirement.
	HSTSMaxAge = 63072000
	// OriginVerifyHeader carries the web origin's secret (A) the ALB's web
	// rules check.
	OriginVerifyHeader = "X-Origin-Verify"
	// APIOriginVerifyHeader carries the API origin's secret (C): API
	// Gateway passes it through and the ALB's API rules check it, so a
	// request to the API's custom domain that skipped CloudFront and the
	// WAF does not reach the pods.
	APIOriginVerifyHeader = "X-Api-Origin-Verify"
	// FunctionRuntime is the runtime of the viewer-request function.
	FunctionRuntime = "cloudfront-js-2.0"
)

// StrippedHeaders are the (lower-case) headers the viewer-request function
// removes from web and static requests: the edge's credentials and the
// gateway's identity headers, which only the edge may set. Headers that
// start with StrippedHeaderPrefix (the JWT claims the API's integration
// maps, X-Auth-Sub...) are removed too.
var StrippedHeaders = []string{"x-origin-verify", "x-api-origin-verify", "x-gateway-verify"}

// StrippedHeaderPrefix is the prefix of the claim headers the API's
// integration sets.
const StrippedHeaderPrefix = "x-auth-"

// PriceClasses are the CloudFront price classes.
var PriceClasses = []string{"PriceClass_100", "PriceClass_200", "PriceClass_All"}

// ReferrerPolicies are the Referrer-Policy values CloudFront accepts.
var ReferrerPolicies = []string{"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"}

// GeoRestrictionTypes are the allowed geo restriction types.
var GeoRestrictionTypes = []string{"none", "whitelist", "blacklist"}

var (
	aliasPattern = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	zonePattern  = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
)

// Limits AWS sets on what the settings feed (read 2026-12-02).
const (
	// MaxAliases: the aliases share one ACM certificate, and ACM issues
	// at most 10 domain names per certificate by default ("Domain names
	// per ACM certificate", https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html).
	MaxAliases = 10
	// MaxContentSecurityPolicy is the longest Content-Security-Policy
	// value a response headers policy takes (CloudFront quotas, response
	// headers policies: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html;
	// CreateResponseHeadersPolicy fails with TooLongCSPInResponseHeadersPolicy).
	MaxContentSecurityPolicy = 1783
)

// Settings are the CDN's plain settings, validated without a Pulumi
// context. The zero value of every field means its documented default.
type Settings struct {
	// NamePrefix starts every physical name (origin access control,
	// response headers policy, default log prefix), so two CDNs coexist in
	// one account. Default: the name argument of NewCDN.
	NamePrefix string `pulumi:"namePrefix,optional"`
	// Aliases are the domain names the distribution serves. Default none:
	// the distribution answers only on its *.cloudfront.net name, which
	// AllowDefaultCertificate must then permit.
	Aliases []string `pulumi:"aliases,optional"`
	// AllowDefaultCertificate permits a distribution without aliases,
	// served with CloudFront's default certificate (whose minimum TLS
	// version cannot be raised above TLSv1). Default false.
	AllowDefaultCertificate bool `pulumi:"allowDefaultCertificate,optional"`
	// HostedZoneID is the Route 53 zone that receives the certificate's
	// DNS validation records and the alias records; required with Aliases.
	// Default "".
	HostedZoneID string `pulumi:"hostedZoneId,optional"`
	// StaticPathPattern is the path served from the bucket. Default "/static/*".
	StaticPathPattern string `pulumi:"staticPathPattern,optional"`
	// APIPathPattern is the path routed to the API gateway: a prefix
	// ending in "/*" without other wildcards. The viewer-request function
	// of the other behaviours refuses every path whose canonical form is
	// under it. Default "/api/*".
	APIPathPattern string `pulumi:"apiPathPattern,optional"`
	// LogPrefix is the key prefix of the access logs; "" (set with
	// defaults.Of("")) writes them at the bucket's root. Default
	// "cloudfront/<NamePrefix>/".
	LogPrefix *string `pulumi:"logPrefix,optional"`
	// PriceClass is one of PriceClasses. Default "PriceClass_100".
	PriceClass string `pulumi:"priceClass,optional"`
	// OriginShield adds a CloudFront Origin Shield layer in front of the
	// ALB and the bucket. Default false.
	OriginShield bool `pulumi:"originShield,optional"`
	// OriginShieldRegion is the Origin Shield region. Default: the region
	// of the component's provider (where the origins are).
	OriginShieldRegion string `pulumi:"originShieldRegion,optional"`
	// GeoRestrictionType is none, whitelist or blacklist. Default "none".
	GeoRestrictionType string `pulumi:"geoRestrictionType,optional"`
	// GeoLocations are ISO 3166-1 alpha-2 country codes for the restriction;
	// required unless GeoRestrictionType is none. Default none.
	GeoLocations []string `pulumi:"geoLocations,optional"`
	// ContentSecurityPolicy is the Content-Security-Policy header value.
	// Default "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; upgrade-insecure-requests".
	ContentSecurityPolicy string `pulumi:"contentSecurityPolicy,optional"`
	// ReferrerPolicy is the Referrer-Policy header value. Default
	// "strict-origin-when-cross-origin".
	ReferrerPolicy string `pulumi:"referrerPolicy,optional"`
	// Tags go on every taggable resource, with component=cdn added.
	// Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Wiring are the CDN's inputs from other components or stacks.
type Wiring struct {
	// CertificateProvider is an AWS provider in us-east-1 (CloudFront only
	// accepts ACM certificates from there); required with Aliases.
	// Default nil.
	CertificateProvider *aws.Provider
	// AssetsBucketName is the S3 bucket served under StaticPathPattern; the
	// component sets its bucket policy. Required.
	AssetsBucketName pulumi.StringInput `pulumi:"assetsBucketName"`
	// AssetsBucketArn is that bucket's ARN. Required.
	AssetsBucketArn pulumi.StringInput `pulumi:"assetsBucketArn"`
	// AssetsBucketRegionalDomainName is that bucket's regional domain name
	// (bucket.s3.<region>.amazonaws.com). Required.
	AssetsBucketRegionalDomainName pulumi.StringInput `pulumi:"assetsBucketRegionalDomainName"`
	// OriginDomainName is the host CloudFront connects to for the ALB; it
	// must match the ALB's certificate (origin.<domain>). Required.
	OriginDomainName pulumi.StringInput `pulumi:"originDomainName"`
	// AlbArn is the internal ALB the VPC origin reaches. Required.
	AlbArn pulumi.StringInput `pulumi:"albArn"`
	// WebOriginSecret is the X-Origin-Verify value (secret A) the ALB's
	// web rules require; stored as a secret. Required.
	WebOriginSecret pulumi.StringInput `pulumi:"webOriginSecret" provider:"secret"`
	// APIOriginSecret is the X-Api-Origin-Verify value (secret C) sent to
	// the API origin, which the ALB's API rules require; stored as a
	// secret. Required.
	APIOriginSecret pulumi.StringInput `pulumi:"apiOriginSecret" provider:"secret"`
	// APIDomainName is the API's regional custom domain (its default
	// execute-api endpoint is disabled) that serves APIPathPattern.
	// Required.
	APIDomainName pulumi.StringInput `pulumi:"apiDomainName"`
	// WebACLArn is the WAF web ACL (CLOUDFRONT scope) attached. Required.
	WebACLArn pulumi.StringInput `pulumi:"webAclArn"`
	// LogBucketDomainName is the bucket (bucket.s3.amazonaws.com) that
	// receives standard access logs; it must allow ACLs
	// (ObjectOwnership BucketOwnerPreferred) for CloudFront's log delivery.
	// Required.
	LogBucketDomainName pulumi.StringInput `pulumi:"logBucketDomainName"`
}

// CDNArgs configure a CDN: its Settings and its Wiring.
type CDNArgs struct {
	Settings
	Wiring
}

// DefaultContentSecurityPolicy is ContentSecurityPolicy's default.
const DefaultContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// WithDefaults returns a copy of s with every zero field set to its
// default. NamePrefix stays "" (NewCDN defaults it to its name) and so,
// until it is set, does LogPrefix.
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.StaticPathPattern, "/static/*")
	defaults.Set(&s.APIPathPattern, "/api/*")
	defaults.Set(&s.PriceClass, "PriceClass_100")
	defaults.Set(&s.GeoRestrictionType, "none")
	defaults.Set(&s.ContentSecurityPolicy, DefaultContentSecurityPolicy)
	defaults.Set(&s.ReferrerPolicy, "strict-origin-when-cross-origin")
	if s.NamePrefix != "" {
		defaults.SetNil(&s.LogPrefix, "cloudfront/"+s.NamePrefix+"/")
	}
	return s
}

// Validate checks defaulted settings and reports every problem.
func (s Settings) Validate() error {
	var p validate.Problems
	s.validateAliases(&p)
	for f, v := range map[string]string{"StaticPathPattern": s.StaticPathPattern, "APIPathPattern": s.APIPathPattern} {
		if !strings.HasPrefix(v, "/") {
			p.Addf(f, "must start with \"/\", got %q", v)
		}
	}
	if prefix, ok := strings.CutSuffix(s.APIPathPattern, "/*"); !ok || prefix == "" || strings.ContainsAny(prefix, "*?") {
		p.Addf("APIPathPattern", "must be a prefix ending in \"/*\" without other wildcards such as /api/*, got %q", s.APIPathPattern)
	}
	p.OneOf("PriceClass", s.PriceClass, PriceClasses)
	s.validateGeo(&p)
	if s.OriginShieldRegion != "" && !s.OriginShield {
		p.Addf("OriginShieldRegion", "is set but OriginShield is false")
	}
	p.OneOf("ReferrerPolicy", s.ReferrerPolicy, ReferrerPolicies)
	if strings.TrimSpace(s.ContentSecurityPolicy) == "" {
		p.Addf("ContentSecurityPolicy", "must not be empty")
	}
	if n := len(s.ContentSecurityPolicy); n > MaxContentSecurityPolicy {
		p.Addf("ContentSecurityPolicy", "is %d characters; CloudFront takes at most %d", n, MaxContentSecurityPolicy)
	}
	return p.Err()
}

// validateAliases checks the aliases and the zone that certifies them.
func (s Settings) validateAliases(p *validate.Problems) {
	if len(s.Aliases) == 0 && !s.AllowDefaultCertificate {
		p.Addf("Aliases", "must name at least one domain, or set AllowDefaultCertificate to serve only the *.cloudfront.net name")
	}
	seen := map[string]bool{}
	for _, al := range s.Aliases {
		switch {
		case !aliasPattern.MatchString(al) || len(al) > 253:
			p.Addf("Aliases", "%q is not a lower-case DNS name such as shop.example.com", al)
		case seen[al]:
			p.Addf("Aliases", "%q is listed twice (the domain name is always served; list only extra names)", al)
		}
		seen[al] = true
	}
	if len(s.Aliases) > MaxAliases {
		p.Addf("Aliases", "are %d names; their certificate takes at most %d (ACM's default quota of domain names per certificate)", len(s.Aliases), MaxAliases)
	}
	if len(s.Aliases) == 0 {
		return
	}
	switch {
	case s.HostedZoneID == "":
		p.Addf("HostedZoneID", "is required with Aliases: the Route 53 zone that holds the certificate validation records")
	case !zonePattern.MatchString(s.HostedZoneID):
		p.Addf("HostedZoneID", "must be a Route 53 zone id such as Z0123456789ABCDEFGHIJ, got %q", s.HostedZoneID)
	}
}

// validateGeo checks the geo restriction.
func (s Settings) validateGeo(p *validate.Problems) {
	p.OneOf("GeoRestrictionType", s.GeoRestrictionType, GeoRestrictionTypes)
	if s.GeoRestrictionType == "none" && len(s.GeoLocations) > 0 {
		p.Addf("GeoLocations", "must be empty when GeoRestrictionType is none, got %v", s.GeoLocations)
	}
	if s.GeoRestrictionType != "none" && len(s.GeoLocations) == 0 {
		p.Addf("GeoLocations", "must list ISO 3166-1 alpha-2 country codes for a %s", s.GeoRestrictionType)
	}
	for _, c := range s.GeoLocations {
		if !slices.Contains(catalog.Countries, c) {
			p.Addf("GeoLocations", "%q is not an ISO 3166-1 alpha-2 country code such as DE or GB (the codes CloudFront takes)", c)
		}
	}
}

// check reports missing required wiring, and the wiring the settings
// require (a us-east-1 provider for the aliases' certificate).
func (w Wiring) check(s Settings) error {
	var p validate.Problems
	for _, f := range []struct {
		field   string
		missing bool
	}{
		{"AssetsBucketName", w.AssetsBucketName == nil},
		{"AssetsBucketArn", w.AssetsBucketArn == nil},
		{"AssetsBucketRegionalDomainName", w.AssetsBucketRegionalDomainName == nil},
		{"OriginDomainName", w.OriginDomainName == nil},
		{"AlbArn", w.AlbArn == nil},
		{"WebOriginSecret", w.WebOriginSecret == nil},
		{"APIOriginSecret", w.APIOriginSecret == nil},
		{"APIDomainName", w.APIDomainName == nil},
		{"WebACLArn", w.WebACLArn == nil},
		{"LogBucketDomainName", w.LogBucketDomainName == nil},
	} {
		if f.missing {
			p.Addf(f.field, "is required")
		}
	}
	if len(s.Aliases) > 0 && w.CertificateProvider == nil {
		p.Addf("CertificateProvider", "is required with Aliases: an AWS provider in us-east-1, where CloudFront certificates must be issued")
	}
	return p.Err()
}
