// Command engine runs the program under the real Pulumi engine, offline,
// and prints the report: per stack the resources, the outputs, the no-op
// second preview and refresh, in prod the refused replacement of a
// protected resource and the refused destroy, the config type refusal, and
// the deploy time of up next to the longest dependency chain.
//
//	go run ./cmd/engine                       # every stack
//	go run ./cmd/engine --stack prod --parallel 512
//	go run ./cmd/engine --upgrade-from v0.3.0 # up at that commit, preview this checkout
//	go run ./cmd/engine --upgrade-from df61a2a --expect 'update .*eks-autoscaler \(changed: policy\)'
//
// --upgrade-from REV checks what a user upgrading from REV would get: per
// stack, `pulumi up` of the program as committed at REV (its own project
// and stack files, from git archive), then `pulumi preview` of this
// checkout on the same state. It fails on any change the preview reports
// that no --expect pattern names: a refactor must show none, a fix exactly
// the changes it names.
//
// Without WEBPLATFORM_ENGINE_ENV it runs `bash scripts/engine.sh setup`
// first (the CLI and the Go language host are built once and cached in
// ~/.cache/webplatform; the stand-in plugins from this checkout).
package main

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

func main() {
	stack := flag.String("stack", "all", "dev, staging, prod or all")
	runtimeGo := flag.String("runtime-go", "", "stacks run through `runtime: go` (comma-separated; default dev, \"none\")")
	scale := flag.Duration("scale", engine.DefaultTimeScale, "STANDIN_TIME_SCALE for the measured up (0: no sleeps, no deploy-time table)")
	parallel := flag.Int("parallel", 0, "--parallel for the measured up (0: engine.DeployParallel, the workflows' value)")
	keep := flag.Bool("keep", false, "keep the work directory (projects, state, plan)")
	from := flag.String("upgrade-from", "", "git revision: up with it, then preview this checkout on the same state (fails on any change)")
	var expect setFlags
	flag.Var(&expect, "expect", "with --upgrade-from: a regular expression for a change the upgrade is meant to make (matched against the change line; repeatable)")
	flag.Parse()
	var ok bool
	var err error
	if *from != "" {
		ok, err = upgrade(*from, *stack, *keep, expect)
	} else {
		ok, err = run(*stack, *runtimeGo, *scale, *parallel, *keep)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(stack, runtimeGo string, scale time.Duration, parallel int, keep bool) (bool, error) {
	if runtimeGo != "" {
		_ = os.Setenv("WEBPLATFORM_ENGINE_RUNTIME_GO", runtimeGo)
	}
	ses, err := start(stack, keep)
	if err != nil {
		return false, err
	}
	defer ses.done()
	ctx := context.Background()
	t0 := time.Now()
	o, err := engine.Prepare(ctx, ses.env, ses.repo, ses.work, os.Stderr)
	if err != nil {
		return false, err
	}
	o.TimeScale, o.Parallel = scale, cmp.Or(parallel, engine.DeployParallel)
	ok := true
	var summary []string
	for _, s := range ses.stacks {
		r := engine.RunStack(ctx, o, s)
		engine.WriteStack(os.Stdout, r)
		for _, bad := range engine.Check(r) {
			fmt.Printf("  FAIL: %s\n", bad)
			ok = false
		}
		if d := r.Deploy; d != nil && d.Chain != nil && d.Parallel == engine.DeployParallel && d.Ratio > engine.MaxRatio {
			fmt.Printf("  FAIL: up took %.3f x the longest dependency chain, more than %.2f\n", d.Ratio, engine.MaxRatio)
			ok = false
		}
		if d := r.Deploy; d != nil && d.Chain != nil {
			summary = append(summary, fmt.Sprintf("| %s | %d | %.1fs | %.2fs | %.2fs (%.0f AWS s) | %.3f |",
				s, d.Parallel, d.Wall.Seconds(), d.Span.Seconds(), d.ChainTime.Seconds(), d.Chain.Seconds, d.Ratio))
		}
	}
	cases, err := engine.RunConfigChecks(ctx, o, ses.stacks[0])
	if err != nil {
		return false, err
	}
	engine.WriteConfig(os.Stdout, ses.stacks[0], cases)
	for _, bad := range engine.CheckConfig(cases) {
		fmt.Printf("  FAIL: %s\n", bad)
		ok = false
	}
	if len(summary) > 0 {
		fmt.Printf("== deploy time (STANDIN_TIME_SCALE=%s)\n| stack | --parallel | up wall | up steps | longest chain | steps/chain |\n|---|---|---|---|---|---|\n%s\n\n",
			scale, strings.Join(summary, "\n"))
	}
	result := "PASS"
	if !ok {
		result = "FAIL"
	}
	fmt.Printf("engine: %s in %s\n", result, time.Since(t0).Round(time.Second))
	return ok, nil
}

// setup runs `scripts/engine.sh setup` and returns the env file path.
func setup(repo string) (string, error) {
	script := filepath.Join(repo, "scripts", "engine.sh")
	cmd := exec.Command("bash", script, "setup") //nolint:gosec // the repository's own script
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("scripts/engine.sh setup: %w", err)
	}
	var out bytes.Buffer
	cmd = exec.Command("bash", script, "env") //nolint:gosec // the repository's own script
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", err
	}
	return strings.TrimSpace(out.String()), nil
}

