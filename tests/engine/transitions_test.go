package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

// TestTransitionsThroughEngine: the program reads its own stack's previous
// deployment with a StackReference (organization/webplatform/dev on the
// file backend). On a fresh stack the read finds no outputs and preview and
// up pass; after up the stack output "deployed" records the Kubernetes
// version, and a preview two minor versions up is refused by the program,
// naming the key, both versions and the intermediate version, before any
// resource step, and one minor version up passes. A refresh after the up
// updates the read (it held the fresh stack's empty outputs) and nothing
// else, and is not reported as drift. The lowest Kubernetes version the program accepts is
// found by previewing candidates (a refused preview ends at the config
// check), so the test follows the program's version catalog.
func TestTransitionsThroughEngine(t *testing.T) {
	o := prepare(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	p, err := engine.NewProject(o.Repo, filepath.Join(o.WorkDir, "project-transitions"), engine.RuntimeBinary, o.Binary)
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Stack(ctx, o.Env, filepath.Join(o.WorkDir, "state-transitions"), "dev")
	if err != nil {
		t.Fatal(err)
	}
	const key = "webplatform:kubernetesVersion"
	start := time.Now()
	var low string
	var first *engine.OpResult
	for minor := 28; minor <= 40 && low == ""; minor++ {
		v := fmt.Sprintf("1.%d", minor)
		if err := s.SetConfig(ctx, key, auto.ConfigValue{Value: v}); err != nil {
			t.Fatal(err)
		}
		pre := engine.Preview(ctx, s, "preview "+v+" (fresh stack)")
		t.Logf("%-32s %6.1fs refused=%v", pre.Name, pre.Wall.Seconds(), pre.Err != nil)
		if pre.Err == nil {
			low, first = v, pre
		} else if msg := pre.ErrorText(); !strings.Contains(msg, key+": must be one of") && !strings.Contains(msg, key+": "+v+" is no longer offered") {
			t.Fatalf("preview of a fresh stack at %s failed other than by the version check (the self-reference?):\n%s", v, pre.ErrorText())
		}
	}
	if low == "" {
		t.Fatal("no Kubernetes version 1.28 to 1.40 accepted on a fresh dev stack")
	}
	if first.Steps[readURN] == nil {
		t.Errorf("the fresh stack's preview did not read %s", readURN)
	}
	up := engine.Up(ctx, s, "up "+low, 0)
	t.Logf("%-32s %6.1fs", up.Name, up.Wall.Seconds())
	if up.Err != nil {
		t.Fatalf("first up failed:\n%s", up.ErrorText())
	}
	outs, err := s.Outputs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := outs["deployed"].Value.(map[string]any)
	switch {
	case !ok:
		t.Fatalf("stack output deployed missing or not a map: %#v", outs["deployed"])
	case outs["deployed"].Secret:
		t.Errorf("stack output deployed is secret; the next deployment reads it as plain values")
	case d["kubernetesVersion"] != low:
		t.Errorf("deployed.kubernetesVersion = %v, want %s", d["kubernetesVersion"], low)
	}

	// The read still holds the fresh stack's (empty) outputs; refresh
	// catches it up with the up's, which TestLifecycle must not count as
	// drift: refresh reports it apart (engine.Refresh) and nothing else.
	ref := engine.Refresh(ctx, s, "refresh")
	t.Logf("%-32s %6.1fs changes=%v caught up=%v", ref.Name, ref.Wall.Seconds(), ref.Changes, ref.CaughtUp)
	if ref.Err != nil || len(ref.Changes) > 0 {
		t.Errorf("refresh after the first up: err %v, changes %v", ref.Err, ref.Changes)
	}
	if len(ref.CaughtUp) != 1 || ref.CaughtUp[0] != readURN {
		t.Errorf("refresh caught up %v, want the own-stack read %s", ref.CaughtUp, readURN)
	}

	var major, minor int
	if _, err := fmt.Sscanf(low, "%d.%d", &major, &minor); err != nil {
		t.Fatal(err)
	}
	next, target := fmt.Sprintf("%d.%d", major, minor+1), fmt.Sprintf("%d.%d", major, minor+2)
	if err := s.SetConfig(ctx, key, auto.ConfigValue{Value: target}); err != nil {
		t.Fatal(err)
	}
	jump := engine.Preview(ctx, s, "preview "+target)
	t.Logf("%-32s %6.1fs refused=%v", jump.Name, jump.Wall.Seconds(), jump.Err != nil)
	want := fmt.Sprintf("%s: %s -> %s: EKS upgrades the control plane one minor version at a time; deploy %s first", key, low, target, next)
	switch {
	case jump.Err == nil:
		t.Errorf("preview from %s to %s passed; want the program's refusal %q", low, target, want)
	case !strings.Contains(jump.ErrorText(), want):
		t.Errorf("preview from %s to %s refused without %q:\n%s", low, target, want, jump.ErrorText())
	}
	for _, c := range jump.Changes {
		t.Errorf("refused preview still planned a step: %s", c)
	}
	if err := s.SetConfig(ctx, key, auto.ConfigValue{Value: next}); err != nil {
		t.Fatal(err)
	}
	step := engine.Preview(ctx, s, "preview "+next)
	t.Logf("%-32s %6.1fs refused=%v", step.Name, step.Wall.Seconds(), step.Err != nil)
	if step.Err != nil {
		t.Errorf("one minor version up (%s -> %s) refused:\n%s", low, next, step.ErrorText())
	}
	del := engine.Destroy(ctx, s, "destroy")
	t.Logf("%-32s %6.1fs; total %s", del.Name, del.Wall.Seconds(), time.Since(start).Round(time.Second))
	if del.Err != nil {
		t.Errorf("destroy: %s", del.ErrorText())
	}
}

// readURN is the program's read of its own stack.
const readURN = "urn:pulumi:dev::webplatform::pulumi:pulumi:StackReference::deployed"
