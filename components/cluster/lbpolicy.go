package cluster

import (
	"fmt"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
)

// LBControllerPolicy is the AWS Load Balancer Controller's IAM policy
// (the upstream docs/install/iam_policy.json of v2.13), as typed
// statements. Mutations are limited to resources the controller tagged
// with elbv2.k8s.aws/cluster.
func LBControllerPolicy(partition string) awsutil.PolicyDocument {
	elb := func(res string) string { return fmt.Sprintf("arn:%s:elasticloadbalancing:*:*:%s", partition, res) }
	ownedByController := map[string]map[string]any{
		"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false"},
	}
	return awsutil.Policy(
		awsutil.Statement{
			Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}},
		},
		awsutil.Statement{
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
		awsutil.Statement{
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
		awsutil.Statement{
			Effect: "Allow", Action: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"}, Resource: "*",
		},
		awsutil.Statement{
			Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*",
		},
		awsutil.Statement{
			Effect: "Allow", Action: "ec2:CreateTags",
			Resource: fmt.Sprintf("arn:%s:ec2:*:*:security-group/*", partition),
			Condition: map[string]map[string]any{
				"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"},
				"Null":         {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"},
			},
		},
		awsutil.Statement{
			Effect: "Allow", Action: []string{"ec2:CreateTags", "ec2:DeleteTags"},
			Resource: fmt.Sprintf("arn:%s:ec2:*:*:security-group/*", partition), Condition: ownedByController,
		},
		awsutil.Statement{
			Effect: "Allow", Action: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"},
			Resource:  "*",
			Condition: map[string]map[string]any{"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}},
		},
		awsutil.Statement{
			Effect: "Allow", Action: []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"},
			Resource:  "*",
			Condition: map[string]map[string]any{"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}},
		},
		awsutil.Statement{
			Effect: "Allow",
			Action: []string{
				"elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
				"elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
			},
			Resource: "*",
		},
		awsutil.Statement{
			Effect: "Allow", Action: []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
			Resource:  []string{elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")},
			Condition: ownedByController,
		},
		awsutil.Statement{
			Effect: "Allow", Action: []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
			Resource: []string{elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")},
		},
		awsutil.Statement{
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
		awsutil.Statement{
			Effect: "Allow", Action: "elasticloadbalancing:AddTags",
			Resource: []string{elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")},
			Condition: map[string]map[string]any{
				"StringEquals": {"elasticloadbalancing:CreateAction": []string{"CreateTargetGroup", "CreateLoadBalancer"}},
				"Null":         {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"},
			},
		},
		awsutil.Statement{
			// TargetGroupBinding: register pod IPs in the target groups.
			Effect: "Allow", Action: []string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
			Resource: elb("targetgroup/*/*"),
		},
		awsutil.Statement{
			Effect: "Allow",
			Action: []string{
				"elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener",
				"elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
				"elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
			},
			Resource: "*",
		},
	)
}
