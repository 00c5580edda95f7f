package waf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:waf:WebACL"

// Rule names of the rate-based rules (also their metric names, prefixed
// with the component name).
const (
	RuleRatePerIP    = "rate-per-ip"
	RuleRateAuth     = "rate-auth-paths"
	RuleRatePerToken = "rate-per-token"
)

// WebACL is a CloudFront-scope (or REGIONAL) web ACL with rate limits, managed rules and
// logging.
type WebACL struct {
	pulumi.ResourceState

	// Arn is what a CloudFront distribution's webAclId takes.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// Id is the web ACL's id.
	Id pulumi.StringOutput `pulumi:"id"`
	// Name is the web ACL's name, also its metric name (the WebACL
	// dimension of its CloudWatch metrics in us-east-1).
	Name pulumi.StringOutput `pulumi:"name"`
	// LogGroupName is the aws-waf-logs-<prefix> log group in us-east-1.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`

	// RateLimitMetricName is the metric name of the per-IP rate-based rule
	// (the Rule dimension of its BlockedRequests): blocks there mean clients
	// reach the rate limit.
	RateLimitMetricName string

	// Settings are the defaulted settings the web ACL was built with.
	Settings Settings
}

var _ pulumi.ComponentResource = (*WebACL)(nil)

// NewWebACL validates args and creates the web ACL. Nothing is registered
// when the arguments are invalid or the provider is not in us-east-1.
func NewWebACL(ctx *pulumi.Context, name string, args *WebACLArgs, opts ...pulumi.ResourceOption) (*WebACL, error) {
	if args == nil {
		args = &WebACLArgs{}
	}
	s := args.Settings
	defaults.Set(&s.NamePrefix, name)
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("waf %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(s); err != nil {
		return nil, fmt.Errorf("waf %q: invalid settings:\n%w", name, err)
	}
	// The region check asks the provider the children are created with:
	// Wiring.Provider, else the one the options give the component.
	invoke := awsutil.InvokeOptions(opts...)
	if args.Provider != nil {
		invoke = append(invoke, pulumi.Provider(args.Provider))
	}
	env, err := awsutil.Lookup(ctx, invoke...)
	if err != nil {
		return nil, fmt.Errorf("waf %q: %w", name, err)
	}
	if s.Scope == "CLOUDFRONT" && env.Region != "us-east-1" {
		return nil, fmt.Errorf("waf %q: invalid settings:\nProvider: CloudFront-scope web ACLs must be created in us-east-1, the provider is in %s", name, env.Region)
	}

	w := &WebACL{Settings: s, RateLimitMetricName: s.NamePrefix + "-" + RuleRatePerIP}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, s: s, wiring: args.Wiring, env: env, acl: w, tags: tags.Component(s.Tags, "waf")}
	b.child = []pulumi.ResourceOption{pulumi.Parent(w)}
	if args.Provider != nil {
		b.child = append(b.child, pulumi.Provider(args.Provider))
	}
	for _, step := range []func() error{b.webACL, b.logGroup, b.logging, b.associations} {
		if err := step(); err != nil {
			return nil, fmt.Errorf("waf %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(w, pulumi.Map{
		"arn": w.Arn, "id": w.Id, "name": w.Name, "logGroupName": w.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return w, nil
}

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // the component's name: logical names derive from it
	s      Settings
	wiring Wiring
	env    awsutil.Env
	acl    *WebACL
	tags   map[string]string
	child  []pulumi.ResourceOption

	webACLRes *wafv2.WebAcl
	group     *cloudwatch.LogGroup
}

func (b *builder) webACL() error {
	prefix := b.s.NamePrefix
	acl, err := wafv2.NewWebAcl(b.ctx, b.name, &wafv2.WebAclArgs{
		Name:             pulumi.String(prefix),
		Description:      pulumi.String(description[b.s.Scope] + prefix),
		Scope:            pulumi.String(b.s.Scope),
		DefaultAction:    wafv2.WebAclDefaultActionArgs{Allow: wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:            rules(prefix, b.s),
		VisibilityConfig: wafv2.WebAclVisibilityConfigArgs{CloudwatchMetricsEnabled: pulumi.Bool(true), MetricName: pulumi.String(prefix), SampledRequestsEnabled: pulumi.Bool(true)},
		Tags:             tags.Named(b.tags, b.name),
	}, b.child...)
	if err != nil {
		return fmt.Errorf("web acl: %w", err)
	}
	b.webACLRes = acl
	b.acl.Arn = acl.Arn
	b.acl.Id = acl.ID().ToStringOutput()
	// A known value, not the resource's output: callers (alarms on the
	// WebACL dimension) need the name, not an ordering on the web ACL.
	b.acl.Name = pulumi.String(prefix).ToStringOutput()
	return nil
}

// logGroup creates the encrypted log group (and its key unless one is
// wired in).
func (b *builder) logGroup() error {
	// AWS requires the aws-waf-logs- prefix for a WAF log destination.
	groupName := "aws-waf-logs-" + b.s.NamePrefix
	keyArn := b.wiring.LogKMSKeyArn
	if keyArn == nil {
		key, err := kmskey.New(b.ctx, b.name+"-logs", kmskey.Args{
			Env:            b.env,
			Alias:          b.s.NamePrefix + "-logs",
			Description:    fmt.Sprintf("WAF logs of web ACL %s", b.s.NamePrefix),
			LogsArnPattern: b.env.ARN("logs", "log-group:"+groupName),
			Tags:           b.tags,
		}, b.child...)
		if err != nil {
			return err
		}
		keyArn = key.Key.Arn
	}
	group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(b.s.LogRetentionDays),
		KmsKeyId:        keyArn,
		Tags:            tags.Named(b.tags, b.name+"-logs"),
	}, b.child...)
	if err != nil {
		return fmt.Errorf("log group: %w", err)
	}
	b.group = group
	b.acl.LogGroupName = group.Name
	return nil
}

