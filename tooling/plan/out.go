package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/kubevalidate"
)

// Files is what WriteStack wrote, by path relative to the output directory.
type Files map[string][]byte

// StackFiles renders one stack's artefacts: topology.mmd, topology.dot and
// manifests/<kind>-<ns>-<name>.yaml (kubevalidate.Manifests, the same
// objects the validator sends), plus manifests/NOT-VALIDATED.txt, and
// resources.json (every registered resource: URN, type, parent, provider,
// dependencies; what the engine tests compare with the real engine) and
// outputs.json (the stack output names).
func (r *Result) StackFiles() (Files, error) {
	name := r.Stack.Name
	f := Files{}
	topo := BuildTopology(r.Graph)
	f[filepath.Join(name, "topology.mmd")] = []byte(topo.Mermaid())
	f[filepath.Join(name, "topology.dot")] = []byte(topo.DOT("webplatform " + name))
	res, err := r.ResourcesJSON()
	if err != nil {
		return nil, fmt.Errorf("stack %s: resources.json: %w", name, err)
	}
	f[filepath.Join(name, "resources.json")] = res
	outs, err := json.MarshalIndent(r.OutputNames(), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("stack %s: outputs.json: %w", name, err)
	}
	f[filepath.Join(name, "outputs.json")] = append(outs, '\n')
	objs, skipped := kubevalidate.Manifests(r.Graph)
	for _, o := range objs {
		y, err := o.YAML()
		if err != nil {
			return nil, fmt.Errorf("stack %s: manifest %s: %w", name, o.ID(), err)
		}
		f[filepath.Join(name, "manifests", o.FileName())] = y
	}
	var nv strings.Builder
	for _, s := range skipped {
		fmt.Fprintf(&nv, "%s %s", s.Type, s.Name)
		if s.Chart != "" {
			fmt.Fprintf(&nv, " (chart %s %s)", s.Chart, s.Version)
		}
		fmt.Fprintf(&nv, ": %s\n", s.Reason)
	}
	if nv.Len() > 0 {
		f[filepath.Join(name, "manifests", "NOT-VALIDATED.txt")] = []byte(nv.String())
	}
	return f, nil
}

