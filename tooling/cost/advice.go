package cost

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Advice is a change that would cut the stack's cost, which the plan
// lists and does not make: each has a trade-off its text states.
type Advice struct {
	Title      string  `json:"title"`
	Detail     string  `json:"detail"`
	SavingsUSD float64 `json:"savingsUsd"` // per month; 0 for a comparison that favours what is configured
}

// logRetentionTarget is the retention the log advice compares with: a
// month keeps a release's worth of history searchable.
const logRetentionTarget = 30

// advise lists the stack's savings, largest first.
func (c *calc) advise() []Advice {
	var out []Advice
	out = append(out, c.gravitonAdvice()...)
	out = append(out, c.spotAdvice()...)
	out = append(out, c.natAdvice()...)
	out = append(out, c.retentionAdvice()...)
	out = append(out, c.traceAdvice()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].SavingsUSD > out[j].SavingsUSD })
	return out
}

// x86Class matches an x86 instance class and splits it into prefix
// ("db."), family letter, generation and the rest of the size:
// m6i.large, db.r5.xlarge, cache.m5.large, t3a.medium.
var x86Class = regexp.MustCompile(`^((?:db\.|cache\.)?)([mcrt])(\d)([ain]?)\.(.+)$`)

// gravitons are the Graviton classes of the same size as an x86 class
// (sixth and seventh generation; t4g for burstable), none when the class
// is Graviton already (its family ends in g) or unknown.
func gravitons(class string) []string {
	m := x86Class.FindStringSubmatch(class)
	if m == nil {
		return nil
	}
	if m[2] == "t" {
		return []string{m[1] + "t4g." + m[5]}
	}
	return []string{m[1] + m[2] + "6g." + m[5], m[1] + m[2] + "7g." + m[5]}
}

// gravitonAdvice prices each x86 node group, Aurora instance and cache
// node group at the same size of Graviton.
func (c *calc) gravitonAdvice() []Advice {
	var out []Advice
	for _, l := range c.e.Lines {
		_, class, ok := strings.Cut(l.Meter, ".instance:")
		if !ok {
			_, class, ok = strings.Cut(l.Meter, "elasticache.node:")
			if ok {
				class = class[strings.LastIndex(class, ":")+1:]
			}
		}
		if !ok {
			continue
		}
		alt, p, found := "", Price{}, false
		for _, g := range gravitons(class) {
			if q, ok := c.t.Lookup(strings.TrimSuffix(l.Meter, class)+g, l.Region); ok && (!found || q.USD < p.USD) {
				alt, p, found = g, q, true
			}
		}
		if !found || p.USD >= l.UnitUSD {
			continue
		}
		saving := l.Quantity * (l.UnitUSD - p.USD) * l.Factor
		out = append(out, Advice{
			Title:      fmt.Sprintf("Graviton: %s %s -> %s", l.Resource, class, alt),
			Detail:     fmt.Sprintf("same size on Graviton (arm64), $%.4f instead of $%.4f an hour; the images must be built for arm64 (the node group's AMI type follows the family)", p.USD, l.UnitUSD),
			SavingsUSD: saving,
		})
	}
	return out
}

// spotAdvice prices on-demand node groups on spot.
func (c *calc) spotAdvice() []Advice {
	var out []Advice
	d := c.e.Inputs.Usage.SpotDiscountPercent
	for _, l := range c.e.Lines {
		if l.Type != "aws:eks/nodeGroup:NodeGroup" || !strings.HasPrefix(l.Meter, "ec2.instance:") || l.Factor != 1 {
			continue
		}
		out = append(out, Advice{
			Title:      "spot nodes: " + l.Resource,
			Detail:     fmt.Sprintf("nodeCapacityType SPOT at the assumed %g%% discount; AWS may reclaim a node with two minutes' notice, so keep on-demand capacity for what must not be interrupted", d),
			SavingsUSD: l.MonthlyUSD * d / 100,
		})
	}
	return out
}

