package delivery

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Tool runs the delivery commands against one repository checkout.
type Tool struct {
	// Dir is the repository root: where Pulumi.yaml, the stack files and
	// CHANGELOG.md are, and where git runs.
	Dir string
	// Runner runs pulumi, aws, kubectl and git.
	Runner Runner
	// Clock tells the time and waits between health polls.
	Clock Clock
	// Out receives the command's result (the version lines, a report
	// without a file).
	Out io.Writer
	// Log receives progress notices and streamed command output.
	Log io.Writer
	// Getenv reads the environment (GITHUB_STEP_SUMMARY); nil means no
	// environment.
	Getenv func(string) string
	// TempDir is where temporary files and worktrees go; "" is the
	// system's.
	TempDir string
}

// NewTool returns a Tool that runs real commands in dir, writing results
// to stdout and the log to stderr.
func NewTool(dir string) *Tool {
	return &Tool{
		Dir:    dir,
		Runner: ExecRunner{Stderr: os.Stderr},
		Clock:  SystemClock{},
		Out:    os.Stdout,
		Log:    os.Stderr,
		Getenv: os.Getenv,
	}
}

// UsageError is a command line the tool refuses before doing anything;
// cmd/delivery exits 2 on it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// IsUsage reports whether err is a UsageError.
func IsUsage(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue)
}

func (t *Tool) logf(format string, args ...any) {
	if t.Log != nil {
		fmt.Fprintf(t.Log, format+"\n", args...)
	}
}

func (t *Tool) getenv(name string) string {
	if t.Getenv == nil {
		return ""
	}
	return t.Getenv(name)
}

func (t *Tool) run(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	return t.Runner.Run(ctx, dir, env, name, args...)
}

func (t *Tool) pulumi(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	return t.Runner.Run(ctx, dir, env, "pulumi", args...)
}

func (t *Tool) git(ctx context.Context, args ...string) (string, error) {
	out, err := t.Runner.Run(ctx, t.Dir, nil, "git", args...)
	return strings.TrimSpace(string(out)), err
}
