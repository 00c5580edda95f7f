package delivery

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// call is one command the fake runner was asked to run.
type call struct {
	Dir    string
	Env    []string
	Name   string
	Args   []string
	Stream bool
}

func (c call) String() string { return c.Name + " " + strings.Join(c.Args, " ") }

func (c call) env(name string) string {
	for _, e := range c.Env {
		if k, v, ok := strings.Cut(e, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// fakeRunner records commands and answers them with handle.
type fakeRunner struct {
	calls  []call
	handle func(c call) (string, error)
}

func (f *fakeRunner) Run(_ context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	c := call{Dir: dir, Env: env, Name: name, Args: args}
	f.calls = append(f.calls, c)
	out, err := f.handle(c)
	return []byte(out), err
}

func (f *fakeRunner) Stream(_ context.Context, dir string, env []string, w io.Writer, name string, args ...string) error {
	c := call{Dir: dir, Env: env, Name: name, Args: args, Stream: true}
	f.calls = append(f.calls, c)
	out, err := f.handle(c)
	_, _ = io.WriteString(w, out)
	return err
}

func (f *fakeRunner) commands() []string {
	var out []string
	for _, c := range f.calls {
		out = append(out, c.String())
	}
	return out
}

func (f *fakeRunner) find(prefix string) []call {
	var out []call
	for _, c := range f.calls {
		if strings.HasPrefix(c.String(), prefix) {
			out = append(out, c)
		}
	}
	return out
}

// gitRunner runs git for real and hands every other command to fake, so a
// test with a real repository never runs pulumi.
type gitRunner struct {
	real ExecRunner
	fake *fakeRunner
}

func (g gitRunner) Run(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	if name == "git" {
		return g.real.Run(ctx, dir, env, name, args...)
	}
	return g.fake.Run(ctx, dir, env, name, args...)
}

func (g gitRunner) Stream(ctx context.Context, dir string, env []string, w io.Writer, name string, args ...string) error {
	if name == "git" {
		return g.real.Stream(ctx, dir, env, w, name, args...)
	}
	return g.fake.Stream(ctx, dir, env, w, name, args...)
}

// cmdFailed is a command that exited 1 with stderr.
func cmdFailed(stderr string) error {
	return &CommandError{Command: "fake", ExitCode: 1, Stderr: stderr, Err: errors.New("exit status 1")}
}

var errNoOutput = cmdFailed("error: current stack does not have output property 'x'")

// fakeClock advances only when slept on.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// newTestTool returns a tool over a temporary repository directory holding
// Pulumi.yaml and Pulumi.dev.yaml.
func newTestTool(t *testing.T, r Runner) (*Tool, *bytes.Buffer, *fakeClock) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "Pulumi.yaml"), "name: webplatform\nruntime: go\n")
	writeFile(t, filepath.Join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n")
	out := &bytes.Buffer{}
	clock := &fakeClock{now: t0}
	env := map[string]string{}
	return &Tool{
		Dir:     dir,
		Runner:  r,
		Clock:   clock,
		Out:     out,
		Log:     io.Discard,
		Getenv:  func(k string) string { return env[k] },
		TempDir: t.TempDir(),
	}, out, clock
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// gitRepo creates a real repository with one commit and returns its
// directory and a function running git in it.
func gitRepo(t *testing.T) (string, func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	return dir, git
}

func commit(git func(args ...string) string, msg string) string {
	git("commit", "-q", "--allow-empty", "-m", msg)
	return git("rev-parse", "HEAD")
}
