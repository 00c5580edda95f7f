package network

import (
	"cmp"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:network:Network"

// Network is a VPC with public, private and isolated subnets per AZ.
type Network struct {
	pulumi.ResourceState

	VpcId                 pulumi.StringOutput      `pulumi:"vpcId"`
	VpcCidr               pulumi.StringOutput      `pulumi:"vpcCidr"`
	AvailabilityZones     pulumi.StringArrayOutput `pulumi:"availabilityZones"`
	PublicSubnetIds       pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	PrivateSubnetIds      pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	IsolatedSubnetIds     pulumi.StringArrayOutput `pulumi:"isolatedSubnetIds"`
	PublicRouteTableIds   pulumi.StringArrayOutput `pulumi:"publicRouteTableIds"`
	PrivateRouteTableIds  pulumi.StringArrayOutput `pulumi:"privateRouteTableIds"`
	IsolatedRouteTableIds pulumi.StringArrayOutput `pulumi:"isolatedRouteTableIds"`
	NatGatewayIds         pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	FlowLogGroupName      pulumi.StringOutput      `pulumi:"flowLogGroupName"`
	// AppSecurityGroupId marks members of the application tier (the EKS
	// nodes). It has no rules of its own: data stores admit traffic from
	// it, and its members get their egress from their other groups.
	AppSecurityGroupId pulumi.StringOutput `pulumi:"appSecurityGroupId"`
	// EndpointSecurityGroupId is the group of the interface endpoints
	// (unset without InterfaceEndpoints): pods may open 443 to it.
	EndpointSecurityGroupId pulumi.StringOutput `pulumi:"endpointSecurityGroupId"`
	// S3PrefixListId and S3Cidrs are the S3 gateway endpoint's prefix list
	// and the CIDRs in it: the paths to S3 from the private subnets.
	S3PrefixListId pulumi.StringOutput      `pulumi:"s3PrefixListId"`
	S3Cidrs        pulumi.StringArrayOutput `pulumi:"s3Cidrs"`

	// Settings are the defaulted settings the network was built with.
	Settings Settings
	// NatGateways are the NAT gateway ids one by one, in AZ order: their
	// count is known when the program runs, so a consumer can create one
	// resource per gateway (monitoring alarms on each).
	NatGateways []pulumi.StringOutput
	// Zones are the AZ names in subnet order (plain values, for composition).
	Zones []string
	// SubnetCidrs are the planned CIDRs per tier, in AZ order.
	SubnetCidrs map[string][]string
}

var _ pulumi.ComponentResource = (*Network)(nil)

// NewNetwork validates args and creates the network. Nothing is registered
// when the settings are invalid.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if args == nil {
		args = &NetworkArgs{}
	}
	s := args.WithDefaults() // Settings.WithDefaults (promoted)
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("network %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("network %q: invalid settings:\n%w", name, err)
	}
	plan, err := s.plan()
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}

	n := &Network{Settings: s, SubnetCidrs: map[string][]string{}}
	for tier, cidrs := range plan {
		for _, c := range cidrs {
			n.SubnetCidrs[tier] = append(n.SubnetCidrs[tier], c.String())
		}
	}
	if err := ctx.RegisterComponentResource(TypeToken, name, n, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, prefix: cmp.Or(s.NamePrefix, name), s: s, w: args.Wiring, net: n,
		tags: tags.Component(s.Tags, "network"), parent: pulumi.Parent(n)}
	steps := []func() error{b.lookup, b.zones, b.vpc, b.subnets, b.gateways, b.routes, b.isolatedACL, b.flowLogs, b.endpoints, b.appSecurityGroup}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("network %q: %w", name, err)
		}
	}
	b.outputs()
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":                 n.VpcId,
		"vpcCidr":               n.VpcCidr,
		"availabilityZones":     n.AvailabilityZones,
		"publicSubnetIds":       n.PublicSubnetIds,
		"privateSubnetIds":      n.PrivateSubnetIds,
		"isolatedSubnetIds":     n.IsolatedSubnetIds,
		"publicRouteTableIds":   n.PublicRouteTableIds,
		"privateRouteTableIds":  n.PrivateRouteTableIds,
		"isolatedRouteTableIds": n.IsolatedRouteTableIds,
		"natGatewayIds":         n.NatGatewayIds,
		"flowLogGroupName":      n.FlowLogGroupName,
		"appSecurityGroupId":    n.AppSecurityGroupId,
	}); err != nil {
		return nil, err
	}
	return n, nil
}

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // logical names derive from it
	prefix string // physical names derive from it: NamePrefix, or name
	s      Settings
	w      Wiring
	net    *Network
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOrInvokeOption

	vpcRes                        *ec2.Vpc
	subnetIDs                     map[string][]pulumi.StringOutput
	igw                           *ec2.InternetGateway
	nats                          []*ec2.NatGateway
	publicRTs, privateRTs, isoRTs []pulumi.StringOutput
	flowLogGroup                  pulumi.StringOutput
	appSG                         pulumi.StringOutput
}

