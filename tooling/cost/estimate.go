package cost

import (
	"fmt"
	"sort"
	"strings"

	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Inputs is what the estimate needs besides the resource graph.
type Inputs struct {
	Stack       string
	Environment string // dev, staging or prod (advice differs)
	Region      string // the stack's aws:region: the default provider's
	Usage       stacks.CostUsage
	// TraceSampleRatio is the share of requests the workloads trace.
	TraceSampleRatio float64
	// BudgetUSD is the monthly budget (0: none).
	BudgetUSD int
}

// InputsOf reads the estimate's inputs from a stack's validated config.
func InputsOf(c *stacks.Config) Inputs {
	return Inputs{
		Stack: c.Stack, Environment: string(c.Environment), Region: c.Region,
		Usage: c.Cost.Usage, TraceSampleRatio: c.Ops.TraceSampleRatio, BudgetUSD: c.Cost.MonthlyBudgetUSD,
	}
}

// Line is one priced item of one resource.
type Line struct {
	Component string  `json:"component"` // "network", "waf/users-waf", "(stack)"
	Resource  string  `json:"resource"`  // the resource's name
	Type      string  `json:"type"`      // its type token
	Item      string  `json:"item"`      // what is billed: "NAT gateway hours"
	Region    string  `json:"region"`
	Quantity  float64 `json:"quantity"`
	Unit      string  `json:"unit"`
	UnitUSD   float64 `json:"unitUsd"` // list price per unit, before Factor
	Factor    float64 `json:"factor"`  // 1, or below for spot
	// Free is the part of Quantity the account's free tier covers.
	Free       float64 `json:"free,omitempty"`
	MonthlyUSD float64 `json:"monthlyUsd"`
	Meter      string  `json:"meter"`
}

// Estimate is one stack's monthly cost estimate.
type Estimate struct {
	Inputs    Inputs
	PriceDate string
	Lines     []Line
	// Missing lists what could not be priced: a resource type neither
	// priced nor declared free, a meter without a price in its region, a
	// resource without a usage assumption. An estimate with any is
	// incomplete.
	Missing []string
	Advice  []Advice
}

// Run prices every resource of g.
func Run(g *mockgraph.Graph, in Inputs) (*Estimate, error) {
	t, err := Prices()
	if err != nil {
		return nil, err
	}
	return RunWith(t, g, in), nil
}

// RunWith prices every resource of g with the prices of t.
func RunWith(t *Table, g *mockgraph.Graph, in Inputs) *Estimate {
	e := &Estimate{Inputs: in, PriceDate: t.Date}
	c := newCalc(t, g, e)
	for _, r := range g.All() {
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:") {
			continue
		}
		if rule, ok := rules[r.Type]; ok {
			rule(c, r)
			continue
		}
		if _, ok := free[r.Type]; ok {
			continue
		}
		if _, ok := freeProviders[strings.SplitN(r.Type, ":", 2)[0]]; ok {
			continue
		}
		c.missing("resource type %s (%s) has no price rule and is not declared free: add it to tooling/cost/rules.go or free.go", r.Type, r.Name)
	}
	if in.Usage.AccountFreeTier {
		applyFreeTier(t, e.Lines)
	}
	e.Advice = c.advise()
	sort.SliceStable(e.Lines, func(i, j int) bool { return e.Lines[i].MonthlyUSD > e.Lines[j].MonthlyUSD })
	sort.Strings(e.Missing)
	return e
}

// applyFreeTier takes each meter's always-free monthly quantity, once per
// account, off its lines in order (lines is in the graph's URN order).
func applyFreeTier(t *Table, lines []Line) {
	left := map[string]float64{}
	for i := range lines {
		l := &lines[i]
		p, _ := t.Lookup(l.Meter, l.Region)
		if _, seen := left[l.Meter]; !seen {
			left[l.Meter] = p.Free
		}
		l.Free = min(l.Quantity, left[l.Meter])
		left[l.Meter] -= l.Free
		l.MonthlyUSD = (l.Quantity - l.Free) * l.UnitUSD * l.Factor
	}
}

// Total is the estimated monthly cost in USD.
func (e *Estimate) Total() float64 {
	sum := 0.0
	for _, l := range e.Lines {
		sum += l.MonthlyUSD
	}
	return sum
}

// Subtotal is the estimate of one component, or of one driver.
type Subtotal struct {
	Name       string  `json:"name"`
	MonthlyUSD float64 `json:"monthlyUsd"`
	Lines      int     `json:"lines"`
}

// ByComponent is the estimate per component, most expensive first.
func (e *Estimate) ByComponent() []Subtotal {
	return e.group(func(l Line) string { return l.Component })
}

// Drivers are the estimate's lines summed per component and item (three
// NAT gateways' hours are one driver), most expensive first; n > 0 keeps
// the first n.
func (e *Estimate) Drivers(n int) []Subtotal {
	d := e.group(func(l Line) string { return l.Component + ": " + l.Item })
	if n > 0 && len(d) > n {
		d = d[:n]
	}
	return d
}

func (e *Estimate) group(by func(Line) string) []Subtotal {
	idx := map[string]int{}
	var out []Subtotal
	for _, l := range e.Lines {
		k := by(l)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Subtotal{Name: k})
		}
		out[i].MonthlyUSD += l.MonthlyUSD
		out[i].Lines++
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].MonthlyUSD != out[j].MonthlyUSD {
			return out[i].MonthlyUSD > out[j].MonthlyUSD
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// CheckBudget fails when the estimate exceeds the stack's monthly budget,
// or cannot be checked against it (an incomplete estimate), naming the top
// drivers.
func (e *Estimate) CheckBudget() error {
	b := e.Inputs.BudgetUSD
	if b == 0 {
		return nil
	}
	if len(e.Missing) > 0 {
		return fmt.Errorf("stack %s: the estimate is incomplete, so the monthly budget of $%d (monthlyBudgetUsd) cannot be checked:\n  %s",
			e.Inputs.Stack, b, strings.Join(e.Missing, "\n  "))
	}
	total := e.Total()
	if total <= float64(b) {
		return nil
	}
	var top []string
	for i, d := range e.Drivers(5) {
		top = append(top, fmt.Sprintf("%d. %s $%.2f", i+1, d.Name, d.MonthlyUSD))
	}
	return fmt.Errorf("stack %s: estimated $%.2f a month exceeds the monthly budget of $%d (monthlyBudgetUsd) by $%.2f; top cost drivers:\n  %s",
		e.Inputs.Stack, total, b, total-float64(b), strings.Join(top, "\n  "))
}

// componentLabel names r's component for the estimate: its kind, and its
// name after the stack's "<project>-<stack>" prefix where that says more
// ("waf/users-waf").
func componentLabel(g *mockgraph.Graph, r *mockgraph.Resource, stack string) string {
	comp := g.Component(r)
	if comp == nil {
		return "(stack)"
	}
	parts := strings.Split(comp.Type, ":")
	kind := parts[len(parts)/2]
	name := comp.Name
	if _, after, ok := strings.Cut(name, "-"+stack); ok {
		name = strings.TrimPrefix(after, "-")
	}
	if name == "" || name == kind {
		return kind
	}
	return kind + "/" + name
}
