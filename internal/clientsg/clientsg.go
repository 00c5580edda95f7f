// Package clientsg creates the security group of a data store: it admits
// one TCP port from the given client security groups and nothing else, and
// has no egress (a data store never opens connections).
package clientsg

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/tags"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Args describe the group.
type Args struct {
	VpcId       pulumi.StringInput
	Port        int
	Clients     []pulumi.StringInput
	Description string
	Tags        map[string]string
}

// New creates the group named name.
func New(ctx *pulumi.Context, name string, a Args, opts ...pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	clients := pulumi.StringArray(a.Clients)
	sg, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       a.VpcId,
		Description: pulumi.String(a.Description),
		Ingress: ec2.SecurityGroupIngressArray{ec2.SecurityGroupIngressArgs{
			Description:    pulumi.String(fmt.Sprintf("port %d from the application tier only", a.Port)),
			Protocol:       pulumi.String("tcp"),
			FromPort:       pulumi.Int(a.Port),
			ToPort:         pulumi.Int(a.Port),
			SecurityGroups: clients,
		}},
		Tags: tags.Named(a.Tags, name),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("security group %s: %w", name, err)
	}
	return sg, nil
}

// ValidateWiring checks the network inputs every data store needs, under
// the Args field names the stores share (VpcId, SubnetIds,
// AllowedSecurityGroupIds).
func ValidateWiring(vpcID pulumi.StringInput, subnetIDs pulumi.StringArrayInput, clients []pulumi.StringInput) error {
	var p validate.Problems
	if vpcID == nil {
		p.Addf("VpcId", "is required")
	}
	if subnetIDs == nil {
		p.Addf("SubnetIds", "is required: the isolated subnets")
	}
	if len(clients) == 0 {
		p.Addf("AllowedSecurityGroupIds", "is required: the application tier's security group")
	}
	return p.Err()
}
