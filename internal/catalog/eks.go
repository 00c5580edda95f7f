package catalog

import (
	"slices"
	"strings"
)

// read is the day the EKS and EC2 catalogs were read.
const read = "2026-12-02"

// Where the EKS entries come from.
var (
	srcCalendar  = Source{Ref: "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (Amazon EKS Kubernetes release calendar, as tabulated at https://endoflife.date/amazon-eks)", Read: read}
	srcKubeProxy = Source{Ref: "https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html (kube-proxy versions: latest Amazon EKS add-on type per Kubernetes version)", Read: read}
	srcCoreDNS   = Source{Ref: "https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html (CoreDNS versions: latest Amazon EKS add-on type per Kubernetes version)", Read: read}
	srcVpcCni    = Source{Ref: "https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html (Amazon VPC CNI versions: latest Amazon EKS add-on type per Kubernetes version)", Read: read}
	// The three add-ons below have no per-version table in the user guide:
	// their compatibility is what describe-addon-versions returns, which
	// cannot be read offline. The builds are the ones the program pinned
	// before the catalog existed; re-check them with
	// `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <v>`.
	srcDescribe   = Source{Ref: "https://docs.aws.amazon.com/eks/latest/userguide/addon-compat.html (describe-addon-versions compatibilities; builds carried over from the program's earlier pins, to re-check against the API)", Read: read}
	srcAutoscaler = Source{Ref: "kubernetes/autoscaler tags cluster-autoscaler-chart-9.45.0..9.53.0 (Chart.yaml appVersion) and cluster-autoscaler-1.32.1, -1.33.0, -1.34.0; README: use the Cluster Autoscaler minor matching the Kubernetes minor", Read: read}
	srcLBC        = Source{Ref: "aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml history (1.13.0..1.17.1) and README \"Chart version v1.5.0+ requires Kubernetes 1.22+\"", Read: read}
	srcKEDA       = Source{Ref: "kedacore/charts tags v2.18.0..v2.20.2 (keda/Chart.yaml: chart version = appVersion) and https://keda.sh/docs/2.20/operate/cluster/ Kubernetes compatibility matrix (v2.18: 1.31-1.33, v2.19: 1.32-1.34, v2.20: 1.33-1.35)", Read: "2026-12-03"}
	srcMetrics    = Source{Ref: "kubernetes-sigs/metrics-server charts/metrics-server/Chart.yaml history and README compatibility matrix (0.7.x: 1.27+, 0.8.x: 1.31+)", Read: read}
)

// Support levels of a Kubernetes version on EKS.
const (
	StandardSupport = "standard"
	ExtendedSupport = "extended"
)

// KubernetesVersion is a minor version EKS offers on the day read, with
// the builds of every managed add-on and Helm chart the cluster installs.
type KubernetesVersion struct {
	Version string
	// Support is StandardSupport or ExtendedSupport on the day read.
	Support string
	// EndOfStandardSupport and EndOfExtendedSupport are from the release
	// calendar, YYYY-MM-DD.
	EndOfStandardSupport, EndOfExtendedSupport string
	// Addons are the pinned add-on builds by add-on name: each is
	// published for this version (an entry of AddonBuilds).
	Addons map[string]string
	// Charts are the pinned Helm chart versions by chart name: each is an
	// entry of ChartBuilds compatible with this version.
	Charts map[string]string
	// AutoscalerImage is the Cluster Autoscaler release of this minor.
	AutoscalerImage string
	Source          Source
}

// RetiredKubernetesVersion is a minor version EKS no longer offers.
type RetiredKubernetesVersion struct {
	Version              string
	EndOfExtendedSupport string
	Source               Source
}

// Managed add-ons and Helm charts the program installs.
const (
	AddonVpcCni        = "vpc-cni"
	AddonCoreDNS       = "coredns"
	AddonKubeProxy     = "kube-proxy"
	AddonPodIdentity   = "eks-pod-identity-agent"
	AddonEbsCsi        = "aws-ebs-csi-driver"
	AddonObservability = "amazon-cloudwatch-observability"

	ChartLBController = "aws-load-balancer-controller"
	ChartMetrics      = "metrics-server"
	ChartAutoscaler   = "cluster-autoscaler"
	ChartKEDA         = "keda"
)

