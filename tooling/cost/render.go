package cost

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
)

// TopDrivers is how many cost drivers the plan names.
const TopDrivers = 5

// Write renders the estimate as the plan's text: per component, the top
// drivers, the budget and the advice.
func (e *Estimate) Write(w io.Writer) {
	total := e.Total()
	fmt.Fprintf(w, "Estimated monthly cost (USD, AWS list prices of %s, usage from costAssumptions%s):\n", e.PriceDate, freeTierNote(e))
	for _, s := range e.ByComponent() {
		fmt.Fprintf(w, "  %-28s %10.2f  %5.1f%%\n", s.Name, s.MonthlyUSD, percent(s.MonthlyUSD, total))
	}
	fmt.Fprintf(w, "  %-28s %10.2f\n", "total", total)
	if b := e.Inputs.BudgetUSD; b > 0 {
		status := "within"
		if total > float64(b) {
			status = "OVER"
		}
		fmt.Fprintf(w, "  budget $%d (monthlyBudgetUsd): %s, %.0f%% used\n", b, status, percent(total, float64(b)))
	}
	fmt.Fprintf(w, "Top %d cost drivers:\n", TopDrivers)
	for i, d := range e.Drivers(TopDrivers) {
		fmt.Fprintf(w, "  %d. %-64s %10.2f\n", i+1, d.Name, d.MonthlyUSD)
	}
	if len(e.Advice) > 0 {
		fmt.Fprintln(w, "Would cut the cost (not applied):")
		for _, a := range e.Advice {
			if a.SavingsUSD > 0 {
				fmt.Fprintf(w, "  - %s: -$%.2f/month. %s\n", a.Title, a.SavingsUSD, a.Detail)
			} else {
				fmt.Fprintf(w, "  - %s. %s\n", a.Title, a.Detail)
			}
		}
	}
	for _, m := range e.Missing {
		fmt.Fprintf(w, "  NOT PRICED: %s\n", m)
	}
}

func percent(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * part / whole
}

// WriteDiff renders the difference between two stacks' estimates per
// component, largest change first.
func WriteDiff(w io.Writer, a, b *Estimate) {
	fmt.Fprintf(w, "Cost difference %s -> %s (USD a month):\n", a.Inputs.Stack, b.Inputs.Stack)
	fmt.Fprintf(w, "  %-28s %10s %10s %10s\n", "component", a.Inputs.Stack, b.Inputs.Stack, "change")
	for _, d := range Diff(a, b) {
		fmt.Fprintf(w, "  %-28s %10.2f %10.2f %+10.2f\n", d.Name, d.A, d.B, d.B-d.A)
	}
	fmt.Fprintf(w, "  %-28s %10.2f %10.2f %+10.2f\n\n", "total", a.Total(), b.Total(), b.Total()-a.Total())
}

// Change is one component's estimate in two stacks.
type Change struct {
	Name string
	A, B float64
}

// Diff pairs the components of two estimates, largest change first.
func Diff(a, b *Estimate) []Change {
	idx := map[string]int{}
	var out []Change
	put := func(s Subtotal, second bool) {
		i, ok := idx[s.Name]
		if !ok {
			i = len(out)
			idx[s.Name] = i
			out = append(out, Change{Name: s.Name})
		}
		if second {
			out[i].B = s.MonthlyUSD
		} else {
			out[i].A = s.MonthlyUSD
		}
	}
	for _, s := range a.ByComponent() {
		put(s, false)
	}
	for _, s := range b.ByComponent() {
		put(s, true)
	}
	abs := func(f float64) float64 {
		if f < 0 {
			return -f
		}
		return f
	}
	sort.SliceStable(out, func(i, j int) bool { return abs(out[i].B-out[i].A) > abs(out[j].B-out[j].A) })
	return out
}

// CSV renders every line of the estimate, for spreadsheets.
func (e *Estimate) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rows := [][]string{{"stack", "component", "resource", "type", "item", "region", "quantity", "free", "unit", "unit_usd", "factor", "monthly_usd", "meter"}}
	for _, l := range e.Lines {
		rows = append(rows, []string{e.Inputs.Stack, l.Component, l.Resource, l.Type, l.Item, l.Region,
			num(l.Quantity), num(l.Free), l.Unit, num(l.UnitUSD), num(l.Factor), fmt.Sprintf("%.2f", l.MonthlyUSD), l.Meter})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func num(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", f), "0"), ".")
}

// JSON renders the estimate with its totals, drivers, advice and budget.
func (e *Estimate) JSON() ([]byte, error) {
	out := struct {
		Stack      string     `json:"stack"`
		PriceDate  string     `json:"priceDate"`
		TotalUSD   float64    `json:"totalUsd"`
		BudgetUSD  int        `json:"budgetUsd,omitempty"`
		Components []Subtotal `json:"components"`
		Drivers    []Subtotal `json:"drivers"`
		Advice     []Advice   `json:"advice"`
		Missing    []string   `json:"missing,omitempty"`
		Lines      []Line     `json:"lines"`
	}{e.Inputs.Stack, e.PriceDate, round2(e.Total()), e.Inputs.BudgetUSD, e.ByComponent(), e.Drivers(TopDrivers), e.Advice, e.Missing, e.Lines}
	b, err := json.MarshalIndent(out, "", "  ")
	return append(b, '\n'), err
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// SVG renders the estimate per component as a horizontal bar chart, with
// the total in the title and the share of the budget below when there is
// one.
func (e *Estimate) SVG() []byte {
	const (
		left, barMax, rowH, top = 190.0, 420.0, 22.0, 44.0
	)
	comps := e.ByComponent()
	total := e.Total()
	scale := 0.0
	if len(comps) > 0 && comps[0].MonthlyUSD > 0 {
		scale = barMax / comps[0].MonthlyUSD
	}
	height := top + rowH*float64(len(comps)) + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-family="sans-serif" font-size="12">`+"\n", left+barMax+110, height)
	fmt.Fprintf(&b, `<text x="10" y="20" font-size="14" font-weight="bold">%s: $%.2f a month (AWS list prices of %s)</text>`+"\n",
		html.EscapeString(e.Inputs.Stack), total, html.EscapeString(e.PriceDate))
	for i, s := range comps {
		y := top + rowH*float64(i)
		w := s.MonthlyUSD * scale
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end">%s</text>`, left-8, y+13, html.EscapeString(s.Name))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="#4a7bb7"><title>%s $%.2f</title></rect>`, left, y, w, rowH-6, html.EscapeString(s.Name), s.MonthlyUSD)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">$%.2f (%.0f%%)</text>`+"\n", left+w+6, y+13, s.MonthlyUSD, percent(s.MonthlyUSD, total))
	}
	if budget := float64(e.Inputs.BudgetUSD); budget > 0 {
		fmt.Fprintf(&b, `<text x="10" y="%.1f">budget $%.0f: %.0f%% used</text>`+"\n", height-10, budget, percent(total, budget))
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

func freeTierNote(e *Estimate) string {
	if e.Inputs.Usage.AccountFreeTier {
		return ", less the account's always-free allowances"
	}
	return ""
}