// upgrade runs engine.Upgrade from the git revision rev to this checkout.
func upgrade(rev, stack string, keep bool, expect []string) (bool, error) {
	var expected []*regexp.Regexp
	for _, e := range expect {
		re, err := regexp.Compile(e)
		if err != nil {
			return false, fmt.Errorf("--expect %q: %w", e, err)
		}
		expected = append(expected, re)
	}
	ses, err := start(stack, keep)
	if err != nil {
		return false, err
	}
	defer ses.done()
	old := filepath.Join(ses.work, "old-repo")
	if err := extract(ses.repo, rev, old); err != nil {
		return false, err
	}
	t0 := time.Now()
	results, err := engine.Upgrade(context.Background(), ses.env, old, ses.repo, ses.work, ses.stacks)
	if err != nil {
		return false, err
	}
	ok := true
	for _, r := range results {
		switch {
		case r.Err != nil:
			fmt.Printf("== %s: FAILED: %v\n", r.Stack, r.Err)
			ok = false
		case r.Up.Err != nil:
			fmt.Printf("== %s: up at %s FAILED: %s\n", r.Stack, rev, r.Up.ErrorText())
			ok = false
		case r.Preview.Err != nil:
			fmt.Printf("== %s: preview of this checkout FAILED: %s\n", r.Stack, r.Preview.ErrorText())
			ok = false
		default:
			fmt.Printf("== %s: up at %s (%s), then preview of this checkout: %d changes\n", r.Stack, rev, r.Up.CountsString(), len(r.Preview.Changes))
			for _, c := range r.Preview.Changes {
				if matchesAny(expected, c.String()) {
					fmt.Printf("  expected: %s\n", c)
					continue
				}
				fmt.Printf("  UNEXPECTED: %s\n", c)
				ok = false
			}
		}
	}
	result := "PASS (no unexpected change)"
	if !ok {
		result = "FAIL (unexpected changes or errors above)"
	}
	fmt.Printf("engine upgrade from %s: %s in %s\n", rev, result, time.Since(t0).Round(time.Second))
	return ok, nil
}

// session is what both modes start from: the checkout, the engine env, a
// work directory (kept with --keep) and the stacks to run.
type session struct {
	repo, work string
	env        *engine.Env
	stacks     []string
	done       func() // removes the work directory unless kept
}

func start(stack string, keep bool) (*session, error) {
	repo, err := engine.RepoRoot(".")
	if err != nil {
		return nil, err
	}
	env, err := loadEnv(repo)
	if err != nil {
		return nil, err
	}
	stacks, err := engine.Stacks(repo)
	if err != nil {
		return nil, err
	}
	if stack != "all" {
		stacks = strings.Split(stack, ",")
	}
	work, err := engine.TempDir("")
	if err != nil {
		return nil, err
	}
	ses := &session{repo: repo, work: work, env: env, stacks: stacks, done: func() { _ = os.RemoveAll(work) }}
	if keep {
		fmt.Fprintf(os.Stderr, "engine: work directory %s\n", work)
		ses.done = func() {}
	}
	return ses, nil
}

// loadEnv sets the engine up (scripts/engine.sh) unless the env is given.
func loadEnv(repo string) (*engine.Env, error) {
	if os.Getenv(engine.EnvVar) == "" {
		path, err := setup(repo)
		if err != nil {
			return nil, err
		}
		_ = os.Setenv(engine.EnvVar, path)
	}
	return engine.LoadEnv()
}

// extract writes the tree of rev into dir (git archive: no worktree to
// clean up, no effect on the checkout).
func extract(repo, rev, dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	cmd := exec.Command("sh", "-c", `git -C "$1" archive "$2" | tar -x -C "$3"`, "sh", repo, rev, dir) //nolint:gosec // fixed command, arguments passed positionally
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git archive %s: %w", rev, err)
	}
	return nil
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }
