// Package waf provides WebACL, an AWS WAF web ACL for CloudFront (scope
// CLOUDFRONT, so it and its logs live in us-east-1) or, with Scope
// REGIONAL, for regional resources such as the Cognito user pool, whose
// sign-in does not pass CloudFront (Wiring.Associations attaches it; the
// same rules, with AuthRateLimit on every request):
//
//   - a rate-based rule per client IP (AWS's default 300-second evaluation
//     window; AWS's minimum limit is 10 requests per window);
//   - a stricter per-IP rate rule scoped down to authentication paths
//     (for example /api/auth/ and /login) against credential stuffing;
//   - a per-client rate rule keyed on the Authorization header (a custom
//     aggregation key), so one API token cannot exhaust the API even when
//     it is spread over many IPs;
//   - the AWS managed rule groups AWSManagedRulesAmazonIpReputationList,
//     AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet
//     (Log4j and other known exploits), AWSManagedRulesSQLiRuleSet and,
//     optionally, AWSManagedRulesAnonymousIpList;
//   - CloudWatch metrics and sampled requests on every rule and the ACL;
//   - logging to a KMS-encrypted CloudWatch log group named
//     aws-waf-logs-<name> (the prefix AWS requires) with retention, and the
//     Authorization and Cookie headers redacted from the logs.
//
// This is the ONLY package of the program that imports the wafv2 SDK
// package, the heaviest in pulumi-aws to compile (pulumi-aws #1757): keep
// it that way, so the cost is paid once and only where WAF is used.
//
// Usage (the provider must be in us-east-1):
//
//	east, _ := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
//	acl, err := waf.NewWebACL(ctx, "shop-prod-waf", &waf.WebACLArgs{
//		Settings: waf.Settings{
//			RateLimitPerIP:    2000,
//			AuthPaths:         []string{"/api/auth/", "/login"},
//			AuthRateLimit:     100,
//			RateLimitPerToken: 1000,
//			Tags:              map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//		},
//		Wiring: waf.Wiring{Provider: east},
//	})
//	// attach: cdn.Wiring{WebACLArn: acl.Arn, ...}; alarms: acl.Name is the
//	// WebACL metric dimension.
//
// Physical names (the web ACL, its metrics, the log group) start with
// Settings.NamePrefix, by default the name argument.
//
// A compiled example that go test runs: Example_waf in
// examples/consumer/example_edge_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package waf
