package cluster

import (
	"fmt"
	"maps"
	"slices"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
)

// The AWS Load Balancer Controller here only reconciles TargetGroupBindings
// (the ALB, its listeners, rules and security groups are Pulumi's, see
// components/loadbalancer), and the bindings carry no spec.networking, so
// the controller manages no security-group rule either. Its policy is the
// part of the upstream docs/install/iam_policy.json (v2.13) that mode
// uses, after the controller's TargetGroupBinding guide
// (docs/guide/targetgroupbinding/targetgroupbinding.md, "AssumeRole":
// the target group owner's role needs RegisterTargets/DeregisterTargets on
// the target groups and DescribeTargetGroups/DescribeTargetHealth), plus
// the read-only discovery the controller runs for IP targets (VPC, subnets,
// network interfaces, instances). Read 2026-12-02.
//
// Left out on purpose: CreateLoadBalancer/CreateTargetGroup/CreateListener/
// CreateRule and every Delete/Modify/Set of them, security-group create,
// delete and ingress changes, WAF/Shield association, ACM and Cognito
// reads, iam:CreateServiceLinkedRole. The chart values turn the features
// that would need them off (charts.go).

// lbDescribeActions have no resource-level permissions: "*" only.
var lbDescribeActions = []string{
	"ec2:DescribeAvailabilityZones", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces",
	"ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeVpcs",
	"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancers",
	"elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags",
	"elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups",
	"elasticloadbalancing:DescribeTargetHealth",
}

// LBControllerTargetActions are the only mutations the controller may make.
var LBControllerTargetActions = []string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"}

// LBControllerPolicy is the Load Balancer Controller's IAM policy in
// TargetGroupBinding mode: discovery, and (de)registering targets only in
// the target groups of env's account and region that carry every one of
// stackTags (the tags the cluster was given, which the stack's load
// balancer puts on its target groups too). Without stackTags the target
// groups are limited to the account and region only.
func LBControllerPolicy(env awsutil.Env, stackTags map[string]string) awsutil.PolicyDocument {
	register := awsutil.Statement{
		Sid: "RegisterTargetsOfTheStack", Effect: "Allow", Action: LBControllerTargetActions,
		Resource: fmt.Sprintf("arn:%s:elasticloadbalancing:%s:%s:targetgroup/*/*", env.Partition, env.Region, env.AccountID),
	}
	if len(stackTags) > 0 {
		cond := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(stackTags)) {
			cond["aws:ResourceTag/"+k] = stackTags[k]
		}
		register.Condition = map[string]map[string]any{"StringEquals": cond}
	}
	return awsutil.Policy(
		awsutil.Statement{Sid: "Discover", Effect: "Allow", Action: lbDescribeActions, Resource: "*"},
		register,
	)
}
