package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// Change is one resource step other than "same".
type Change struct {
	URN   string
	Op    string
	Keys  []string // properties forcing a replacement
	Diffs []string // properties that changed
}

func (c Change) String() string {
	s := c.Op + " " + c.URN
	if len(c.Diffs) > 0 {
		s += " (changed: " + strings.Join(c.Diffs, ", ") + ")"
	}
	if len(c.Keys) > 0 {
		s += " (replace keys: " + strings.Join(c.Keys, ", ") + ")"
	}
	return s
}

// StepTime is when a resource step started and finished, as seen by the
// event stream, relative to the start of the operation.
type StepTime struct {
	URN, Type, Op string
	Start, End    time.Duration
}

// OpResult is one engine operation.
type OpResult struct {
	Name     string
	Wall     time.Duration
	Err      error
	Counts   map[string]int // step op -> resources (from the events)
	Changes  []Change       // every step whose op is not "same"
	Errors   []string       // error diagnostics
	Steps    map[string]*StepTime
	Stdout   string
	Stderr   string
	Parallel int
	// CaughtUp are the program's reads of its own stack that a refresh
	// updated to the last deployment's outputs (Refresh).
	CaughtUp []string
	// Policy is what a policy pack reported (nil when none ran).
	Policy *PolicyReport
}

// Changed reports whether any resource step was not "same".
func (r *OpResult) Changed() bool { return len(r.Changes) > 0 }

