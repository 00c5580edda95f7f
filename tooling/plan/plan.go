// Package plan runs the program for a stack under the mock monitor, with no
// cloud credentials, and renders what it would create.
package plan

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/cost"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// Result is one stack's offline plan.
type Result struct {
	Stack    *stackconfig.Stack
	Platform *stacks.Platform
	Graph    *mockgraph.Graph
	// Cost is the monthly cost estimate of what the plan creates.
	Cost *cost.Estimate
}

// Run runs the program for a loaded stack config.
func Run(s *stackconfig.Stack) (*Result, error) {
	r := &Result{Stack: s}
	g, err := mockgraph.Run(mockgraph.RunOptions{
		Project: s.Project, Stack: s.Name, Config: s.Config, SecretKeys: s.SecretKeys,
	}, func(ctx *pulumi.Context) error {
		p, err := stacks.Deploy(ctx)
		r.Platform = p
		return err
	})
	r.Graph = g
	if err != nil {
		return r, err
	}
	r.Cost, err = cost.Run(g, cost.InputsOf(r.Platform.Config))
	return r, err
}

// Group is the resources of one component instance.
type Group struct {
	Component string // "webplatform:network:Network webplatform-dev", or "(stack)"
	Counts    map[string]int
	Total     int
}

// Groups returns the resources grouped by their nearest component, sorted.
func (r *Result) Groups() []Group {
	byKey := map[string]*Group{}
	for _, res := range r.Graph.All() {
		if !res.Custom || strings.HasPrefix(res.Type, "pulumi:providers:") {
			continue
		}
		key := "(stack)"
		if c := r.Graph.Component(res); c != nil {
			key = c.Type + " " + c.Name
		}
		g, ok := byKey[key]
		if !ok {
			g = &Group{Component: key, Counts: map[string]int{}}
			byKey[key] = g
		}
		g.Counts[res.Type]++
		g.Total++
	}
	out := make([]Group, 0, len(byKey))
	for _, g := range byKey {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Component < out[j].Component })
	return out
}

// Total is the number of cloud resources (custom, non-provider) planned.
func (r *Result) Total() int {
	n := 0
	for _, g := range r.Groups() {
		n += g.Total
	}
	return n
}

// Write renders the plan as text.
func (r *Result) Write(w io.Writer) {
	fmt.Fprintf(w, "== stack %s (project %s)\n\n", r.Stack.Name, r.Stack.Project)
	fmt.Fprintln(w, "Key settings:")
	group := ""
	for _, s := range r.Platform.Summary() {
		if s.Group != group {
			group = s.Group
			fmt.Fprintf(w, "  [%s]\n", group)
		}
		fmt.Fprintf(w, "    %-24s %s\n", s.Name, s.Value)
	}
	if ops := r.Platform.Ops; ops != nil && ops.Monitoring != nil {
		fmt.Fprintln(w, "\nAlarms by tier:")
		for _, l := range monitoring.TierSummary(ops.Monitoring.Alarms, ops.Monitoring.NamePrefix) {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprintln(w, "\nResources by component:")
	for _, g := range r.Groups() {
		fmt.Fprintf(w, "  %s: %d\n", g.Component, g.Total)
		types := make([]string, 0, len(g.Counts))
		for t := range g.Counts {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			fmt.Fprintf(w, "    %-52s %3d\n", t, g.Counts[t])
		}
	}
	fmt.Fprintf(w, "\nTotal: %d resources\n\n", r.Total())
	if r.Cost != nil {
		r.Cost.Write(w)
		fmt.Fprintln(w)
	}
}
