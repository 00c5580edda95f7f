package cluster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Checks of the settings against what EKS and EC2 offer
// (internal/catalog): the Kubernetes version, the add-on builds and chart
// versions published for it, the instance types and their AMI type.

// validateKubernetesVersion refuses a version EKS no longer offers, or
// one the catalog has no add-on builds for.
func (s Settings) validateKubernetesVersion(p *validate.Problems) {
	if r, ok := catalog.Retired(s.KubernetesVersion); ok {
		p.Addf("KubernetesVersion", "%s is no longer offered by EKS (extended support ended %s): one of %s",
			r.Version, r.EndOfExtendedSupport, strings.Join(SupportedVersions, ", "))
		return
	}
	p.OneOf("KubernetesVersion", s.KubernetesVersion, SupportedVersions)
}

// amiTypeOf is the AMI type of the instance types' architecture (that of
// the first one the catalog knows; x86_64 if none).
func amiTypeOf(types []string) string {
	for _, t := range types {
		if fam, ok := catalog.InstanceType(t); ok {
			return catalog.AmiTypes[fam.Arch]
		}
	}
	return catalog.AmiTypes[catalog.ArchX86]
}

// validateInstanceTypes checks each instance type against the catalog and
// the node group as a whole: one architecture, whose AMI type AmiType is.
func (s Settings) validateInstanceTypes(p *validate.Problems) {
	archOf := map[string]string{} // architecture -> first type of it
	var archs []string
	for _, t := range s.InstanceTypes {
		if !instanceTypePattern.MatchString(t) {
			p.Addf("InstanceTypes", "%q is not an EC2 instance type such as m6i.large", t)
			continue
		}
		family, size, _ := strings.Cut(t, ".")
		fam, known := catalog.InstanceType(t)
		switch {
		case fam.Family == "":
			p.Addf("InstanceTypes", "%q is not an instance type of the catalog: use a family of %v, such as m6i.large (x86_64) or m7g.large (arm64)", t, PodENIFamilies)
			continue
		case !known:
			p.Addf("InstanceTypes", "%q: %s has no size %q: one of %v", t, family, size, fam.Sizes)
			continue
		case fam.GPU:
			p.Addf("InstanceTypes", "%q is a GPU instance type: the nodes run the standard Amazon Linux 2023 AMI, without GPU drivers; use a family of %v", t, PodENIFamilies)
			continue
		case !slices.Contains(PodENIFamilies, family):
			p.Addf("InstanceTypes", "%q cannot carry security groups for pods (no trunk ENI); use a family of %v, such as m5a.large", t, PodENIFamilies)
			continue
		}
		if _, seen := archOf[fam.Arch]; !seen {
			archOf[fam.Arch] = t
			archs = append(archs, fam.Arch)
		}
	}
	if len(archs) > 1 {
		p.Addf("InstanceTypes", "mixes architectures (%s is %s, %s is %s): a node group runs one AMI type; list instance types of one architecture",
			archOf[archs[0]], archs[0], archOf[archs[1]], archs[1])
		return
	}
	var amiTypes []string
	for _, a := range []string{catalog.ArchX86, catalog.ArchARM} {
		amiTypes = append(amiTypes, catalog.AmiTypes[a])
	}
	if !slices.Contains(amiTypes, s.AmiType) {
		p.OneOf("AmiType", s.AmiType, amiTypes)
		return
	}
	if len(archs) == 1 && catalog.AmiTypes[archs[0]] != s.AmiType {
		p.Addf("AmiType", "%q does not boot %s instances (%s): use %q, or leave it empty to derive it", s.AmiType, archs[0], archOf[archs[0]], catalog.AmiTypes[archs[0]])
	}
}

// validateVersions checks the pinned add-on and chart versions: each must
// be published for KubernetesVersion. A version the catalog lacks is
// reported by validateKubernetesVersion only.
func (s Settings) validateVersions(p *validate.Problems) {
	_, knownVersion := catalog.Kubernetes(s.KubernetesVersion)
	for _, name := range sortedKeys(s.AddonVersions) {
		v := s.AddonVersions[name]
		switch {
		case !slices.Contains(Addons, name):
			p.Addf("AddonVersions", "unknown add-on %q: one of %v", name, Addons)
		case !addonVersionPattern.MatchString(v):
			p.Addf("AddonVersions", "%s: %q is not a pinned add-on version such as v1.20.4-eksbuild.1", name, v)
		case knownVersion && !catalog.AddonPublished(name, v, s.KubernetesVersion):
			p.Addf("AddonVersions", "%s: %s is not among the builds EKS publishes for Kubernetes %s: one of %v",
				name, v, s.KubernetesVersion, catalog.AddonBuildsFor(name, s.KubernetesVersion))
		}
	}
	for _, name := range sortedKeys(s.ChartVersions) {
		v := s.ChartVersions[name]
		switch {
		case !slices.Contains(Charts, name):
			p.Addf("ChartVersions", "unknown chart %q: one of %s", name, strings.Join(Charts, ", "))
		case !chartVersionPattern.MatchString(v):
			p.Addf("ChartVersions", "%s: %q is not a pinned chart version such as 1.13.3", name, v)
		case knownVersion:
			if msg := chartProblem(name, v, s.KubernetesVersion); msg != "" {
				p.Addf("ChartVersions", "%s", msg)
			}
		}
	}
}

// chartProblem says why version v of chart does not run on Kubernetes k,
// or "" if it does.
func chartProblem(chart, v, k string) string {
	allowed := catalog.ChartBuildsFor(chart, k)
	b, ok := catalog.Chart(chart, v)
	switch {
	case !ok:
		return fmt.Sprintf("%s: %s is not a version of the chart catalog: for Kubernetes %s one of %v", chart, v, k, allowed)
	case b.Supports(k):
		return ""
	case b.AppMinor != "":
		return fmt.Sprintf("%s: %s installs Cluster Autoscaler %s, whose minor must be the Kubernetes minor %s: one of %v", chart, v, b.AppVersion, k, allowed)
	}
	if b.MaxKubernetes != "" {
		return fmt.Sprintf("%s: %s runs on Kubernetes %s to %s, not %s: one of %v", chart, v, b.MinKubernetes, b.MaxKubernetes, k, allowed)
	}
	return fmt.Sprintf("%s: %s needs Kubernetes %s or later, not %s: one of %v", chart, v, b.MinKubernetes, k, allowed)
}

// AutoscalerImageTag is the Cluster Autoscaler release of Kubernetes
// version k's minor ("" for a version the catalog lacks).
func AutoscalerImageTag(k string) string {
	v, _ := catalog.Kubernetes(k)
	return v.AutoscalerImage
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
