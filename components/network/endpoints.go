package network

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// endpoints adds the S3 gateway endpoint to the private and isolated route
// tables and one interface endpoint per configured service.
func (b *builder) endpoints() error {
	rts := append(append([]pulumi.StringOutput{}, b.privateRTs...), b.isoRTs...)
	if _, err := ec2.NewVpcEndpoint(b.ctx, b.name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           b.vpcRes.ID(),
		ServiceName:     pulumi.String(b.env.EndpointService("s3")),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   pulumi.ToStringArrayOutput(rts),
		Tags:            b.tagged(b.name+"-s3", nil),
	}, b.parent); err != nil {
		return fmt.Errorf("s3 gateway endpoint: %w", err)
	}
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
	for _, svc := range b.s.InterfaceEndpoints {
		name := b.name + "-" + strings.ReplaceAll(svc, ".", "-")
		if _, err := ec2.NewVpcEndpoint(b.ctx, name, &ec2.VpcEndpointArgs{
			VpcId:             b.vpcRes.ID(),
			ServiceName:       pulumi.String(b.env.EndpointService(svc)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         pulumi.ToStringArrayOutput(b.subnetIDs[TierPrivate]),
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			Tags:              b.tagged(name, nil),
		}, b.parent); err != nil {
			return fmt.Errorf("interface endpoint %s: %w", svc, err)
		}
	}
	return nil
}
