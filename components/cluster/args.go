package cluster

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// SupportedVersions are the Kubernetes versions EKS offers standard support
// for that this component is tested with.
var SupportedVersions = []string{"1.31", "1.32", "1.33", "1.34"}

// DefaultVersion is the Kubernetes version used when none is configured.
const DefaultVersion = "1.33"

// CapacityTypes are the allowed node capacity types.
var CapacityTypes = []string{"ON_DEMAND", "SPOT"}

// LogTypes are the control-plane log types; all five are always enabled.
var LogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

// Add-on names managed by the component.
const (
	AddonVpcCni      = "vpc-cni"
	AddonCoreDNS     = "coredns"
	AddonKubeProxy   = "kube-proxy"
	AddonPodIdentity = "eks-pod-identity-agent"
	AddonEbsCsi      = "aws-ebs-csi-driver"
)

// Addons lists the managed add-ons in install order.
var Addons = []string{AddonVpcCni, AddonKubeProxy, AddonCoreDNS, AddonPodIdentity, AddonEbsCsi}

// DefaultAddonVersions pin the add-ons for DefaultVersion.
var DefaultAddonVersions = map[string]string{
	AddonVpcCni:      "v1.19.5-eksbuild.1",
	AddonCoreDNS:     "v1.12.1-eksbuild.2",
	AddonKubeProxy:   "v1.33.0-eksbuild.2",
	AddonPodIdentity: "v1.3.7-eksbuild.2",
	AddonEbsCsi:      "v1.44.0-eksbuild.1",
}

// Chart names installed with Helm.
const (
	ChartLBController = "aws-load-balancer-controller"
	ChartMetrics      = "metrics-server"
	ChartAutoscaler   = "cluster-autoscaler"
)

// DefaultChartVersions pin the Helm charts.
var DefaultChartVersions = map[string]string{
	ChartLBController: "1.13.3",
	ChartMetrics:      "3.12.2",
	ChartAutoscaler:   "9.46.6",
}

// LogRetentionValues are the retention periods CloudWatch Logs accepts.
var LogRetentionValues = validate.LogRetentionValues

// Settings are the cluster's plain settings. The zero value of every
// field means its documented default.
type Settings struct {
	// NamePrefix names the cluster's physical resources (the EKS cluster,
	// its log group, key alias and launch template). Default "": the name
	// argument of NewCluster.
	NamePrefix string
	// KubernetesVersion is one of SupportedVersions. Default DefaultVersion ("1.33").
	KubernetesVersion string
	// PublicEndpointCidrs, when non-empty, turns the public API endpoint on
	// for exactly these CIDRs (never 0.0.0.0/0). Default empty: private only.
	PublicEndpointCidrs []string
	// AdminRoleArns get an access entry with AmazonEKSClusterAdminPolicy.
	// Default none (the creator gets no implicit admin rights).
	AdminRoleArns []string
	// LogRetentionDays is how long control-plane logs are kept; one of
	// LogRetentionValues. Default 365.
	LogRetentionDays int
	// InstanceTypes of the managed node group; each must be of a family in
	// PodENIFamilies (its instances carry the pods' own security groups on
	// branch ENIs; the t families cannot). Default ["m6i.large"].
	InstanceTypes []string
	// AmiType of the nodes. Default "AL2023_x86_64_STANDARD".
	AmiType string
	// CapacityType is ON_DEMAND or SPOT. Default ON_DEMAND.
	CapacityType string
	// NodeMin is the node group's minimum size. Default 3 (one per AZ of
	// a three-AZ network).
	NodeMin int
	// NodeDesired is the node group's initial size (the autoscaler owns it
	// afterwards). Default NodeMin.
	NodeDesired int
	// NodeMax is the node group's maximum size. Default 2*NodeMin.
	NodeMax int
	// NodeVolumeSize is the root volume size in GiB (gp3, encrypted). Default 50.
	NodeVolumeSize int
	// MetadataHopLimit is the IMDSv2 response hop limit. 1 keeps pods (one
	// hop further) from reading the node role's credentials; pods use IRSA.
	// 1 or 2. Default 1.
	MetadataHopLimit int
	// AddonVersions pin the managed add-ons, by name (see Addons). Default
	// DefaultAddonVersions for every add-on not given.
	AddonVersions map[string]string
	// ChartVersions pin the Helm charts, by chart name. Default
	// DefaultChartVersions for every chart not given.
	ChartVersions map[string]string
	// Tags go on every taggable resource, with component=cluster added.
	// Default none.
	Tags map[string]string
}

// PodENIFamilies are the instance families whose every size supports a
// trunk ENI, so that pods selected by a SecurityGroupPolicy get their own
// security groups (the workloads' data-store access depends on it). The
// test TestPodENIFamiliesCanTrunk checks each against the VPC resource
// controller's catalog.
var PodENIFamilies = []string{
	"m5", "m5a", "m5n", "m6i", "m6a", "m7i", "m7a", "m6g", "m7g", "m8g",
	"c5", "c6i", "c6a", "c7i", "c6g", "c7g", "c8g",
	"r5", "r6i", "r6g",
}

// Wiring are the cluster's inputs from other components.
type Wiring struct {
	// VpcId is the VPC the cluster lives in. Required.
	VpcId pulumi.StringInput
	// SubnetIds are the private subnets of the control-plane ENIs and the
	// nodes, at least two AZs. Required.
	SubnetIds pulumi.StringArrayInput
	// KMSKeyArn encrypts Kubernetes secrets, the log group and node volumes.
	// Default nil: a key created by the component.
	KMSKeyArn pulumi.StringInput
}

