package standin

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// eksCombos: see Combo. The add-on builds published per Kubernetes
// version cannot be checked here (an aws:eks/addon:Addon has only the
// cluster's name as input); tests/catalog_compute_test.go checks them
// across the graph, with its own table.
var eksCombos = []Combo{
	{
		Type: "aws:eks/nodeGroup:NodeGroup",
		Name: "amiType matches the architecture of every instance type",
		Source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html (amiType: \"Amazon EKS-optimized AMI for ... arm64/x86_64\"; " +
			"CreateNodegroup refuses instance types of another architecture than the AMI type); architectures from " +
			"https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html, co.html, mo.html, ac.html; read 2026-12-02",
		Check: checkNodeGroupArchitecture,
	},
}

// oracleAmiArch is the architecture of each EKS managed node group AMI
// type (API_Nodegroup amiType values), and whether it carries GPU drivers.
var oracleAmiArch = map[string]struct {
	arch string
	gpu  bool
}{
	"AL2_x86_64": {"x86_64", false}, "AL2_x86_64_GPU": {"x86_64", true}, "AL2_ARM_64": {"arm64", false},
	"AL2023_x86_64_STANDARD": {"x86_64", false}, "AL2023_ARM_64_STANDARD": {"arm64", false},
	"AL2023_x86_64_NVIDIA": {"x86_64", true}, "AL2023_ARM_64_NVIDIA": {"arm64", true}, "AL2023_x86_64_NEURON": {"x86_64", true},
	"BOTTLEROCKET_x86_64": {"x86_64", false}, "BOTTLEROCKET_ARM_64": {"arm64", false},
	"BOTTLEROCKET_x86_64_NVIDIA": {"x86_64", true}, "BOTTLEROCKET_ARM_64_NVIDIA": {"arm64", true},
}

// oracleFamilyArch is the processor architecture of EC2 instance families
// (EC2 instance type docs: "g" after the generation is Graviton, arm64);
// the accelerated families are marked gpu.
var oracleFamilyArch = map[string]struct {
	arch string
	gpu  bool
}{
	"m5": {"x86_64", false}, "m5a": {"x86_64", false}, "m5n": {"x86_64", false}, "m5zn": {"x86_64", false},
	"m6i": {"x86_64", false}, "m6a": {"x86_64", false}, "m6in": {"x86_64", false}, "m7i": {"x86_64", false},
	"m7i-flex": {"x86_64", false}, "m7a": {"x86_64", false}, "m8i": {"x86_64", false},
	"m6g": {"arm64", false}, "m6gd": {"arm64", false}, "m7g": {"arm64", false}, "m7gd": {"arm64", false}, "m8g": {"arm64", false},
	"c5": {"x86_64", false}, "c5a": {"x86_64", false}, "c5n": {"x86_64", false}, "c6i": {"x86_64", false}, "c6a": {"x86_64", false},
	"c6in": {"x86_64", false}, "c7i": {"x86_64", false}, "c7a": {"x86_64", false},
	"c6g": {"arm64", false}, "c6gn": {"arm64", false}, "c7g": {"arm64", false}, "c7gn": {"arm64", false}, "c8g": {"arm64", false},
	"r5": {"x86_64", false}, "r5a": {"x86_64", false}, "r5n": {"x86_64", false}, "r6i": {"x86_64", false}, "r6a": {"x86_64", false},
	"r7i": {"x86_64", false}, "r7a": {"x86_64", false},
	"r6g": {"arm64", false}, "r7g": {"arm64", false}, "r8g": {"arm64", false},
	"t3": {"x86_64", false}, "t3a": {"x86_64", false}, "t4g": {"arm64", false},
	"g4dn": {"x86_64", true}, "g5": {"x86_64", true}, "g6": {"x86_64", true}, "g6e": {"x86_64", true},
	"p4d": {"x86_64", true}, "p5": {"x86_64", true}, "g5g": {"arm64", true}, "inf2": {"x86_64", true},
}

// checkNodeGroupArchitecture refuses a node group whose AMI type cannot
// boot one of its instance types: another architecture, or a GPU type
// on an AMI without GPU drivers.
func checkNodeGroupArchitecture(name string, inputs resource.PropertyMap) []Failure {
	ami := inputs["amiType"]
	types := inputs["instanceTypes"]
	if !ami.IsString() || !types.IsArray() {
		return nil // unknown until apply, or the provider's default (AL2_x86_64 / t3.medium)
	}
	a, ok := oracleAmiArch[ami.StringValue()]
	if !ok {
		return []Failure{{Property: "amiType", Reason: fmt.Sprintf("node group %s: unknown AMI type %q", name, ami.StringValue())}}
	}
	var out []Failure
	for _, v := range types.ArrayValue() {
		if !v.IsString() {
			continue
		}
		t := v.StringValue()
		family, _, _ := strings.Cut(t, ".")
		f, known := oracleFamilyArch[family]
		switch {
		case !known:
			out = append(out, Failure{Property: "instanceTypes", Reason: fmt.Sprintf("node group %s: instance type %s is not in the stand-in's architecture table", name, t)})
		case f.arch != a.arch:
			out = append(out, Failure{Property: "amiType", Reason: fmt.Sprintf("node group %s: AMI type %s is %s, instance type %s is %s", name, ami.StringValue(), a.arch, t, f.arch)})
		case f.gpu && !a.gpu:
			out = append(out, Failure{Property: "amiType", Reason: fmt.Sprintf("node group %s: instance type %s has GPUs, AMI type %s has no GPU drivers", name, t, ami.StringValue())})
		}
	}
	return out
}