func (b *builder) lookup() error {
	var err error
	b.env, err = awsutil.Lookup(b.ctx, b.parent)
	return err
}

// tagged returns the component tags plus Name and any extra tags.
func (b *builder) tagged(name string, extra map[string]string) pulumi.StringMap {
	m := tags.Named(b.tags, name)
	for k, v := range extra {
		m[k] = pulumi.String(v)
	}
	return m
}

// zones sets Network.Zones: the configured AZs or the first AZCount the
// region offers.
func (b *builder) zones() error {
	if len(b.s.AvailabilityZones) > 0 {
		b.net.Zones = b.s.AvailabilityZones
		return nil
	}
	res, err := aws.GetAvailabilityZones(b.ctx, &aws.GetAvailabilityZonesArgs{
		State:   pulumi.StringRef("available"),
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	}, pulumi.Parent(b.net))
	if err != nil {
		return fmt.Errorf("looking up availability zones: %w", err)
	}
	if len(res.Names) < b.s.AZCount {
		return fmt.Errorf("AZCount is %d but region %s offers only %d zones (%v)", b.s.AZCount, b.env.Region, len(res.Names), res.Names)
	}
	b.net.Zones = res.Names[:b.s.AZCount]
	return nil
}

func (b *builder) vpc() error {
	vpc, err := ec2.NewVpc(b.ctx, b.name+"-vpc", &ec2.VpcArgs{
		CidrBlock:          pulumi.String(b.s.Cidr),
		EnableDnsHostnames: pulumi.Bool(true),
		EnableDnsSupport:   pulumi.Bool(true),
		Tags:               b.tagged(b.name+"-vpc", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("vpc: %w", err)
	}
	b.vpcRes = vpc
	// Adopting the default security group with no rules removes AWS's
	// allow-all defaults, so nothing lands in it by accident (CIS 5.4).
	_, err = ec2.NewDefaultSecurityGroup(b.ctx, b.name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  b.tagged(b.name+"-default-sg", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("default security group: %w", err)
	}
	return nil
}

func (b *builder) outputs() {
	n := b.net
	n.VpcId = b.vpcRes.ID().ToStringOutput()
	n.VpcCidr = b.vpcRes.CidrBlock
	n.AvailabilityZones = pulumi.ToStringArray(n.Zones).ToStringArrayOutput()
	n.PublicSubnetIds = pulumi.ToStringArrayOutput(b.subnetIDs[TierPublic])
	n.PrivateSubnetIds = pulumi.ToStringArrayOutput(b.subnetIDs[TierPrivate])
	n.IsolatedSubnetIds = pulumi.ToStringArrayOutput(b.subnetIDs[TierIsolated])
	n.PublicRouteTableIds = pulumi.ToStringArrayOutput(b.publicRTs)
	n.PrivateRouteTableIds = pulumi.ToStringArrayOutput(b.privateRTs)
	n.IsolatedRouteTableIds = pulumi.ToStringArrayOutput(b.isoRTs)
	var nats []pulumi.StringOutput
	for _, g := range b.nats {
		nats = append(nats, g.ID().ToStringOutput())
	}
	n.NatGatewayIds = pulumi.ToStringArrayOutput(nats)
	n.NatGateways = nats
	n.FlowLogGroupName = b.flowLogGroup
	n.AppSecurityGroupId = b.appSG
}

// appSecurityGroup is the identity of the application tier; see
// Network.AppSecurityGroupId.
func (b *builder) appSecurityGroup() error {
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-app", &ec2.SecurityGroupArgs{
		VpcId:       b.vpcRes.ID(),
		Description: pulumi.String("Application tier members; data stores admit only this group"),
		Tags:        b.tagged(b.name+"-app", map[string]string{"tier": TierPrivate}),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("app security group: %w", err)
	}
	b.appSG = sg.ID().ToStringOutput()
	return nil
}
