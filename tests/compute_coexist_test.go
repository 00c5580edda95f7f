package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// computeTwoApps builds one cluster and, in it, two workloads with a
// service "web" each (the second with namespacePrefix) and a load balancer
// in front of each.
func computeTwoApps(t *testing.T, namespacePrefix string) *mockgraph.Graph {
	t.Helper()
	return harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		eks, err := cluster.NewCluster(ctx, "eks", computeClusterArgs(nil))
		if err != nil {
			return err
		}
		for _, app := range []struct{ name, prefix string }{{"blue", ""}, {"green", namespacePrefix}} {
			w, err := workload.NewWorkload(ctx, app.name+"-app", computeWorkloadArgs(func(a *workload.WorkloadArgs) {
				a.NamespacePrefix = app.prefix
				a.OidcProviderArn, a.OidcProviderUrl = eks.OidcProviderArn, eks.OidcProviderUrl
				a.KubernetesProvider = eks.Provider
			}))
			if err != nil {
				return err
			}
			if _, err := loadbalancer.NewLoadBalancer(ctx, app.name+"-alb", computeLBArgs(func(a *loadbalancer.LoadBalancerArgs) {
				a.DomainName = app.name + ".shop.example.com"
				a.Targets = []loadbalancer.Target{{Name: "web", Namespace: w.ServiceNamespaces["web"], ServiceName: "web", Port: 8080}}
				a.NodeSecurityGroupId = eks.ClusterSecurityGroupId
				a.KubernetesProvider = eks.Provider
			})); err != nil {
				return err
			}
		}
		return nil
	})
}

// Two workloads with a service of one name, and their load balancers,
// coexist in one cluster, one account and one program when the second
// takes a namespace prefix; without it their namespaces and objects clash.
func TestComputeTwoWorkloadsAndLoadBalancersCoexist(t *testing.T) {
	g := computeTwoApps(t, "green")
	assert.Greater(t, assertNoPhysicalNameCollisions(t, g), 40)
	assert.Equal(t, "green-web", g.Named(computeTNamespace, "green-app-web").Str("metadata.name"))
	assert.Equal(t, "green-web", g.Named(computeTTGB, "green-alb-web-binding").Str("metadata.namespace"), "the load balancer binds in the namespace the workload exports")
	assert.Equal(t, "web", g.Named(computeTTGB, "blue-alb-web-binding").Str("metadata.namespace"))

	clash := computeTwoApps(t, "")
	dups, _ := physicalNameCollisions(clash.All())
	assert.NotEmpty(t, dups, "without a prefix both workloads take namespace web")
	assert.True(t, strings.Contains(strings.Join(dups, "\n"), "metadata=/web"), "the namespaces clash: %q", dups)
}

// Two clusters coexist in one program and account: distinct names suffice
// (NamePrefix, default the name, names the EKS cluster, log group and
// launch template). Kubernetes objects live in their own cluster, so they
// are compared per Kubernetes provider: both clusters install the same
// Helm releases in their own kube-system.
func TestComputeTwoClustersCoexist(t *testing.T) {
	g := harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		for _, name := range []string{"blue-eks", "green-eks"} {
			if _, err := cluster.NewCluster(ctx, name, computeClusterArgs(nil)); err != nil {
				return err
			}
		}
		return nil
	})
	perCluster := map[string][]*mockgraph.Resource{}
	var aws []*mockgraph.Resource
	for _, r := range g.All() {
		if strings.HasPrefix(r.Type, "kubernetes:") {
			perCluster[r.Provider] = append(perCluster[r.Provider], r)
		} else {
			aws = append(aws, r)
		}
	}
	dups, n := physicalNameCollisions(aws)
	assert.Empty(t, dups)
	assert.Greater(t, n, 20, "AWS names compared")
	require.Len(t, perCluster, 2, "each cluster's objects go through its own provider")
	for provider, rs := range perCluster {
		dups, n := physicalNameCollisions(rs)
		assert.Empty(t, dups, provider)
		assert.Equal(t, 3, n, "%s: the three Helm releases", provider)
	}
	names := map[string]bool{}
	for _, c := range g.ByType(computeTCluster) {
		names[c.Str("name")] = true
	}
	assert.Equal(t, map[string]bool{"blue-eks": true, "green-eks": true}, names)
}