// WriteOut writes every stack's files and comparison.md under dir, and an
// SVG of each topology when Graphviz `dot` is on PATH. It returns the paths
// written.
func WriteOut(dir string, results []*Result) ([]string, error) {
	all := Files{}
	for _, r := range results {
		f, err := r.StackFiles()
		if err != nil {
			return nil, err
		}
		for k, v := range f {
			all[k] = v
		}
	}
	if len(results) > 1 {
		all["comparison.md"] = []byte(Compare(results))
	}
	var paths []string
	for rel, data := range all {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	if dot, err := exec.LookPath("dot"); err == nil {
		for _, r := range results {
			src := all[filepath.Join(r.Stack.Name, "topology.dot")]
			cmd := exec.Command(dot, "-Tsvg") //nolint:gosec // dot is Graphviz from PATH, its only argument a constant

			cmd.Stdin = bytes.NewReader(src)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			svg, err := cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("stack %s: dot -Tsvg: %w: %s", r.Stack.Name, err, stderr.String())
			}
			p := filepath.Join(dir, r.Stack.Name, "topology.svg")
			if err := os.WriteFile(p, svg, 0o600); err != nil {
				return nil, err
			}
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// Assumed list prices (us-east-1, USD per month at 730 h), for the rough
// cost drivers of the comparison. They are assumptions, not quotes.
var listPrices = []struct {
	Type, What string
	Monthly    float64
}{
	{"aws:ec2/natGateway:NatGateway", "NAT gateway (hourly only, + $0.045/GB processed)", 32.85},
	{"aws:eks/cluster:Cluster", "EKS control plane", 73.00},
	{"aws:lb/loadBalancer:LoadBalancer", "ALB (hourly, + LCUs)", 16.43},
	{"aws:rds/clusterInstance:ClusterInstance", "Aurora instance (db.r6g.large assumed)", 189.80},
	{"aws:rds/instance:Instance", "RDS instance (db.t4g.medium assumed)", 47.45},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "ElastiCache group (2x cache.t4g.small assumed)", 46.72},
	{"aws:kms/key:Key", "KMS customer key", 1.00},
	{"aws:wafv2/webAcl:WebAcl", "WAF web ACL (+ $1/rule, $0.60/M requests)", 5.00},
	{"aws:cloudfront/distribution:Distribution", "CloudFront (usage-based; $0 fixed)", 0},
	{"aws:ec2/flowLog:FlowLog", "VPC flow log (usage-based ingestion)", 0},
}

// Compare renders the side-by-side comparison of the stacks: every key
// setting from Platform.Summary(), resource counts, and the cost drivers.
func Compare(in []*Result) string {
	results := append([]*Result(nil), in...)
	rank := map[string]int{"dev": 1, "staging": 2, "prod": 3}
	sort.SliceStable(results, func(i, j int) bool {
		ri, rj := rank[results[i].Stack.Name], rank[results[j].Stack.Name]
		if ri == 0 || rj == 0 {
			return ri != 0 // known stacks first, others keep their order
		}
		return ri < rj
	})
	var b strings.Builder
	b.WriteString("# dev / staging / prod side by side\n\n")
	b.WriteString("Generated by `go run ./cmd/plan --stack all --out DIR` from each stack's real config and resource graph.\n\n")
	header := func(first string) {
		fmt.Fprintf(&b, "| %s |", first)
		for _, r := range results {
			fmt.Fprintf(&b, " %s |", r.Stack.Name)
		}
		b.WriteString("\n|---|")
		for range results {
			b.WriteString("---|")
		}
		b.WriteString("\n")
	}
	b.WriteString("## Key settings\n\n")
	header("setting")
	type key struct{ group, name string }
	var order []key
	vals := map[key][]string{}
	for i, r := range results {
		for _, s := range r.Platform.Summary() {
			k := key{s.Group, s.Name}
			if _, ok := vals[k]; !ok {
				order = append(order, k)
				vals[k] = make([]string, len(results))
			}
			vals[k][i] = s.Value
		}
	}
	cell := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	for _, k := range order {
		fmt.Fprintf(&b, "| %s: %s |", k.group, k.name)
		for _, v := range vals[k] {
			fmt.Fprintf(&b, " %s |", cell(v))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Resources and protection\n\n")
	header("measure")
	row := func(name string, fn func(*Result) string) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, r := range results {
			fmt.Fprintf(&b, " %s |", fn(r))
		}
		b.WriteString("\n")
	}
	row("cloud resources", func(r *Result) string { return fmt.Sprint(r.Total()) })
	row("protected (deletion protection / protect)", func(r *Result) string {
		n := 0
		for _, res := range r.Graph.All() {
			if res.Protect || res.Bool("deletionProtection") {
				n++
			}
		}
		return fmt.Sprint(n)
	})
	row("retained on delete", func(r *Result) string {
		n := 0
		for _, res := range r.Graph.All() {
			if res.RetainOnDelete {
				n++
			}
		}
		return fmt.Sprint(n)
	})
	row("backup plans / vaults", func(r *Result) string {
		c := r.Graph.CountByType()
		return fmt.Sprintf("%d / %d", c["aws:backup/plan:Plan"], c["aws:backup/vault:Vault"])
	})
	row("Kubernetes objects (+ Helm releases)", func(r *Result) string {
		objs, skipped := kubevalidate.Manifests(r.Graph)
		return fmt.Sprintf("%d (+%d)", len(objs), len(skipped))
	})
	b.WriteString("\n## Estimated monthly cost drivers (fixed hourly charges only)\n\n")
	b.WriteString("Assumptions: us-east-1 on-demand list prices (eu-west-1 is roughly 5-10% higher), 730 h/month, no data transfer, storage, requests or compute nodes; instance sizes as stated per line. Rough orders of magnitude, not a quote.\n\n")
	header("driver (assumed USD/month each)")
	totals := make([]float64, len(results))
	for _, p := range listPrices {
		present := false
		counts := make([]int, len(results))
		for i, r := range results {
			counts[i] = r.Graph.CountByType()[p.Type]
			present = present || counts[i] > 0
		}
		if !present {
			continue
		}
		fmt.Fprintf(&b, "| %s ($%.2f) |", p.What, p.Monthly)
		for i, n := range counts {
			totals[i] += float64(n) * p.Monthly
			fmt.Fprintf(&b, " %d × = $%.0f |", n, float64(n)*p.Monthly)
		}
		b.WriteString("\n")
	}
	// Interface endpoints are billed per AZ (one ENI per subnet); gateway
	// endpoints (S3, DynamoDB) are free.
	const endpointAZMonthly = 7.30
	fmt.Fprintf(&b, "| interface VPC endpoint, per AZ ($%.2f; gateway endpoints free) |", endpointAZMonthly)
	for i, r := range results {
		n := 0
		for _, e := range r.Graph.ByType("aws:ec2/vpcEndpoint:VpcEndpoint") {
			if e.Str("vpcEndpointType") == "Interface" {
				n += len(e.List("subnetIds"))
			}
		}
		totals[i] += float64(n) * endpointAZMonthly
		fmt.Fprintf(&b, " %d × = $%.0f |", n, float64(n)*endpointAZMonthly)
	}
	b.WriteString("\n")
	b.WriteString("| **total of the drivers above** |")
	for _, t := range totals {
		fmt.Fprintf(&b, " **$%.0f** |", t)
	}
	b.WriteString("\n")
	return b.String()
}