var description = map[string]string{
	"CLOUDFRONT": "Rate limits and AWS managed rules in front of CloudFront ",
	"REGIONAL":   "Rate limits and AWS managed rules in front of the sign-in of ",
}

// associations attach a REGIONAL web ACL to the resources it guards.
func (b *builder) associations() error {
	keys := make([]string, 0, len(b.wiring.Associations))
	for k := range b.wiring.Associations {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, err := wafv2.NewWebAclAssociation(b.ctx, b.name+"-"+k, &wafv2.WebAclAssociationArgs{
			ResourceArn: b.wiring.Associations[k],
			WebAclArn:   b.webACLRes.Arn,
		}, b.child...); err != nil {
			return fmt.Errorf("association %s: %w", k, err)
		}
	}
	return nil
}

func (b *builder) logging() error {
	if _, err := wafv2.NewWebAclLoggingConfiguration(b.ctx, b.name+"-logging", &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           b.webACLRes.Arn,
		LogDestinationConfigs: pulumi.StringArray{b.group.Arn},
		// Tokens and session cookies must not end up in the logs.
		RedactedFields: wafv2.WebAclLoggingConfigurationRedactedFieldArray{
			wafv2.WebAclLoggingConfigurationRedactedFieldArgs{SingleHeader: wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String("authorization")}},
			wafv2.WebAclLoggingConfigurationRedactedFieldArgs{SingleHeader: wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String("cookie")}},
		},
	}, b.child...); err != nil {
		return fmt.Errorf("logging configuration: %w", err)
	}
	return nil
}

func visibility(name, rule string) wafv2.WebAclRuleVisibilityConfigArgs {
	return wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(name + "-" + rule),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}

func managed(name, group string, priority int) wafv2.WebAclRuleArgs {
	return wafv2.WebAclRuleArgs{
		Name:           pulumi.String(group),
		Priority:       pulumi.Int(priority),
		OverrideAction: wafv2.WebAclRuleOverrideActionArgs{None: wafv2.WebAclRuleOverrideActionNoneArgs{}},
		Statement: wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
			VendorName: pulumi.String("AWS"),
			Name:       pulumi.String(group),
		}},
		VisibilityConfig: visibility(name, group),
	}
}

func block() wafv2.WebAclRuleActionArgs {
	return wafv2.WebAclRuleActionArgs{Block: wafv2.WebAclRuleActionBlockArgs{}}
}

// pathTransformations turn the request path into the form the auth path
// prefixes are written in before AWS WAF compares them: decoded
// ("/%6Cogin"), normalised ("//login", "/x/../login") and lower-cased
// ("/LOGIN"). AWS WAF transforms only the request, never the search
// string, so the prefixes are stored in that same form (authPathKey).
var pathTransformations = []string{"URL_DECODE", "NORMALIZE_PATH", "LOWERCASE"}

// authPathKey is the search string for an auth path prefix: lower case,
// as the request is after pathTransformations (Validate refuses prefixes
// that are not already decoded and normalised).
func authPathKey(path string) string { return strings.ToLower(path) }

