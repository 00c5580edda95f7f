package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/plan"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// watched is a resource type that serves traffic or holds data, and how
// a metric's dimensions point at one of its resources.
type watched struct {
	token string
	// of reports whether the dimensions dims name resource r.
	of func(g *mockgraph.Graph, r *mockgraph.Resource, dims map[string]any) bool
}

// dimIs matches a dimension equal to a value of the resource.
func dimIs(dim string, value func(r *mockgraph.Resource) any) func(*mockgraph.Graph, *mockgraph.Resource, map[string]any) bool {
	return func(_ *mockgraph.Graph, r *mockgraph.Resource, dims map[string]any) bool {
		v, ok := dims[dim]
		return ok && v == value(r)
	}
}

func outputOf(path string) func(*mockgraph.Resource) any {
	return func(r *mockgraph.Resource) any { return r.Output(path) }
}

func inputOf(path string) func(*mockgraph.Resource) any {
	return func(r *mockgraph.Resource) any { return r.Input(path) }
}

func idOf(r *mockgraph.Resource) any { return r.ID }

// watchedTypes are the resource types every stack must watch, each mapped
// to its alarms through the metric dimensions AWS publishes them under.
var watchedTypes = []watched{
	{"aws:lb/loadBalancer:LoadBalancer", dimIs("LoadBalancer", outputOf("arnSuffix"))},
	{"aws:lb/targetGroup:TargetGroup", dimIs("TargetGroup", outputOf("arnSuffix"))},
	{"aws:apigatewayv2/api:Api", dimIs("ApiId", idOf)},
	{"aws:apigatewayv2/stage:Stage", func(_ *mockgraph.Graph, r *mockgraph.Resource, dims map[string]any) bool {
		return dims["ApiId"] == r.Input("apiId") && dims["Stage"] == r.Input("name")
	}},
	{"aws:cloudfront/distribution:Distribution", dimIs("DistributionId", idOf)},
	{"aws:wafv2/webAcl:WebAcl", dimIs("WebACL", inputOf("name"))},
	{"aws:eks/cluster:Cluster", dimIs("ClusterName", inputOf("name"))},
	{"aws:eks/nodeGroup:NodeGroup", dimIs("ClusterName", inputOf("clusterName"))},
	{"aws:rds/cluster:Cluster", dimIs("DBClusterIdentifier", outputOf("clusterIdentifier"))},
	// An instance names its cluster by the cluster's id.
	{"aws:rds/clusterInstance:ClusterInstance", func(g *mockgraph.Graph, r *mockgraph.Resource, dims map[string]any) bool {
		c := byIDAny(g, "aws:rds/cluster:Cluster", r.Str("clusterIdentifier"))
		return c != nil && dims["DBClusterIdentifier"] == c.Output("clusterIdentifier")
	}},
	{"aws:elasticache/replicationGroup:ReplicationGroup", func(_ *mockgraph.Graph, r *mockgraph.Resource, dims map[string]any) bool {
		node, _ := dims["CacheClusterId"].(string)
		return strings.HasPrefix(node, r.Str("replicationGroupId")+"-")
	}},
	{"aws:ec2/natGateway:NatGateway", dimIs("NatGatewayId", idOf)},
	// A bucket with replication: the source of a replication config.
	{"aws:s3/bucketReplicationConfig:BucketReplicationConfig", func(g *mockgraph.Graph, r *mockgraph.Resource, dims map[string]any) bool {
		src := byIDAny(g, "aws:s3/bucketV2:BucketV2", r.Str("bucket"))
		return src != nil && dims["SourceBucket"] == src.Output("bucket") && dims["RuleId"] != nil
	}},
}

