package tests

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
	"github.com/webplatform-dev/webplatform/tooling/standin"
	"github.com/webplatform-dev/webplatform/tooling/trunkcatalog"
)

// The oracle's own tables, apart from the program's (internal/catalog),
// each with its source, read 2026-12-02.

// oracleEKSVersions are the Kubernetes versions EKS offers on 2026-12-02.
// Source: the Amazon EKS Kubernetes release calendar
// (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html,
// as tabulated at https://endoflife.date/amazon-eks): 1.31's extended
// support ended 2026-11-26; 1.32 ends 2027-03-23.
var oracleEKSVersions = []string{"1.32", "1.33", "1.34", "1.35"}

// oracleNewestAddon is the newest build of each add-on the EKS user guide
// lists for each Kubernetes version ("The following table lists the latest
// version of the Amazon EKS add-on type for each Kubernetes version"):
// a newer build is not published for that version. The newest of the
// snapshots read of
// https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html,
// managing-coredns.html and managing-vpc-cni.html (also served as
// pod-networking.html).
var oracleNewestAddon = map[string]map[string]string{
	"kube-proxy": {"1.32": "v1.32.13-eksbuild.16", "1.33": "v1.33.10-eksbuild.13", "1.34": "v1.34.6-eksbuild.13", "1.35": "v1.35.3-eksbuild.13"},
	"coredns":    {"1.32": "v1.11.4-eksbuild.40", "1.33": "v1.13.2-eksbuild.4", "1.34": "v1.13.2-eksbuild.11", "1.35": "v1.14.3-eksbuild.3"},
	"vpc-cni":    {"1.32": "v1.20.4-eksbuild.1", "1.33": "v1.20.4-eksbuild.1", "1.34": "v1.20.4-eksbuild.1"},
}

// oracleAutoscalerApp is the Cluster Autoscaler each chart version
// installs (Chart.yaml appVersion at tags cluster-autoscaler-chart-<v> of
// kubernetes/autoscaler). Its README: "use the Cluster Autoscaler release
// matching the Kubernetes minor version".
var oracleAutoscalerApp = map[string]string{
	"9.43.0": "1.31.0", "9.43.1": "1.31.0", "9.43.2": "1.31.0", "9.43.3": "1.31.0", "9.44.0": "1.31.0",
	"9.45.0": "1.32.0", "9.45.1": "1.32.0", "9.46.0": "1.32.0", "9.46.1": "1.32.0", "9.46.2": "1.32.0",
	"9.46.3": "1.32.0", "9.46.4": "1.32.0", "9.46.5": "1.32.0", "9.46.6": "1.32.0",
	"9.47.0": "1.33.0", "9.48.0": "1.33.0", "9.49.0": "1.33.0", "9.50.0": "1.33.0", "9.50.1": "1.33.0", "9.51.0": "1.33.0",
	"9.52.0": "1.34.1", "9.52.1": "1.34.1", "9.53.0": "1.34.2",
	"9.54.0": "1.35.0", "9.54.1": "1.35.0", "9.55.0": "1.35.0",
}

// minorOf is "1.33" of "v1.33.5-eksbuild.2" or "1.33.0".
func minorOf(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// buildNumbers are the numbers of "v1.33.5-eksbuild.2": 1, 33, 5, 2.
func buildNumbers(v string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}

func buildAfter(a, b string) bool {
	x, y := buildNumbers(a), buildNumbers(b)
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return x[i] > y[i]
		}
	}
	return len(x) > len(y)
}

// clusterOf is the EKS cluster whose name input r's clusterName comes
// from, or the graph's only cluster.
func clusterOf(g *mockgraph.Graph, r *mockgraph.Resource) *mockgraph.Resource {
	for _, urn := range r.PropertyDependencies["clusterName"] {
		if c := g.ByURN(urn); c != nil && c.Type == computeTCluster {
			return c
		}
	}
	if cs := g.ByType(computeTCluster); len(cs) == 1 {
		return cs[0]
	}
	return nil
}

