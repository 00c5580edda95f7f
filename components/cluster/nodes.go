package cluster

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/irsa"
)

// nodes creates the node role, the launch template and one managed node
// group per private subnet (AZ).
func (b *builder) nodes() error {
	s := b.s
	role, err := iam.NewRole(b.ctx, b.name+"-node", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(b.env.AssumeRoleFor("ec2")),
		Description:      pulumi.String("EKS nodes of " + b.phys),
		Tags:             b.tagged(b.name + "-node"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("node role: %w", err)
	}
	var attachments []pulumi.Resource
	for _, pol := range []string{"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"} {
		att, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-node-"+pol, &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: b.managedPolicy(pol),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("node role policy %s: %w", pol, err)
		}
		attachments = append(attachments, att)
	}
	b.c.NodeRoleArn = role.Arn

	lt, err := ec2.NewLaunchTemplate(b.ctx, b.name+"-nodes", &ec2.LaunchTemplateArgs{
		NamePrefix:  pulumi.String(b.phys + "-nodes-"),
		Description: pulumi.String("EKS managed nodes of " + b.phys),
		// IMDSv2 only. The hop limit (default 1) keeps containers, one hop
		// further than the host, from the node role's credentials.
		MetadataOptions: ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(s.MetadataHopLimit),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{ec2.LaunchTemplateBlockDeviceMappingArgs{
			DeviceName: pulumi.String("/dev/xvda"),
			Ebs: ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
				VolumeSize:          pulumi.Int(s.NodeVolumeSize),
				VolumeType:          pulumi.String("gp3"),
				Encrypted:           pulumi.String("true"),
				KmsKeyId:            b.keyArn,
				DeleteOnTermination: pulumi.String("true"),
			},
		}},
		// Only the cluster group (control plane <-> nodes): data stores admit
		// the pods' own groups, never the nodes', so kube-system and other
		// pods on the node reach no data store.
		VpcSecurityGroupIds: pulumi.StringArray{b.c.ClusterSecurityGroupId},
		// No key pair: nodes have no SSH; use SSM Session Manager.
		TagSpecifications: ec2.LaunchTemplateTagSpecificationArray{
			ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("instance"), Tags: b.tagged(b.name + "-node")},
			ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("volume"), Tags: b.tagged(b.name + "-node")},
		},
		UpdateDefaultVersion: pulumi.Bool(true),
		Tags:                 b.tagged(b.name + "-nodes"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("launch template: %w", err)
	}
	return b.nodeGroupsPerAZ(role, lt, append(attachments, b.earlyAddons...))
}

// nodeGroupsPerAZ creates one managed node group per private subnet.
func (b *builder) nodeGroupsPerAZ(role *iam.Role, lt *ec2.LaunchTemplate, after []pulumi.Resource) error {
	s := b.s
	version := lt.LatestVersion.ApplyT(func(v int) string { return strconv.Itoa(v) }).(pulumi.StringOutput)
	deps := pulumi.DependsOn(after)
	for i, size := range NodeGroupSizes(s, len(b.w.SubnetIds)) {
		n := fmt.Sprintf("%s-nodes-%d", b.name, i+1)
		ng, err := eks.NewNodeGroup(b.ctx, n, &eks.NodeGroupArgs{
			ClusterName:         b.cluster.Name,
			NodeGroupNamePrefix: pulumi.String(catalog.Fit(fmt.Sprintf("%s-%d", b.phys, i+1), catalog.EKSNodeGroupPrefix.Max-1) + "-"),
			NodeRoleArn:         role.Arn,
			SubnetIds:           pulumi.StringArray{b.w.SubnetIds[i]},
			InstanceTypes:       pulumi.ToStringArray(s.InstanceTypes),
			AmiType:             pulumi.String(s.AmiType),
			CapacityType:        pulumi.String(s.CapacityType),
			ScalingConfig: eks.NodeGroupScalingConfigArgs{
				MinSize: pulumi.Int(size.Min), DesiredSize: pulumi.Int(size.Desired), MaxSize: pulumi.Int(size.Max),
			},
			UpdateConfig:   eks.NodeGroupUpdateConfigArgs{MaxUnavailable: pulumi.Int(1)},
			LaunchTemplate: eks.NodeGroupLaunchTemplateArgs{Id: lt.ID(), Version: version},
			Tags:           b.tagged(n),
		}, b.parent, deps,
			// The autoscaler owns the desired size after creation.
			pulumi.IgnoreChanges([]string{"scalingConfig.desiredSize"}))
		if err != nil {
			return fmt.Errorf("node group %d: %w", i+1, err)
		}
		b.nodeGroups = append(b.nodeGroups, ng)
	}
	return nil
}

