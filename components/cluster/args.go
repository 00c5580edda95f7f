package cluster

import (
	"maps"
	"net/netip"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// SupportedVersions are the Kubernetes versions EKS offers that the
// catalog has add-on and chart builds for (catalog.KubernetesVersions).
var SupportedVersions = catalog.VersionNames()

// DefaultVersion is the Kubernetes version used when none is configured.
const DefaultVersion = "1.33"

// CapacityTypes are the allowed node capacity types (EKS CreateNodegroup
// capacityType).
var CapacityTypes = []string{"ON_DEMAND", "SPOT"}

// LogTypes are the control-plane log types; all five are always enabled.
var LogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

// Add-on names managed by the component.
const (
	AddonVpcCni      = catalog.AddonVpcCni
	AddonCoreDNS     = catalog.AddonCoreDNS
	AddonKubeProxy   = catalog.AddonKubeProxy
	AddonPodIdentity = catalog.AddonPodIdentity
	AddonEbsCsi      = catalog.AddonEbsCsi
)

// Addons lists the managed add-ons in install order.
var Addons = []string{AddonVpcCni, AddonKubeProxy, AddonCoreDNS, AddonPodIdentity, AddonEbsCsi}

// AddonVersionsFor are the add-on builds pinned for Kubernetes version k
// (catalog.KubernetesVersions), nil for a version the catalog lacks.
func AddonVersionsFor(k string) map[string]string {
	v, ok := catalog.Kubernetes(k)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, a := range Addons {
		out[a] = v.Addons[a]
	}
	return out
}

// DefaultAddonVersions pin the add-ons for DefaultVersion.
var DefaultAddonVersions = AddonVersionsFor(DefaultVersion)

// Chart names installed with Helm.
const (
	ChartLBController = catalog.ChartLBController
	ChartMetrics      = catalog.ChartMetrics
	ChartAutoscaler   = catalog.ChartAutoscaler
	ChartKEDA         = catalog.ChartKEDA
)

// Charts lists the Helm charts the component installs (ChartKEDA only
// with Settings.KEDA).
var Charts = []string{ChartLBController, ChartMetrics, ChartAutoscaler, ChartKEDA}

// ChartVersionsFor are the chart versions pinned for Kubernetes version k
// (the Cluster Autoscaler's is the release of k's minor), nil for a
// version the catalog lacks.
func ChartVersionsFor(k string) map[string]string {
	v, ok := catalog.Kubernetes(k)
	if !ok {
		return nil
	}
	return maps.Clone(v.Charts)
}

// DefaultChartVersions pin the Helm charts for DefaultVersion.
var DefaultChartVersions = ChartVersionsFor(DefaultVersion)

// LogRetentionValues are the retention periods CloudWatch Logs accepts.
var LogRetentionValues = validate.LogRetentionValues

// Settings are the cluster's plain settings. The zero value of every
// field means its documented default.
type Settings struct {
	// NamePrefix names the cluster's physical resources (the EKS cluster,
	// its log group, key alias and launch template). Default "": the name
	// argument of NewCluster.
	NamePrefix string `pulumi:"namePrefix,optional"`
	// KubernetesVersion is one of SupportedVersions. Default DefaultVersion ("1.33").
	// The add-on builds and chart versions follow it (AddonVersionsFor,
	// ChartVersionsFor).
	KubernetesVersion string `pulumi:"kubernetesVersion,optional"`
	// PublicEndpointCidrs, when non-empty, turns the public API endpoint on
	// for exactly these CIDRs (never 0.0.0.0/0). Default empty: private only.
	PublicEndpointCidrs []string `pulumi:"publicEndpointCidrs,optional"`
	// AdminRoleArns get an access entry with AmazonEKSClusterAdminPolicy.
	// Default none (the creator gets no implicit admin rights).
	AdminRoleArns []string `pulumi:"adminRoleArns,optional"`
	// ViewerRoleArns get a read-only access entry: the Kubernetes `view`
	// ClusterRole, read of the components' custom resources (ViewerRules)
	// and of Helm's release Secrets in kube-system (ReleaseReaderRules):
	// what `pulumi preview --refresh` reads. Default none.
	ViewerRoleArns []string `pulumi:"viewerRoleArns,optional"`
	// LogRetentionDays is how long control-plane logs are kept; one of
	// LogRetentionValues. Default 365.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// InstanceTypes of the managed node group; each must be an instance
	// type of the catalog (catalog.InstanceFamilies) of a family in
	// PodENIFamilies (its instances carry the pods' own security groups on
	// branch ENIs; the t families cannot; GPU families need another AMI),
	// all of one architecture. Default ["m6i.large"].
	InstanceTypes []string `pulumi:"instanceTypes,optional"`
	// AmiType of the nodes: the Amazon Linux 2023 AMI of the instance
	// types' architecture (catalog.AmiTypes); set, it must be that one.
	// Default: derived from InstanceTypes (x86_64 for the default m6i.large).
	AmiType string `pulumi:"amiType,optional"`
	// CapacityType is ON_DEMAND or SPOT. Default ON_DEMAND.
	CapacityType string `pulumi:"capacityType,optional"`
	// NodeMin is the cluster's minimum node count, spread over the per-AZ
	// node groups (NodeGroupSizes). Default 3 (one per AZ of a three-AZ
	// network).
	NodeMin int `pulumi:"nodeMin,optional"`
	// NodeDesired is the cluster's initial node count (the autoscaler owns
	// the groups' sizes afterwards). Default NodeMin.
	NodeDesired int `pulumi:"nodeDesired,optional"`
	// NodeMax is the cluster's maximum node count: each AZ's group may grow
	// to ceil(NodeMax/AZs). Default 2*NodeMin.
	NodeMax int `pulumi:"nodeMax,optional"`
	// NodeVolumeSize is the root volume size in GiB (gp3, encrypted). Default 50.
	NodeVolumeSize int `pulumi:"nodeVolumeSize,optional"`
	// MetadataHopLimit is the IMDSv2 response hop limit. 1 keeps pods (one
	// hop further) from reading the node role's credentials; pods use IRSA.
	// 1 or 2. Default 1.
	MetadataHopLimit int `pulumi:"metadataHopLimit,optional"`
	// AddonVersions pin the managed add-ons, by name (see Addons); each
	// must be a build published for KubernetesVersion
	// (catalog.AddonBuilds). Default AddonVersionsFor(KubernetesVersion)
	// for every add-on not given.
	AddonVersions map[string]string `pulumi:"addonVersions,optional"`
	// ChartVersions pin the Helm charts, by chart name; each must be a
	// version of catalog.ChartBuilds that supports KubernetesVersion (the
	// Cluster Autoscaler's minor is Kubernetes'). Default
	// ChartVersionsFor(KubernetesVersion) for every chart not given.
	ChartVersions map[string]string `pulumi:"chartVersions,optional"`
	// KEDA installs KEDA (chart ChartKEDA) so that workloads can scale on
	// CloudWatch metrics such as the load balancer's requests per pod
	// (workload.Service.TargetRequestsPerSecond): its operator's IRSA role
	// may read CloudWatch metrics and nothing else, and the cluster-wide
	// trigger authentication KEDATriggerAuthentication lends that role to
	// the ScaledObjects' aws-cloudwatch triggers. Default false.
	KEDA bool `pulumi:"keda,optional"`
	// Tags go on every taggable resource, with component=cluster added.
	// Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PodENIFamilies are the instance families a node group may use: every
// size supports a trunk ENI, so that pods selected by a
// SecurityGroupPolicy get their own security groups (the workloads'
// data-store access depends on it), and the standard AMI runs them (no
// GPU). Derived from catalog.InstanceFamilies; the test
// TestPodENIFamiliesCanTrunk checks each against the VPC resource
// controller's catalog.
var PodENIFamilies = catalog.NodeFamilies()

// Wiring are the cluster's inputs from other components.
type Wiring struct {
	// VpcId is the VPC the cluster lives in. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds are the private subnets, one per AZ, at least two: the
	// control plane's ENIs span them and each gets its own node group
	// (NodeGroupSizes): one node group per element, so the count must be
	// known; each element may be an output
	// (net.PrivateSubnetIds.Index(pulumi.Int(i))). Required.
	SubnetIds []pulumi.StringInput `pulumi:"subnetIds"`
	// KMSKeyArn encrypts Kubernetes secrets, the log group and node volumes.
	// Default nil: a key created by the component.
	KMSKeyArn pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
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
	defaults.Set(&s.AmiType, amiTypeOf(s.InstanceTypes))
	defaults.Set(&s.CapacityType, "ON_DEMAND")
	defaults.Set(&s.NodeMin, 3)
	defaults.Set(&s.NodeDesired, s.NodeMin)
	defaults.Set(&s.NodeMax, 2*s.NodeMin)
	defaults.Set(&s.NodeVolumeSize, 50)
	defaults.Set(&s.MetadataHopLimit, 1)
	s.AddonVersions = withDefaults(s.AddonVersions, AddonVersionsFor(s.KubernetesVersion))
	s.ChartVersions = withDefaults(s.ChartVersions, ChartVersionsFor(s.KubernetesVersion))
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
	instanceTypePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9-]+$`)
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
	s.validateKubernetesVersion(&p)
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
	for _, f := range []struct {
		name string
		arns []string
	}{{"AdminRoleArns", s.AdminRoleArns}, {"ViewerRoleArns", s.ViewerRoleArns}} {
		for _, r := range f.arns {
			if !roleArnPattern.MatchString(r) {
				p.Addf(f.name, "%q is not an IAM role ARN such as arn:aws:iam::123456789012:role/admin", r)
			}
		}
	}
}

// validateNodes checks the node group.
func (s Settings) validateNodes(p *validate.Problems) {
	s.validateInstanceTypes(p)
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

// check reports missing required wiring.
func (w Wiring) check() error {
	var p validate.Problems
	if w.VpcId == nil {
		p.Addf("VpcId", "is required")
	}
	if len(w.SubnetIds) < 2 {
		p.Addf("SubnetIds", "must be the private subnets of at least two AZs, one per AZ, got %d", len(w.SubnetIds))
	}
	return p.Err()
}