// eksOracleFindings are what the oracle refuses in the EKS part of g: a
// cluster version EKS does not offer, a node group the stand-in's Check
// refuses (AMI type against instance architecture), an add-on build newer
// than the newest EKS publishes for the cluster's version or a kube-proxy
// of another minor, an autoscaler chart or image of another minor.
func eksOracleFindings(g *mockgraph.Graph) []string {
	var out []string
	for _, c := range g.ByType(computeTCluster) {
		if v := c.Str("version"); !slices.Contains(oracleEKSVersions, v) {
			out = append(out, fmt.Sprintf("cluster %s: Kubernetes %s is not offered by EKS (%v)", c.Name, v, oracleEKSVersions))
		}
	}
	for _, typ := range []string{computeTNodeGroup, computeTCluster, computeTAddon} {
		for _, r := range g.ByType(typ) {
			for _, f := range standin.Check(r.Type, r.Name, r.Inputs) {
				out = append(out, fmt.Sprintf("%s %s: %s: %s", r.Type, r.Name, f.Property, f.Reason))
			}
		}
	}
	for _, a := range g.ByType(computeTAddon) {
		c := clusterOf(g, a)
		if c == nil {
			out = append(out, "add-on "+a.Name+": no cluster found")
			continue
		}
		k, name, build := c.Str("version"), a.Str("addonName"), a.Str("addonVersion")
		if name == "kube-proxy" && minorOf(build) != k {
			out = append(out, fmt.Sprintf("add-on %s: kube-proxy %s on Kubernetes %s", a.Name, build, k))
		}
		if newest, ok := oracleNewestAddon[name][k]; ok && buildAfter(build, newest) {
			out = append(out, fmt.Sprintf("add-on %s: %s %s is newer than the newest EKS publishes for Kubernetes %s (%s)", a.Name, name, build, k, newest))
		}
	}
	for _, r := range g.ByType(computeTRelease) {
		if r.Str("chart") != "cluster-autoscaler" {
			continue
		}
		c := clusterOf(g, r)
		if c == nil {
			out = append(out, "autoscaler "+r.Name+": no cluster found")
			continue
		}
		k := c.Str("version")
		app, ok := oracleAutoscalerApp[r.Str("version")]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("autoscaler %s: chart %s unknown to the oracle", r.Name, r.Str("version")))
		case minorOf(app) != k:
			out = append(out, fmt.Sprintf("autoscaler %s: chart %s installs Cluster Autoscaler %s on Kubernetes %s", r.Name, r.Str("version"), app, k))
		}
		if tag := r.Str("values.image.tag"); minorOf(tag) != k {
			out = append(out, fmt.Sprintf("autoscaler %s: image %s on Kubernetes %s", r.Name, tag, k))
		}
	}
	return out
}

// TestEKSOracleFindsNothing runs every stack, and dev, staging and prod
// edited to each Kubernetes version the program offers and to Graviton
// (arm64) nodes, and checks the EKS resources registered against the
// oracle (eksOracleFindings). Without the derivations this catches a
// Graviton node group on the x86 AMI (issue 15, example 3), add-on builds
// of 1.33 on a 1.32 cluster (example 4a) and the 1.32 autoscaler chart on
// a 1.33 cluster.
func TestEKSOracleFindsNothing(t *testing.T) {
	type run struct {
		stack string
		edits []func(*stackconfig.Stack)
	}
	var runs []run
	for _, s := range harness.Stacks(t) {
		runs = append(runs, run{s, nil})
	}
	arm := set("nodeInstanceTypes", `["m7g.large","c7g.large"]`)
	for _, k := range []string{"1.32", "1.33", "1.34"} {
		runs = append(runs,
			run{"dev", edits(set("kubernetesVersion", k))},
			run{"staging", edits(set("kubernetesVersion", k), arm)})
	}
	runs = append(runs, run{"prod", edits(set("nodeInstanceTypes", `["m8g.xlarge"]`))})
	for _, r := range runs {
		g, err := harness.RunStackErr(t, r.stack, r.edits...)
		name := fmt.Sprintf("%s %d edits", r.stack, len(r.edits))
		require.NoError(t, err, name)
		require.NotEmpty(t, g.ByType(computeTNodeGroup), name)
		for _, f := range eksOracleFindings(g) {
			t.Errorf("%s: %s", name, f)
		}
	}
}

