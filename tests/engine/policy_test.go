package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/webplatform-dev/webplatform/policy/violations"
	"github.com/webplatform-dev/webplatform/tooling/engine"
)

// TestPolicyPackRefusesEveryRule previews policy/violations (a program that
// breaks every rule once, next to a compliant twin) under the real engine
// with `--policy-pack` and the pack binary: the preview is refused, and
// each rule reports its broken resource as a mandatory violation and not
// its twin. The lifecycle (TestLifecycle) runs the same pack on every
// stack's previews and requires zero mandatory violations.
func TestPolicyPackRefusesEveryRule(t *testing.T) {
	o := prepare(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	op, err := engine.PreviewViolations(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if op.Err == nil {
		t.Error("the preview of policy/violations passed: mandatory violations must refuse it")
	}
	if op.Policy == nil {
		t.Fatalf("no policy event: the pack did not run\n%s", engine.FirstLines(op.Stderr+op.ErrorText(), 40))
	}
	got := map[string]map[string]string{} // rule -> resource name -> level
	for _, v := range op.Policy.Violations {
		if got[v.Policy] == nil {
			got[v.Policy] = map[string]string{}
		}
		got[v.Policy][v.URN[strings.LastIndex(v.URN, "::")+2:]] = v.Level
	}
	var b strings.Builder
	fmt.Fprintf(&b, "== policy pack on policy/violations (%.1fs, %d policies evaluated, %d mandatory violations)\n",
		op.Wall.Seconds(), op.Policy.Evaluated(), op.Policy.Count("mandatory"))
	for _, c := range violations.Cases {
		for _, bad := range c.Refused() {
			level := got[c.Rule][bad]
			fmt.Fprintf(&b, "  %-48s refuses %-16s %s\n", c.Rule, bad, level)
			if level != "mandatory" {
				t.Errorf("%s: %s reported as %q, want a mandatory violation (the rule reported %v)", c.Rule, bad, level, got[c.Rule])
			}
		}
		if l, ok := got[c.Rule][c.Good]; ok {
			t.Errorf("%s: the compliant %s was reported (%s)", c.Rule, c.Good, l)
		}
	}
	// cmd/delivery reads the same violations from the CLI's event log.
	if op.Policy.CLIErr != nil {
		t.Errorf("delivery's reading of the CLI's event log: %v", op.Policy.CLIErr)
	}
	cli := map[string]bool{}
	for _, v := range op.Policy.CLI {
		cli[v.Policy+" "+v.URN+" "+v.Level] = true
	}
	for _, v := range op.Policy.Violations {
		if !cli[v.Policy+" "+v.URN+" "+v.Level] {
			t.Errorf("cmd/delivery's event-log parser missed %s %s %s", v.Level, v.Policy, v.URN)
		}
	}
	fmt.Fprintf(&b, "  cmd/delivery read %d violations from the CLI's --event-log (the engine events: %d)\n", len(op.Policy.CLI), len(op.Policy.Violations))
	if len(op.Policy.CLI) != len(op.Policy.Violations) {
		t.Errorf("cmd/delivery read %d violations, the engine reported %d", len(op.Policy.CLI), len(op.Policy.Violations))
	}
	report(t, b.String())
}