// Builds carried over for every version (see srcDescribe).
const (
	podIdentityBuild   = "v1.3.7-eksbuild.2"
	ebsCsiBuild        = "v1.44.0-eksbuild.1"
	observabilityBuild = "v4.1.0-eksbuild.1"
	vpcCniBuild        = "v1.20.4-eksbuild.1"
)

// KubernetesVersions are the versions the cluster can run, oldest first.
// 1.35 and 1.36 are offered by EKS but not listed: their vpc-cni, Pod
// Identity agent and EBS CSI builds could not be read.
var KubernetesVersions = []KubernetesVersion{
	{
		Version: "1.32", Support: ExtendedSupport, EndOfStandardSupport: "2026-03-23", EndOfExtendedSupport: "2027-03-23",
		Addons: map[string]string{
			AddonVpcCni: vpcCniBuild, AddonCoreDNS: "v1.11.4-eksbuild.24", AddonKubeProxy: "v1.32.9-eksbuild.2",
			AddonPodIdentity: podIdentityBuild, AddonEbsCsi: ebsCsiBuild, AddonObservability: observabilityBuild,
		},
		Charts:          map[string]string{ChartLBController: "1.13.3", ChartMetrics: "3.12.2", ChartAutoscaler: "9.46.6", ChartKEDA: "2.19.0"},
		AutoscalerImage: "v1.32.1",
		Source:          srcCalendar,
	},
	{
		Version: "1.33", Support: ExtendedSupport, EndOfStandardSupport: "2026-07-29", EndOfExtendedSupport: "2027-07-29",
		Addons: map[string]string{
			AddonVpcCni: vpcCniBuild, AddonCoreDNS: "v1.12.4-eksbuild.1", AddonKubeProxy: "v1.33.5-eksbuild.2",
			AddonPodIdentity: podIdentityBuild, AddonEbsCsi: ebsCsiBuild, AddonObservability: observabilityBuild,
		},
		Charts:          map[string]string{ChartLBController: "1.13.3", ChartMetrics: "3.12.2", ChartAutoscaler: "9.51.0", ChartKEDA: "2.19.0"},
		AutoscalerImage: "v1.33.0",
		Source:          srcCalendar,
	},
	{
		// Standard support ends on the day read: extended from then on.
		Version: "1.34", Support: ExtendedSupport, EndOfStandardSupport: "2026-12-02", EndOfExtendedSupport: "2027-12-02",
		Addons: map[string]string{
			AddonVpcCni: vpcCniBuild, AddonCoreDNS: "v1.12.4-eksbuild.1", AddonKubeProxy: "v1.34.1-eksbuild.2",
			AddonPodIdentity: podIdentityBuild, AddonEbsCsi: ebsCsiBuild, AddonObservability: observabilityBuild,
		},
		Charts:          map[string]string{ChartLBController: "1.13.3", ChartMetrics: "3.12.2", ChartAutoscaler: "9.53.0", ChartKEDA: "2.19.0"},
		AutoscalerImage: "v1.34.0",
		Source:          srcCalendar,
	},
}

// RetiredKubernetesVersions are versions EKS no longer offers (past the end
// of extended support on the day read): a cluster on them is upgraded by
// EKS, and a new one cannot be created.
var RetiredKubernetesVersions = []RetiredKubernetesVersion{
	{Version: "1.28", EndOfExtendedSupport: "2025-11-26", Source: srcCalendar},
	{Version: "1.29", EndOfExtendedSupport: "2026-03-23", Source: srcCalendar},
	{Version: "1.30", EndOfExtendedSupport: "2026-07-23", Source: srcCalendar},
	{Version: "1.31", EndOfExtendedSupport: "2026-11-26", Source: srcCalendar},
}

