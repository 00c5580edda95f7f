package stacks

import (
	"fmt"
	"strings"
)

// Setting is one line of a stack's summary: the settings that matter when
// comparing environments.
type Setting struct {
	Group, Name, Value string
}

// Summary lists the key settings of the platform, grouped by tier.
func (p *Platform) Summary() []Setting {
	c := p.Config
	n := p.Network.Settings
	s := []Setting{
		{"stack", "environment", string(c.Environment)},
		{"stack", "region / DR region", c.Region + " / " + c.DRRegion},
		{"stack", "owner", c.Owner},
		{"stack", "release", c.Release.String()},
		{"network", "VPC CIDR", n.Cidr},
		{"network", "availability zones", fmt.Sprintf("%d (%s)", n.AZCount, strings.Join(p.Network.Zones, ", "))},
		{"network", "NAT", fmt.Sprintf("%s (%d gateways)", n.NatStrategy, n.NatGatewayCount())},
		{"network", "VPC endpoints", endpointsSummary(n.InterfaceEndpoints)},
		{"network", "flow log retention", fmt.Sprintf("%d days", n.FlowLogRetentionDays)},
	}
	for _, tier := range []string{"public", "private", "isolated"} {
		s = append(s, Setting{"network", tier + " subnets", strings.Join(p.Network.SubnetCidrs[tier], " ")})
	}
	s = append(s, p.Data.summary()...)
	s = append(s, p.Compute.summary()...)
	s = append(s, p.Edge.summary()...)
	s = append(s, p.Ops.summary()...)
	s = append(s, c.costSummary())
	return s
}

func endpointsSummary(interfaces []string) string {
	if len(interfaces) == 0 {
		return "s3 (gateway)"
	}
	return "s3 (gateway), " + strings.Join(interfaces, ", ")
}
