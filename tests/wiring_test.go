package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Cross-tier wiring done in stacks/: each test names the connection it
// guards, so a tier that stops passing its outputs on fails here.

func wiringOne(t *testing.T, g *mockgraph.Graph, token string, keep func(*mockgraph.Resource) bool) *mockgraph.Resource {
	t.Helper()
	var found []*mockgraph.Resource
	for _, r := range g.ByType(token) {
		if keep(r) {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "want exactly one %s", token)
	return found[0]
}

func TestOriginNameResolvesToTheLoadBalancer(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		domain := harness.LoadStack(t, stack).Config["webplatform:domainName"]
		alb := wiringOne(t, g, "aws:lb/loadBalancer:LoadBalancer", func(*mockgraph.Resource) bool { return true })
		rec := wiringOne(t, g, "aws:route53/record:Record", func(r *mockgraph.Resource) bool { return r.Str("name") == "origin."+domain })
		assert.Equal(t, "A", rec.Str("type"), stack)
		assert.Equal(t, alb.Output("dnsName"), rec.Str("aliases.0.name"), "%s: origin.%s must alias the ALB", stack, domain)
		assert.Equal(t, "Z0123456789EXAMPLEZONE", rec.Str("zoneId"), stack)
		cert := wiringOne(t, g, "aws:acm/certificate:Certificate", func(r *mockgraph.Resource) bool { return r.Str("domainName") == "origin."+domain })
		assert.Nil(t, g.ProviderOf(cert), "%s: the ALB certificate is regional (default provider)", stack)
	}
}

// An input built from another resource's output must arrive with a value.
// The model once returned no name for the auto-named RDS and ElastiCache
// subnet groups, so the Aurora cluster and the cache registered with no
// subnet group and every test passed; the shared output model
// (tooling/mockgraph, also served by the stand-in provider) now names
// them as the real provider's Check does, and this keeps it so.
func TestEveryWiredInputArrivesWithAValue(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		assert.Empty(t, mockgraph.EmptyWiredInputs(g), "%s: inputs wired from outputs the model left empty", stack)
		for _, token := range []string{"aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance"} {
			for _, r := range g.ByType(token) {
				assert.NotEmpty(t, r.Str("dbSubnetGroupName"), "%s: %s %s has no subnet group", stack, token, r.Name)
			}
		}
		for _, r := range g.ByType("aws:elasticache/replicationGroup:ReplicationGroup") {
			assert.NotEmpty(t, r.Str("subnetGroupName"), "%s: cache %s has no subnet group", stack, r.Name)
		}
	}
}
