package mockgraph

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Computed attributes and data sources of the compute tier (EKS, ALB, ACM,
// ECR, random). The generic id and arn come from computeOutputs.
func computeModel(t outputTable) {
	t.add("aws:eks/cluster:Cluster", func(r *Resource, region string) map[string]any {
		name := r.Str("name")
		return map[string]any{
			// EKS reports the security group it created inside the
			// vpcConfig the program passed (merged into it, see
			// computeOutputs).
			"vpcConfig":            map[string]any{"clusterSecurityGroupId": "sg-" + name + "-cluster"},
			"endpoint":             fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", name, region),
			"certificateAuthority": map[string]any{"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="},
			"identities": []any{map[string]any{"oidcs": []any{map[string]any{
				"issuer": fmt.Sprintf("https://oidc.eks.%s.amazonaws.com/id/%s", region, "EXAMPLED539D4633E53DE1B71EXAMPLE"),
			}}}},
		}
	})
	t.add("aws:iam/openIdConnectProvider:OpenIdConnectProvider", func(r *Resource, _ string) map[string]any {
		url := r.Str("url")
		if len(url) > 8 {
			url = url[8:]
		}
		return map[string]any{"arn": fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", Account, url)}
	})
	t.add("aws:ec2/vpcEndpoint:VpcEndpoint", func(r *Resource, _ string) map[string]any {
		if r.Str("vpcEndpointType") != "Gateway" {
			return nil
		}
		// A gateway endpoint reports its service's prefix list and the
		// CIDRs in it (S3's, abridged).
		return map[string]any{"prefixListId": "pl-6da54004", "cidrBlocks": []any{"52.218.0.0/17", "3.5.0.0/19"}}
	})
	t.add("aws:ec2/launchTemplate:LaunchTemplate", func(r *Resource, _ string) map[string]any {
		return map[string]any{"latestVersion": 1, "defaultVersion": 1}
	})
	t.add("aws:lb/loadBalancer:LoadBalancer", func(r *Resource, region string) map[string]any {
		suffix := "app/" + r.Str("name") + "/50dc6c495c0c9188"
		return map[string]any{
			"arnSuffix": suffix,
			"dnsName":   fmt.Sprintf("%s-1234567890.%s.elb.amazonaws.com", r.Str("name"), region),
			"zoneId":    "Z32O12XQLNTSW2",
		}
	})
	t.add("aws:lb/targetGroup:TargetGroup", func(r *Resource, region string) map[string]any {
		suffix := "targetgroup/" + r.Str("name") + "/943f017f100becff"
		return map[string]any{"arnSuffix": suffix}
	})
	t.add("aws:acm/certificate:Certificate", func(r *Resource, region string) map[string]any {
		domain := r.Str("domainName")
		return map[string]any{
			"domainValidationOptions": []any{map[string]any{
				"domainName":          domain,
				"resourceRecordName":  "_a79865eb4cd1a6ab990a45779b4e0b96." + domain + ".",
				"resourceRecordType":  "CNAME",
				"resourceRecordValue": "_424c7224e9b0146f9a8808af955727d0.acm-validations.aws.",
			}},
		}
	})
	t.add("aws:route53/record:Record", func(r *Resource, _ string) map[string]any {
		return map[string]any{"fqdn": r.Str("name")}
	})
	t.add("aws:ecr/repository:Repository", func(r *Resource, region string) map[string]any {
		return map[string]any{"repositoryUrl": fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", Account, region, r.Str("name"))}
	})
	t.add("random:index/randomPassword:RandomPassword", func(r *Resource, _ string) map[string]any {
		return map[string]any{"result": "mock-origin-secret-" + r.Name}
	})
}

// managedPrefixList answers ec2.getManagedPrefixList (the CloudFront
// origin-facing list the load balancer admits).
func managedPrefixList(args resource.PropertyMap, region string) map[string]any {
	name := ""
	if v, ok := args["name"]; ok && v.IsString() {
		name = v.StringValue()
	}
	return map[string]any{
		"id": "pl-4fa04526", "name": name, "addressFamily": "IPv4", "maxEntries": 55, "ownerId": "AWS",
		"arn":     fmt.Sprintf("arn:aws:ec2:%s:aws:prefix-list/pl-4fa04526", region),
		"entries": []any{map[string]any{"cidr": "120.52.22.96/27", "description": ""}},
		"version": 1, "tags": map[string]any{},
	}
}
