package waf

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Limits AWS WAF imposes on rate-based rules.
const (
	// MinRateLimit is AWS's smallest rate-based rule limit (requests per
	// evaluation window).
	MinRateLimit = 10
	// MaxRateLimit is AWS's largest rate-based rule limit.
	MaxRateLimit = 2_000_000_000
	// EvaluationWindowSec is the window every rate rule counts over: AWS's
	// default, 5 minutes. Limits are requests per this window.
	EvaluationWindowSec = 300
)

// MaxSearchStringBytes is the longest search string of an AWS WAF string
// match statement (ByteMatchStatement.SearchString: 1-200 bytes,
// https://docs.aws.amazon.com/waf/latest/APIReference/API_ByteMatchStatement.html).
const MaxSearchStringBytes = 200

// normalPath reports whether a path prefix has no empty, "." or ".."
// segment, i.e. is already in the form AWS WAF's NORMALIZE_PATH gives.
func normalPath(path string) bool {
	segs := strings.Split(path, "/")[1:]
	for i, seg := range segs {
		if seg == "." || seg == ".." || (seg == "" && i < len(segs)-1) {
			return false
		}
	}
	return true
}

// LogRetentionValues are the retention periods CloudWatch Logs accepts.
var LogRetentionValues = validate.LogRetentionValues

// RequiredManagedRuleGroups are the AWS managed rule groups every web ACL
// carries, in evaluation order.
var RequiredManagedRuleGroups = []string{
	"AWSManagedRulesAmazonIpReputationList",
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesSQLiRuleSet",
}

// AnonymousIPListGroup is the optional managed rule group that blocks VPNs,
// Tor exit nodes and hosting providers.
const AnonymousIPListGroup = "AWSManagedRulesAnonymousIpList"

// Scopes are the web ACL scopes: CLOUDFRONT (a distribution; us-east-1)
// and REGIONAL (a Cognito user pool, an ALB, an API in the provider's
// region).
var Scopes = []string{"CLOUDFRONT", "REGIONAL"}

// Settings are the web ACL's plain settings, validated without a Pulumi
// context. The zero value of every field means its documented default.
type Settings struct {
	// NamePrefix starts every physical name (the web ACL, its metrics and
	// the aws-waf-logs-<prefix> log group), so two web ACLs coexist in one
	// account. Default: the name argument of NewWebACL.
	NamePrefix string
	// Scope is CLOUDFRONT or REGIONAL. A REGIONAL web ACL guards
	// Wiring.Associations (a Cognito user pool, whose every request is a
	// sign-in: its AuthRateLimit applies to all requests, not only to
	// AuthPaths). Default "CLOUDFRONT".
	Scope string
	// RateLimitPerIP is how many requests one client IP may send per
	// 300-second window before it is blocked, 10 to 2,000,000,000.
	// Default 2000.
	RateLimitPerIP int
	// AuthPaths are URI path prefixes of authentication endpoints that get
	// the stricter AuthRateLimit (each must start with "/"). Default
	// ["/api/auth/", "/login"] (nil means the default; an empty list is an
	// error).
	AuthPaths []string
	// AuthRateLimit is how many requests one client IP may send to
	// AuthPaths per 300-second window; at most RateLimitPerIP. Default 100.
	AuthRateLimit int
	// RateLimitPerToken is how many requests carrying the same
	// Authorization header value may arrive per 300-second window, from any
	// number of IPs. Requests without the header are not counted by this
	// rule (the per-IP rule still applies). Default 1000.
	RateLimitPerToken int
	// AnonymousIPList adds AWSManagedRulesAnonymousIpList (blocks VPNs, Tor
	// and hosting providers; may block legitimate users). Default false.
	AnonymousIPList bool
	// LogRetentionDays is how long WAF logs are kept; one of
	// LogRetentionValues. Default 365.
	LogRetentionDays int
	// Tags go on every taggable resource, with component=waf added.
	// Default none.
	Tags map[string]string
}

