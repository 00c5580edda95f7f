package tests

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
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
		if p := g.ProviderOf(x); p != nil {
			next = append(next, p.URN)
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
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
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
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
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

// slowMonitor is the recording monitor with a slow EKS node group and
// Kubernetes provider, noting when each component reaches the engine.
type slowMonitor struct {
	*mockgraph.Monitor
	start time.Time
	mu    sync.Mutex
	at    map[string]time.Duration
}

func (m *slowMonitor) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if a.TypeToken == "aws:eks/nodeGroup:NodeGroup" || a.TypeToken == "pulumi:providers:kubernetes" {
		time.Sleep(time.Second)
	}
	if !a.Custom {
		m.mu.Lock()
		m.at[a.TypeToken+" "+a.Name] = time.Since(m.start)
		m.mu.Unlock()
	}
	return m.Monitor.NewResource(a)
}

// The program registers every component at once, whatever the cloud is
// still creating: a component registered with a provider created in the
// same program (pulumi.Providers of the cluster's Kubernetes provider) held
// the program in RegisterResourceOutputs until the node group and the
// provider existed, so the load balancer, the edge and the operations tier
// registered ten minutes late and up took 1.6 times its longest chain.
func TestProgramIsNotHeldBySlowResources(t *testing.T) {
	s := harness.LoadStack(t, "dev")
	mon := &slowMonitor{Monitor: &mockgraph.Monitor{Project: s.Project, Stack: s.Name, Region: "eu-west-1", Graph: mockgraph.NewGraph()},
		start: time.Now(), at: map[string]time.Duration{}}
	ctx, err := pulumi.NewContext(context.Background(), pulumi.RunInfo{Project: s.Project, Stack: s.Name, Config: s.Config, Mocks: mon})
	require.NoError(t, err)
	require.NoError(t, pulumi.RunWithContext(ctx, stacks.Run))
	assert.GreaterOrEqual(t, len(mon.at), 12, "components registered: %v", mon.at)
	for name, at := range mon.at {
		assert.Less(t, at, 900*time.Millisecond, "%s reached the engine %v after the start: the program was held", name, at)
	}
}
