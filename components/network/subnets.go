package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// tierTags mark subnets for the tier and for the AWS Load Balancer
// Controller's subnet discovery (public: internet-facing, private: internal).
var tierTags = map[string]map[string]string{
	TierPublic:   {"tier": TierPublic, "kubernetes.io/role/elb": "1"},
	TierPrivate:  {"tier": TierPrivate, "kubernetes.io/role/internal-elb": "1"},
	TierIsolated: {"tier": TierIsolated},
}

func (b *builder) subnets() error {
	b.subnetIDs = map[string][]pulumi.StringOutput{}
	for _, tier := range []string{TierPublic, TierPrivate, TierIsolated} {
		for i, cidr := range b.net.SubnetCidrs[tier] {
			name := fmt.Sprintf("%s-%s-%d", b.name, tier, i+1)
			s, err := ec2.NewSubnet(b.ctx, name, &ec2.SubnetArgs{
				VpcId:            b.vpcRes.ID(),
				CidrBlock:        pulumi.String(cidr),
				AvailabilityZone: pulumi.String(b.net.Zones[i]),
				// Nothing gets a public IP implicitly, not even in the
				// public tier: the ALB and NAT gateways bring their own.
				MapPublicIpOnLaunch: pulumi.Bool(false),
				Tags:                b.tagged(name, tierTags[tier]),
			}, b.parent)
			if err != nil {
				return fmt.Errorf("subnet %s: %w", name, err)
			}
			b.subnetIDs[tier] = append(b.subnetIDs[tier], s.ID().ToStringOutput())
		}
	}
	return nil
}

func (b *builder) gateways() error {
	igw, err := ec2.NewInternetGateway(b.ctx, b.name+"-igw", &ec2.InternetGatewayArgs{
		VpcId: b.vpcRes.ID(),
		Tags:  b.tagged(b.name+"-igw", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("internet gateway: %w", err)
	}
	b.igw = igw
	for i := 0; i < b.s.NatGatewayCount(); i++ {
		name := fmt.Sprintf("%s-nat-%d", b.name, i+1)
		eip, err := ec2.NewEip(b.ctx, name+"-eip", &ec2.EipArgs{
			Domain: pulumi.String("vpc"),
			Tags:   b.tagged(name+"-eip", nil),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("nat eip %d: %w", i+1, err)
		}
		nat, err := ec2.NewNatGateway(b.ctx, name, &ec2.NatGatewayArgs{
			AllocationId: eip.ID(),
			SubnetId:     b.subnetIDs[TierPublic][i],
			Tags:         b.tagged(name, map[string]string{"availability-zone": b.net.Zones[i]}),
		}, b.parent, pulumi.DependsOn([]pulumi.Resource{igw}))
		if err != nil {
			return fmt.Errorf("nat gateway %d: %w", i+1, err)
		}
		b.nats = append(b.nats, nat)
	}
	return nil
}

// routeTable creates a table, its optional default route and associations.
func (b *builder) routeTable(name string, subnetIDs []pulumi.StringOutput, defaultRoute func(*ec2.RouteArgs)) (pulumi.StringOutput, error) {
	rt, err := ec2.NewRouteTable(b.ctx, name, &ec2.RouteTableArgs{
		VpcId: b.vpcRes.ID(),
		Tags:  b.tagged(name, nil),
	}, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("route table %s: %w", name, err)
	}
	if defaultRoute != nil {
		args := &ec2.RouteArgs{RouteTableId: rt.ID(), DestinationCidrBlock: pulumi.String("0.0.0.0/0")}
		defaultRoute(args)
		if _, err := ec2.NewRoute(b.ctx, name+"-default", args, b.parent); err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("default route %s: %w", name, err)
		}
	}
	for i, id := range subnetIDs {
		if _, err := ec2.NewRouteTableAssociation(b.ctx, fmt.Sprintf("%s-assoc-%d", name, i+1), &ec2.RouteTableAssociationArgs{
			RouteTableId: rt.ID(),
			SubnetId:     id,
		}, b.parent); err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("route table association %s: %w", name, err)
		}
	}
	return rt.ID().ToStringOutput(), nil
}

func (b *builder) routes() error {
	public, err := b.routeTable(b.name+"-public-rt", b.subnetIDs[TierPublic], func(r *ec2.RouteArgs) { r.GatewayId = b.igw.ID() })
	if err != nil {
		return err
	}
	b.publicRTs = []pulumi.StringOutput{public}

	// One private table per AZ, so that with one NAT per AZ each AZ's
	// egress survives the loss of another AZ.
	for i, subnet := range b.subnetIDs[TierPrivate] {
		var route func(*ec2.RouteArgs)
		if len(b.nats) > 0 {
			nat := b.nats[min(i, len(b.nats)-1)]
			route = func(r *ec2.RouteArgs) { r.NatGatewayId = nat.ID() }
		}
		id, err := b.routeTable(fmt.Sprintf("%s-private-rt-%d", b.name, i+1), []pulumi.StringOutput{subnet}, route)
		if err != nil {
			return err
		}
		b.privateRTs = append(b.privateRTs, id)
	}

	// The isolated tier's table has only the local route (and the S3
	// gateway endpoint): no path to or from the internet.
	isolated, err := b.routeTable(b.name+"-isolated-rt", b.subnetIDs[TierIsolated], nil)
	if err != nil {
		return err
	}
	b.isoRTs = []pulumi.StringOutput{isolated}
	return nil
}

// isolatedACL admits only traffic from and to the VPC in the isolated
// tier, so a mistaken route or security group still cannot expose data.
func (b *builder) isolatedACL() error {
	rule := ec2.NetworkAclIngressArgs{
		RuleNo: pulumi.Int(100), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"),
		FromPort: pulumi.Int(0), ToPort: pulumi.Int(0), CidrBlock: pulumi.String(b.s.Cidr),
	}
	_, err := ec2.NewNetworkAcl(b.ctx, b.name+"-isolated-nacl", &ec2.NetworkAclArgs{
		VpcId:     b.vpcRes.ID(),
		SubnetIds: pulumi.ToStringArrayOutput(b.subnetIDs[TierIsolated]),
		Ingress:   ec2.NetworkAclIngressArray{rule},
		Egress: ec2.NetworkAclEgressArray{ec2.NetworkAclEgressArgs{
			RuleNo: rule.RuleNo, Action: rule.Action, Protocol: rule.Protocol,
			FromPort: rule.FromPort, ToPort: rule.ToPort, CidrBlock: rule.CidrBlock,
		}},
		Tags: b.tagged(b.name+"-isolated-nacl", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("isolated network acl: %w", err)
	}
	return nil
}
