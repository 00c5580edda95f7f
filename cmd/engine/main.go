// Command engine runs the program under the real Pulumi engine, offline,
// and prints the report: per stack the resources, the outputs, the no-op
// second preview and refresh, in prod the refused replacement of a
// protected resource and the refused destroy, the config type refusal, and
// the deploy time of up next to the longest dependency chain.
//
//	go run ./cmd/engine                       # every stack
//	go run ./cmd/engine --stack prod --parallel 512
//
// Without WEBPLATFORM_ENGINE_ENV it runs `bash scripts/engine.sh setup`
// first (the CLI and the Go language host are built once and cached in
// ~/.cache/webplatform; the stand-in plugins from this checkout).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

func main() {
	stack := flag.String("stack", "all", "dev, staging, prod or all")
	runtimeGo := flag.String("runtime-go", "", "stacks run through `runtime: go` (comma-separated; default dev, \"none\")")
	scale := flag.Duration("scale", engine.DefaultTimeScale, "STANDIN_TIME_SCALE for the measured up (0: no sleeps, no deploy-time table)")
	parallel := flag.Int("parallel", 0, "--parallel for the measured up (0: the CLI's default)")
	keep := flag.Bool("keep", false, "keep the work directory (projects, state, plan)")
	flag.Parse()
	ok, err := run(*stack, *runtimeGo, *scale, *parallel, *keep)
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(stack, runtimeGo string, scale time.Duration, parallel int, keep bool) (bool, error) {
	repo, err := engine.RepoRoot(".")
	if err != nil {
		return false, err
	}
	if os.Getenv(engine.EnvVar) == "" {
		path, err := setup(repo)
		if err != nil {
			return false, err
		}
		_ = os.Setenv(engine.EnvVar, path)
	}
	env, err := engine.LoadEnv()
	if err != nil {
		return false, err
	}
	if runtimeGo != "" {
		_ = os.Setenv("WEBPLATFORM_ENGINE_RUNTIME_GO", runtimeGo)
	}
	work, err := engine.TempDir("")
	if err != nil {
		return false, err
	}
	if keep {
		fmt.Fprintf(os.Stderr, "engine: work directory %s\n", work)
	} else {
		defer func() { _ = os.RemoveAll(work) }()
	}
	ctx := context.Background()
	t0 := time.Now()
	o, err := engine.Prepare(ctx, env, repo, work, os.Stderr)
	if err != nil {
		return false, err
	}
	o.TimeScale, o.Parallel = scale, parallel
	stacks := engine.Stacks
	if stack != "all" {
		stacks = strings.Split(stack, ",")
	}
	ok := true
	var summary []string
	for _, s := range stacks {
		r := engine.RunStack(ctx, o, s)
		engine.WriteStack(os.Stdout, r)
		for _, bad := range engine.Check(r) {
			fmt.Printf("  FAIL: %s\n", bad)
			ok = false
		}
		if d := r.Deploy; d != nil && d.Chain != nil && d.Parallel == engine.DefaultParallel() && d.Ratio > engine.MaxRatio {
			fmt.Printf("  FAIL: up took %.3f x the longest dependency chain, more than %.2f\n", d.Ratio, engine.MaxRatio)
			ok = false
		}
		if d := r.Deploy; d != nil && d.Chain != nil {
			summary = append(summary, fmt.Sprintf("| %s | %d | %.1fs | %.2fs | %.2fs (%.0f AWS s) | %.3f |",
				s, d.Parallel, d.Wall.Seconds(), d.Span.Seconds(), d.ChainTime.Seconds(), d.Chain.Seconds, d.Ratio))
		}
	}
	cases, err := engine.RunConfigChecks(ctx, o, stacks[0])
	if err != nil {
		return false, err
	}
	engine.WriteConfig(os.Stdout, stacks[0], cases)
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
