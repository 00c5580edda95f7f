// Package apigateway provides API, the authenticated and rate-limited entry
// to the application's API: an API Gateway HTTP API whose routes require a
// JWT authorizer (issued by a Cognito user pool created here, or by an
// external OIDC issuer) and are throttled per route, forwarding over a VPC
// link to the internal HTTPS listener of the ALB.
//
//	CloudFront /api/* ─► <stack>-api.<domain> (regional custom domain, TLS 1.2;
//	                     the execute-api endpoint is disabled)
//	                     HTTP API (JWT authorizer, route throttling, access logs)
//	                       └─ VPC link (private subnets, own SG: egress 443 to the VPC)
//	                            └─► ALB HTTPS listener (TLS verified for origin.<domain>;
//	                                CloudFront's X-Api-Origin-Verify passed through,
//	                                X-Gateway-Verify overwritten with the gateway's
//	                                secret, X-Auth-Sub with the JWT's subject)
//
// The Cognito user pool (without an external issuer) is protect +
// retain-on-delete with ProtectUserPool; its REGIONAL web ACL is package
// waf's, associated by the stack with UserPoolArn.
//
// Why here and not at the ALB: pulumi-aws v6.83.2 has no ALB JWT-validation
// action, and the ALB's authenticate-oidc/cognito actions only serve
// browser cookie sessions, so bearer-token API clients could not be
// authenticated before the pods. The HTTP API validates JWTs natively
// (issuer, audience, expiry, signature) and throttles per route; per-client
// limits are WAF rate rules at CloudFront (package waf). Costs: one more hop
// (about 10-20 ms), $1 per million requests, a 30-second integration
// timeout and 10 MB payloads.
//
// Every route requires the authorizer unless its Route.AuthDisabled is set
// (the stacks forbid that in prod).
//
// Usage:
//
//	api, err := apigateway.NewAPI(ctx, "shop-prod-api", &apigateway.APIArgs{
//		Settings: apigateway.Settings{
//			OriginServerName: "origin.shop.example.com",
//			DomainName:       "shop.example.com", HostedZoneId: "Z0123456789ABCDEFGHIJ",
//			MFA:              "ON",
//			Routes: []apigateway.Route{
//				{Method: "ANY", Path: "/api/{proxy+}", BurstLimit: 200, RateLimit: 100},
//				{Method: "POST", Path: "/api/auth/token", BurstLimit: 20, RateLimit: 10},
//			},
//			Tags: map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//		},
//		Wiring: apigateway.Wiring{
//			VpcId: net.VpcId, VpcCidr: net.VpcCidr, SubnetIds: net.PrivateSubnetIds,
//			ListenerArn: alb.HttpsListenerArn, AlbSecurityGroupId: alb.SecurityGroupId,
//			GatewaySecret: alb.GatewaySecret,
//		},
//	})
//	// CloudFront origin: api.Host (shop-prod-api.shop.example.com)
//
// Physical names (the HTTP API, VPC link, user pool, app client and access
// log group) start with Settings.NamePrefix, by default the name argument.
// A route's validation problems name it by its key:
// "Routes[GET /api/items].RateLimit".
//
// A compiled example that go test runs: Example_apigateway in
// examples/consumer/example_edge_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package apigateway
