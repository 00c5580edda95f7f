package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/plan"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// kubePlan runs the offline plan of a stack.
func kubePlan(t *testing.T, stack string) *plan.Result {
	t.Helper()
	r, err := plan.Run(harness.LoadStack(t, stack))
	if err != nil {
		t.Fatalf("plan %s: %v", stack, err)
	}
	return r
}

// The diagram has a node group for every tier the graph has resources in,
// and the edges of the topology: network to each subnet tier, and data
// stores to the isolated subnets once a data store exists.
func TestKubePlanTopologyTiersAndEdges(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			r := kubePlan(t, stack)
			topo := plan.BuildTopology(r.Graph)
			mmd := topo.Mermaid()
			dot := topo.DOT(stack)
			present := map[string]bool{}
			for _, tier := range topo.TiersPresent() {
				present[tier] = true
			}
			// Every tier with a cloud resource appears as a subgraph/cluster.
			for _, res := range r.Graph.All() {
				if !res.Custom || strings.HasPrefix(res.Type, "pulumi:") {
					continue
				}
				tier := plan.DrawnTier(r.Graph, res)
				if tier == "network" || tier == "keys" || tier == "data" || tier == "compute" || tier == "edge" || tier == "loadbalancer" || tier == "backup" {
					if !present[tier] && !kubeFolded(topo, tier) {
						t.Errorf("%s: %s of tier %s but no %s node in the diagram", stack, res.Type, tier, tier)
					}
				}
			}
			for _, tier := range topo.TiersPresent() {
				if !strings.Contains(mmd, "subgraph "+tier+"[") || !strings.Contains(dot, "subgraph cluster_"+tier+" {") {
					t.Errorf("%s: tier %s missing from Mermaid or DOT", stack, tier)
				}
			}
			net := kubeComponentNode(t, topo, "webplatform:network:Network")
			for _, sub := range subnetsOfTierNames(r) {
				id := plan.SubnetNodeID(sub)
				if !topo.HasEdge(net, id) {
					t.Errorf("%s: no edge network -> %s", stack, id)
				}
				if !strings.Contains(mmd, net+" ") || !strings.Contains(mmd, id) {
					t.Errorf("%s: Mermaid lacks %s or %s", stack, net, id)
				}
			}
			// Once data stores with subnet groups exist, a data node reaches
			// the isolated subnets.
			if kubeHasSubnetGroups(r) {
				found := false
				for _, n := range topo.Nodes {
					found = found || n.Tier == "data" && topo.HasEdge(n.ID, plan.SubnetNodeID("isolated"))
				}
				if !found {
					t.Errorf("%s: subnet groups exist but no data store node has an edge to the isolated subnets", stack)
				}
			}
			for _, e := range topo.Edges {
				if topo.Node(e.From) == nil || topo.Node(e.To) == nil {
					t.Errorf("%s: edge %s -> %s to an undeclared node", stack, e.From, e.To)
				}
			}
		})
	}
}

// kubeFolded: a tier may have no node of its own only when all its
// resources are folded into a component of another tier.
func kubeFolded(topo *plan.Topology, tier string) bool { return tier == "keys" || tier == "data" }

func kubeComponentNode(t *testing.T, topo *plan.Topology, typ string) string {
	t.Helper()
	prefix := strings.NewReplacer(":", "_", "/", "_").Replace(typ) + "_"
	for _, n := range topo.Nodes {
		if strings.HasPrefix(n.ID, prefix) {
			return n.ID
		}
	}
	t.Fatalf("no node for component %s", typ)
	return ""
}

// subnetsOfTierNames lists the subnet tiers present in a plan's graph.
func subnetsOfTierNames(r *plan.Result) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.Graph.ByType(tSubnet) {
		if tier := s.Tags()["tier"]; tier != "" && !seen[tier] {
			seen[tier] = true
			out = append(out, tier)
		}
	}
	return out
}

// kubeHasSubnetGroups: the graph has RDS/ElastiCache subnet groups.
func kubeHasSubnetGroups(r *plan.Result) bool {
	for _, res := range r.Graph.All() {
		if strings.HasSuffix(res.Type, "/subnetGroup:SubnetGroup") {
			return true
		}
	}
	return false
}

