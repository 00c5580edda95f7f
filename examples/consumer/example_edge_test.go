package consumer_test

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/waf"
)

// A CloudFront-scope web ACL: rate limits per IP, on the sign-in paths
// and per token, and the AWS managed rule groups. It lives in us-east-1;
// here the provider comes in the options (Wiring.Provider works too).
func Example_waf() {
	var acl *waf.WebACL
	example(func(ctx *pulumi.Context) error {
		east, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		acl, err = waf.NewWebACL(ctx, "shop-waf", &waf.WebACLArgs{Settings: waf.Settings{
			RateLimitPerIP:    2000,
			AuthPaths:         []string{"/api/auth/", "/login"},
			AuthRateLimit:     100,
			RateLimitPerToken: 1000,
			Tags:              tags,
		}}, pulumi.Provider(east))
		if err != nil {
			return err
		}
		ctx.Export("webAclArn", acl.Arn)
		return nil
	})
	fmt.Println(acl.RateLimitMetricName)
	// Output: shop-waf-rate-per-ip
}

// The API's entry: JWT-authenticated, throttled routes forwarding over a
// VPC link to the platform stack's ALB.
func Example_apigateway() {
	var api *apigateway.API
	example(func(ctx *pulumi.Context) error {
		platform, err := pulumi.NewStackReference(ctx, "acme/platform/prod", nil)
		if err != nil {
			return err
		}
		out := func(key string) pulumi.StringOutput { return platform.GetStringOutput(pulumi.String(key)) }
		api, err = apigateway.NewAPI(ctx, "shop-api", &apigateway.APIArgs{
			Settings: apigateway.Settings{
				OriginServerName: "origin.shop.example.com",
				DomainName:       "shop.example.com", HostedZoneId: "Z0123456789ABCDEFGHIJ",
				MFA: "ON",
				Routes: []apigateway.Route{
					{Method: "ANY", Path: "/api/{proxy+}", BurstLimit: 200, RateLimit: 100},
					{Method: "POST", Path: "/api/auth/token", BurstLimit: 20, RateLimit: 10},
				},
				Tags: tags,
			},
			Wiring: apigateway.Wiring{
				VpcId: out("vpcId"), VpcCidr: out("vpcCidr"),
				SubnetIds:          platform.GetOutput(pulumi.String("privateSubnetIds")).AsStringArrayOutput(),
				ListenerArn:        out("httpsListenerArn"),
				AlbSecurityGroupId: out("albSecurityGroupId"),
				GatewaySecret:      out("gatewaySecret"), // the platform stack exports it as a secret
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("apiHost", api.Host)
		return nil
	})
	fmt.Println(api.Settings.NamePrefix)
	// Output: shop-api
}

// The distribution: assets from S3, /api/* to the API, the rest to the
// ALB through a VPC origin, its certificate issued in us-east-1.
func Example_cdn() {
	var site *cdn.CDN
	example(func(ctx *pulumi.Context) error {
		east, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		platform, err := pulumi.NewStackReference(ctx, "acme/platform/prod", nil)
		if err != nil {
			return err
		}
		out := func(key string) pulumi.StringOutput { return platform.GetStringOutput(pulumi.String(key)) }
		site, err = cdn.NewCDN(ctx, "shop-cdn", &cdn.CDNArgs{
			Settings: cdn.Settings{
				Aliases:      []string{"shop.example.com"},
				HostedZoneID: "Z0123456789ABCDEFGHIJ",
				PriceClass:   "PriceClass_100",
				Tags:         tags,
			},
			Wiring: cdn.Wiring{
				CertificateProvider:            east,
				AssetsBucketName:               out("assetsBucketName"),
				AssetsBucketArn:                out("assetsBucketArn"),
				AssetsBucketRegionalDomainName: out("assetsBucketRegionalDomainName"),
				LogBucketDomainName:            out("logBucketDomainName"),
				OriginDomainName:               pulumi.String("origin.shop.example.com"),
				AlbArn:                         out("albArn"),
				WebOriginSecret:                out("webOriginSecret"),
				APIOriginSecret:                out("apiOriginSecret"),
				APIDomainName:                  out("apiHost"),
				WebACLArn:                      out("webAclArn"),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("cdnDomainName", site.DomainName)
		return nil
	})
	fmt.Println(site.Settings.PriceClass)
	// Output: PriceClass_100
}

// Alarms, SLO burn rates, a dashboard and the alerting topic for the
// platform stack's load balancer, database and cache; the edge's metrics
// are in us-east-1.
func Example_monitoring() {
	var mon *monitoring.Monitoring
	example(func(ctx *pulumi.Context) error {
		east, err := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		platform, err := pulumi.NewStackReference(ctx, "acme/platform/prod", nil)
		if err != nil {
			return err
		}
		out := func(key string) pulumi.StringOutput { return platform.GetStringOutput(pulumi.String(key)) }
		mon, err = monitoring.NewMonitoring(ctx, "shop-monitoring", &monitoring.MonitoringArgs{
			Settings: monitoring.Settings{
				AlarmEmails:        []string{"oncall@example.com"},
				AvailabilityTarget: 99.9,
				Tags:               tags,
			},
			Wiring: monitoring.Wiring{
				EdgeProvider: east,
				LoadBalancer: &monitoring.LoadBalancerTarget{ArnSuffix: out("albArnSuffix")},
				Database:     &monitoring.DatabaseTarget{ClusterIdentifier: out("dbClusterIdentifier")},
				Cache:        &monitoring.CacheTarget{ReplicationGroupId: out("cacheReplicationGroupId"), Nodes: 3},
				CDN:          &monitoring.CDNTarget{DistributionId: out("cdnDistributionId"), AdditionalMetrics: true}, // as the platform's cdn.CDN sets them
				WAF:          &monitoring.WAFTarget{WebACLName: pulumi.String("shop-waf")},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("alarmTopicArn", mon.TopicArn)
		return nil
	})
	fmt.Println(mon.TopicName, len(mon.AlarmNames) > 10)
	// Output: shop-monitoring-alerts true
}