// TestEKSOracleRefusesWhatAWSRefuses: the oracle is not blind: a Graviton
// node group on the x86 AMI, a GPU type on the standard AMI and an unknown
// family fail the stand-in's Check.
func TestEKSOracleRefusesWhatAWSRefuses(t *testing.T) {
	for _, c := range []struct {
		ami   string
		types []any
		want  string
	}{
		{"AL2023_x86_64_STANDARD", []any{"m7g.large"}, "is x86_64, instance type m7g.large is arm64"},
		{"AL2023_ARM_64_STANDARD", []any{"m7g.large", "m6i.large"}, "instance type m6i.large is x86_64"},
		{"AL2023_x86_64_STANDARD", []any{"g5.xlarge"}, "has GPUs"},
		{"AL2023_x86_64_STANDARD", []any{"zz9.large"}, "not in the stand-in's architecture table"},
	} {
		inputs := resource.NewPropertyMapFromMap(map[string]any{"amiType": c.ami, "instanceTypes": c.types})
		var reasons []string
		for _, f := range standin.Check(computeTNodeGroup, "ng", inputs) {
			reasons = append(reasons, f.Reason)
		}
		assert.Contains(t, strings.Join(reasons, "\n"), c.want, "%s %v", c.ami, c.types)
	}
	ok := resource.NewPropertyMapFromMap(map[string]any{"amiType": "AL2023_ARM_64_STANDARD", "instanceTypes": []any{"m7g.large", "c7g.xlarge"}})
	for _, f := range standin.Check(computeTNodeGroup, "ng", ok) {
		assert.NotContains(t, []string{"amiType", "instanceTypes"}, f.Property, "arm64 AMI with arm64 types: %s", f.Reason)
	}
}

// TestNodeAmiTypeFollowsInstanceArchitecture: the node group's AMI type
// is the one of its instance types' architecture, for every family the
// program accepts, computed from the registered node group.
func TestNodeAmiTypeFollowsInstanceArchitecture(t *testing.T) {
	for _, fam := range []string{"m6i", "m7g", "c8g", "r7a"} {
		g := harness.RunStack(t, "staging", set("nodeInstanceTypes", `["`+fam+`.xlarge"]`))
		ngs := g.ByType(computeTNodeGroup)
		require.Len(t, ngs, 3, "one node group per AZ")
		want := map[bool]string{true: "AL2023_ARM_64_STANDARD", false: "AL2023_x86_64_STANDARD"}[strings.HasSuffix(fam, "g")]
		for _, ng := range ngs {
			assert.Equal(t, want, ng.Str("amiType"), fam)
			assert.Equal(t, []string{fam + ".xlarge"}, ng.Strings("instanceTypes"))
		}
	}
}

