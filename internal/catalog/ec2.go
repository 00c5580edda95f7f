package catalog

import "strings"

// Instance architectures (ec2 describe-instance-types ProcessorInfo.SupportedArchitectures).
const (
	ArchX86 = "x86_64"
	ArchARM = "arm64"
)

// AmiTypes are the EKS-optimized Amazon Linux 2023 AMI types of managed
// node groups, by architecture.
// Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html (amiType).
var AmiTypes = map[string]string{
	ArchX86: "AL2023_x86_64_STANDARD",
	ArchARM: "AL2023_ARM_64_STANDARD",
}

// AmiTypeSource is where AmiTypes comes from.
var AmiTypeSource = Source{Ref: "https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html (amiType) and https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-ami.html", Read: read}

// InstanceFamily is an EC2 instance family a node group can be asked for.
type InstanceFamily struct {
	Family string
	// Arch is ArchX86 or ArchARM.
	Arch string
	// GPU families need an accelerated AMI type (AL2023_*_NVIDIA, NEURON).
	GPU bool
	// PodENI: every size supports a trunk ENI, so pods get their own
	// security groups (EKS security groups for Pods).
	PodENI bool
	// Sizes are the instance sizes of the family.
	Sizes  []string
	Source Source
}

var (
	srcGP  = Source{Ref: "https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose: processor, architecture); sizes and trunking from aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go v1.7.3", Read: read}
	srcCO  = Source{Ref: "https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html (compute optimized: processor, architecture); sizes and trunking from aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go v1.7.3", Read: read}
	srcMO  = Source{Ref: "https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html (memory optimized: processor, architecture); sizes and trunking from aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go v1.7.3", Read: read}
	srcAC  = Source{Ref: "https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html (accelerated computing: GPUs, architecture); sizes from aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go v1.7.3", Read: read}
	srcBur = Source{Ref: "https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (burstable T3/T3a/T4g); no trunk ENI per aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go v1.7.3 (IsTrunkingCompatible false)", Read: read}
)

func sizes(s string) []string { return strings.Fields(s) }

// Size lists shared by several families.
var (
	sizesIntel5   = sizes("large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal")
	sizesAMD5     = sizes("large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge")
	sizesIntel6   = sizes("large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal")
	sizesAMD6     = sizes("large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal")
	sizesIntel7   = sizes("large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl")
	sizesAMD7     = sizes("medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal-48xl")
	sizesGraviton = sizes("medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal")
	sizesGrav4    = sizes("medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl")
	sizesBurst    = sizes("nano micro small medium large xlarge 2xlarge")
)

// InstanceFamilies are the families the catalog knows.
var InstanceFamilies = []InstanceFamily{
	{"m5", ArchX86, false, true, sizesIntel5, srcGP},
	{"m5a", ArchX86, false, true, sizesAMD5, srcGP},
	{"m5n", ArchX86, false, true, sizesIntel5, srcGP},
	{"m6i", ArchX86, false, true, sizesIntel6, srcGP},
	{"m6a", ArchX86, false, true, sizesAMD6, srcGP},
	{"m7i", ArchX86, false, true, sizesIntel7, srcGP},
	{"m7a", ArchX86, false, true, sizesAMD7, srcGP},
	{"m6g", ArchARM, false, true, sizesGraviton, srcGP},
	{"m7g", ArchARM, false, true, sizesGraviton, srcGP},
	{"m8g", ArchARM, false, true, sizesGrav4, srcGP},
	{"c5", ArchX86, false, true, sizes("large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge 24xlarge metal"), srcCO},
	{"c5a", ArchX86, false, true, sizesAMD5, srcCO},
	{"c6i", ArchX86, false, true, sizesIntel6, srcCO},
	{"c6a", ArchX86, false, true, sizesAMD6, srcCO},
	{"c7i", ArchX86, false, true, sizesIntel7, srcCO},
	{"c7a", ArchX86, false, true, sizesAMD7, srcCO},
	{"c6g", ArchARM, false, true, sizesGraviton, srcCO},
	{"c7g", ArchARM, false, true, sizesGraviton, srcCO},
	{"c8g", ArchARM, false, true, sizesGrav4, srcCO},
	{"r5", ArchX86, false, true, sizesIntel5, srcMO},
	{"r5a", ArchX86, false, true, sizesAMD5, srcMO},
	{"r6i", ArchX86, false, true, sizesIntel6, srcMO},
	{"r6a", ArchX86, false, true, sizesAMD6, srcMO},
	{"r7i", ArchX86, false, true, sizesIntel7, srcMO},
	{"r7a", ArchX86, false, true, sizesAMD7, srcMO},
	{"r6g", ArchARM, false, true, sizesGraviton, srcMO},
	{"r7g", ArchARM, false, true, sizesGraviton, srcMO},
	{"r8g", ArchARM, false, true, sizesGrav4, srcMO},
	{"t3", ArchX86, false, false, sizesBurst, srcBur},
	{"t3a", ArchX86, false, false, sizesBurst, srcBur},
	{"t4g", ArchARM, false, false, sizesBurst, srcBur},
	{"g4dn", ArchX86, true, true, sizes("xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"), srcAC},
	{"g5", ArchX86, true, true, sizes("xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge"), srcAC},
	{"g6", ArchX86, true, true, sizes("xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge"), srcAC},
	{"p4d", ArchX86, true, true, sizes("24xlarge"), srcAC},
	{"p5", ArchX86, true, true, sizes("48xlarge"), srcAC},
	{"g5g", ArchARM, true, true, sizes("xlarge 2xlarge 4xlarge 8xlarge 16xlarge metal"), srcAC},
}

// Family returns the catalog entry of family f.
func Family(f string) (InstanceFamily, bool) {
	for _, fam := range InstanceFamilies {
		if fam.Family == f {
			return fam, true
		}
	}
	return InstanceFamily{}, false
}

// InstanceType returns the family of instance type t ("m7g.large") and
// whether the catalog knows both the family and the size.
func InstanceType(t string) (InstanceFamily, bool) {
	f, size, _ := strings.Cut(t, ".")
	fam, ok := Family(f)
	if !ok {
		return InstanceFamily{}, false
	}
	for _, s := range fam.Sizes {
		if s == size {
			return fam, true
		}
	}
	return fam, false
}

// NodeFamilies are the families a node group of the cluster may use:
// pods get their own security groups (PodENI) and the standard AMI runs
// them (not GPU).
func NodeFamilies() []string {
	var out []string
	for _, f := range InstanceFamilies {
		if f.PodENI && !f.GPU {
			out = append(out, f.Family)
		}
	}
	return out
}