// GroupSize is the scaling configuration of one AZ's node group.
type GroupSize struct{ Min, Desired, Max int }

// NodeGroupSizes splits the cluster's node counts over one node group per
// AZ: a managed node group spanning every AZ is one Auto Scaling group,
// which the Cluster Autoscaler cannot grow in a chosen zone, so after a
// zone loss it could not add capacity where pods can run. Minimum and
// desired sizes are spread as evenly as they go (the first zones get the
// remainder); each group may grow to ceil(NodeMax/zones), so the cluster
// stays within about NodeMax and the autoscaler (balance-similar-node-
// groups) keeps the zones level.
func NodeGroupSizes(s Settings, zones int) []GroupSize {
	share := func(total, i int) int {
		n := total / zones
		if i < total%zones {
			n++
		}
		return n
	}
	out := make([]GroupSize, zones)
	for i := range out {
		g := GroupSize{Min: share(s.NodeMin, i), Desired: share(s.NodeDesired, i), Max: (s.NodeMax + zones - 1) / zones}
		g.Max = max(g.Max, g.Desired, g.Min, 1)
		out[i] = g
	}
	return out
}

// VpcCniConfig is the vpc-cni add-on's configurationValues: it enforces
// the workloads' NetworkPolicies (enableNetworkPolicy) and gives pods
// selected by a SecurityGroupPolicy a branch ENI with their own security
// groups (ENABLE_POD_ENI), enforced for all their traffic, pod to pod
// included, in "standard" mode (POD_SECURITY_GROUP_ENFORCING_MODE).
// DISABLE_TCP_EARLY_DEMUX lets the kubelet's TCP probes reach pods on
// branch ENIs. Source: EKS user guide, "Security groups for Pods"
// (docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html).
const VpcCniConfig = `{"enableNetworkPolicy":"true","env":{"ENABLE_POD_ENI":"true","POD_SECURITY_GROUP_ENFORCING_MODE":"standard"},"init":{"env":{"DISABLE_TCP_EARLY_DEMUX":"true"}}}`

// earlyAddons are the add-ons nodes need to become Ready (the cluster
// skips the self-managed defaults), installed before the node group.
var earlyAddons = []string{AddonVpcCni, AddonKubeProxy, AddonPodIdentity}

// networkAddons installs the add-ons nodes need to join.
func (b *builder) networkAddons() error {
	for _, name := range earlyAddons {
		a, err := b.addon(name, nil, nil)
		if err != nil {
			return err
		}
		b.earlyAddons = append(b.earlyAddons, a)
	}
	return nil
}

// addons installs the add-ons that run as pods, at their pinned versions.
func (b *builder) addons() error {
	ebsRole, err := irsa.NewRole(b.ctx, b.name+"-ebs-csi", irsa.RoleArgs{
		ProviderArn: b.oidcArn, IssuerURL: b.oidcURL,
		Namespace: "kube-system", ServiceAccount: "ebs-csi-controller-sa",
		Description: "EBS CSI driver of " + b.phys,
		Tags:        b.tagged(b.name + "-ebs-csi"),
	}, b.parent)
	if err != nil {
		return err
	}
	att, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-ebs-csi", &iam.RolePolicyAttachmentArgs{
		Role: ebsRole.Name, PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", b.env.Partition)),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("ebs csi policy: %w", err)
	}
	// Both run as pods: they need nodes to schedule on.
	if _, err := b.addon(AddonCoreDNS, nil, b.nodeGroups); err != nil {
		return err
	}
	_, err = b.addon(AddonEbsCsi, ebsRole.Arn, append([]pulumi.Resource{att}, b.nodeGroups...))
	return err
}

func (b *builder) addon(name string, roleArn pulumi.StringPtrInput, deps []pulumi.Resource) (pulumi.Resource, error) {
	var config pulumi.StringPtrInput
	if name == AddonVpcCni {
		config = pulumi.String(VpcCniConfig)
	}
	a, err := eks.NewAddon(b.ctx, b.name+"-"+name, &eks.AddonArgs{
		ConfigurationValues:      config,
		ClusterName:              b.cluster.Name,
		AddonName:                pulumi.String(name),
		AddonVersion:             pulumi.String(b.s.AddonVersions[name]),
		ServiceAccountRoleArn:    roleArn,
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("PRESERVE"),
		Tags:                     b.tagged(b.name + "-" + name),
	}, b.parent, pulumi.DependsOn(deps))
	if err != nil {
		return nil, fmt.Errorf("add-on %s: %w", name, err)
	}
	return a, nil
}
