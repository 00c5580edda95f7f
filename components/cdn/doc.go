// Package cdn provides CDN, the CloudFront distribution in front of the web
// platform:
//
//   - viewers: HTTPS only (HTTP redirects), TLSv1.2_2021 minimum, HTTP/2 and
//     HTTP/3, IPv6, compression; custom aliases with an ACM certificate
//     issued in us-east-1 (through the provider in Wiring.CertificateProvider)
//     and validated by DNS records in the Route 53 zone; without aliases
//     the default *.cloudfront.net certificate, only when explicitly allowed;
//   - /static/* → the assets bucket through an origin access control
//     (SigV4, always signed), with a bucket policy that lets only this
//     distribution read (s3:GetObject with an AWS:SourceArn condition),
//     cached with the managed CachingOptimized policy;
//   - /api/* → the API Gateway HTTP API's regional custom domain (JWT
//     authentication and per-route throttling, see package apigateway),
//     with the API origin's secret X-Api-Origin-Verify (C), caching
//     disabled, every viewer header but Host forwarded;
//   - everything else → the internal ALB through a CloudFront VPC origin,
//     HTTPS only (TLSv1.2), with the web origin's secret X-Origin-Verify
//     (A) the ALB checks, caching disabled;
//   - a viewer-request CloudFront Function (cloudfront-js-2.0,
//     viewer_request.js) on the web and static behaviours: it refuses
//     (403) every path whose canonical form (repeatedly percent-decoded,
//     backslashes and duplicate slashes folded, dot segments resolved,
//     lower case) is under APIPathPattern, so case, slash and encoding
//     variants of an API path cannot reach the pods without a JWT, and it
//     drops the edge-only headers (StrippedHeaders, X-Auth-*);
//   - a response headers policy: HSTS (2 years, includeSubdomains, preload),
//     X-Content-Type-Options, X-Frame-Options DENY, Referrer-Policy and a
//     Content-Security-Policy;
//   - the WAF web ACL attached, standard access logs to the log bucket,
//     origin shield and geo restriction optional, price class per
//     environment.
//
// Why /api/* goes through API Gateway rather than straight to the ALB:
// requests to the API must be authenticated and rate limited per client and
// per route before they reach the pods. pulumi-aws v6.83.2 has no ALB
// JWT-validation action, and the ALB's authenticate-oidc/cognito actions
// only work for browser cookie sessions, so API clients sending bearer
// tokens could not be authenticated at the ALB. The HTTP API validates JWTs
// natively and throttles per route; WAF rate rules keyed on the client IP
// and the Authorization header limit each client at the edge. The cost: one
// more hop (about 10-20 ms), $1 per million API requests, a 30-second
// integration timeout and 10 MB payloads.
//
// Usage (Settings are plain values; Wiring are the other components'
// outputs):
//
//	site, err := cdn.NewCDN(ctx, "shop-prod-cdn", &cdn.CDNArgs{
//		Settings: cdn.Settings{
//			Aliases:      []string{"shop.example.com"},
//			HostedZoneID: "Z0123456789ABCDEFGHIJ",
//			PriceClass:   "PriceClass_All",
//			OriginShield: true,
//			Tags:         map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//		},
//		Wiring: cdn.Wiring{
//			CertificateProvider: east, // aws.Provider in us-east-1
//			AssetsBucketName:    assets.Bucket, AssetsBucketArn: assets.Arn,
//			AssetsBucketRegionalDomainName: assets.BucketRegionalDomainName,
//			LogBucketDomainName: logs.BucketDomainName,
//			OriginDomainName:    pulumi.String("origin.shop.example.com"),
//			AlbArn:              alb.Arn,
//			WebOriginSecret:     alb.WebOriginSecret,
//			APIOriginSecret:     alb.APIOriginSecret,
//			APIDomainName:       api.Host,
//			WebACLArn:           acl.Arn,
//		},
//	})
//
// Physical names (origin access control, headers policy, log prefix) start
// with Settings.NamePrefix, by default the name argument.
//
// A compiled example that go test runs: Example_cdn in
// examples/consumer/example_edge_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package cdn
