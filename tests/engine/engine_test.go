package engine_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

// MaxRatio is engine.MaxRatio (the target 1.05 plus engine.Tolerance).
const MaxRatio = engine.MaxRatio

var (
	once    sync.Once
	opts    *engine.Options
	prepErr error
	work    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if work != "" && os.Getenv("WEBPLATFORM_ENGINE_KEEP") == "" {
		_ = os.RemoveAll(work)
	}
	os.Exit(code)
}

// prepare loads the engine env (failing, not skipping, without it), builds
// the program once and runs the offline plan once for every stack.
func prepare(t *testing.T) *engine.Options {
	t.Helper()
	once.Do(func() {
		env, err := engine.LoadEnv()
		if err != nil {
			prepErr = err
			return
		}
		repo, err := engine.RepoRoot(".")
		if err != nil {
			prepErr = err
			return
		}
		if work, err = engine.TempDir(""); err != nil {
			prepErr = err
			return
		}
		o, err := engine.Prepare(context.Background(), env, repo, work, os.Stderr)
		if err != nil {
			prepErr = err
			return
		}
		// Measured at the parallelism the workflows deploy with.
		o.Parallel = engine.DeployParallel
		opts = o
	})
	if prepErr != nil {
		t.Fatal(prepErr)
	}
	return opts
}

func report(t *testing.T, text string) {
	t.Helper()
	t.Log("\n" + text)
	if path := os.Getenv("WEBPLATFORM_ENGINE_REPORT"); path != "" {
		f, err := os.OpenFile(filepath.Clean(path), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Error(err)
			return
		}
		defer func() { _ = f.Close() }()
		_, _ = f.WriteString(text)
	}
}

// TestLifecycle runs every stack through preview, up, a no-op preview and
// refresh, checks the outputs, and in prod the engine's refusals (replacing
// a protected resource, destroy); dev is destroyed. dev runs the user's path
// (`runtime: go`), staging and prod a prebuilt program (engine.Runtimes).
func TestLifecycle(t *testing.T) {
	o := prepare(t)
	stacks, err := engine.Stacks(o.Repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			r := engine.RunStack(ctx, o, stack)
			var b bytes.Buffer
			engine.WriteStack(&b, r)
			report(t, b.String())
			for _, bad := range engine.Check(r) {
				t.Error(bad)
			}
			deploys[stack] = r.Deploy
		})
	}
}

// deploys are the measured ups of TestLifecycle, for TestDeployTime.
var deploys = map[string]*engine.DeployTime{}

// TestDeployTime bounds each stack's up (first step start to last step end,
// at the workflows' --parallel, engine.DeployParallel) by MaxRatio times the longest dependency
// chain of the same state, weighted by the stand-in's create times. It
// reads TestLifecycle's measurements (run both: go test runs them in order).
func TestDeployTime(t *testing.T) {
	if len(deploys) == 0 {
		t.Fatal("no deploy measured: run TestLifecycle too (go test -run 'TestLifecycle|TestDeployTime')")
	}
	for stack, d := range deploys {
		switch {
		case d == nil || d.Chain == nil:
			t.Errorf("%s: no deploy-time measurement", stack)
		case d.Parallel != engine.DeployParallel:
			t.Logf("%s: measured at --parallel %d, not the workflows' %d: not bounded", stack, d.Parallel, engine.DeployParallel)
		case d.Ratio > MaxRatio:
			t.Errorf("%s: up took %.3f x the longest dependency chain (%.2fs vs %.2fs), more than %.2f; the report's "+
				"component timeline and observed path show where it waited", stack, d.Ratio, d.Span.Seconds(), d.ChainTime.Seconds(), MaxRatio)
		}
	}
}

// TestConfigThroughEngine edits a stack file: a string where Pulumi.yaml
// declares an integer is refused by the engine before the program runs; a
// well-typed invalid value by the program, naming the key; an unknown key
// is refused (by the program: the engine does not check unknown keys).
func TestConfigThroughEngine(t *testing.T) {
	o := prepare(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cases, err := engine.RunConfigChecks(ctx, o, "dev")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	engine.WriteConfig(&b, "dev", cases)
	report(t, b.String())
	for _, bad := range engine.CheckConfig(cases) {
		t.Error(bad)
	}
}

// TestEnvMissingFails: without the env the tests fail with the command to
// run, instead of skipping.
func TestEnvMissingFails(t *testing.T) {
	t.Setenv(engine.EnvVar, "")
	_, err := engine.LoadEnv()
	if err == nil || !strings.Contains(err.Error(), "bash scripts/test") {
		t.Fatalf("LoadEnv without %s: %v, want an error naming `bash scripts/test`", engine.EnvVar, err)
	}
}
