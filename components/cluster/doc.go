// Package cluster creates an EKS cluster for the web platform: a private
// control plane with all five log types in an encrypted log group created
// before the cluster, envelope encryption of secrets with a customer-managed
// key, API authentication mode with access entries for admin roles, an OIDC
// provider for IAM roles for service accounts, one managed node group over
// the private subnets (IMDSv2 only, encrypted gp3 root volumes, no SSH),
// pinned managed add-ons (VPC CNI, kube-proxy, Pod Identity agent, CoreDNS,
// EBS CSI driver with its own IRSA role), a Kubernetes provider built from
// the cluster, and pinned Helm releases of the AWS Load Balancer Controller,
// metrics-server and the Cluster Autoscaler.
//
// The Load Balancer Controller serves TargetGroupBindings only: its role
// (LBControllerPolicy) may describe, and register or deregister targets in
// target groups of the cluster's account and region that carry every tag
// in Settings.Tags; it cannot create or change load balancers, listeners,
// rules or security groups. Tag the target groups it serves with the
// cluster's tags.
//
// Node autoscaling: Cluster Autoscaler (IRSA, auto-discovery of the managed
// node group's Auto Scaling group, which EKS tags for it). It is chosen over
// Karpenter because the nodes are EKS managed node groups with a launch
// template this component controls (IMDSv2, encrypted volumes, security
// groups): the autoscaler only changes the group's size, so every node keeps
// those settings, and it needs no interruption queue, EventBridge rules,
// CRDs or extra node role. Karpenter bin-packs better with many instance
// types; revisit when the workload mix grows.
//
// Versions and instance types come from internal/catalog (each entry with
// its AWS or chart source and the day read): the Kubernetes versions EKS
// offers, the add-on builds published for each and the chart versions that
// run on it (the Cluster Autoscaler's minor is Kubernetes'). The add-on
// builds and charts follow KubernetesVersion unless pinned; a pin not
// published for it is refused, as is a version EKS no longer offers. The
// AMI type follows the instance types' architecture (x86_64 or Graviton
// arm64); a node group mixing the two, a GPU type or a type the catalog
// does not know is refused.
//
// Metadata hop limit: 1 by default. Pods are one network hop further than
// the node, so with 1 they cannot read the node role's credentials from
// IMDS; every pod that calls AWS uses IRSA instead. The Load Balancer
// Controller is given region and VPC id explicitly so it needs no IMDS;
// the EBS CSI node plugin falls back to Kubernetes node metadata.
//
// Usage:
//
//	c, err := cluster.NewCluster(ctx, "shop-prod-eks", &cluster.ClusterArgs{
//		Settings: cluster.Settings{
//			KubernetesVersion: "1.33",
//			AdminRoleArns:     []string{"arn:aws:iam::123456789012:role/platform-admin"},
//			InstanceTypes:     []string{"m6i.large"},
//			NodeMin:           3, NodeMax: 9,
//		},
//		Wiring: cluster.Wiring{
//			VpcId:     net.VpcId,
//			SubnetIds: []pulumi.StringInput{net.PrivateSubnetIds.Index(pulumi.Int(0)), net.PrivateSubnetIds.Index(pulumi.Int(1)), net.PrivateSubnetIds.Index(pulumi.Int(2))},
//		},
//	})
//	// c.Provider deploys workloads into the cluster.
//
// Settings are plain values checked by Settings.Validate without a Pulumi
// context; Wiring are the inputs from other components. Two clusters in
// one program need only distinct names (NamePrefix, default the name,
// names the EKS cluster, its log group and launch template).
//
// A compiled example that go test runs: Example_cluster in
// examples/consumer/example_compute_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package cluster