// AddonBuild is one published build of a managed add-on and the
// Kubernetes versions it is published for.
type AddonBuild struct {
	Addon, Version string
	Kubernetes     []string
	Source         Source
}

// AddonBuilds are the add-on builds known to be published, each for the
// Kubernetes versions its source lists it with.
var AddonBuilds = []AddonBuild{
	{AddonKubeProxy, "v1.32.9-eksbuild.2", []string{"1.32"}, srcKubeProxy},
	{AddonKubeProxy, "v1.32.13-eksbuild.16", []string{"1.32"}, srcKubeProxy},
	{AddonKubeProxy, "v1.33.5-eksbuild.2", []string{"1.33"}, srcKubeProxy},
	{AddonKubeProxy, "v1.33.10-eksbuild.13", []string{"1.33"}, srcKubeProxy},
	{AddonKubeProxy, "v1.34.1-eksbuild.2", []string{"1.34"}, srcKubeProxy},
	{AddonKubeProxy, "v1.34.6-eksbuild.13", []string{"1.34"}, srcKubeProxy},
	{AddonCoreDNS, "v1.11.4-eksbuild.24", []string{"1.29", "1.30", "1.31", "1.32"}, srcCoreDNS},
	{AddonCoreDNS, "v1.11.4-eksbuild.40", []string{"1.30", "1.31", "1.32"}, srcCoreDNS},
	{AddonCoreDNS, "v1.12.4-eksbuild.1", []string{"1.33", "1.34"}, srcCoreDNS},
	{AddonCoreDNS, "v1.12.4-eksbuild.18", []string{"1.33"}, srcCoreDNS},
	{AddonCoreDNS, "v1.13.2-eksbuild.4", []string{"1.33", "1.34", "1.35"}, srcCoreDNS},
	{AddonCoreDNS, "v1.13.2-eksbuild.11", []string{"1.34"}, srcCoreDNS},
	{AddonVpcCni, "v1.20.1-eksbuild.3", []string{"1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"}, srcVpcCni},
	{AddonVpcCni, vpcCniBuild, []string{"1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34"}, srcVpcCni},
	{AddonPodIdentity, podIdentityBuild, []string{"1.32", "1.33", "1.34"}, srcDescribe},
	{AddonEbsCsi, ebsCsiBuild, []string{"1.32", "1.33", "1.34"}, srcDescribe},
	{AddonObservability, observabilityBuild, []string{"1.32", "1.33", "1.34"}, srcDescribe},
}

// ChartBuild is one version of a Helm chart and the Kubernetes versions it
// supports: MinKubernetes and up (to MaxKubernetes when set: KEDA tests
// three minors per release), or, when AppMinor is set, exactly the
// Kubernetes minor AppMinor (the Cluster Autoscaler).
type ChartBuild struct {
	Chart, Version, AppVersion string
	MinKubernetes              string
	MaxKubernetes              string
	AppMinor                   string
	Source                     Source
}

