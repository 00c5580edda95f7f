package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Tiers in drawing order: the request path (edge → load balancer →
// cluster/workloads → data stores), then what surrounds it.
var Tiers = []string{"edge", "loadbalancer", "compute", "data", "network", "keys", "monitoring", "backup", "other"}

var tierTitles = map[string]string{
	"edge": "Edge", "loadbalancer": "Load balancing", "compute": "Cluster / workloads",
	"data": "Data stores", "network": "Network", "keys": "Keys and secrets",
	"monitoring": "Monitoring", "backup": "Backup", "other": "Other",
}

// tierPrefixes classifies type tokens (longest prefix wins).
var tierPrefixes = map[string]string{
	"aws:cloudfront": "edge", "aws:wafv2": "edge", "aws:route53": "edge", "aws:acm": "edge", "aws:shield": "edge",
	"aws:lb": "loadbalancer", "aws:alb": "loadbalancer", "aws:elasticloadbalancing": "loadbalancer",
	"aws:eks": "compute", "kubernetes:": "compute", "aws:ecs": "compute", "aws:autoscaling": "compute", "aws:ecr": "compute",
	"aws:rds": "data", "aws:elasticache": "data", "aws:dynamodb": "data", "aws:docdb": "data", "aws:opensearch": "data", "aws:s3": "data",
	"aws:ec2": "network", "aws:ec2/flowLog": "monitoring",
	"aws:kms": "keys", "aws:secretsmanager": "keys", "aws:ssm": "keys",
	"aws:cloudwatch": "monitoring", "aws:sns": "monitoring", "aws:cloudtrail": "monitoring",
	"aws:backup": "backup",
}

// componentTiers classifies components by module ("webplatform:<module>:T").
var componentTiers = map[string]string{
	"network": "network", "edge": "edge", "cdn": "edge", "waf": "edge", "dns": "edge",
	"loadbalancer": "loadbalancer", "alb": "loadbalancer",
	"compute": "compute", "cluster": "compute", "eks": "compute", "workload": "compute", "app": "compute",
	"data": "data", "database": "data", "cache": "data", "storage": "data",
	"keys": "keys", "kms": "keys", "monitoring": "monitoring", "observability": "monitoring", "ops": "monitoring",
	"backup": "backup",
}

// keyTypes are drawn as their own nodes (others are folded into their component).
var keyTypes = map[string]bool{
	"aws:ec2/vpc:Vpc": true, "aws:ec2/natGateway:NatGateway": true, "aws:ec2/internetGateway:InternetGateway": true,
	"aws:lb/loadBalancer:LoadBalancer": true, "aws:alb/loadBalancer:LoadBalancer": true,
	"aws:eks/cluster:Cluster": true, "aws:eks/nodeGroup:NodeGroup": true,
	"aws:rds/cluster:Cluster": true, "aws:rds/instance:Instance": true,
	"aws:elasticache/replicationGroup:ReplicationGroup": true, "aws:dynamodb/table:Table": true,
	"aws:cloudfront/distribution:Distribution": true, "aws:wafv2/webAcl:WebAcl": true,
	"aws:backup/vault:Vault": true, "aws:backup/plan:Plan": true,
	"kubernetes:apps/v1:Deployment": true, "kubernetes:helm.sh/v3:Release": true,
	"aws:kms/key:Key": true,
}

// DrawnTier is the tier the diagram shows r in: key resources by their own
// type, everything else inside its component's node.
func DrawnTier(g *mockgraph.Graph, r *mockgraph.Resource) string {
	if keyTypes[r.Type] {
		return TierOf(r.Type)
	}
	if c := g.Component(r); c != nil {
		return componentTier(c.Type)
	}
	return TierOf(r.Type)
}

// componentTier classifies a component type ("webplatform:<module>:T").
func componentTier(token string) string {
	parts := strings.Split(token, ":")
	if len(parts) != 3 {
		return "other"
	}
	if ct, ok := componentTiers[parts[1]]; ok {
		return ct
	}
	return TierOf(token)
}

// TierOf classifies a type token.
func TierOf(token string) string {
	best, tier := "", "other"
	for p, t := range tierPrefixes {
		if strings.HasPrefix(token, p) && len(p) > len(best) {
			best, tier = p, t
		}
	}
	return tier
}

// Node is one box of the diagram.
type Node struct {
	ID, Label, Tier string
}

// Edge is a dependency between two nodes.
type Edge struct {
	From, To string
	Kind     string // "parent", "ref", "dependsOn"
}

// Topology is the diagram of one stack, drawn from its resource graph.
type Topology struct {
	Nodes []Node
	Edges []Edge
}

// Node returns the node with that id, or nil.
func (t *Topology) Node(id string) *Node {
	for i := range t.Nodes {
		if t.Nodes[i].ID == id {
			return &t.Nodes[i]
		}
	}
	return nil
}

// HasEdge reports an edge between two nodes (any kind, either listed direction).
func (t *Topology) HasEdge(from, to string) bool {
	for _, e := range t.Edges {
		if e.From == from && e.To == to {
			return true
		}
	}
	return false
}

// TiersPresent lists the tiers that have at least one node.
func (t *Topology) TiersPresent() []string {
	seen := map[string]bool{}
	for _, n := range t.Nodes {
		seen[n.Tier] = true
	}
	var out []string
	for _, tier := range Tiers {
		if seen[tier] {
			out = append(out, tier)
		}
	}
	return out
}

func nodeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func shortType(token string) string {
	if i := strings.LastIndex(token, ":"); i >= 0 {
		return token[i+1:]
	}
	return token
}

// SubnetNodeID is the node of a subnet tier ("public", "private", "isolated").
func SubnetNodeID(tier string) string { return "subnets_" + nodeID(tier) }

// BuildTopology draws g: components and key resources as nodes grouped by
// tier, edges from parent/child, input references (an input equal to
// another resource's id, arn or name output) and explicit dependsOn.
func BuildTopology(g *mockgraph.Graph) *Topology {
	t := &Topology{}
	all := g.All()
	nodeOf := map[string]string{} // resource URN -> node id
	add := func(id, label, tier string) {
		if t.Node(id) == nil {
			t.Nodes = append(t.Nodes, Node{ID: id, Label: label, Tier: tier})
		}
	}
	// Components first.
	for _, r := range all {
		if r.Custom || r.Type == "pulumi:pulumi:Stack" || strings.HasPrefix(r.Type, "pulumi:") {
			continue
		}
		id := nodeID(r.Type + "_" + r.Name)
		add(id, shortType(r.Type)+"\\n"+r.Name, componentTier(r.Type))
		nodeOf[r.URN] = id
	}
	// Key resources and subnet tiers.
	for _, r := range all {
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		switch {
		case r.Type == "aws:ec2/subnet:Subnet":
			tier := r.Tags()["tier"]
			if tier == "" {
				tier = "other"
			}
			id := SubnetNodeID(tier)
			add(id, tier+" subnets", "network")
			nodeOf[r.URN] = id
		case keyTypes[r.Type]:
			id := nodeID(r.Type + "_" + r.Name)
			add(id, shortType(r.Type)+"\\n"+r.Name, TierOf(r.Type))
			nodeOf[r.URN] = id
		}
	}
	// Everything else belongs to its nearest component's node.
	resolve := func(r *mockgraph.Resource) string {
		if id, ok := nodeOf[r.URN]; ok {
			return id
		}
		if c := g.Component(r); c != nil {
			return nodeOf[c.URN]
		}
		return ""
	}
	// Values that identify a resource: its id, arn and name outputs.
	owner := map[string]*mockgraph.Resource{}
	for _, r := range all {
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		for _, k := range []string{"id", "arn", "name"} {
			if v, ok := r.Outputs[resource.PropertyKey(k)]; ok && v.IsString() && len(v.StringValue()) > 3 {
				owner[v.StringValue()] = r
			}
		}
	}
	seen := map[Edge]bool{}
	edge := func(from, to, kind string) {
		if from == "" || to == "" || from == to {
			return
		}
		e := Edge{From: from, To: to, Kind: kind}
		k := Edge{From: from, To: to}
		if !seen[k] {
			seen[k] = true
			t.Edges = append(t.Edges, e)
		}
	}
	for _, r := range all {
		if strings.HasPrefix(r.Type, "pulumi:") {
			continue
		}
		from := resolve(r)
		// Parent/child: a component or key resource to the nodes of its children.
		if p := g.ByURN(r.Parent); p != nil {
			if pid, ok := nodeOf[p.URN]; ok {
				if id, ok := nodeOf[r.URN]; ok {
					edge(pid, id, "parent")
				}
			}
		}
		// Input references.
		walkStrings(r.Inputs, func(s string) {
			if o, ok := owner[s]; ok && o != r {
				edge(from, resolve(o), "ref")
			}
		})
		// Explicit dependsOn (the mock records dependencies; ignore the parent).
		for _, d := range r.Dependencies {
			if o := g.ByURN(d); o != nil && o.URN != r.Parent {
				edge(from, resolve(o), "dependsOn")
			}
		}
	}
	sort.SliceStable(t.Edges, func(i, j int) bool {
		if t.Edges[i].From != t.Edges[j].From {
			return t.Edges[i].From < t.Edges[j].From
		}
		return t.Edges[i].To < t.Edges[j].To
	})
	return t
}

func walkStrings(m resource.PropertyMap, fn func(string)) {
	var walk func(v resource.PropertyValue)
	walk = func(v resource.PropertyValue) {
		switch {
		case v.IsString():
			fn(v.StringValue())
		case v.IsArray():
			for _, e := range v.ArrayValue() {
				walk(e)
			}
		case v.IsObject():
			for _, e := range v.ObjectValue() {
				walk(e)
			}
		case v.IsSecret():
			walk(v.SecretValue().Element)
		case v.IsOutput():
			walk(v.OutputValue().Element)
		}
	}
	for _, v := range m {
		walk(v)
	}
}

var edgeStyle = map[string]string{"parent": "-->", "ref": "-.->", "dependsOn": "==>"}

// Mermaid renders the topology as a Mermaid flowchart, one subgraph per tier.
func (t *Topology) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, tier := range t.TiersPresent() {
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n", tier, tierTitles[tier])
		for _, n := range t.Nodes {
			if n.Tier == tier {
				fmt.Fprintf(&b, "    %s[\"%s\"]\n", n.ID, strings.ReplaceAll(n.Label, "\\n", "<br/>"))
			}
		}
		b.WriteString("  end\n")
	}
	for _, e := range t.Edges {
		fmt.Fprintf(&b, "  %s %s %s\n", e.From, edgeStyle[e.Kind], e.To)
	}
	b.WriteString("  %% --> parent/child   -.-> input reference   ==> dependsOn\n")
	return b.String()
}

var dotStyle = map[string]string{"parent": "solid", "ref": "dashed", "dependsOn": "bold"}

// DOT renders the topology for Graphviz, one cluster per tier.
func (t *Topology) DOT(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n  rankdir=LR;\n  label=%q;\n  node [shape=box, style=rounded, fontsize=10];\n", title, title)
	for _, tier := range t.TiersPresent() {
		fmt.Fprintf(&b, "  subgraph cluster_%s {\n    label=%q;\n", tier, tierTitles[tier])
		for _, n := range t.Nodes {
			if n.Tier == tier {
				fmt.Fprintf(&b, "    %s [label=\"%s\"];\n", n.ID, strings.ReplaceAll(n.Label, "\"", "'"))
			}
		}
		b.WriteString("  }\n")
	}
	for _, e := range t.Edges {
		fmt.Fprintf(&b, "  %s -> %s [style=%s];\n", e.From, e.To, dotStyle[e.Kind])
	}
	b.WriteString("}\n")
	return b.String()
}
