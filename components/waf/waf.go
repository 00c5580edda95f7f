package waf

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
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

// WebACL is a CloudFront-scope web ACL with rate limits, managed rules and
// logging.
type WebACL struct {
	pulumi.ResourceState

	// Arn is what a CloudFront distribution's webAclId takes.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// Id is the web ACL's id.
	Id pulumi.StringOutput `pulumi:"id"`
	// LogGroupName is the aws-waf-logs-<name> log group in us-east-1.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`

	// Args are the defaulted arguments the web ACL was built with.
	Args WebACLArgs
}

var _ pulumi.ComponentResource = (*WebACL)(nil)

// NewWebACL validates args and creates the web ACL. Nothing is registered
// when the arguments are invalid or the provider is not in us-east-1.
func NewWebACL(ctx *pulumi.Context, name string, args *WebACLArgs, opts ...pulumi.ResourceOption) (*WebACL, error) {
	if args == nil {
		args = &WebACLArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("waf %q: invalid arguments:\n%w", name, err)
	}
	var invoke []pulumi.InvokeOption
	if a.Provider != nil {
		invoke = append(invoke, pulumi.Provider(a.Provider))
	}
	env, err := awsutil.Lookup(ctx, invoke...)
	if err != nil {
		return nil, fmt.Errorf("waf %q: %w", name, err)
	}
	if env.Region != "us-east-1" {
		return nil, fmt.Errorf("waf %q: invalid arguments:\nProvider: CloudFront-scope web ACLs must be created in us-east-1, the provider is in %s", name, env.Region)
	}

	w := &WebACL{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	child := []pulumi.ResourceOption{pulumi.Parent(w)}
	if a.Provider != nil {
		child = append(child, pulumi.Provider(a.Provider))
	}
	set := tags.Component(a.Tags, "waf")

	acl, err := wafv2.NewWebAcl(ctx, name, &wafv2.WebAclArgs{
		Name:             pulumi.String(name),
		Description:      pulumi.String("Rate limits and AWS managed rules in front of CloudFront " + name),
		Scope:            pulumi.String("CLOUDFRONT"),
		DefaultAction:    wafv2.WebAclDefaultActionArgs{Allow: wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:            rules(name, a),
		VisibilityConfig: wafv2.WebAclVisibilityConfigArgs{CloudwatchMetricsEnabled: pulumi.Bool(true), MetricName: pulumi.String(name), SampledRequestsEnabled: pulumi.Bool(true)},
		Tags:             tags.Named(set, name),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("waf %q: web acl: %w", name, err)
	}

	// AWS requires the aws-waf-logs- prefix for a WAF log destination.
	groupName := "aws-waf-logs-" + name
	keyArn := a.LogKMSKeyArn
	if keyArn == nil {
		key, err := kmskey.New(ctx, name+"-logs", kmskey.Args{
			Env:            env,
			Description:    fmt.Sprintf("WAF logs of web ACL %s", name),
			LogsArnPattern: env.ARN("logs", "log-group:"+groupName),
			Tags:           set,
		}, child...)
		if err != nil {
			return nil, fmt.Errorf("waf %q: %w", name, err)
		}
		keyArn = key.Key.Arn
	}
	group, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		KmsKeyId:        keyArn,
		Tags:            tags.Named(set, name+"-logs"),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("waf %q: log group: %w", name, err)
	}
	if _, err := wafv2.NewWebAclLoggingConfiguration(ctx, name+"-logging", &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{group.Arn},
		// Tokens and session cookies must not end up in the logs.
		RedactedFields: wafv2.WebAclLoggingConfigurationRedactedFieldArray{
			wafv2.WebAclLoggingConfigurationRedactedFieldArgs{SingleHeader: wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String("authorization")}},
			wafv2.WebAclLoggingConfigurationRedactedFieldArgs{SingleHeader: wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String("cookie")}},
		},
	}, child...); err != nil {
		return nil, fmt.Errorf("waf %q: logging configuration: %w", name, err)
	}

	w.Arn = acl.Arn
	w.Id = acl.ID().ToStringOutput()
	w.LogGroupName = group.Name
	if err := ctx.RegisterResourceOutputs(w, pulumi.Map{
		"arn": w.Arn, "id": w.Id, "logGroupName": w.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return w, nil
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

// authScopeDown matches requests whose path starts with one of the prefixes.
func authScopeDown(paths []string) wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs {
	lower := wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray{
		wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("LOWERCASE")},
	}
	if len(paths) == 1 {
		return wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs{
			ByteMatchStatement: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementArgs{
				FieldToMatch:         wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementFieldToMatchArgs{UriPath: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementFieldToMatchUriPathArgs{}},
				PositionalConstraint: pulumi.String("STARTS_WITH"),
				SearchString:         pulumi.String(paths[0]),
				TextTransformations: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementTextTransformationArray{
					wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("LOWERCASE")},
				},
			},
		}
	}
	var matches wafv2.WebAclRuleStatementArray
	for _, p := range paths {
		matches = append(matches, wafv2.WebAclRuleStatementArgs{ByteMatchStatement: wafv2.WebAclRuleStatementByteMatchStatementArgs{
			FieldToMatch:         wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{UriPath: wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchUriPathArgs{}},
			PositionalConstraint: pulumi.String("STARTS_WITH"),
			SearchString:         pulumi.String(p),
			TextTransformations:  lower,
		}})
	}
	return wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementArgs{
		OrStatement: wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatementOrStatementArgs{Statements: matches},
	}
}

// rules returns the web ACL's rules in priority order: IP reputation first
// (cheapest, drops known bad sources before they count against limits),
// then the rate limits, then the managed rule groups.
func rules(name string, a WebACLArgs) wafv2.WebAclRuleArray {
	prio := 0
	next := func() int { prio++; return prio - 1 }
	out := wafv2.WebAclRuleArray{managed(name, RequiredManagedRuleGroups[0], next())}
	out = append(out,
		wafv2.WebAclRuleArgs{
			Name: pulumi.String(RuleRateAuth), Priority: pulumi.Int(next()), Action: block(),
			Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: wafv2.WebAclRuleStatementRateBasedStatementArgs{
				Limit: pulumi.Int(a.AuthRateLimit), AggregateKeyType: pulumi.String("IP"),
				EvaluationWindowSec: pulumi.Int(EvaluationWindowSec),
				ScopeDownStatement:  authScopeDown(a.AuthPaths),
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