// natAdvice compares NAT gateways with interface endpoints for the
// traffic to AWS APIs (awsServiceDataGb): the endpoints' fixed hours
// against the NAT's higher per-GB charge, and one NAT gateway against one
// per AZ outside prod.
func (c *calc) natAdvice() []Advice {
	var nat *mockgraph.Resource
	if gws := c.g.ByType("aws:ec2/natGateway:NatGateway"); len(gws) > 0 {
		nat = gws[0]
	}
	if nat == nil {
		return nil
	}
	var out []Advice
	if c.natGateways > 1 && c.e.Inputs.Environment != "prod" {
		out = append(out, Advice{
			Title:      fmt.Sprintf("one NAT gateway instead of %d", c.natGateways),
			Detail:     "natStrategy single: egress from every AZ goes through one gateway, and stops while its AZ is down",
			SavingsUSD: float64(c.natGateways-1) * c.hours * (c.price(nat, "vpc.nat-gateway") + c.price(nat, "ec2.public-ipv4")),
		})
	}
	zones := map[string]bool{}
	for _, s := range c.g.ByType("aws:ec2/subnet:Subnet") {
		zones[s.Str("availabilityZone")] = true
	}
	azs := len(zones)
	services := c.endpoints
	if services == 0 {
		services = 6 // the default list: ecr.api, ecr.dkr, sts, logs, secretsmanager, kms
	}
	fixed := float64(services*azs) * c.hours * c.price(nat, "vpc.interface-endpoint")
	perGB := c.price(nat, "vpc.nat-gateway-data") - c.price(nat, "vpc.interface-endpoint-data")
	if perGB <= 0 || azs == 0 {
		return out
	}
	breakEven := fixed / perGB
	gb := c.e.Inputs.Usage.AWSServiceDataGB
	delta := fixed - gb*perGB // what endpoints cost more than NAT for this traffic
	detail := fmt.Sprintf("%d interface endpoints in %d AZs cost $%.2f a month and save $%.3f per GB over NAT: they pay off above %.0f GB a month to AWS APIs; awsServiceDataGb is %g", services, azs, fixed, perGB, breakEven, gb)
	switch {
	case c.endpoints > 0 && delta > 0:
		out = append(out, Advice{Title: "NAT instead of interface endpoints", Detail: detail + "; without them AWS API calls leave through NAT (and need internet egress)", SavingsUSD: delta})
	case c.endpoints == 0 && delta < 0:
		out = append(out, Advice{Title: "interface endpoints instead of NAT for AWS APIs", Detail: detail, SavingsUSD: -delta})
	default:
		out = append(out, Advice{Title: "NAT vs interface endpoints: keep as configured", Detail: detail})
	}
	return out
}

// retentionAdvice prices cutting log groups kept longer than a month to a
// month.
func (c *calc) retentionAdvice() []Advice {
	saving, groups := 0.0, 0
	for _, l := range c.e.Lines {
		if l.Meter != "logs.storage" {
			continue
		}
		r := c.g.Named(l.Type, l.Resource)
		if r == nil {
			continue
		}
		days := retentionDays(r)
		if days <= logRetentionTarget {
			continue
		}
		groups++
		saving += l.MonthlyUSD * (1 - float64(logRetentionTarget)/float64(days))
	}
	if groups == 0 {
		return nil
	}
	return []Advice{{
		Title:      fmt.Sprintf("log retention: %d log groups to %d days", groups, logRetentionTarget),
		Detail:     "older logs can be exported to S3 (cheaper per GB) if audits need them; check the retention your compliance rules require first",
		SavingsUSD: saving,
	}}
}

// traceAdvice prices sampling a twentieth of requests when more are
// traced.
func (c *calc) traceAdvice() []Advice {
	const target = 0.05
	ratio := c.e.Inputs.TraceSampleRatio
	if ratio <= target {
		return nil
	}
	for _, l := range c.e.Lines {
		if l.Meter == "xray.traces" && l.MonthlyUSD > 0 {
			return []Advice{{
				Title:      fmt.Sprintf("traceSampleRatio %g -> %g", ratio, target),
				Detail:     "fewer traces of the same requests; errors stay visible in logs and metrics",
				SavingsUSD: l.MonthlyUSD * (1 - target/ratio),
			}}
		}
	}
	return nil
}