// byIDAny finds the resource of a type with the given id.
func byIDAny(g *mockgraph.Graph, token, id string) *mockgraph.Resource {
	for _, r := range g.ByType(token) {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// alarmDims are the dimension sets of a metric alarm's metrics.
func alarmDims(t *testing.T, a *mockgraph.Resource) []map[string]any {
	var out []map[string]any
	if d := a.Map("dimensions"); d != nil {
		out = append(out, d)
	}
	for _, q := range a.List("metricQueries") {
		if mm, ok := edgeObj(t, q)["metric"].(map[string]any); ok {
			if d, ok := mm["dimensions"].(map[string]any); ok {
				out = append(out, d)
			}
		}
	}
	return out
}

// Catches: a resource that serves traffic or holds data without an alarm
// on its health or on its saturation (a tier dropped from the wiring, the
// cache alarms dropped in cluster mode, a NAT gateway or replicated bucket
// never watched, a dimension that names nothing), and an alarm notifying a
// topic outside its region (CloudWatch refuses cross-region actions).
func TestMonitoringCoversEveryServingResource(t *testing.T) {
	seen := map[string]int{}
	run := func(name string, s *stackconfig.Stack) {
		t.Run(name, func(t *testing.T) {
			r, err := plan.Run(s)
			require.NoError(t, err)
			monCheckCoverage(t, r, seen)
			monCheckActionsInRegion(t, r.Graph)
			mon := r.Platform.Ops.Monitoring
			for _, l := range monitoring.TierSummary(mon.Alarms, mon.NamePrefix) {
				t.Logf("%s %s", name, l)
			}
		})
	}
	for _, stack := range harness.Stacks(t) {
		run(stack, harness.LoadStack(t, stack))
	}
	// Cluster mode: three shards of three nodes.
	sharded := harness.LoadStack(t, "prod")
	harness.Set("cacheShards", "3")(sharded)
	run("prod-cluster-mode", sharded)
	for _, w := range watchedTypes {
		assert.Positive(t, seen[w.token], "no stack creates %s: is the type token right?", w.token)
	}
}

// monCheckCoverage checks that every resource of watchedTypes in the plan
// has a health and a saturation alarm, counting the resources per type
// into seen.
func monCheckCoverage(t *testing.T, r *plan.Result, seen map[string]int) {
	g := r.Graph
	class := map[string]monitoring.Class{}
	for _, a := range r.Platform.Ops.Monitoring.Alarms {
		class[a.Name] = a.Class
	}
	alarms := g.ByType(monTAlarm)
	for _, w := range watchedTypes {
		for _, res := range g.ByType(w.token) {
			seen[w.token]++
			got := map[monitoring.Class][]string{}
			for _, a := range alarms {
				for _, dims := range alarmDims(t, a) {
					if w.of(g, res, dims) {
						c, ok := class[a.Str("name")]
						require.True(t, ok, "alarm %s is not described by the component", a.Str("name"))
						got[c] = append(got[c], a.Str("name"))
						break
					}
				}
			}
			assert.NotEmpty(t, got[monitoring.Health], "%s %s has no health alarm", w.token, res.Name)
			assert.NotEmpty(t, got[monitoring.Saturation], "%s %s has no saturation alarm", w.token, res.Name)
		}
	}
}

// monCheckActionsInRegion: every alarm notifies a topic of its own region,
// or, when it notifies nobody, feeds a composite alarm that does.
func monCheckActionsInRegion(t *testing.T, g *mockgraph.Graph) {
	topics := opsTopicRegions(g)
	var rules strings.Builder
	for _, c := range g.ByType(monTComposite) {
		rules.WriteString(c.Str("alarmRule"))
	}
	for _, a := range append(g.ByType(monTAlarm), g.ByType(monTComposite)...) {
		actions := a.Strings("alarmActions")
		if len(actions) == 0 && a.Type == monTAlarm {
			assert.Contains(t, rules.String(), `ALARM("`+a.Str("name")+`")`, "%s notifies nobody and feeds no composite alarm", a.Name)
			continue
		}
		require.NotEmpty(t, actions, "%s has no action", a.Name)
		for _, arn := range actions {
			region, ok := topics[arn]
			assert.True(t, ok, "%s notifies %s, not a topic of the stack", a.Name, arn)
			assert.Equal(t, opsRegion(g, a), region, "%s: alarm actions must be in the alarm's region", a.Name)
		}
	}
}