// authScopeDown matches requests whose path, in any encoding, case or
// spelling of its segments, starts with one of the prefixes.
func authScopeDown(paths []string) wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs {
	if len(paths) == 1 {
		var tt wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementTextTransformationArray
		for i, typ := range pathTransformations {
			tt = append(tt, wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(i), Type: pulumi.String(typ)})
		}
		return wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs{
			ByteMatchStatement: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementArgs{
				FieldToMatch:         wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementFieldToMatchArgs{UriPath: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementFieldToMatchUriPathArgs{}},
				PositionalConstraint: pulumi.String("STARTS_WITH"),
				SearchString:         pulumi.String(authPathKey(paths[0])),
				TextTransformations:  tt,
			},
		}
	}
	var tt wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray
	for i, typ := range pathTransformations {
		tt = append(tt, wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(i), Type: pulumi.String(typ)})
	}
	var matches wafv2.WebAclRuleStatementArray
	for _, p := range paths {
		matches = append(matches, wafv2.WebAclRuleStatementArgs{ByteMatchStatement: wafv2.WebAclRuleStatementByteMatchStatementArgs{
			FieldToMatch:         wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{UriPath: wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchUriPathArgs{}},
			PositionalConstraint: pulumi.String("STARTS_WITH"),
			SearchString:         pulumi.String(authPathKey(p)),
			TextTransformations:  tt,
		}})
	}
	return wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs{
		OrStatement: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementOrStatementArgs{Statements: matches},
	}
}

// rules returns the web ACL's rules in priority order: IP reputation first
// (cheapest, drops known bad sources before they count against limits),
// then the rate limits, then the managed rule groups.
func rules(name string, a Settings) wafv2.WebAclRuleArray {
	prio := 0
	next := func() int { prio++; return prio - 1 }
	out := wafv2.WebAclRuleArray{managed(name, RequiredManagedRuleGroups[0], next())}
	// On a REGIONAL web ACL (a user pool) every request is a sign-in:
	// the stricter limit applies to all of them.
	var scopeDown wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementPtrInput
	if a.Scope != "REGIONAL" {
		scopeDown = authScopeDown(a.AuthPaths)
	}
	out = append(out,
		wafv2.WebAclRuleArgs{
			Name: pulumi.String(RuleRateAuth), Priority: pulumi.Int(next()), Action: block(),
			Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: wafv2.WebAclRuleStatementRateBasedStatementArgs{
				Limit: pulumi.Int(a.AuthRateLimit), AggregateKeyType: pulumi.String("IP"),
				EvaluationWindowSec: pulumi.Int(EvaluationWindowSec),
				ScopeDownStatement:  scopeDown,
			}},
			VisibilityConfig: visibility(name, RuleRateAuth),
		},
		wafv2.WebAclRuleArgs{
			Name: pulumi.String(RuleRatePerIP), Priority: pulumi.Int(next()), Action: block(),
			Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: wafv2.WebAclRuleStatementRateBasedStatementArgs{
				Limit: pulumi.Int(a.RateLimitPerIP), AggregateKeyType: pulumi.String("IP"),
				EvaluationWindowSec: pulumi.Int(EvaluationWindowSec),
			}},
			VisibilityConfig: visibility(name, RuleRatePerIP),
		},
		wafv2.WebAclRuleArgs{
			Name: pulumi.String(RuleRatePerToken), Priority: pulumi.Int(next()), Action: block(),
			Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: wafv2.WebAclRuleStatementRateBasedStatementArgs{
				Limit: pulumi.Int(a.RateLimitPerToken), AggregateKeyType: pulumi.String("CUSTOM_KEYS"),
				EvaluationWindowSec: pulumi.Int(EvaluationWindowSec),
				CustomKeys: wafv2.WebAclRuleStatementRateBasedStatementCustomKeyArray{
					wafv2.WebAclRuleStatementRateBasedStatementCustomKeyArgs{Header: wafv2.WebAclRuleStatementRateBasedStatementCustomKeyHeaderArgs{
						Name: pulumi.String("authorization"),
						TextTransformations: wafv2.WebAclRuleStatementRateBasedStatementCustomKeyHeaderTextTransformationArray{
							wafv2.WebAclRuleStatementRateBasedStatementCustomKeyHeaderTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("NONE")},
						},
					}},
				},
			}},
			VisibilityConfig: visibility(name, RuleRatePerToken),
		},
	)
	if a.AnonymousIPList {
		out = append(out, managed(name, AnonymousIPListGroup, next()))
	}
	for _, g := range RequiredManagedRuleGroups[1:] {
		out = append(out, managed(name, g, next()))
	}
	return out
}