// Wiring are the web ACL's inputs from other components or stacks.
type Wiring struct {
	// Provider is an AWS provider for us-east-1, where CloudFront-scope web
	// ACLs and their log groups must live (a REGIONAL web ACL lives in the
	// provider's region). Default: the inherited provider, which must then
	// be in us-east-1 for CLOUDFRONT (checked before anything is created).
	Provider *aws.Provider
	// Associations are the ARNs of the resources a REGIONAL web ACL
	// guards, keyed by a short name that names the association resource
	// ("user-pool"). Default none; not allowed with CLOUDFRONT (a
	// distribution names its web ACL itself).
	Associations map[string]pulumi.StringInput
	// LogKMSKeyArn encrypts the WAF log group; it must be a us-east-1 key
	// whose policy admits CloudWatch Logs. Default: a key created by the
	// component (rotation on).
	LogKMSKeyArn pulumi.StringInput
}

// WebACLArgs configure a WebACL: its Settings and its Wiring.
type WebACLArgs struct {
	Settings
	Wiring
}

// WithDefaults returns a copy of s with every zero field set to its
// default. NamePrefix stays "" (NewWebACL defaults it to its name).
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.Scope, "CLOUDFRONT")
	defaults.Set(&s.RateLimitPerIP, 2000)
	defaults.Set(&s.AuthRateLimit, 100)
	defaults.Set(&s.RateLimitPerToken, 1000)
	defaults.Set(&s.LogRetentionDays, 365)
	if s.AuthPaths == nil {
		s.AuthPaths = []string{"/api/auth/", "/login"}
	}
	return s
}

// Validate checks defaulted settings and reports every problem.
func (s Settings) Validate() error {
	var p validate.Problems
	p.OneOf("Scope", s.Scope, Scopes)
	rate := func(field string, v int) {
		if v < MinRateLimit || v > MaxRateLimit {
			p.Addf(field, "must be between %d (AWS's minimum) and %d requests per %d-second window, got %d", MinRateLimit, MaxRateLimit, EvaluationWindowSec, v)
		}
	}
	rate("RateLimitPerIP", s.RateLimitPerIP)
	rate("AuthRateLimit", s.AuthRateLimit)
	rate("RateLimitPerToken", s.RateLimitPerToken)
	if s.AuthRateLimit > s.RateLimitPerIP {
		p.Addf("AuthRateLimit", "must not exceed RateLimitPerIP (%d): the authentication paths get the stricter limit, got %d", s.RateLimitPerIP, s.AuthRateLimit)
	}
	if len(s.AuthPaths) == 0 {
		p.Addf("AuthPaths", "must list at least one path prefix such as /login")
	}
	seen := map[string]bool{}
	for _, path := range s.AuthPaths {
		switch {
		case !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " *?#") || len(path) > MaxSearchStringBytes:
			p.Addf("AuthPaths", "%q must be a URI path prefix starting with \"/\", without spaces, wildcards or fragments, at most %d bytes (AWS WAF's search string limit)", path, MaxSearchStringBytes)
		case strings.Contains(path, "%"):
			p.Addf("AuthPaths", "%q must be written decoded (AWS WAF decodes the request path before comparing, so an encoded prefix never matches)", path)
		case !normalPath(path):
			p.Addf("AuthPaths", "%q must be written without \"//\", \".\" or \"..\" segments (AWS WAF normalises the request path before comparing, so this prefix never matches)", path)
		case seen[strings.ToLower(path)]:
			p.Addf("AuthPaths", "%q is listed twice (prefixes compare case-insensitively)", path)
		}
		seen[strings.ToLower(path)] = true
	}
	p.LogRetention("LogRetentionDays", s.LogRetentionDays)
	return p.Err()
}

// check reports wiring the scope does not allow: associations on a
// CLOUDFRONT web ACL (the provider and the log key are optional; the
// provider's region is checked by NewWebACL, which needs the Pulumi
// context for it).
func (w Wiring) check(s Settings) error {
	var p validate.Problems
	if s.Scope == "CLOUDFRONT" && len(w.Associations) > 0 {
		p.Addf("Associations", "are only for a REGIONAL web ACL; a distribution names its CLOUDFRONT web ACL itself")
	}
	for k, v := range w.Associations {
		if v == nil {
			p.Addf("Associations["+k+"]", "is required: the ARN of the resource to guard")
		}
	}
	return p.Err()
}
