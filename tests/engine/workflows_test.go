package engine_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

// TestWorkflowsDeployAtTheMeasuredParallelism catches a workflow that runs
// Pulumi at the CLI's default parallelism (4 x the runner's cores) or at
// another value than the one TestDeployTime bounds (engine.DeployParallel).
func TestWorkflowsDeployAtTheMeasuredParallelism(t *testing.T) {
	repo, err := engine.RepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(repo, ".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows: %v", err)
	}
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "pulumi/actions@") {
			continue
		}
		var wf struct {
			Env map[string]string `yaml:"env"`
		}
		if err := yaml.Unmarshal(b, &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checked++
		if got, want := wf.Env["PULUMI_PARALLEL"], strconv.Itoa(engine.DeployParallel); got != want {
			t.Errorf("%s: top-level env PULUMI_PARALLEL is %q, want %q (engine.DeployParallel)", filepath.Base(f), got, want)
		}
	}
	if checked == 0 {
		t.Error("no workflow runs pulumi/actions")
	}
}
