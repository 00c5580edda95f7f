// Package cidrplan carves a VPC's IPv4 CIDR into per-tier, per-AZ subnets.
//
// Each tier reserves a fixed number of AZ slots (not just the AZs in use) so
// that growing the AZ count adds subnets without moving existing ones: a
// moved subnet CIDR forces AWS to replace the subnet and everything in it.
// Tiers are laid out largest block first, which keeps every block aligned.
package cidrplan

import (
	"fmt"
	"net/netip"
	"sort"
)

// Tier asks for one subnet of the given prefix length per AZ.
type Tier struct {
	Name   string
	Prefix int
}

// Plan is the result: for each tier name, one subnet per AZ in AZ order.
type Plan map[string][]netip.Prefix

// ParseVPC parses a VPC CIDR and checks what AWS and routing sanity require:
// IPv4, canonical network address, prefix /16 to /28, private address space.
func ParseVPC(cidr string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("must be an IPv4 CIDR such as 10.0.0.0/16, got %q", cidr)
	}
	if !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("must be an IPv4 CIDR, got %q", cidr)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("must be a network address: %q has host bits set (did you mean %s?)", cidr, p.Masked())
	}
	if p.Bits() < 16 || p.Bits() > 28 {
		return netip.Prefix{}, fmt.Errorf("prefix length must be between /16 and /28 (AWS VPC limits), got /%d", p.Bits())
	}
	if !isPrivate(p) {
		return netip.Prefix{}, fmt.Errorf("must lie in private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10), got %q", cidr)
	}
	return p, nil
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// Compute lays out tiers in vpc. slots is the number of AZ positions each
// tier reserves (at least azCount); azCount subnets per tier are returned.
func Compute(vpc netip.Prefix, tiers []Tier, azCount, slots int) (Plan, error) {
	if azCount < 1 || slots < azCount {
		return nil, fmt.Errorf("need 1 <= azCount <= slots, got azCount %d, slots %d", azCount, slots)
	}
	ordered := append([]Tier(nil), tiers...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].Prefix < ordered[j].Prefix })

	vpcSize := uint64(1) << (32 - vpc.Bits())
	base := uint64(addrToUint(vpc.Addr()))
	var offset uint64
	plan := Plan{}
	for _, t := range ordered {
		if t.Prefix < vpc.Bits() || t.Prefix > 28 {
			return nil, fmt.Errorf("tier %s: subnet prefix must be between /%d (the VPC) and /28 (the AWS minimum), got /%d", t.Name, vpc.Bits(), t.Prefix)
		}
		block := uint64(1) << (32 - t.Prefix)
		for i := 0; i < slots; i++ {
			if i < azCount {
				addr := uintToAddr(uint32(base + offset))
				plan[t.Name] = append(plan[t.Name], netip.PrefixFrom(addr, t.Prefix))
			}
			offset += block
		}
	}
	if offset > vpcSize {
		return nil, fmt.Errorf("the subnet plan needs %d addresses (%d AZ slots per tier) but the VPC /%d has %d: use a larger VPC CIDR or longer subnet prefixes", offset, slots, vpc.Bits(), vpcSize)
	}
	return plan, nil
}

// Size is the number of addresses in p.
func Size(p netip.Prefix) uint64 { return uint64(1) << (32 - p.Bits()) }

func addrToUint(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func uintToAddr(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
