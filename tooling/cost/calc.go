package cost

import (
	"fmt"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// calc prices resources into an Estimate. Usage that several resources
// share (the flow of NAT data over the gateways, the log ingest over the
// log groups) is counted over the whole graph first, so each rule prices
// its resource's share.
type calc struct {
	t     *Table
	g     *mockgraph.Graph
	e     *Estimate
	hours float64

	natGateways   int
	endpoints     int             // interface endpoints
	logGroups     int             // log groups other than the flow logs'
	flowLogGroups map[string]bool // log group names flow logs deliver to
	kmsKeys       int
	repositories  int
	drCopies      int // backup plans with cross-region copies, and replication configs
	nodes         float64
	nodeVCPUs     float64
	wafRequests   map[string]float64 // web ACL ARN -> monthly requests (millions) of what it is associated with
}

func newCalc(t *Table, g *mockgraph.Graph, e *Estimate) *calc {
	c := &calc{t: t, g: g, e: e, hours: t.HoursPerMonth, flowLogGroups: map[string]bool{}, wafRequests: map[string]float64{}}
	for _, r := range g.All() {
		switch r.Type {
		case "aws:ec2/natGateway:NatGateway":
			c.natGateways++
		case "aws:ec2/vpcEndpoint:VpcEndpoint":
			if r.Str("vpcEndpointType") == "Interface" {
				c.endpoints++
			}
		case "aws:ec2/flowLog:FlowLog":
			if dest := r.Str("logDestination"); dest != "" {
				c.flowLogGroups[dest[strings.LastIndex(dest, ":")+1:]] = true
			}
		case "aws:kms/key:Key":
			c.kmsKeys++
		case "aws:ecr/repository:Repository":
			c.repositories++
		case "aws:backup/plan:Plan":
			if hasCopies(r) {
				c.drCopies++
			}
		case "aws:s3/bucketReplicationConfig:BucketReplicationConfig":
			c.drCopies++
		case "aws:eks/nodeGroup:NodeGroup":
			n := float64(r.Int("scalingConfig.desiredSize"))
			c.nodes += n
			if p, ok := t.Lookup("ec2.instance:"+nodeType(r), c.region(r)); ok {
				c.nodeVCPUs += n * float64(p.VCPU)
			}
		case "aws:wafv2/webAclAssociation:WebAclAssociation":
			c.wafRequests[r.Str("webAclArn")] += c.associatedRequests(r.Str("resourceArn"))
		}
	}
	for _, r := range g.ByType("aws:cloudwatch/logGroup:LogGroup") {
		if !c.flowLogGroups[r.Str("name")] {
			c.logGroups++
		}
	}
	return c
}

// associatedRequests is the monthly requests (millions) of the resource a
// regional web ACL protects, by the service in its ARN.
func (c *calc) associatedRequests(arn string) float64 {
	u := c.e.Inputs.Usage
	switch {
	case strings.Contains(arn, ":cognito-idp:"):
		return u.AuthRequestsMillions
	case strings.Contains(arn, ":apigateway:"):
		return u.APIRequestsMillions
	case strings.Contains(arn, ":elasticloadbalancing:"):
		return u.APIRequestsMillions
	}
	c.missing("web ACL association to %s: no usage assumption for its requests", arn)
	return 0
}

// region is the AWS region r is created in: its provider's, else the
// stack's.
func (c *calc) region(r *mockgraph.Resource) string {
	if p := c.g.ProviderOf(r); p != nil {
		if region := p.Str("region"); region != "" {
			return region
		}
	}
	return c.e.Inputs.Region
}

// add prices qty units of meter for r, at factor times the list price.
func (c *calc) add(r *mockgraph.Resource, item string, qty float64, meter string, factor float64) {
	region := c.region(r)
	p, ok := c.t.Lookup(meter, region)
	if !ok {
		c.missing("%s (%s): no price for %s in %s: add it to tooling/cost/prices.json", r.Name, r.Type, meter, region)
		return
	}
	c.e.Lines = append(c.e.Lines, Line{
		Component: componentLabel(c.g, r, c.e.Inputs.Stack), Resource: r.Name, Type: r.Type,
		Item: item, Region: region, Quantity: qty, Unit: p.Unit, UnitUSD: p.USD, Factor: factor,
		MonthlyUSD: qty * p.USD * factor, Meter: meter,
	})
}

// price is the list price of meter where r is, 0 when the table lacks it.
func (c *calc) price(r *mockgraph.Resource, meter string) float64 {
	p, _ := c.t.Lookup(meter, c.region(r))
	return p.USD
}

func (c *calc) missing(format string, args ...any) {
	c.e.Missing = append(c.e.Missing, fmt.Sprintf(format, args...))
}

// share divides total evenly over n (0 when there is nothing to share it).
func share(total float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return total / float64(n)
}