// CountsString renders the step counts ("same 213, create 2").
func (r *OpResult) CountsString() string {
	ops := make([]string, 0, len(r.Counts))
	for op := range r.Counts {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	parts := make([]string, 0, len(ops))
	for _, op := range ops {
		parts = append(parts, fmt.Sprintf("%s %d", op, r.Counts[op]))
	}
	return strings.Join(parts, ", ")
}

// ErrorText is the error diagnostics, or the CLI's stderr when there are
// none.
func (r *OpResult) ErrorText() string {
	if len(r.Errors) > 0 {
		return strings.Join(r.Errors, "\n")
	}
	if r.Err != nil {
		return r.Err.Error()
	}
	return ""
}

// collector turns the engine's event stream into an OpResult.
type collector struct {
	mu    sync.Mutex
	start time.Time
	res   *OpResult
	done  chan struct{}
}

func newCollector(name string) (*collector, chan events.EngineEvent) {
	c := &collector{start: time.Now(), res: &OpResult{Name: name, Counts: map[string]int{}, Steps: map[string]*StepTime{}}, done: make(chan struct{})}
	ch := make(chan events.EngineEvent)
	go func() {
		defer close(c.done)
		for ev := range ch {
			c.add(ev)
		}
	}()
	return c, ch
}

func (c *collector) add(ev events.EngineEvent) {
	now := time.Since(c.start)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addPolicy(ev)
	switch {
	case ev.ResourcePreEvent != nil:
		m := ev.ResourcePreEvent.Metadata
		if m.Type == "pulumi:pulumi:Stack" {
			return
		}
		c.res.Steps[m.URN] = &StepTime{URN: m.URN, Type: m.Type, Op: string(m.Op), Start: now, End: -1}
		c.res.Counts[string(m.Op)]++
		if m.Op != apitype.OpSame && m.Op != apitype.OpRead && m.Op != apitype.OpRefresh {
			c.res.Changes = append(c.res.Changes, Change{URN: m.URN, Op: string(m.Op), Keys: m.Keys, Diffs: m.Diffs})
		}
	case ev.ResOutputsEvent != nil:
		m := ev.ResOutputsEvent.Metadata
		// The first outputs event ends the step; a component sends another
		// when it registers its outputs, which waits for their values.
		if s, ok := c.res.Steps[m.URN]; ok && s.End < 0 {
			s.End = now
		}
	case ev.DiagnosticEvent != nil:
		d := ev.DiagnosticEvent
		if d.Severity == "error" {
			msg := strings.TrimSpace(d.Message)
			if d.URN != "" {
				msg = d.URN + ": " + msg
			}
			c.res.Errors = append(c.res.Errors, msg)
		}
	}
}

func (c *collector) finish(err error, stdout, stderr string) *OpResult {
	// The Automation API closes the event channels when the CLI ends its
	// event stream; a CLI that fails before it opens one (config
	// validation) never does.
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Wall = time.Since(c.start)
	c.res.Err = err
	c.res.Stdout, c.res.Stderr = stdout, stderr
	sort.Slice(c.res.Changes, func(i, j int) bool { return c.res.Changes[i].URN < c.res.Changes[j].URN })
	return c.res
}

// Preview runs `pulumi preview`.
func Preview(ctx context.Context, s auto.Stack, name string, opts ...optpreview.Option) *OpResult {
	c, ch := newCollector(name)
	r, err := s.Preview(ctx, append(opts, optpreview.EventStreams(ch), optpreview.Diff())...)
	return c.finish(err, r.StdOut, r.StdErr)
}

// Up runs `pulumi up` (parallel 0: the CLI's default).
func Up(ctx context.Context, s auto.Stack, name string, parallel int, opts ...optup.Option) *OpResult {
	c, ch := newCollector(name)
	opts = append(opts, optup.EventStreams(ch))
	if parallel > 0 {
		opts = append(opts, optup.Parallel(parallel))
	}
	r, err := s.Up(ctx, opts...)
	res := c.finish(err, r.StdOut, r.StdErr)
	res.Parallel = parallel
	return res
}

// Refresh runs `pulumi refresh`. The program reads its own stack's
// previous deployment (a StackReference to the stack itself, see
// ownStackReads); after an up that changed the stack's outputs, refresh
// updates that read to the outputs the up wrote. That is the read catching
// up with the last deployment, not drift, so it is left out of Changes
// (and of the "update" count) and reported in CaughtUp.
func Refresh(ctx context.Context, s auto.Stack, name string) *OpResult {
	before := ownStackReads(ctx, s)
	c, ch := newCollector(name)
	r, err := s.Refresh(ctx, optrefresh.EventStreams(ch))
	res := c.finish(err, r.StdOut, r.StdErr)
	after := ownStackReads(ctx, s)
	for urn, outs := range after {
		if old, ok := before[urn]; ok && old != outs {
			res.CaughtUp = append(res.CaughtUp, urn)
		}
	}
	sort.Strings(res.CaughtUp)
	// A refresh step's event says "refresh"; what it found is in the
	// summary: "same" for every resource when the state matches the cloud.
	if r.Summary.ResourceChanges != nil {
		res.Counts = map[string]int{}
		for op, n := range *r.Summary.ResourceChanges {
			if op == string(apitype.OpUpdate) {
				n -= len(res.CaughtUp)
			}
			res.Counts[op] = n
			if op != string(apitype.OpSame) && n > 0 {
				res.Changes = append(res.Changes, Change{Op: op, URN: fmt.Sprintf("(%d resources)", n)})
			}
		}
	}
	return res
}

// ownStackReads maps the URN of each StackReference the stack holds to
// its own stack (name "<org>/<project>/<stack>") to its outputs as JSON;
// nil when the state cannot be exported.
func ownStackReads(ctx context.Context, s auto.Stack) map[string]string {
	d, err := s.Export(ctx)
	if err != nil {
		return nil
	}
	state, err := ParseState(d)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, r := range state.Resources {
		name, _ := r.Outputs["name"].(string)
		if r.Type != "pulumi:pulumi:StackReference" || !strings.HasSuffix(name, "/"+s.Name()) {
			continue
		}
		b, _ := json.Marshal(r.Outputs["outputs"])
		out[r.URN] = string(b)
	}
	return out
}

// PreviewDestroy runs `pulumi destroy --preview-only`.
func PreviewDestroy(ctx context.Context, s auto.Stack, name string) *OpResult {
	c, ch := newCollector(name)
	r, err := s.PreviewDestroy(ctx, optdestroy.EventStreams(ch))
	return c.finish(err, r.StdOut, r.StdErr)
}

// Destroy runs `pulumi destroy`.
func Destroy(ctx context.Context, s auto.Stack, name string) *OpResult {
	c, ch := newCollector(name)
	r, err := s.Destroy(ctx, optdestroy.EventStreams(ch))
	return c.finish(err, r.StdOut, r.StdErr)
}
