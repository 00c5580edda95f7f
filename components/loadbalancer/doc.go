// Package loadbalancer creates the platform's Application Load Balancer:
// in the public subnets, reachable only from CloudFront (its security group
// admits 443 from the managed prefix list
// com.amazonaws.global.cloudfront.origin-facing and sends only to the VPC on
// the service ports), HTTPS with an ACM certificate for origin.<domain>
// (DNS-validated in Route 53) or a given certificate, TLS 1.3/1.2 policy,
// HTTP redirected to HTTPS, a default 403, and one rule per service that
// forwards only requests carrying the X-Origin-Verify header with a random
// secret CloudFront adds (OriginSecret, a secret output). Each service has
// an IP target group with health checks bound to its pods by a
// TargetGroupBinding (reconciled by the AWS Load Balancer Controller), so
// the ALB itself stays under Pulumi's control. Invalid header fields are
// dropped, desync mitigation is strictest, access logs and deletion
// protection are settings.
//
// Only 443 is admitted: the prefix list counts as ~55 rules against the
// security group quota, so a second port would exceed it; the HTTP listener
// exists for completeness (redirect) but CloudFront talks HTTPS only.
//
// Edge contract: SecurityGroupId and HttpsListenerArn are exported so an
// API Gateway VPC link can reach the listener; the edge tier adds its own
// ingress rule to SecurityGroupId from its VPC-link security group.
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
//			VpcId: net.VpcId, VpcCidr: net.VpcCidr, PublicSubnetIds: net.PublicSubnetIds,
//			NodeSecurityGroupId: eks.ClusterSecurityGroupId,
//			KubernetesProvider:  eks.Provider,
//		},
//	})
//	// lb.OriginDomainName is the name CloudFront connects to.
package loadbalancer
