package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// StateResource is one resource of an exported stack state.
type StateResource struct {
	URN          string         `json:"urn"`
	Type         string         `json:"type"`
	Custom       bool           `json:"custom"`
	ID           string         `json:"id"`
	Parent       string         `json:"parent"`
	Provider     string         `json:"provider"`
	Dependencies []string       `json:"dependencies"`
	Protect      bool           `json:"protect"`
	Inputs       map[string]any `json:"inputs"`
	Outputs      map[string]any `json:"outputs"`
}

// ProviderURN is the URN part of the provider reference ("urn::id").
func (r *StateResource) ProviderURN() string {
	if i := strings.LastIndex(r.Provider, "::"); i > 0 {
		return r.Provider[:i]
	}
	return r.Provider
}

// State is an exported stack (`pulumi stack export`).
type State struct {
	Resources []*StateResource
	byURN     map[string]*StateResource
}

// ParseState reads the deployment of `pulumi stack export`.
func ParseState(d apitype.UntypedDeployment) (*State, error) {
	var dep struct {
		Resources []*StateResource `json:"resources"`
	}
	if err := json.Unmarshal(d.Deployment, &dep); err != nil {
		return nil, fmt.Errorf("stack export: %w", err)
	}
	s := &State{Resources: dep.Resources, byURN: map[string]*StateResource{}}
	for _, r := range s.Resources {
		s.byURN[r.URN] = r
	}
	return s, nil
}

// ByURN returns the resource with that URN, or nil.
func (s *State) ByURN(urn string) *StateResource { return s.byURN[urn] }

// Edge kinds of the dependency graph.
const (
	EdgeDependency = "dependency"
	EdgeParent     = "parent"
	EdgeProvider   = "provider"
)

// Pred is one predecessor of a resource: something that must exist before
// the engine can create it.
type Pred struct {
	URN, Kind string
}

// Preds are r's predecessors: its recorded dependencies, its parent (the
// SDK sends a child's registration only once the parent's URN resolves,
// which for a custom parent is after its create), and its provider.
func (s *State) Preds(r *StateResource) []Pred {
	var out []Pred
	seen := map[string]bool{}
	add := func(urn, kind string) {
		if urn == "" || seen[urn] || s.byURN[urn] == nil {
			return
		}
		seen[urn] = true
		out = append(out, Pred{urn, kind})
	}
	for _, d := range r.Dependencies {
		add(d, EdgeDependency)
	}
	add(r.Parent, EdgeParent)
	add(r.ProviderURN(), EdgeProvider)
	return out
}

// ChainLink is one resource on the longest chain.
type ChainLink struct {
	URN, Type string
	Seconds   float64 // its own create time, AWS seconds
	Finish    float64 // earliest finish from the start, AWS seconds
	Via       string  // the edge kind from the previous link
}

// Chain is the longest dependency chain of a state, weighted by create time.
type Chain struct {
	Seconds  float64 // AWS seconds
	Links    []ChainLink
	Earliest map[string]float64 // earliest start per URN, AWS seconds
}

// LongestChain computes, with weight(type) as each custom resource's create
// time (components, providers and the stack weigh nothing), the earliest
// finish of every resource and the longest chain.
func (s *State) LongestChain(weight func(typ string) float64) (*Chain, error) {
	finish := map[string]float64{}
	start := map[string]float64{}
	prev := map[string]Pred{}
	state := map[string]int{} // 0 new, 1 visiting, 2 done
	var visit func(r *StateResource) error
	visit = func(r *StateResource) error {
		switch state[r.URN] {
		case 1:
			return fmt.Errorf("dependency cycle through %s", r.URN)
		case 2:
			return nil
		}
		state[r.URN] = 1
		best := 0.0
		for _, p := range s.Preds(r) {
			if err := visit(s.byURN[p.URN]); err != nil {
				return err
			}
			if f := finish[p.URN]; prev[r.URN].URN == "" || f > best {
				best = f
				prev[r.URN] = p
			}
		}
		start[r.URN] = best
		finish[r.URN] = best + own(r, weight)
		state[r.URN] = 2
		return nil
	}
	var last *StateResource
	for _, r := range s.Resources {
		if err := visit(r); err != nil {
			return nil, err
		}
		if last == nil || finish[r.URN] > finish[last.URN] {
			last = r
		}
	}
	c := &Chain{Earliest: start}
	if last == nil {
		return c, nil
	}
	c.Seconds = finish[last.URN]
	for r := last; r != nil; {
		p := prev[r.URN]
		c.Links = append(c.Links, ChainLink{URN: r.URN, Type: r.Type, Seconds: own(r, weight), Finish: finish[r.URN], Via: p.Kind})
		if p.URN == "" {
			break
		}
		r = s.byURN[p.URN]
	}
	for i, j := 0, len(c.Links)-1; i < j; i, j = i+1, j-1 {
		c.Links[i], c.Links[j] = c.Links[j], c.Links[i]
	}
	return c, nil
}

func own(r *StateResource, weight func(string) float64) float64 {
	if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") || weight == nil {
		return 0
	}
	return weight(r.Type)
}

// Late is a resource whose step started later than the graph allows.
type Late struct {
	URN, Type string
	Slack     time.Duration // observed start minus earliest possible start
	// After is the resource whose step finished last before this one
	// started; when it is not a predecessor in the state, the program
	// waited for it without recording a dependency (an apply) or the step
	// waited for a free worker (--parallel).
	After         string
	AfterRecorded bool
}

