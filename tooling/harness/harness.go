// Package harness is what every test uses to run Pulumi programs under
// the recording mock monitor: a component on its own, or the whole program
// with the config of one of the real Pulumi.<stack>.yaml files.
package harness

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// TB is the part of testing.TB the harness uses; *testing.T satisfies it.
// The harness takes it instead of importing "testing", which belongs to
// test binaries only.
type TB interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// Stacks are the stacks the project ships: every Pulumi.<stack>.yaml, in
// promotion order (stackconfig.Names), so a new stack file is tested
// without a list to update.
func Stacks(t TB) []string {
	t.Helper()
	names, err := stackconfig.Names(Root(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no Pulumi.<stack>.yaml found")
	}
	return names
}

// Root is the project directory (the one holding Pulumi.yaml).
func Root(t TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := stackconfig.FindRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// LoadStack reads Pulumi.yaml and Pulumi.<name>.yaml.
func LoadStack(t TB, name string) *stackconfig.Stack {
	t.Helper()
	s, err := stackconfig.Load(Root(t), name)
	if err != nil {
		t.Fatalf("loading stack %s: %v", name, err)
	}
	return s
}

// RunConfig runs stacks.Run with a loaded (possibly modified) stack config,
// as the next deployment of s.Previous when it is set.
func RunConfig(s *stackconfig.Stack) (*mockgraph.Graph, error) {
	return mockgraph.Run(mockgraph.RunOptions{
		Project: s.Project, Stack: s.Name, Config: s.Config, SecretKeys: s.SecretKeys, StackOutputs: s.Previous,
	}, stacks.Run)
}

// Deployed returns an edit that makes the run the next deployment of a
// stack whose last deployment recorded these values (key, value, ...) in
// its stacks.DeployedOutput output.
func Deployed(kv ...string) func(*stackconfig.Stack) {
	d := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i]] = kv[i+1]
	}
	return After(map[string]any{stacks.DeployedOutput: d})
}

// After returns an edit that makes the run the next deployment of a stack
// whose last deployment exported outputs (as mockgraph.Graph.Exports of
// that run returns them).
func After(outputs map[string]any) func(*stackconfig.Stack) {
	return func(s *stackconfig.Stack) { s.Previous = outputs }
}

// RunStackErr runs the whole program for a stack after applying edits to
// its config, returning the graph and the program's error.
func RunStackErr(t TB, name string, edits ...func(*stackconfig.Stack)) (*mockgraph.Graph, error) {
	t.Helper()
	s := LoadStack(t, name)
	for _, edit := range edits {
		edit(s)
	}
	return RunConfig(s)
}

// RunStack is RunStackErr that fails the test on error.
func RunStack(t TB, name string, edits ...func(*stackconfig.Stack)) *mockgraph.Graph {
	t.Helper()
	g, err := RunStackErr(t, name, edits...)
	if err != nil {
		t.Fatalf("stack %s: %v", name, err)
	}
	return g
}

// Set returns an edit that sets a config key ("key" or "ns:key").
func Set(key, value string) func(*stackconfig.Stack) {
	return func(s *stackconfig.Stack) { s.Set(key, value) }
}

// Unset returns an edit that removes a config key.
func Unset(key string) func(*stackconfig.Stack) {
	return func(s *stackconfig.Stack) { s.Unset(key) }
}

// Run runs a program (typically one component) in a project named "test"
// with the given region and returns the graph and the program's error.
func Run(t TB, region string, program pulumi.RunFunc) (*mockgraph.Graph, error) {
	t.Helper()
	return mockgraph.Run(mockgraph.RunOptions{
		Project: "test", Stack: "unit",
		Config: map[string]string{"aws:region": region},
	}, program)
}

// MustRun is Run that fails the test on error.
func MustRun(t TB, region string, program pulumi.RunFunc) *mockgraph.Graph {
	t.Helper()
	g, err := Run(t, region, program)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return g
}
