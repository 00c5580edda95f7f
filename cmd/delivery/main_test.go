package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/delivery"
)

// failingRunner fails every command, so a usage test never runs a CLI.
type failingRunner struct{ calls int }

func (f *failingRunner) Run(context.Context, string, []string, string, ...string) ([]byte, error) {
	f.calls++
	return nil, &delivery.CommandError{Command: "fake", ExitCode: 1, Err: io.ErrUnexpectedEOF}
}

func (f *failingRunner) Stream(context.Context, string, []string, io.Writer, string, ...string) error {
	f.calls++
	return &delivery.CommandError{Command: "fake", ExitCode: 1, Err: io.ErrUnexpectedEOF}
}

// Catches: bad usage exiting 1 (indistinguishable from a failed deploy)
// or 0, a missing required flag reaching a CLI, a failure exiting 0, or
// failures without a message naming the command.
func TestExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"ship"}, 2},
		{[]string{"deploy", "--stack", "dev", "--version", "v1"}, 2},
		{[]string{"deploy", "--stack", "dev", "--version", "v1", "--commit", "abc"}, 2},
		{[]string{"deploy", "--bogus"}, 2},
		{[]string{"preview"}, 2},
		{[]string{"drift", "--stack", "dev", "extra"}, 2},
		{[]string{"release"}, 2},
		{[]string{"drift", "--stack", "dev", "--refresh"}, 2},
		{[]string{"preview", "--help"}, 0},
		{[]string{"version", "--dir", t.TempDir()}, 1},
	}
	for _, c := range cases {
		r := &failingRunner{}
		var stderr bytes.Buffer
		code := run(context.Background(), c.args, &stderr, func(dir string) *delivery.Tool {
			tool := delivery.NewTool(dir)
			tool.Runner, tool.Out, tool.Log = r, io.Discard, io.Discard
			return tool
		})
		if code != c.code {
			t.Errorf("delivery %v: exit %d, want %d (%s)", c.args, code, c.code, stderr.String())
		}
		if c.code == 2 && r.calls > 0 {
			t.Errorf("delivery %v: bad usage ran %d commands", c.args, r.calls)
		}
		if c.code == 1 && !strings.Contains(stderr.String(), "delivery version: FAILED") {
			t.Errorf("delivery %v: message %q", c.args, stderr.String())
		}
	}
}

// Catches: version output not in the key=value form $GITHUB_OUTPUT reads.
func TestVersionCommand(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"commit", "-q", "--allow-empty", "-m", "x"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t",
			"GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	var out, stderr bytes.Buffer
	code := run(context.Background(), []string{"version", "--dir", dir}, &stderr, func(d string) *delivery.Tool {
		tool := delivery.NewTool(d)
		tool.Out, tool.Log = &out, io.Discard
		return tool
	})
	want := regexp.MustCompile(`^version=0\.0\.0-g[0-9a-f]{12}\ncommit=[0-9a-f]{40}\n$`)
	if code != 0 || !want.MatchString(out.String()) {
		t.Fatalf("exit %d, output %q, stderr %s", code, out.String(), stderr.String())
	}
}

// policyRunner answers `pulumi stack ls` with the stack and `pulumi
// preview` like a preview refused by a mandatory policy violation: the
// digest on stdout, the violation in the --event-log file, exit 1.
type policyRunner struct{ previews [][]string }

func (p *policyRunner) Run(_ context.Context, _ string, _ []string, name string, args ...string) ([]byte, error) {
	if name == "pulumi" && len(args) > 1 && args[0] == "stack" && args[1] == "ls" {
		return []byte(`[{"name": "dev"}]`), nil
	}
	if name != "pulumi" || len(args) == 0 || args[0] != "preview" {
		return nil, &delivery.CommandError{Command: name, ExitCode: 1, Err: io.ErrUnexpectedEOF}
	}
	p.previews = append(p.previews, args)
	if i := slices.Index(args, "--event-log"); i >= 0 && i+1 < len(args) {
		event := `{"sequence":1,"timestamp":1,"policyEvent":{"resourceUrn":"urn:pulumi:dev::webplatform::aws:rds/cluster:Cluster::db",` +
			`"message":"<{%reset%}>not protected<{%reset%}>\n","color":"raw","policyName":"stateful-resources-protected",` +
			`"policyPackName":"webplatform","policyPackVersion":"1.0.0","policyPackVersionTag":"1.0.0","enforcementLevel":"mandatory"}}` + "\n"
		if err := os.WriteFile(args[i+1], []byte(event), 0o600); err != nil {
			return nil, err
		}
	}
	digest := `{"diagnostics": [{"message": "error: preview failed\n", "severity": "error"}], "changeSummary": {"same": 3}}`
	return []byte(digest), &delivery.CommandError{Command: "pulumi preview", ExitCode: 1, Err: errors.New("exit status 1")}
}

func (p *policyRunner) Stream(context.Context, string, []string, io.Writer, string, ...string) error {
	return errors.ErrUnsupported
}

