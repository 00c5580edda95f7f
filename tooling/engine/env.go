// Package engine runs the program under the real Pulumi engine, offline:
// the CLI v3.259.0 and the Go language host v3.66.0 built from the module
// proxy, with the stand-in provider (cmd/standin-provider) installed as the
// aws, kubernetes and random plugins (scripts/engine.sh). It drives the
// engine through the Automation API on a local file backend with the
// passphrase secrets provider: preview, up, a second preview that must be a
// no-op, refresh, outputs, the refusals of protect in prod, destroy, config
// type checks, and the deploy time against the longest dependency chain.
//
// The package imports neither the AWS nor the Kubernetes SDK nor ./stacks,
// so its test binary stays small; what it compares with comes from the
// offline plan (`go run ./cmd/plan --out DIR`: resources.json,
// outputs.json) and the program binary it builds.
package engine

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// EnvVar names the env file written by `scripts/engine.sh setup`.
const EnvVar = "WEBPLATFORM_ENGINE_ENV"

// ErrNoEnv explains how to get an engine env; tests fail (not skip) with it.
var ErrNoEnv = errors.New(EnvVar + " is not set: the engine tests need the Pulumi CLI, the Go language host and the " +
	"stand-in plugins; run `bash scripts/test` (or `bash scripts/engine.sh setup` and " +
	"`export " + EnvVar + "=$(bash scripts/engine.sh env)`)")

// Env is the engine set up by scripts/engine.sh: KEY=VALUE lines.
type Env struct {
	File string
	Vars map[string]string
}

// LoadEnv reads the env file named by WEBPLATFORM_ENGINE_ENV.
func LoadEnv() (*Env, error) {
	path := os.Getenv(EnvVar)
	if path == "" {
		return nil, ErrNoEnv
	}
	f, err := os.Open(path) //nolint:gosec // a path the user set for this purpose
	if err != nil {
		return nil, fmt.Errorf("%s=%s: %w (run `bash scripts/engine.sh setup`)", EnvVar, path, err)
	}
	defer func() { _ = f.Close() }()
	e := &Env{File: path, Vars: map[string]string{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			return nil, fmt.Errorf("%s: not KEY=VALUE: %q", path, line)
		}
		e.Vars[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, k := range []string{"WEBPLATFORM_ENGINE_ROOT", "PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE"} {
		if e.Vars[k] == "" {
			return nil, fmt.Errorf("%s has no %s: rerun `bash scripts/engine.sh setup`", path, k)
		}
	}
	if _, err := os.Stat(filepath.Join(e.Vars["WEBPLATFORM_ENGINE_ROOT"], "bin", "pulumi")); err != nil {
		return nil, fmt.Errorf("%s: no Pulumi CLI (%w): rerun `bash scripts/engine.sh setup`", path, err)
	}
	return e, nil
}

// Command returns the CLI of the engine home.
func (e *Env) Command() (auto.PulumiCommand, error) {
	return auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: e.Vars["WEBPLATFORM_ENGINE_ROOT"]})
}

// RepoRoot finds the repository root (the directory holding Pulumi.yaml and
// go.mod) at or above dir.
func RepoRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "Pulumi.yaml")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				return d, nil
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no Pulumi.yaml with go.mod at or above %s", dir)
		}
		d = parent
	}
}