// TestComputeCatalogIsSourcedAndConsistent: every entry of the program's
// EKS and EC2 catalogs cites a source read 2026-12-02 (KEDA's chart
// window: 2026-12-03); each version's
// pinned add-on builds and charts are entries published for it; each
// family's sizes and pod-ENI flag agree with the VPC resource controller's
// table (tooling/trunkcatalog).
func TestComputeCatalogIsSourcedAndConsistent(t *testing.T) {
	sourced := func(what string, s catalog.Source) {
		assert.NotEmpty(t, s.Ref, what)
		assert.Contains(t, []string{"2026-12-02", "2026-12-03"}, s.Read, what)
	}
	for _, k := range catalog.KubernetesVersions {
		sourced("kubernetes "+k.Version, k.Source)
		for _, a := range append([]string{catalog.AddonObservability}, cluster.Addons...) {
			assert.True(t, catalog.AddonPublished(a, k.Addons[a], k.Version), "%s pins %s %s, not published for it", k.Version, a, k.Addons[a])
		}
		for _, ch := range cluster.Charts {
			b, ok := catalog.Chart(ch, k.Charts[ch])
			assert.True(t, ok && b.Supports(k.Version), "%s pins %s %s, which does not support it", k.Version, ch, k.Charts[ch])
		}
		assert.Equal(t, k.Version, catalog.Minor(k.AutoscalerImage), "autoscaler image of %s", k.Version)
		assert.Contains(t, []string{catalog.StandardSupport, catalog.ExtendedSupport}, k.Support)
	}
	for _, r := range catalog.RetiredKubernetesVersions {
		sourced("retired "+r.Version, r.Source)
		assert.Less(t, r.EndOfExtendedSupport, "2026-12-02", "retired %s", r.Version)
	}
	for _, b := range catalog.AddonBuilds {
		sourced(b.Addon+" "+b.Version, b.Source)
	}
	for _, b := range catalog.ChartBuilds {
		sourced(b.Chart+" "+b.Version, b.Source)
	}
	sourced("AMI types", catalog.AmiTypeSource)
	for _, f := range catalog.InstanceFamilies {
		sourced("family "+f.Family, f.Source)
		for _, size := range f.Sizes {
			known, trunk := trunkcatalog.Lookup(f.Family + "." + size)
			assert.True(t, known, "%s.%s is not an instance type of the VPC resource controller's table", f.Family, size)
			assert.Equal(t, f.PodENI, trunk, "%s.%s: pod ENI", f.Family, size)
		}
	}
	assert.GreaterOrEqual(t, len(catalog.InstanceFamilies), 30)
}

// TestClusterValidateRefusesCatalogMisfits: a Go consumer of the cluster
// component gets the same refusals as the stack, naming the field.
func TestClusterValidateRefusesCatalogMisfits(t *testing.T) {
	for _, c := range []struct {
		name string
		s    cluster.Settings
		want string
	}{
		{"mixed", cluster.Settings{InstanceTypes: []string{"m7g.large", "m6i.large"}}, "InstanceTypes: mixes architectures (m7g.large is arm64, m6i.large is x86_64)"},
		{"ami", cluster.Settings{InstanceTypes: []string{"m7g.large"}, AmiType: "AL2023_x86_64_STANDARD"}, "AmiType: \"AL2023_x86_64_STANDARD\" does not boot arm64 instances (m7g.large): use \"AL2023_ARM_64_STANDARD\""},
		{"ami unknown", cluster.Settings{AmiType: "AL2_x86_64"}, "AmiType: must be one of AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD"},
		{"addon", cluster.Settings{KubernetesVersion: "1.34", AddonVersions: map[string]string{"kube-proxy": "v1.33.5-eksbuild.2"}}, "AddonVersions: kube-proxy: v1.33.5-eksbuild.2 is not among the builds EKS publishes for Kubernetes 1.34"},
		{"chart", cluster.Settings{KubernetesVersion: "1.32", ChartVersions: map[string]string{"cluster-autoscaler": "9.53.0"}}, "ChartVersions: cluster-autoscaler: 9.53.0 installs Cluster Autoscaler 1.34.2, whose minor must be the Kubernetes minor 1.32"},
		{"retired", cluster.Settings{KubernetesVersion: "1.30"}, "KubernetesVersion: 1.30 is no longer offered by EKS (extended support ended 2026-07-23)"},
	} {
		err := c.s.WithDefaults().Validate()
		require.Error(t, err, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
	}
	// Derived where determined: Graviton types get the arm64 AMI, and the
	// add-ons and charts follow the Kubernetes version.
	s := cluster.Settings{InstanceTypes: []string{"c7g.large"}, KubernetesVersion: "1.32"}.WithDefaults()
	require.NoError(t, s.Validate())
	assert.Equal(t, "AL2023_ARM_64_STANDARD", s.AmiType)
	assert.Equal(t, "1.32", minorOf(s.AddonVersions["kube-proxy"]))
	assert.Equal(t, "1.32.0", oracleAutoscalerApp[s.ChartVersions["cluster-autoscaler"]])
}