// ClusterArgs configure a Cluster: plain settings and wiring.
type ClusterArgs struct {
	Settings
	Wiring
}

// WithDefaults returns a copy of s with every unset field set to its default.
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.KubernetesVersion, DefaultVersion)
	defaults.Set(&s.LogRetentionDays, 365)
	if len(s.InstanceTypes) == 0 {
		s.InstanceTypes = []string{"m6i.large"}
	}
	defaults.Set(&s.AmiType, "AL2023_x86_64_STANDARD")
	defaults.Set(&s.CapacityType, "ON_DEMAND")
	defaults.Set(&s.NodeMin, 3)
	defaults.Set(&s.NodeDesired, s.NodeMin)
	defaults.Set(&s.NodeMax, 2*s.NodeMin)
	defaults.Set(&s.NodeVolumeSize, 50)
	defaults.Set(&s.MetadataHopLimit, 1)
	s.AddonVersions = withDefaults(s.AddonVersions, DefaultAddonVersions)
	s.ChartVersions = withDefaults(s.ChartVersions, DefaultChartVersions)
	return s
}

func withDefaults(given, defaults map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range given {
		out[k] = v
	}
	return out
}

var (
	roleArnPattern      = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$`)
	instanceTypePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	addonVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$`)
	chartVersionPattern = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
	namePrefixPattern   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,62}$`)
)

// Validate checks defaulted settings and reports every problem, each
// naming the field and the allowed values.
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" && !namePrefixPattern.MatchString(s.NamePrefix) {
		p.Addf("NamePrefix", "must be 1-63 letters, digits and '-', starting with a letter, got %q", s.NamePrefix)
	}
	p.OneOf("KubernetesVersion", s.KubernetesVersion, SupportedVersions)
	s.validateAccess(&p)
	p.LogRetention("LogRetentionDays", s.LogRetentionDays)
	s.validateNodes(&p)
	s.validateVersions(&p)
	return p.Err()
}

// validateAccess checks who and what may reach the API.
func (s Settings) validateAccess(p *validate.Problems) {
	for _, c := range s.PublicEndpointCidrs {
		pre, err := netip.ParsePrefix(c)
		switch {
		case err != nil:
			p.Addf("PublicEndpointCidrs", "%q is not an IPv4 CIDR such as 203.0.113.0/24", c)
		case pre.Bits() == 0:
			p.Addf("PublicEndpointCidrs", "%q opens the API to the whole internet; list the networks that need it", c)
		}
	}
	for _, r := range s.AdminRoleArns {
		if !roleArnPattern.MatchString(r) {
			p.Addf("AdminRoleArns", "%q is not an IAM role ARN such as arn:aws:iam::123456789012:role/admin", r)
		}
	}
}

// validateNodes checks the node group.
func (s Settings) validateNodes(p *validate.Problems) {
	for _, t := range s.InstanceTypes {
		if !instanceTypePattern.MatchString(t) {
			p.Addf("InstanceTypes", "%q is not an EC2 instance type such as m6i.large", t)
		} else if family, _, _ := strings.Cut(t, "."); !slices.Contains(PodENIFamilies, family) {
			p.Addf("InstanceTypes", "%q cannot carry security groups for pods (no trunk ENI); use a family of %v, such as m5a.large", t, PodENIFamilies)
		}
	}
	p.OneOf("CapacityType", s.CapacityType, CapacityTypes)
	p.Range("NodeMin", s.NodeMin, 1, 1000)
	if s.NodeMax < s.NodeMin {
		p.Addf("NodeMax", "must be at least NodeMin (%d), got %d", s.NodeMin, s.NodeMax)
	}
	if s.NodeDesired < s.NodeMin || s.NodeDesired > s.NodeMax {
		p.Addf("NodeDesired", "must be between NodeMin (%d) and NodeMax (%d), got %d", s.NodeMin, s.NodeMax, s.NodeDesired)
	}
	p.Range("NodeVolumeSize", s.NodeVolumeSize, 20, 16384)
	p.Range("MetadataHopLimit", s.MetadataHopLimit, 1, 2)
}

// validateVersions checks the pinned add-on and chart versions.
func (s Settings) validateVersions(p *validate.Problems) {
	for name, v := range s.AddonVersions {
		if !slices.Contains(Addons, name) {
			p.Addf("AddonVersions", "unknown add-on %q: one of %v", name, Addons)
		} else if !addonVersionPattern.MatchString(v) {
			p.Addf("AddonVersions", "%s: %q is not a pinned add-on version such as v1.19.5-eksbuild.1", name, v)
		}
	}
	for name, v := range s.ChartVersions {
		if _, ok := DefaultChartVersions[name]; !ok {
			p.Addf("ChartVersions", "unknown chart %q: one of %s, %s, %s", name, ChartLBController, ChartMetrics, ChartAutoscaler)
		} else if !chartVersionPattern.MatchString(v) {
			p.Addf("ChartVersions", "%s: %q is not a pinned chart version such as 1.13.3", name, v)
		}
	}
}

// check reports missing required wiring.
func (w Wiring) check() error {
	var p validate.Problems
	if w.VpcId == nil {
		p.Addf("VpcId", "is required")
	}
	if w.SubnetIds == nil {
		p.Addf("SubnetIds", "is required: the private subnets")
	}
	return p.Err()
}
