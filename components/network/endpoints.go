package network

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
)

// endpoints adds the S3 gateway endpoint to the private and isolated route
// tables and one interface endpoint per configured service, each with a
// policy that admits only this account (EndpointPolicy).
func (b *builder) endpoints() error {
	rts := append(append([]pulumi.StringOutput{}, b.privateRTs...), b.isoRTs...)
	s3, err := ec2.NewVpcEndpoint(b.ctx, b.name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           b.vpcRes.ID(),
		ServiceName:     pulumi.String(b.env.EndpointService("s3")),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   pulumi.ToStringArrayOutput(rts),
		Policy:          pulumi.String(EndpointPolicy(b.env, "s3").JSON()),
		Tags:            b.tagged(b.name+"-s3", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("s3 gateway endpoint: %w", err)
	}
	b.net.S3PrefixListId = s3.PrefixListId
	b.net.S3Cidrs = s3.CidrBlocks
	if len(b.s.InterfaceEndpoints) == 0 {
		return nil
	}
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       b.vpcRes.ID(),
		Description: pulumi.String("HTTPS from inside the VPC to interface endpoints"),
		Ingress: ec2.SecurityGroupIngressArray{ec2.SecurityGroupIngressArgs{
			Description: pulumi.String("HTTPS from the VPC"),
			Protocol:    pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrBlocks: pulumi.StringArray{pulumi.String(b.s.Cidr)},
		}},
		Tags: b.tagged(b.name+"-endpoints", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("endpoint security group: %w", err)
	}
	b.net.EndpointSecurityGroupId = sg.ID().ToStringOutput()
	for _, svc := range b.s.InterfaceEndpoints {
		name := b.name + "-" + strings.ReplaceAll(svc, ".", "-")
		if _, err := ec2.NewVpcEndpoint(b.ctx, name, &ec2.VpcEndpointArgs{
			VpcId:             b.vpcRes.ID(),
			ServiceName:       pulumi.String(b.env.EndpointService(svc)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         pulumi.ToStringArrayOutput(b.subnetIDs[TierPrivate]),
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			Policy:            pulumi.String(EndpointPolicy(b.env, svc).JSON()),
			Tags:              b.tagged(name, nil),
		}, b.parent); err != nil {
			return fmt.Errorf("interface endpoint %s: %w", svc, err)
		}
	}
	return nil
}

// ResourceAccountServices are the endpoint services whose every request
// names a resource of the caller's account, so their policy also requires
// aws:ResourceAccount. Not ECR (add-on images live in AWS-owned registry
// accounts) nor the SSM family (AWS-owned documents).
var ResourceAccountServices = []string{"s3", "secretsmanager", "kms", "logs"}

// ECRLayerBucket is the AWS-owned bucket ECR serves image layers from; the
// S3 gateway endpoint must admit it for nodes to pull from ECR. Source:
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
// ("Minimum Amazon S3 bucket permissions for Amazon ECR"), read 2026-12-02.
func ECRLayerBucket(e awsutil.Env) string {
	return fmt.Sprintf("arn:%s:s3:::prod-%s-starport-layer-bucket/*", e.Partition, e.Region)
}

// EndpointPolicy is the policy of the endpoint of service: principals of
// this account only (aws:PrincipalAccount) and, for
// ResourceAccountServices, resources of this account only
// (aws:ResourceAccount). S3 also admits reading ECR's layer bucket; STS also
// admits assuming this account's roles, since AssumeRoleWithWebIdentity
// (IRSA) is unsigned and has no principal account.
func EndpointPolicy(e awsutil.Env, service string) awsutil.PolicyDocument {
	cond := map[string]any{"aws:PrincipalAccount": e.AccountID}
	if slices.Contains(ResourceAccountServices, service) {
		cond["aws:ResourceAccount"] = e.AccountID
	}
	st := []awsutil.Statement{{
		Sid: "OnlyThisAccount", Effect: "Allow", Principal: map[string]any{"AWS": "*"},
		Action: "*", Resource: "*", Condition: map[string]map[string]any{"StringEquals": cond},
	}}
	switch service {
	case "s3":
		st = append(st, awsutil.Statement{
			Sid: "EcrImageLayers", Effect: "Allow", Principal: map[string]any{"AWS": "*"},
			Action: "s3:GetObject", Resource: ECRLayerBucket(e),
			Condition: map[string]map[string]any{"StringEquals": {"aws:PrincipalAccount": e.AccountID}},
		})
	case "sts":
		st = append(st, awsutil.Statement{
			Sid: "AssumeThisAccountsRoles", Effect: "Allow", Principal: map[string]any{"AWS": "*"},
			Action:    []string{"sts:AssumeRoleWithWebIdentity", "sts:AssumeRole", "sts:TagSession"},
			Resource:  "*",
			Condition: map[string]map[string]any{"StringEquals": {"aws:ResourceAccount": e.AccountID}},
		})
	}
	return awsutil.Policy(st...)
}
