package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/webplatform-dev/webplatform/internal/mockgraph"
	"github.com/webplatform-dev/webplatform/internal/testharness"
)

// waitsOn returns every resource r cannot start before: its dependencies,
// its parent (the engine registers a child only after its parent, and a
// component's registration waits for the component's own DependsOn) and
// its provider, transitively. This is the order the engine runs `up` in.
func waitsOn(g *mockgraph.Graph, r *mockgraph.Resource) map[string]bool {
	seen := map[string]bool{}
	var walk func(urn string)
	walk = func(urn string) {
		x := g.ByURN(urn)
		if x == nil {
			return
		}
		next := append([]string{}, x.Dependencies...)
		if x.Parent != "" {
			next = append(next, x.Parent)
		}
		if i := strings.LastIndex(x.Provider, "::"); i > 0 {
			next = append(next, x.Provider[:i])
		}
		for _, u := range next {
			if !seen[u] {
				seen[u] = true
				walk(u)
			}
		}
	}
	walk(r.URN)
	return seen
}

// No false dependency holds the slow, independent parts of `up` behind the
// EKS cluster (10 minutes) or its charts: the data stores and the edge
// start with the network, and the workload's AWS resources (ECR, keys, IAM)
// do not wait for Helm releases. A DependsOn on the whole cluster component
// once held the ECR repositories back until every chart was installed.
func TestDeployOrderHasNoFalseDependencies(t *testing.T) {
	independentOfCluster := []string{
		"aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance",
		"aws:elasticache/replicationGroup:ReplicationGroup", "aws:s3/bucketV2:BucketV2",
		"aws:cloudfront/distribution:Distribution", "aws:wafv2/webAcl:WebAcl",
		"aws:lb/loadBalancer:LoadBalancer", "aws:ecr/repository:Repository",
	}
	for _, stack := range testharness.Stacks {
		g := testharness.RunStack(t, stack)
		slow := map[string]bool{}
		for _, typ := range []string{"aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "kubernetes:helm.sh/v3:Release"} {
			for _, r := range g.ByType(typ) {
				slow[r.URN] = true
			}
		}
		assert.NotEmpty(t, slow, stack)
		checked := 0
		for _, typ := range independentOfCluster {
			for _, r := range g.ByType(typ) {
				checked++
				for urn := range waitsOn(g, r) {
					assert.False(t, slow[urn], "%s: %s %s waits for %s", stack, typ, r.Name, urn)
				}
			}
		}
		assert.Greater(t, checked, 8, stack)
	}
}

// The Kubernetes provider's first call authenticates as the deploying role,
// which the cluster knows only through its access policy (the cluster
// grants its creator nothing): every Kubernetes object must wait for the
// admin access policies, by construction rather than by the node group
// happening to take longer.
func TestKubernetesObjectsWaitForAdminAccess(t *testing.T) {
	for _, stack := range testharness.Stacks {
		g := testharness.RunStack(t, stack)
		policies := g.ByType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
		assert.NotEmpty(t, policies, stack)
		for _, r := range g.Filter(func(r *mockgraph.Resource) bool { return strings.HasPrefix(r.Type, "kubernetes:") }) {
			waits := waitsOn(g, r)
			for _, p := range policies {
				assert.True(t, waits[p.URN], "%s: %s %s does not wait for %s", stack, r.Type, r.Name, p.Name)
			}
		}
	}
}
