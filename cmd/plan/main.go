// Command plan shows what a stack would create, offline: it runs the Pulumi
// program under the mock monitor with the stack's real config file, with no
// cloud credentials, and prints the key settings and the resources by
// component, with the estimated monthly cost per component, its top
// drivers and what would cut it (tooling/cost), and between consecutive
// stacks the difference per component. Invalid config exits 1 with every
// validation message, and so does a stack whose estimate exceeds its
// monthlyBudgetUsd, naming its top cost drivers.
//
//	go run ./cmd/plan --stack dev
//	go run ./cmd/plan --stack all
//	go run ./cmd/plan --stack prod --set azCount=2
//	go run ./cmd/plan --stack all --out out/plan
//	go run ./cmd/plan --stack all --diff dev,prod
//
// --out DIR also writes, per stack, DIR/<stack>/topology.mmd (Mermaid),
// topology.dot and topology.svg (when Graphviz dot is installed), the
// Kubernetes manifests as YAML under DIR/<stack>/manifests (the objects
// the kube validator sends), DIR/<stack>/resources.json (every registered
// resource with its URN, type, parent, provider and dependencies, which the
// engine tests compare with the real engine), and DIR/comparison.md (stacks
// side by side), and per stack the cost estimate: cost.csv (every priced
// line), cost.json (totals, drivers, advice, budget) and cost.svg (a bar
// per component).
//
//	go run ./cmd/plan --golden
//
// --golden rewrites the golden snapshots testdata/golden/<stack>.json
// (every resource's URN, options and inputs, secrets redacted) that
// tests/golden_test.go compares with the program: commit them with the
// change, so review sees every change to the graph.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/cost"
	"github.com/webplatform-dev/webplatform/tooling/plan"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var sets setFlags
	stack := flag.String("stack", "all", "stack to plan (dev, staging, prod) or all")
	dir := flag.String("dir", ".", "project directory (holding Pulumi.yaml)")
	flag.Var(&sets, "set", "override a config key for this plan, key=value (repeatable)")
	out := flag.String("out", "", "also write diagrams, manifests and the comparison under this directory")
	golden := flag.Bool("golden", false, "rewrite testdata/golden/<stack>.json for the stacks planned (not with --set)")
	diff := flag.String("diff", "", "A,B: print the cost difference of stack A and stack B (both planned; default: each pair of consecutive stacks)")
	flag.Parse()
	if *golden && len(sets) > 0 {
		fmt.Fprintln(os.Stderr, "--golden snapshots the stack files as committed: it cannot be combined with --set")
		os.Exit(2)
	}
	if err := run(*dir, *stack, *out, *diff, sets, *golden); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir, stack, out, diff string, sets []string, golden bool) error {
	root, err := stackconfig.FindRoot(dir)
	if err != nil {
		return err
	}
	names := []string{stack}
	if stack == "all" {
		if names, err = stackconfig.Names(root); err != nil {
			return err
		}
	}
	failed, over := 0, 0
	var results []*plan.Result
	for _, name := range names {
		s, err := stackconfig.Load(root, name)
		if err != nil {
			return err
		}
		for _, kv := range sets {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("--set %q: want key=value", kv)
			}
			s.Set(k, v)
		}
		r, err := plan.Run(s)
		if err != nil {
			fmt.Fprintf(os.Stderr, "== stack %s: FAILED\n%v\n\n", name, err)
			failed++
			continue
		}
		r.Write(os.Stdout)
		if err := r.Cost.CheckBudget(); err != nil {
			fmt.Fprintf(os.Stderr, "== stack %s: OVER BUDGET\n%v\n\n", name, err)
			over++
		}
		results = append(results, r)
	}
	if err := writeDiffs(diff, results); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d stacks failed", failed, len(names))
	}
	if golden {
		if err := writeGolden(root, results); err != nil {
			return err
		}
	}
	if out != "" {
		paths, err := plan.WriteOut(out, results)
		if err != nil {
			return err
		}
		fmt.Printf("wrote %d files under %s\n", len(paths), out)
	}
	if over > 0 {
		return fmt.Errorf("%d of %d stacks exceed their monthly budget (monthlyBudgetUsd)", over, len(names))
	}
	return nil
}

// writeDiffs prints the cost difference of the two stacks diff names
// ("dev,prod"), or of each pair of consecutive stacks.
func writeDiffs(diff string, results []*plan.Result) error {
	if diff == "" {
		for i := 1; i < len(results); i++ {
			cost.WriteDiff(os.Stdout, results[i-1].Cost, results[i].Cost)
		}
		return nil
	}
	a, b, _ := strings.Cut(diff, ",")
	byName := map[string]*cost.Estimate{}
	for _, r := range results {
		byName[r.Stack.Name] = r.Cost
	}
	if byName[a] == nil || byName[b] == nil {
		return fmt.Errorf("--diff %q: want two planned stacks A,B (plan them with --stack all)", diff)
	}
	cost.WriteDiff(os.Stdout, byName[a], byName[b])
	return nil
}

// writeGolden rewrites each stack's golden snapshot under root.
func writeGolden(root string, results []*plan.Result) error {
	for _, r := range results {
		b, err := r.Golden()
		if err != nil {
			return err
		}
		path := filepath.Join(root, plan.GoldenFile(r.Stack.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return err
		}
		fmt.Printf("wrote %s\n", path)
	}
	return nil
}
