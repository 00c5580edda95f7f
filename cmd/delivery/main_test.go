package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

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