// ChartBuilds are the chart versions the cluster may install.
var ChartBuilds = func() []ChartBuild {
	var out []ChartBuild
	for _, v := range []string{"1.13.0", "1.13.1", "1.13.2", "1.13.3", "1.13.4", "1.14.0", "1.14.1", "1.15.0", "1.16.0", "1.17.0", "1.17.1"} {
		out = append(out, ChartBuild{Chart: ChartLBController, Version: v, AppVersion: "v2" + v[1:], MinKubernetes: "1.22", Source: srcLBC})
	}
	for _, b := range [][2]string{{"3.12.0", "0.7.0"}, {"3.12.1", "0.7.1"}, {"3.12.2", "0.7.2"}} {
		out = append(out, ChartBuild{Chart: ChartMetrics, Version: b[0], AppVersion: b[1], MinKubernetes: "1.27", Source: srcMetrics})
	}
	for _, b := range [][2]string{{"3.13.0", "0.8.0"}} {
		out = append(out, ChartBuild{Chart: ChartMetrics, Version: b[0], AppVersion: b[1], MinKubernetes: "1.31", Source: srcMetrics})
	}
	for app, versions := range map[string][]string{
		"1.32.0": {"9.45.0", "9.45.1", "9.46.0", "9.46.1", "9.46.2", "9.46.3", "9.46.4", "9.46.5", "9.46.6"},
		"1.33.0": {"9.47.0", "9.48.0", "9.49.0", "9.50.0", "9.50.1", "9.51.0"},
		"1.34.1": {"9.52.0", "9.52.1"},
		"1.34.2": {"9.53.0"},
	} {
		for _, v := range versions {
			out = append(out, ChartBuild{Chart: ChartAutoscaler, Version: v, AppVersion: app, AppMinor: Minor(app), Source: srcAutoscaler})
		}
	}
	for versions, window := range map[string][2]string{
		"2.18.0 2.18.1 2.18.2 2.18.3": {"1.31", "1.33"},
		"2.19.0":                      {"1.32", "1.34"},
		"2.20.0 2.20.1 2.20.2":        {"1.33", "1.35"},
	} {
		for _, v := range strings.Fields(versions) {
			out = append(out, ChartBuild{Chart: ChartKEDA, Version: v, AppVersion: v, MinKubernetes: window[0], MaxKubernetes: window[1], Source: srcKEDA})
		}
	}
	slices.SortFunc(out, func(a, b ChartBuild) int {
		if c := strings.Compare(a.Chart, b.Chart); c != 0 {
			return c
		}
		return CompareVersions(a.Version, b.Version)
	})
	return out
}()

// Kubernetes returns the catalog entry of version v.
func Kubernetes(v string) (KubernetesVersion, bool) {
	for _, k := range KubernetesVersions {
		if k.Version == v {
			return k, true
		}
	}
	return KubernetesVersion{}, false
}

// Retired returns the entry of v if EKS no longer offers it.
func Retired(v string) (RetiredKubernetesVersion, bool) {
	for _, k := range RetiredKubernetesVersions {
		if k.Version == v {
			return k, true
		}
	}
	return RetiredKubernetesVersion{}, false
}

// VersionNames are the Versions of KubernetesVersions.
func VersionNames() []string {
	var out []string
	for _, k := range KubernetesVersions {
		out = append(out, k.Version)
	}
	return out
}

// AddonPublished says whether build of addon is published for Kubernetes
// version k.
func AddonPublished(addon, build, k string) bool {
	for _, b := range AddonBuilds {
		if b.Addon == addon && b.Version == build && slices.Contains(b.Kubernetes, k) {
			return true
		}
	}
	return false
}

// AddonBuildsFor lists the builds of addon published for Kubernetes k.
func AddonBuildsFor(addon, k string) []string {
	var out []string
	for _, b := range AddonBuilds {
		if b.Addon == addon && slices.Contains(b.Kubernetes, k) {
			out = append(out, b.Version)
		}
	}
	return out
}

// Chart returns the catalog entry of version v of chart.
func Chart(chart, v string) (ChartBuild, bool) {
	for _, b := range ChartBuilds {
		if b.Chart == chart && b.Version == v {
			return b, true
		}
	}
	return ChartBuild{}, false
}

// Supports says whether the chart build runs on Kubernetes k.
func (b ChartBuild) Supports(k string) bool {
	if b.AppMinor != "" {
		return b.AppMinor == k
	}
	return CompareVersions(k, b.MinKubernetes) >= 0 && (b.MaxKubernetes == "" || CompareVersions(k, b.MaxKubernetes) <= 0)
}

// ChartBuildsFor lists the versions of chart that run on Kubernetes k.
func ChartBuildsFor(chart, k string) []string {
	var out []string
	for _, b := range ChartBuilds {
		if b.Chart == chart && b.Supports(k) {
			out = append(out, b.Version)
		}
	}
	return out
}

// Minor returns "1.33" of "1.33.0" or "v1.33.0".
func Minor(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// CompareVersions compares dotted numeric versions ("1.9" < "1.31").
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(strings.TrimPrefix(a, "v"), "."), strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x = atoi(pa[i])
		}
		if i < len(pb) {
			y = atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
