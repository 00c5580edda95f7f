package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// graph is a performance graph of the dashboard before its dimension
// values are known.
type graph struct {
	title string
	// edge graphs read us-east-1 metrics (CloudFront).
	edge   bool
	lines  []line
	bounds []Horizontal
}

// line is one metric of a graph, or a math expression over the lines'
// ids.
type line struct {
	namespace, name string
	dims            []dim
	stat, label, id string
	hidden          bool
	expression      string
}

// dim is a dimension whose value is another component's output.
type dim struct {
	name  string
	value pulumi.StringInput
}

func lineOf(namespace, name, stat, label string, dims ...dim) line {
	return line{namespace: namespace, name: name, stat: stat, label: label, dims: dims}
}

// performanceGraphs are the scaling and performance graphs: per service
// its requests, error rate, p50/p99 at the ALB and running pods against
// the HPA bounds (Container Insights namespace_number_of_running_pods,
// each service running in a namespace of its own); at the edge the
// CloudFront and API Gateway requests, error rates and p50/p99; the node
// count (Container Insights cluster_node_count) against the autoscaler
// bounds; the database's and the cache's load.
func (b *builder) performanceGraphs() []graph {
	var gs []graph
	l, c := b.w.LoadBalancer, b.w.Cluster
	if c != nil {
		cluster := dim{"ClusterName", c.ClusterName}
		for _, s := range c.Services {
			if tg, ok := l.targetGroup(s.TargetGroup); ok {
				lb := []dim{{"LoadBalancer", l.ArnSuffix}, {"TargetGroup", tg}}
				req, errs := lineOf("AWS/ApplicationELB", "RequestCount", "Sum", "requests", lb...), lineOf("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", "5xx", lb...)
				req.id, errs.id, errs.hidden = "req", "err", true
				gs = append(gs,
					graph{title: s.Name + ": requests and 5xx %", lines: []line{req, errs, {expression: "100 * FILL(err, 0) / req", label: "5xx %", id: "rate"}}},
					graph{title: s.Name + ": p50 / p99 at the ALB (s)", lines: []line{
						lineOf("AWS/ApplicationELB", "TargetResponseTime", "p50", "p50", lb...), lineOf("AWS/ApplicationELB", "TargetResponseTime", "p99", "p99", lb...)}})
			}
			gs = append(gs, graph{title: s.Name + ": running pods vs HPA bounds",
				lines:  []line{lineOf("ContainerInsights", "namespace_number_of_running_pods", "Average", "running pods", cluster, dim{"Namespace", pulumi.String(s.Namespace)})},
				bounds: []Horizontal{{Label: "HPA min", Value: float64(s.MinReplicas)}, {Label: "HPA max", Value: float64(s.MaxReplicas)}}})
		}
		nodes := graph{title: "EKS nodes vs autoscaler bounds", lines: []line{lineOf("ContainerInsights", "cluster_node_count", "Average", "nodes", cluster)}}
		if c.NodeMax > 0 {
			nodes.bounds = []Horizontal{{Label: "min", Value: float64(c.NodeMin)}, {Label: "max", Value: float64(c.NodeMax)}}
		}
		gs = append(gs, nodes)
	}
	return append(gs, b.edgeAndDataGraphs()...)
}

// edgeAndDataGraphs are the edge's and the data stores' graphs.
func (b *builder) edgeAndDataGraphs() []graph {
	var gs []graph
	if c := b.w.CDN; c != nil {
		d := []dim{{"DistributionId", c.DistributionId}, {"Region", pulumi.String("Global")}}
		gs = append(gs,
			graph{title: "Edge (CloudFront): requests and 5xx %", edge: true, lines: []line{
				lineOf("AWS/CloudFront", "Requests", "Sum", "requests", d...), lineOf("AWS/CloudFront", "5xxErrorRate", "Average", "5xx %", d...)}},
			graph{title: "Edge (CloudFront): origin latency p50 / p99 (ms)", edge: true, lines: []line{
				lineOf("AWS/CloudFront", "OriginLatency", "p50", "p50", d...), lineOf("AWS/CloudFront", "OriginLatency", "p99", "p99", d...)}})
	}
	if a := b.w.API; a != nil {
		d := []dim{{"ApiId", a.ApiId}, {"Stage", a.Stage}}
		gs = append(gs,
			graph{title: "API Gateway: requests, 5xx and 429", lines: []line{
				lineOf("AWS/ApiGateway", "Count", "Sum", "requests", d...), lineOf("AWS/ApiGateway", "5xx", "Sum", "5xx", d...),
				lineOf(APIThrottleNamespace, APIThrottleMetric, "Sum", "429", d...)}},
			graph{title: "API Gateway: latency p50 / p99 (ms)", lines: []line{
				lineOf("AWS/ApiGateway", "Latency", "p50", "p50", d...), lineOf("AWS/ApiGateway", "Latency", "p99", "p99", d...)}})
	}
	if d := b.w.Database; d != nil {
		id := dim{"DBClusterIdentifier", d.ClusterIdentifier}
		gs = append(gs, graph{title: "Database load: CPU % and connections", lines: []line{
			lineOf("AWS/RDS", "CPUUtilization", "Average", "CPU %", id), lineOf("AWS/RDS", "DatabaseConnections", "Maximum", "connections", id)}})
	}
	if c := b.w.Cache; c != nil {
		g := graph{title: "Cache load: engine CPU % per node"}
		for shard := 1; shard <= c.Shards; shard++ {
			for n := 1; n <= c.Nodes; n++ {
				node := cacheNode(c, shard, n)
				g.lines = append(g.lines, lineOf("AWS/ElastiCache", "EngineCPUUtilization", "Average", "", dim{"CacheClusterId", node}))
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// targetGroup returns the target group of a service's key.
func (l *LoadBalancerTarget) targetGroup(key string) (pulumi.StringInput, bool) {
	if l == nil || key == "" {
		return nil, false
	}
	tg, ok := l.TargetGroups[key]
	return tg, ok
}

// graphValues are the dimension values of the graphs, in order.
func graphValues(gs []graph) []any {
	var out []any
	for _, g := range gs {
		for _, l := range g.lines {
			for _, d := range l.dims {
				out = append(out, d.value)
			}
		}
	}
	return out
}

// renderGraphs turns the graphs into metric widgets, taking the dimension
// values from resolved (in graphValues' order).
func renderGraphs(gs []graph, resolved []any, home, edge string) []Widget {
	var out []Widget
	i := 0
	for _, g := range gs {
		region := home
		if g.edge {
			region = edge
		}
		p := WidgetProperties{Title: g.title, Region: region, View: "timeSeries", Period: 300}
		for _, l := range g.lines {
			opts := map[string]any{}
			if l.label != "" {
				opts["label"] = l.label
			}
			if l.id != "" {
				opts["id"] = l.id
			}
			if l.hidden {
				opts["visible"] = false
			}
			if l.expression != "" {
				opts["expression"] = l.expression
				p.Metrics = append(p.Metrics, []any{opts})
				continue
			}
			opts["stat"] = l.stat
			m := []any{l.namespace, l.name}
			for _, d := range l.dims {
				m = append(m, d.name, fmt.Sprint(resolved[i]))
				i++
			}
			p.Metrics = append(p.Metrics, append(m, opts))
		}
		if len(g.bounds) > 0 {
			p.Annotations = &Annotations{Horizontal: g.bounds}
		}
		out = append(out, Widget{Type: "metric", Properties: p})
	}
	return out
}
