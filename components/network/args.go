package network

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/cidrplan"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// NatStrategy says how private subnets reach the internet.
type NatStrategy string

const (
	// NatNone means no NAT gateway; private subnets reach AWS only through VPC
	// endpoints. Cheapest; workloads cannot call the internet.
	NatNone NatStrategy = "none"
	// NatSingle means one NAT gateway in the first AZ for all private subnets.
	// Cheap, but losing that AZ cuts egress for every AZ.
	NatSingle NatStrategy = "single"
	// NatPerAZ means one NAT gateway per AZ; each AZ keeps egress when another fails.
	NatPerAZ NatStrategy = "one-per-az"
)

// NatStrategies lists the allowed values, for validation messages.
var NatStrategies = []string{string(NatNone), string(NatSingle), string(NatPerAZ)}

// Limits of the arguments.
const (
	MinAZs = 1
	MaxAZs = 6
)

// FlowLogRetentionValues are the retention periods CloudWatch Logs accepts.
var FlowLogRetentionValues = validate.LogRetentionValues

// NetworkArgs configure a Network: plain settings and the optional wiring.
type NetworkArgs struct {
	Settings
	Wiring
}

// Settings are the plain, validated settings of a Network. The zero value
// of every field means its documented default.
type Settings struct {
	// NamePrefix starts the physical names: the flow log group
	// (/aws/vpc/flow-logs/<prefix>) and the KMS alias. Letters, digits,
	// hyphens and underscores. Default "" (the name given to NewNetwork).
	NamePrefix string `pulumi:"namePrefix,optional"`
	// Cidr is the VPC's IPv4 CIDR, /16 to /28, in private address space.
	// Default "10.0.0.0/16".
	Cidr string `pulumi:"cidr,optional"`
	// AZCount is the number of availability zones to spread subnets over,
	// 1 to 6. Default: len(AvailabilityZones) when those are given, else 3.
	AZCount int `pulumi:"azCount,optional"`
	// AvailabilityZones names the zones to use; when empty, the first
	// AZCount zones of the region that need no opt-in. Default empty.
	AvailabilityZones []string `pulumi:"availabilityZones,optional"`
	// AZSlots is how many AZ positions each tier reserves in the CIDR plan
	// (AZCount to 6). Reserving more lets AZCount grow later without
	// renumbering. Default 6.
	AZSlots int `pulumi:"azSlots,optional"`
	// PublicSubnetPrefix is the prefix length of each public subnet. Default 24.
	PublicSubnetPrefix int `pulumi:"publicSubnetPrefix,optional"`
	// PrivateSubnetPrefix is the prefix length of each private (application)
	// subnet; pods take one address each with the VPC CNI, so it is large.
	// Default 20.
	PrivateSubnetPrefix int `pulumi:"privateSubnetPrefix,optional"`
	// IsolatedSubnetPrefix is the prefix length of each isolated (data)
	// subnet. Default 24.
	IsolatedSubnetPrefix int `pulumi:"isolatedSubnetPrefix,optional"`
	// NatStrategy is none, single or one-per-az. Default one-per-az.
	NatStrategy NatStrategy `pulumi:"natStrategy,optional"`
	// InterfaceEndpoints are AWS services (as in "com.amazonaws.<region>.<service>",
	// for example "ecr.api", "sts", "logs") that get an interface endpoint
	// in the private subnets with private DNS. S3 always gets a gateway
	// endpoint. Default none.
	InterfaceEndpoints []string `pulumi:"interfaceEndpoints,optional"`
	// FlowLogRetentionDays is how long VPC flow logs are kept; one of
	// FlowLogRetentionValues. Default 365.
	FlowLogRetentionDays int `pulumi:"flowLogRetentionDays,optional"`
	// FlowLogTrafficType is ALL, ACCEPT or REJECT. Default ALL.
	FlowLogTrafficType string `pulumi:"flowLogTrafficType,optional"`
	// Tags go on every taggable resource, with component=network added.
	// Default none; stacks pass project, environment and owner.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Wiring holds the Network's optional inputs from other components.
type Wiring struct {
	// FlowLogKMSKeyArn encrypts the flow log group. Default: a key created by
	// the component (rotation on) whose policy admits CloudWatch Logs.
	FlowLogKMSKeyArn pulumi.StringInput `pulumi:"flowLogKmsKeyArn,optional"`
}

// check reports missing required wiring: every input is optional.
func (w Wiring) check() error { return nil }

// Tier names, also the values of the "tier" tag.
const (
	TierPublic   = "public"
	TierPrivate  = "private"
	TierIsolated = "isolated"
)

// WithDefaults returns a copy of a with every zero field set to its default.
func (a Settings) WithDefaults() Settings {
	defaults.Set(&a.Cidr, "10.0.0.0/16")
	if a.AZCount == 0 && len(a.AvailabilityZones) > 0 {
		a.AZCount = len(a.AvailabilityZones)
	}
	defaults.Set(&a.AZCount, 3)
	defaults.Set(&a.AZSlots, MaxAZs)
	defaults.Set(&a.PublicSubnetPrefix, 24)
	defaults.Set(&a.PrivateSubnetPrefix, 20)
	defaults.Set(&a.IsolatedSubnetPrefix, 24)
	defaults.Set(&a.NatStrategy, NatPerAZ)
	defaults.Set(&a.FlowLogRetentionDays, 365)
	defaults.Set(&a.FlowLogTrafficType, "ALL")
	return a
}

var (
	endpointName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	// Valid in a log group name and a KMS alias.
	prefixPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$`)
)

// Validate checks defaulted settings and reports every problem, each naming
// the field and the allowed values.
func (a Settings) Validate() error {
	var p validate.Problems
	if a.NamePrefix != "" && !prefixPattern.MatchString(a.NamePrefix) {
		p.Addf("NamePrefix", "must be letters, digits, hyphens and underscores (at most 100), got %q", a.NamePrefix)
	}
	if _, err := cidrplan.ParseVPC(a.Cidr); err != nil {
		p.Addf("Cidr", "%v", err)
	}
	a.validateZones(&p)
	for field, v := range map[string]int{"PublicSubnetPrefix": a.PublicSubnetPrefix, "PrivateSubnetPrefix": a.PrivateSubnetPrefix, "IsolatedSubnetPrefix": a.IsolatedSubnetPrefix} {
		p.Range(field, v, 16, 28)
	}
	p.OneOf("NatStrategy", string(a.NatStrategy), NatStrategies)
	p.LogRetention("FlowLogRetentionDays", a.FlowLogRetentionDays)
	p.OneOf("FlowLogTrafficType", a.FlowLogTrafficType, []string{"ALL", "ACCEPT", "REJECT"})
	a.validateEndpoints(&p)
	if p.Len() == 0 {
		if _, err := a.plan(); err != nil {
			p.Addf("Cidr", "subnet plan does not fit: %v", err)
		}
	}
	return p.Err()
}

// validateZones checks the AZ count, slots and names.
func (a Settings) validateZones(p *validate.Problems) {
	p.Range("AZCount", a.AZCount, MinAZs, MaxAZs)
	// An AZCount out of range is reported above; AZSlots is only wrong
	// against a valid one (a caller who never set it would be told twice).
	if a.AZCount >= MinAZs && a.AZCount <= MaxAZs && (a.AZSlots < a.AZCount || a.AZSlots > MaxAZs) {
		p.Addf("AZSlots", "must be between AZCount (%d) and %d, got %d", a.AZCount, MaxAZs, a.AZSlots)
	}
	if n := len(a.AvailabilityZones); n > 0 && n != a.AZCount {
		p.Addf("AvailabilityZones", "names %d zones but AZCount is %d; list exactly AZCount zones or none", n, a.AZCount)
	}
	if dup := firstDuplicate(a.AvailabilityZones); dup != "" {
		p.Addf("AvailabilityZones", "lists %q twice", dup)
	}
}

// validateEndpoints checks the interface endpoint service names.
func (a Settings) validateEndpoints(p *validate.Problems) {
	for _, svc := range a.InterfaceEndpoints {
		switch {
		case !endpointName.MatchString(svc):
			p.Addf("InterfaceEndpoints", "%q is not a service name such as \"ecr.api\" or \"sts\"", svc)
		case svc == "s3" || svc == "dynamodb":
			p.Addf("InterfaceEndpoints", "%q already has a free gateway endpoint; remove it from the list", svc)
		case !slices.Contains(catalog.EndpointServices, svc):
			p.Addf("InterfaceEndpoints", "%q is not an interface endpoint service the platform knows; one of %s (internal/catalog/endpoints.go)", svc, strings.Join(catalog.EndpointServices, ", "))
		}
	}
	if dup := firstDuplicate(a.InterfaceEndpoints); dup != "" {
		p.Addf("InterfaceEndpoints", "lists %q twice", dup)
	}
}

// plan computes the subnet CIDRs for vpc.
func (a Settings) plan() (cidrplan.Plan, error) {
	prefix, err := cidrplan.ParseVPC(a.Cidr)
	if err != nil {
		return nil, err
	}
	return cidrplan.Compute(prefix, []cidrplan.Tier{
		{Name: TierPrivate, Prefix: a.PrivateSubnetPrefix},
		{Name: TierPublic, Prefix: a.PublicSubnetPrefix},
		{Name: TierIsolated, Prefix: a.IsolatedSubnetPrefix},
	}, a.AZCount, a.AZSlots)
}

// SubnetPlan returns the CIDRs the settings produce per tier, in AZ order. It is
// what NewNetwork will create, exposed for plans and documentation.
func (a Settings) SubnetPlan() (cidrplan.Plan, error) {
	a = a.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a.plan()
}

func firstDuplicate(list []string) string {
	seen := map[string]bool{}
	for _, s := range list {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}

// NatGatewayCount is the number of NAT gateways the strategy creates.
func (a Settings) NatGatewayCount() int {
	switch a.NatStrategy {
	case NatSingle:
		return 1
	case NatPerAZ:
		return a.AZCount
	default:
		return 0
	}
}
