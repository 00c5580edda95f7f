package plan

import (
	"fmt"
	"path/filepath"
	"strings"
)

// costFiles adds the stack's estimate to its files: cost.csv (every line,
// for spreadsheets), cost.json (totals, drivers, advice, budget, lines) and
// cost.svg (a bar per component).
func (r *Result) costFiles(f Files) error {
	if r.Cost == nil {
		return nil // a graph built outside a stack's config has no estimate
	}
	name := r.Stack.Name
	c, err := r.Cost.CSV()
	if err != nil {
		return fmt.Errorf("stack %s: cost.csv: %w", name, err)
	}
	j, err := r.Cost.JSON()
	if err != nil {
		return fmt.Errorf("stack %s: cost.json: %w", name, err)
	}
	f[filepath.Join(name, "cost.csv")] = c
	f[filepath.Join(name, "cost.json")] = j
	f[filepath.Join(name, "cost.svg")] = r.Cost.SVG()
	return nil
}

// writeCostComparison adds the stacks' estimates per component to the
// comparison, with the totals and the budgets.
func writeCostComparison(b *strings.Builder, results []*Result, header func(string)) {
	for _, r := range results {
		if r.Cost == nil {
			return // not every result is a stack's plan
		}
	}
	fmt.Fprintf(b, "\n## Estimated monthly cost (USD, AWS list prices of %s)\n\n", results[0].Cost.PriceDate)
	b.WriteString("Every billable resource priced at the stack's capacity and its costAssumptions (tooling/cost, docs/COST.md).\n\n")
	header("component")
	// Each stack's components, once; the rows are every component any
	// stack has, in the order they first appear.
	byStack := make([]map[string]float64, len(results))
	seen := map[string]bool{}
	var names []string
	for i, r := range results {
		byStack[i] = map[string]float64{}
		for _, s := range r.Cost.ByComponent() {
			if !seen[s.Name] {
				seen[s.Name] = true
				names = append(names, s.Name)
			}
			byStack[i][s.Name] = s.MonthlyUSD
		}
	}
	for _, n := range names {
		fmt.Fprintf(b, "| %s |", n)
		for i := range results {
			fmt.Fprintf(b, " %.2f |", byStack[i][n])
		}
		b.WriteString("\n")
	}
	b.WriteString("| **total** |")
	for _, r := range results {
		fmt.Fprintf(b, " **%.2f** |", r.Cost.Total())
	}
	b.WriteString("\n| budget (monthlyBudgetUsd) |")
	for _, r := range results {
		if r.Cost.Inputs.BudgetUSD == 0 {
			b.WriteString(" none |")
		} else {
			fmt.Fprintf(b, " %d |", r.Cost.Inputs.BudgetUSD)
		}
	}
	b.WriteString("\n")
}