// LateSteps compares the observed step starts of an up with the earliest
// starts the graph allows (scale per AWS second) and returns the steps that
// started more than min late, latest first.
func (s *State) LateSteps(c *Chain, steps map[string]*StepTime, scale time.Duration, minSlack time.Duration) []Late {
	t0 := firstStart(steps)
	var out []Late
	for urn, st := range steps {
		r := s.byURN[urn]
		if r == nil || !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		earliest := time.Duration(c.Earliest[urn] * float64(scale))
		slack := st.Start - t0 - earliest
		if slack < minSlack {
			continue
		}
		l := Late{URN: urn, Type: r.Type, Slack: slack}
		var best time.Duration = -1
		for u, o := range steps {
			if u == urn || o.End < 0 || o.End > st.Start {
				continue
			}
			if o.End > best {
				best, l.After = o.End, u
			}
		}
		for _, p := range s.Preds(r) {
			if p.URN == l.After {
				l.AfterRecorded = true
			}
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slack > out[j].Slack })
	return out
}

// StepSpan is the time from the first custom resource step's start to the
// last one's end: the part of an up that the providers' create times drive
// (without the CLI's and the program's start-up, and without components,
// whose outputs event waits for their outputs' values).
func (s *State) StepSpan(steps map[string]*StepTime) time.Duration {
	var first, last time.Duration = -1, 0
	for _, st := range s.customSteps(steps) {
		if first < 0 || st.Start < first {
			first = st.Start
		}
		if st.End > last {
			last = st.End
		}
	}
	if first < 0 {
		return 0
	}
	return last - first
}

// Gate kinds: what a step on the observed path waited for.
const (
	GateDependency = "dependency" // a recorded predecessor finished
	GateWorker     = "worker"     // all --parallel workers were busy; one freed up
	GateProgram    = "program"    // the program registered it only then (it awaited an output first)
	GateStart      = "start"
)

// ObservedLink is one step on the path that actually determined an up's
// duration, walked back from the step that ended last.
type ObservedLink struct {
	URN, Type  string
	Start, End time.Duration // relative to the first step's start
	Gate       string        // what its start waited for
	After      string        // the step whose end released it
	InFlight   int           // steps running just before it started
}

// ObservedPath walks back from the last step to end: each step's start is
// attributed to a recorded predecessor ending then, to a worker freeing up
// (parallel steps were in flight), or else to the program registering it
// late (it waited on an output inside an apply, or registered after code
// that did).
func (s *State) ObservedPath(steps map[string]*StepTime, parallel int) []ObservedLink {
	const eps = 30 * time.Millisecond
	steps = s.customSteps(steps)
	var t0 time.Duration = -1
	var last *StepTime
	for _, st := range steps {
		if t0 < 0 || st.Start < t0 {
			t0 = st.Start
		}
		if last == nil || st.End > last.End {
			last = st
		}
	}
	if last == nil {
		return nil
	}
	inFlight := func(at time.Duration, self string) int {
		n := 0
		for u, o := range steps {
			if u != self && o.Start < at && (o.End < 0 || o.End > at-eps) {
				n++
			}
		}
		return n
	}
	endedBefore := func(at time.Duration, among func(string) bool) *StepTime {
		var best *StepTime
		for u, o := range steps {
			if o.End < 0 || o.End > at+eps || !among(u) {
				continue
			}
			if best == nil || o.End > best.End {
				best = o
			}
		}
		return best
	}
	var out []ObservedLink
	seen := map[string]bool{}
	for cur := last; cur != nil && !seen[cur.URN]; {
		seen[cur.URN] = true
		l := ObservedLink{URN: cur.URN, Type: cur.Type, Start: cur.Start - t0, End: cur.End - t0, InFlight: inFlight(cur.Start, cur.URN)}
		var next *StepTime
		preds := map[string]bool{}
		if r := s.byURN[cur.URN]; r != nil {
			for _, p := range s.Preds(r) {
				preds[p.URN] = true
			}
		}
		dep := endedBefore(cur.Start, func(u string) bool { return preds[u] })
		other := endedBefore(cur.Start, func(u string) bool { return u != cur.URN })
		switch {
		case cur.Start-t0 < eps:
			l.Gate = GateStart
		case dep != nil && dep.End >= cur.Start-eps:
			l.Gate, next = GateDependency, dep
		case parallel > 0 && l.InFlight >= parallel:
			l.Gate, next = GateWorker, other
		default:
			l.Gate, next = GateProgram, other
		}
		if next != nil {
			l.After = next.URN
		}
		out = append(out, l)
		cur = next
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// customSteps are the steps of custom resources (providers included): the
// ones that take a worker and whose end is their provider's answer.
func (s *State) customSteps(steps map[string]*StepTime) map[string]*StepTime {
	out := map[string]*StepTime{}
	for u, st := range steps {
		if r := s.byURN[u]; r != nil && r.Custom {
			out[u] = st
		}
	}
	return out
}

// Registration is when a component was registered (its step started),
// relative to the first step: a component registered long after the one
// before it in program order means the program was blocked in between.
type Registration struct {
	URN string
	At  time.Duration
	Gap time.Duration // since the previous component's registration
}

// ComponentRegistrations lists the components in the order the program
// registered them.
func (s *State) ComponentRegistrations(steps map[string]*StepTime) []Registration {
	t0 := firstStart(steps)
	var out []Registration
	for u, st := range steps {
		if r := s.byURN[u]; r != nil && !r.Custom && r.Type != "pulumi:pulumi:Stack" {
			out = append(out, Registration{URN: u, At: st.Start - t0})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At < out[j].At })
	for i := range out {
		if i > 0 {
			out[i].Gap = out[i].At - out[i-1].At
		}
	}
	return out
}

// firstStart is when the earliest step of an up started.
func firstStart(steps map[string]*StepTime) time.Duration {
	var t0 time.Duration = -1
	for _, st := range steps {
		if t0 < 0 || st.Start < t0 {
			t0 = st.Start
		}
	}
	return t0
}
