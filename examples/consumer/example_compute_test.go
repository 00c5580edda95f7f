package consumer_test

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/workload"
)

// An EKS cluster in the network's private subnets, a node group per zone.
func Example_cluster() {
	var eks *cluster.Cluster
	example(func(ctx *pulumi.Context) error {
		net, err := network.NewNetwork(ctx, "shop", &network.NetworkArgs{Settings: network.Settings{Tags: tags}})
		if err != nil {
			return err
		}
		// One node group per element: the count is known (net.Zones), each
		// subnet id is an output.
		subnets := make([]pulumi.StringInput, len(net.Zones))
		for i := range subnets {
			subnets[i] = net.PrivateSubnetIds.Index(pulumi.Int(i))
		}
		eks, err = cluster.NewCluster(ctx, "shop-eks", &cluster.ClusterArgs{
			Settings: cluster.Settings{
				AdminRoleArns: []string{"arn:aws:iam::123456789012:role/platform-admin"},
				NodeMin:       3, NodeMax: 12,
				Tags: tags,
			},
			Wiring: cluster.Wiring{VpcId: net.VpcId, SubnetIds: subnets},
		})
		if err != nil {
			return err
		}
		ctx.Export("kubeconfig", pulumi.ToSecret(eks.Kubeconfig))
		ctx.Export("oidcProviderArn", eks.OidcProviderArn)
		return nil
	})
	fmt.Println(eks.Name, eks.LogGroupName)
	// Output: shop-eks /aws/eks/shop-eks/cluster
}

// A service on a cluster another stack owns: the cluster, its OIDC
// provider and the network arrive through a StackReference, the
// Kubernetes objects go through a provider built from its kubeconfig.
func Example_workload() {
	var w *workload.Workload
	example(func(ctx *pulumi.Context) error {
		platform, err := pulumi.NewStackReference(ctx, "acme/platform/prod", nil)
		if err != nil {
			return err
		}
		out := func(key string) pulumi.StringOutput { return platform.GetStringOutput(pulumi.String(key)) }
		k8s, err := kubernetes.NewProvider(ctx, "eks", &kubernetes.ProviderArgs{Kubeconfig: out("kubeconfig")})
		if err != nil {
			return err
		}
		w, err = workload.NewWorkload(ctx, "shop-app", &workload.WorkloadArgs{
			Settings: workload.Settings{
				Services: []workload.Service{{Name: "web", Image: "web:1.4.2", Port: 8080, MinReplicas: 3, MaxReplicas: 12}},
				Tags:     tags,
			},
			Wiring: workload.Wiring{
				OidcProviderArn:     out("oidcProviderArn"),
				OidcProviderUrl:     out("oidcProviderUrl"),
				VpcId:               out("vpcId"),
				NodeSecurityGroupId: out("clusterSecurityGroupId"),
				// One NetworkPolicy peer per element: the count is known,
				// each CIDR is an output.
				LoadBalancerCidrs: perIndex(platform.GetOutput(pulumi.String("privateSubnetCidrs")).AsStringArrayOutput(), 3),
				// Not in opts: see KubernetesProvider.
				KubernetesProvider: k8s,
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("repositoryUrls", w.RepositoryUrls)
		return nil
	})
	fmt.Println(w.ServiceNamespaces["web"])
	// Output: web
}

// The internal ALB in front of a workload's services, on the network and
// the cluster of the platform stack.
func Example_loadbalancer() {
	var alb *loadbalancer.LoadBalancer
	example(func(ctx *pulumi.Context) error {
		platform, err := pulumi.NewStackReference(ctx, "acme/platform/prod", nil)
		if err != nil {
			return err
		}
		out := func(key string) pulumi.StringOutput { return platform.GetStringOutput(pulumi.String(key)) }
		k8s, err := kubernetes.NewProvider(ctx, "eks", &kubernetes.ProviderArgs{Kubeconfig: out("kubeconfig")})
		if err != nil {
			return err
		}
		alb, err = loadbalancer.NewLoadBalancer(ctx, "shop-alb", &loadbalancer.LoadBalancerArgs{
			Settings: loadbalancer.Settings{
				DomainName: "shop.example.com", HostedZoneId: "Z0123456789ABCDEFGHIJ",
				Targets:            []loadbalancer.Target{{Name: "web", Namespace: "web", ServiceName: "web", Port: 8080}},
				DeletionProtection: true,
				Tags:               tags,
			},
			Wiring: loadbalancer.Wiring{
				VpcId:               out("vpcId"),
				VpcCidr:             out("vpcCidr"),
				PrivateSubnetIds:    platform.GetOutput(pulumi.String("privateSubnetIds")).AsStringArrayOutput(),
				NodeSecurityGroupId: out("clusterSecurityGroupId"),
				KubernetesProvider:  k8s,
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("albArn", alb.Arn)
		return nil
	})
	fmt.Println(alb.OriginDomainName)
	// Output: origin.shop.example.com
}

// perIndex lists the first n elements of an array output, for inputs that
// need their count when the program runs.
func perIndex(a pulumi.StringArrayOutput, n int) []pulumi.StringInput {
	out := make([]pulumi.StringInput, n)
	for i := range out {
		out[i] = a.Index(pulumi.Int(i))
	}
	return out
}
