// Package loadbalancer creates the platform's Application Load Balancer:
// internal, in the private subnets (no load balancer faces the internet;
// CloudFront reaches it through a VPC origin), its security group admitting
// 443 from the managed prefix list com.amazonaws.global.cloudfront.origin-facing
// (only CloudFront's VPC-origin interfaces in our VPC can use it) and
// sending only to the VPC on the service ports, HTTPS with an ACM
// certificate for origin.<domain> (DNS-validated in Route 53) or a given
// certificate, TLS 1.3/1.2 policy, HTTP redirected to HTTPS, a default 403.
//
// One credential per hop, three random secrets (secret outputs of the
// component for the CDN and the API, never stack outputs; rotated by
// Settings.SecretRotation, a keeper): A (X-Origin-Verify) CloudFront adds
// on the web origin, C (X-Api-Origin-Verify) CloudFront adds on the API
// origin, B (X-Gateway-Verify) the API's integration adds. Per service an
// API rule (priority 10+i: B and C and the service's paths) and a web rule
// (priority 100+i: A and the paths); so a request to the API that skipped
// CloudFront (no C) or a web request (no B or C) never reaches an API
// rule.
//
// Each service has an IP target group with health checks bound to its pods
// by a TargetGroupBinding (reconciled by the AWS Load Balancer Controller),
// so the ALB itself stays under Pulumi's control. A target group's name
// carries a hash of the properties that replace it (TargetGroupName), so a
// replacement does not collide with the old group. Invalid header fields
// are dropped, desync mitigation is strictest, access logs and deletion
// protection are settings.
//
// Only 443 is admitted: the prefix list counts as ~55 rules against the
// security group quota, so a second port would exceed it; the HTTP listener
// exists for completeness (redirect) but CloudFront talks HTTPS only.
//
// Edge contract: Arn (the VPC origin's target), SecurityGroupId and
// HttpsListenerArn are exported so CloudFront and an API Gateway VPC link
// can reach the listener; the edge tier adds its own ingress rule to
// SecurityGroupId from its VPC-link security group.
//
// Usage:
//
//	lb, err := loadbalancer.NewLoadBalancer(ctx, "shop-prod-alb", &loadbalancer.LoadBalancerArgs{
//		Settings: loadbalancer.Settings{
//			DomainName: "shop.example.com", HostedZoneId: "Z0123456789ABCDEFGHIJ",
//			Targets: []loadbalancer.Target{{Name: "web", Namespace: app.ServiceNamespaces["web"], ServiceName: "web", Port: 8080}},
//			DeletionProtection: true,
//		},
//		Wiring: loadbalancer.Wiring{
//			VpcId: net.VpcId, VpcCidr: net.VpcCidr, PrivateSubnetIds: net.PrivateSubnetIds,
//			NodeSecurityGroupId: eks.ClusterSecurityGroupId,
//			KubernetesProvider:  eks.Provider,
//		},
//	})
//	// lb.OriginDomainName is the name CloudFront connects to.
//
// A compiled example that go test runs: Example_loadbalancer in
// examples/consumer/example_compute_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package loadbalancer