// The manifests the plan writes are byte for byte the YAML of the objects
// the validator sent, and decode to exactly the JSON bodies it sent.
func TestKubePlanManifestsAreTheValidatedOnes(t *testing.T) {
	g := harness.MustRun(t, "us-east-1", kubeSampleWorkload)
	rep := kubeValidate(t, g)
	if !rep.OK() {
		t.Fatalf("sample rejected: %s", rep.Summary())
	}
	dir := t.TempDir()
	r := &plan.Result{Stack: &stackconfig.Stack{Name: "sample"}, Graph: g}
	if _, err := plan.WriteOut(dir, []*plan.Result{r}); err != nil {
		t.Fatal(err)
	}
	written, err := filepath.Glob(filepath.Join(dir, "sample", "manifests", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != len(rep.Validated)+kubeUnvalidatedObjects(rep) {
		t.Errorf("%d manifests written, %d objects validated (+%d without CRD)", len(written), len(rep.Validated), kubeUnvalidatedObjects(rep))
	}
	for _, o := range rep.Validated {
		p := filepath.Join(dir, "sample", "manifests", o.FileName())
		got, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: no manifest written: %v", o.ID(), err)
			continue
		}
		want, _ := o.YAML()
		if !bytes.Equal(got, want) {
			t.Errorf("%s: written manifest differs from the validated object:\n%s\nvs\n%s", o.ID(), got, want)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(got, &doc); err != nil {
			t.Fatal(err)
		}
		asJSON, _ := json.Marshal(doc)
		if !bytes.Equal(asJSON, rep.Sent[o.URN]) {
			t.Errorf("%s: written manifest decodes to\n%s\nbut the validator sent\n%s", o.ID(), asJSON, rep.Sent[o.URN])
		}
	}
	nv, err := os.ReadFile(filepath.Join(dir, "sample", "manifests", "NOT-VALIDATED.txt"))
	if err != nil || !strings.Contains(string(nv), "aws-load-balancer-controller 1.13.3") {
		t.Errorf("NOT-VALIDATED.txt lacks the Helm release: %q %v", nv, err)
	}
}

func kubeUnvalidatedObjects(rep interface{ Summary() string }) int {
	n := 0
	for _, line := range strings.Split(rep.Summary(), "\n") {
		if strings.Contains(line, "no CRD installed") {
			n++
		}
	}
	return n
}

// The comparison puts dev, staging and prod side by side with every key
// setting of each stack, and each one's cost estimate.
func TestKubePlanComparison(t *testing.T) {
	var results []*plan.Result
	for _, stack := range []string{"prod", "dev", "staging"} { // order must not matter
		results = append(results, kubePlan(t, stack))
	}
	md := plan.Compare(results)
	if !strings.Contains(md, "| setting | dev | staging | prod |") {
		t.Errorf("comparison columns are not dev, staging, prod:\n%s", md)
	}
	for _, r := range results {
		for _, s := range r.Platform.Summary() {
			if !strings.Contains(md, "| "+s.Group+": "+s.Name+" |") || !strings.Contains(md, strings.ReplaceAll(s.Value, "|", "\\|")) {
				t.Errorf("%s: setting %s/%s = %q missing from the comparison", r.Stack.Name, s.Group, s.Name, s.Value)
			}
		}
	}
	// The cost table holds each stack's estimate, per component and in
	// total, in the columns' order.
	var ordered []*plan.Result
	for _, stack := range []string{"dev", "staging", "prod"} {
		for _, r := range results {
			if r.Stack.Name == stack {
				ordered = append(ordered, r)
			}
		}
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) == 6 {
			rows[strings.TrimSpace(cells[1])] = cells[2:5]
		}
	}
	for i, r := range ordered {
		want := map[string]float64{"**total**": r.Cost.Total()}
		for _, c := range r.Cost.ByComponent() {
			if c.Name == "network" {
				want["network"] = c.MonthlyUSD
			}
		}
		for name, usd := range want {
			cells, ok := rows[name]
			if !ok || strings.Trim(strings.TrimSpace(cells[i]), "*") != fmt.Sprintf("%.2f", usd) {
				t.Errorf("%s: cost row %q = %v, want %.2f in column %d", r.Stack.Name, name, cells, usd, i+1)
			}
		}
	}
}
