package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Stacks are the stacks the lifecycle runs, in order.
var Stacks = []string{"dev", "staging", "prod"}

// Tolerance is what the deploy-time bound allows above the 1.05 target.
// It covers what a run scaled down 100x adds and a real deploy does not:
// the engine's and the program's fixed cost per step (gRPC round trips, a
// snapshot write, the program registering the next resource: 50-100 ms on
// 2 shared cores, i.e. 5-10 AWS s per link over the chain's 12 links) and
// the program's start until it registers the cluster (0.4 s, 40 AWS s).
// Measured with the program fixed (no waits of its own) at unbounded
// --parallel: prod 1.21 (2026-12-02).
const Tolerance = 0.15

// MaxRatio bounds an up's steps (first start to last end) at the CLI's
// default --parallel against the longest dependency chain.
const MaxRatio = 1.05 + Tolerance

// DefaultTimeScale is STANDIN_TIME_SCALE for the measured up: 10 ms per AWS
// second keeps prod's chain (about half an hour of AWS time) near 20 s.
const DefaultTimeScale = 10 * time.Millisecond

// Prepare builds the program once (for RuntimeBinary), runs the offline plan
// of every stack once, and returns the options the lifecycle runs with:
//
//	WEBPLATFORM_ENGINE_RUNTIME_GO   stacks run through `runtime: go` (default dev; "none")
//	WEBPLATFORM_ENGINE_TIME_SCALE   STANDIN_TIME_SCALE for the measured up (default 10ms; 0 off)
//	WEBPLATFORM_ENGINE_PARALLEL     --parallel for the measured up (default: the CLI's)
func Prepare(ctx context.Context, env *Env, repo, work string, log io.Writer) (*Options, error) {
	o := &Options{
		Env: env, Repo: repo, WorkDir: work, Log: log,
		PlanDir: filepath.Join(work, "plan"), Binary: filepath.Join(work, "bin", "webplatform"),
		Runtime: map[string]Runtime{}, TimeScale: DefaultTimeScale, Weight: CreateSeconds,
	}
	rts := os.Getenv("WEBPLATFORM_ENGINE_RUNTIME_GO")
	if rts == "" {
		rts = "dev"
	}
	for _, s := range strings.Split(rts, ",") {
		if s = strings.TrimSpace(s); s != "" && s != "none" {
			o.Runtime[s] = RuntimeGo
		}
	}
	if v := os.Getenv("WEBPLATFORM_ENGINE_TIME_SCALE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("WEBPLATFORM_ENGINE_TIME_SCALE=%s: %w", v, err)
		}
		o.TimeScale = d
	}
	if v := os.Getenv("WEBPLATFORM_ENGINE_PARALLEL"); v != "" {
		if _, err := fmt.Sscan(v, &o.Parallel); err != nil {
			return nil, fmt.Errorf("WEBPLATFORM_ENGINE_PARALLEL=%s: %w", v, err)
		}
	}
	t0 := time.Now()
	if err := BuildProgram(ctx, repo, o.Binary); err != nil {
		return nil, err
	}
	t1 := time.Now()
	if err := Plan(ctx, repo, o.PlanDir); err != nil {
		return nil, err
	}
	o.logf("engine: program built in %.1fs, offline plan of every stack in %.1fs", t1.Sub(t0).Seconds(), time.Since(t1).Seconds())
	return o, nil
}