// Catches: --policy-pack or --policy-pack-config missing from preview or
// drift (or from their --help), the stack's default config not passed, a
// preview refused by a mandatory policy exiting 0 or without naming the
// policy, and a config without a pack accepted.
func TestPolicyPackFlags(t *testing.T) {
	dir, pack := policyCheckout(t)
	for _, cmd := range []string{"preview", "drift"} {
		var help bytes.Buffer
		run(context.Background(), []string{cmd, "--help"}, &help, nil)
		for _, flag := range []string{"-policy-pack PATH", "-policy-pack-config FILE"} {
			assert.Contains(t, help.String(), flag, "delivery %s --help", cmd)
		}
		r := &policyRunner{}
		var stderr bytes.Buffer
		newTool := func(d string) *delivery.Tool {
			tool := delivery.NewTool(d)
			tool.Runner, tool.Out, tool.Log, tool.TempDir = r, io.Discard, io.Discard, t.TempDir()
			return tool
		}
		code := run(context.Background(), []string{cmd, "--stack", "dev", "--dir", dir, "--policy-pack", pack}, &stderr, newTool)
		assert.Equal(t, 1, code, "delivery %s: %s", cmd, stderr.String())
		assert.Contains(t, stderr.String(), "delivery "+cmd+": FAILED: preview of stack dev refused by the policy pack: 1 mandatory violation(s) of stateful-resources-protected")
		if assert.Len(t, r.previews, 1, cmd) {
			args := strings.Join(r.previews[0], " ")
			assert.Contains(t, args, "--policy-pack "+pack+" --policy-pack-config "+filepath.Join(dir, "policy", "config", "dev.json"), cmd)
		}
		code = run(context.Background(), []string{cmd, "--stack", "dev", "--dir", dir, "--policy-pack-config", "x.json"}, &stderr, newTool)
		assert.Equal(t, 2, code, "delivery %s --policy-pack-config without --policy-pack", cmd)
	}
}

// deployPolicyRunner answers a deploy up to its preview, which it refuses
// like policyRunner's (the violation in the --event-log file, exit 1);
// any `pulumi up` is recorded.
type deployPolicyRunner struct {
	policyRunner
	streams [][]string
}

func (d *deployPolicyRunner) Run(_ context.Context, _ string, _ []string, name string, args ...string) ([]byte, error) {
	line := name + " " + strings.Join(args, " ")
	switch {
	case strings.HasPrefix(line, "git merge-base --is-ancestor"), strings.HasPrefix(line, "pulumi stack select"):
		return nil, nil
	case strings.HasPrefix(line, "pulumi stack output release"):
		return []byte(`{"version": "v1.2.0", "commit": "2222222222222222222222222222222222222222"}`), nil
	}
	return nil, &delivery.CommandError{Command: line, ExitCode: 1, Err: io.ErrUnexpectedEOF}
}

func (d *deployPolicyRunner) Stream(ctx context.Context, dir string, env []string, _ io.Writer, name string, args ...string) error {
	d.streams = append(d.streams, args)
	if name == "pulumi" && len(args) > 0 && args[0] == "preview" {
		_, err := d.policyRunner.Run(ctx, dir, env, name, args...)
		return err
	}
	return &delivery.CommandError{Command: name, ExitCode: 1, Err: io.ErrUnexpectedEOF}
}

// Catches: --policy-pack or --policy-pack-config missing from deploy (or
// its --help), the pack or the stack's default config not passed to the
// deploy's preview, a deploy refused by a mandatory policy exiting 0,
// without naming the policy, or running `pulumi up` anyway, and a missing
// pack or a config without a pack not refused as bad usage.
func TestDeployPolicyPackFlags(t *testing.T) {
	dir, pack := policyCheckout(t)
	var help bytes.Buffer
	run(context.Background(), []string{"deploy", "--help"}, &help, nil)
	for _, flag := range []string{"-policy-pack PATH", "-policy-pack-config FILE"} {
		assert.Contains(t, help.String(), flag, "delivery deploy --help")
	}
	deploy := []string{"deploy", "--stack", "dev", "--version", "v1.3.0", "--commit", strings.Repeat("1", 40),
		"--dir", dir, "--report-dir", t.TempDir()}
	r := &deployPolicyRunner{}
	newTool := func(d string) *delivery.Tool {
		tool := delivery.NewTool(d)
		tool.Runner, tool.Out, tool.Log, tool.TempDir = r, io.Discard, io.Discard, t.TempDir()
		tool.Getenv = func(string) string { return "" }
		return tool
	}
	var stderr bytes.Buffer
	code := run(context.Background(), append(slices.Clip(deploy), "--policy-pack", pack), &stderr, newTool)
	assert.Equal(t, 1, code, stderr.String())
	assert.Contains(t, stderr.String(), "delivery deploy: FAILED: pulumi preview of stack dev refused by the policy pack: 1 mandatory violation(s) of stateful-resources-protected")
	if assert.Len(t, r.streams, 1, "the deploy ran more than its preview") {
		args := strings.Join(r.streams[0], " ")
		assert.Contains(t, args, "preview --diff --stack dev --policy-pack "+pack+" --policy-pack-config "+filepath.Join(dir, "policy", "config", "dev.json"))
	}
	for _, bad := range [][]string{{"--policy-pack-config", pack}, {"--policy-pack", filepath.Join(dir, "absent")}} {
		r := &failingRunner{}
		code := run(context.Background(), append(slices.Clip(deploy), bad...), &stderr, func(d string) *delivery.Tool {
			tool := delivery.NewTool(d)
			tool.Runner, tool.Out, tool.Log = r, io.Discard, io.Discard
			return tool
		})
		assert.Equal(t, 2, code, "delivery deploy %v", bad)
		assert.Zero(t, r.calls, "delivery deploy %v ran commands", bad)
	}
}

// policyCheckout is a checkout with a dev stack, its policy config and a
// pack file: what --policy-pack and its default config need.
func policyCheckout(t *testing.T) (dir, pack string) {
	t.Helper()
	dir = t.TempDir()
	for name, text := range map[string]string{
		"Pulumi.yaml": "name: webplatform\nruntime: go\n", "Pulumi.dev.yaml": "config: {}\n",
		"policy/config/dev.json": "{}\n", "webplatform-policy": "#!/bin/sh\n",
	} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o750))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	return dir, filepath.Join(dir, "webplatform-policy")
}
