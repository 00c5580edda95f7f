package cluster

import (
	"strings"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
)

// partitionVar stands for the partition in the resource ARNs of
// lbControllerStatements.
const partitionVar = "${partition}"

// lbOwnedByController limits a mutation to resources the controller tagged.
var lbOwnedByController = map[string]map[string]any{
	"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false"},
}

// lbControllerStatements are the statements of LBControllerPolicy, with
// partitionVar in place of the partition.
var lbControllerStatements = []awsutil.Statement{
	{
		Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*",
		Condition: map[string]map[string]any{"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}},
	},
	{
		Effect: "Allow",
		Action: []string{
			"ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
			"ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
			"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
			"ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage",
			"ec2:DescribeCoipPools", "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools",
			"ec2:DescribeRouteTables",
			"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
			"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
			"elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
			"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
			"elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
			"elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
			"elasticloadbalancing:DescribeCapacityReservation",
		},
		Resource: "*",
	},
	{
		Effect: "Allow",
		Action: []string{
			"cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
			"iam:ListServerCertificates", "iam:GetServerCertificate", "waf-regional:GetWebACL",
			"waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
			"wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
			"shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
		},
		Resource: "*",
	},
	{
		Effect: "Allow", Action: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"}, Resource: "*",
	},
	{
		Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*",
	},
	{
		Effect: "Allow", Action: "ec2:CreateTags",
		Resource: "arn:${partition}:ec2:*:*:security-group/*",
		Condition: map[string]map[string]any{
			"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"},
			"Null":         {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"},
		},
	},
	{
		Effect: "Allow", Action: []string{"ec2:CreateTags", "ec2:DeleteTags"},
		Resource: "arn:${partition}:ec2:*:*:security-group/*", Condition: lbOwnedByController,
	},
	{
		Effect: "Allow", Action: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"},
		Resource:  "*",
		Condition: map[string]map[string]any{"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}},
	},
	{
		Effect: "Allow", Action: []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"},
		Resource:  "*",
		Condition: map[string]map[string]any{"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}},
	},
	{
		Effect: "Allow",
		Action: []string{
			"elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
			"elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
		},
		Resource: "*",
	},
	{
		Effect: "Allow", Action: []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
		Resource:  []string{"arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*", "arn:${partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*", "arn:${partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*"},
		Condition: lbOwnedByController,
	},
	{
		Effect: "Allow", Action: []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
		Resource: []string{"arn:${partition}:elasticloadbalancing:*:*:listener/net/*/*/*", "arn:${partition}:elasticloadbalancing:*:*:listener/app/*/*/*", "arn:${partition}:elasticloadbalancing:*:*:listener-rule/net/*/*/*", "arn:${partition}:elasticloadbalancing:*:*:listener-rule/app/*/*/*"},
	},
	{
		Effect: "Allow",
		Action: []string{
			"elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
			"elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
			"elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
			"elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
			"elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyCapacityReservation",
			"elasticloadbalancing:ModifyIpPools",
		},
		Resource:  "*",
		Condition: map[string]map[string]any{"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}},
	},
	{
		Effect: "Allow", Action: "elasticloadbalancing:AddTags",
		Resource: []string{"arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*", "arn:${partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*", "arn:${partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*"},
		Condition: map[string]map[string]any{
			"StringEquals": {"elasticloadbalancing:CreateAction": []string{"CreateTargetGroup", "CreateLoadBalancer"}},
			"Null":         {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"},
		},
	},
	{
		// TargetGroupBinding: register pod IPs in the target groups.
		Effect: "Allow", Action: []string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
		Resource: "arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*",
	},
	{
		Effect: "Allow",
		Action: []string{
			"elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener",
			"elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
			"elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
		},
		Resource: "*",
	},
}

// LBControllerPolicy is the AWS Load Balancer Controller's IAM policy
// (the upstream docs/install/iam_policy.json of v2.13), as typed
// statements. Mutations are limited to resources the controller tagged
// with elbv2.k8s.aws/cluster.
func LBControllerPolicy(partition string) awsutil.PolicyDocument {
	st := make([]awsutil.Statement, len(lbControllerStatements))
	for i, s := range lbControllerStatements {
		s.Resource = inPartition(s.Resource, partition)
		st[i] = s
	}
	return awsutil.Policy(st...)
}

// inPartition puts partition into the ARNs of a statement's Resource (a
// string or a []string).
func inPartition(resource any, partition string) any {
	switch r := resource.(type) {
	case string:
		return strings.ReplaceAll(r, partitionVar, partition)
	case []string:
		out := make([]string, len(r))
		for i, s := range r {
			out[i] = strings.ReplaceAll(s, partitionVar, partition)
		}
		return out
	}
	return resource
}
