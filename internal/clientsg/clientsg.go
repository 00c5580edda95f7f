// Package clientsg creates the security group of a data store: it admits
// one TCP port from its client security groups and nothing else, and has
// no egress (a data store never opens connections). Each client is one
// ingress rule resource, so that clients created later (the pods' groups
// of the services that use the store, see Admit) add their own rules.
package clientsg

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/tags"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Args describe the group.
type Args struct {
	VpcId pulumi.StringInput
	Port  int
	// Clients are admitted at once; more can be admitted later with Admit.
	Clients     []pulumi.StringInput
	Description string
	Tags        map[string]string
}

// New creates the group named name, with no inline rules (inline rules
// would delete the rules that Admit adds).
func New(ctx *pulumi.Context, name string, a Args, opts ...pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       a.VpcId,
		Description: pulumi.String(a.Description),
		Tags:        tags.Named(a.Tags, name),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("security group %s: %w", name, err)
	}
	for i, c := range a.Clients {
		if err := Admit(ctx, fmt.Sprintf("%s-client-%d", name, i), Rule{
			SecurityGroupId: sg.ID(), Port: a.Port, Client: c, Description: "a client given to the store", Tags: a.Tags,
		}, opts...); err != nil {
			return nil, err
		}
	}
	return sg, nil
}

// Rule admits one client group to a store's group.
type Rule struct {
	SecurityGroupId pulumi.StringInput
	Port            int
	Client          pulumi.StringInput
	// Description names the client ("pods of service web").
	Description string
	Tags        map[string]string
}

// Admit adds an ingress rule named name+"-admit": TCP Port from Client's
// group only.
func Admit(ctx *pulumi.Context, name string, r Rule, opts ...pulumi.ResourceOption) error {
	n := name + "-admit"
	if _, err := vpc.NewSecurityGroupIngressRule(ctx, n, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           r.SecurityGroupId,
		Description:               pulumi.String(fmt.Sprintf("port %d from %s only", r.Port, r.Description)),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(r.Port),
		ToPort:                    pulumi.Int(r.Port),
		ReferencedSecurityGroupId: r.Client,
		Tags:                      tags.Named(r.Tags, n),
	}, opts...); err != nil {
		return fmt.Errorf("security group rule %s: %w", n, err)
	}
	return nil
}

// ValidateWiring checks the network inputs every data store needs, under
// the Args field names the stores share (VpcId, SubnetIds). Clients
// (AllowedSecurityGroupIds) are optional: a store nobody is admitted to
// yet is closed until Admit adds its users.
func ValidateWiring(vpcID pulumi.StringInput, subnetIDs pulumi.StringArrayInput) error {
	var p validate.Problems
	if vpcID == nil {
		p.Addf("VpcId", "is required")
	}
	if subnetIDs == nil {
		p.Addf("SubnetIds", "is required: the isolated subnets")
	}
	return p.Err()
}
