package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Runner runs an external command. env holds extra NAME=value entries
// added to the current environment. Run returns the command's standard
// output, also when it fails (pulumi preview --json prints its digest and
// then exits 1). Stream copies standard output and standard error to w as
// they arrive, for long commands whose output belongs in the job log.
type Runner interface {
	Run(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error)
	Stream(ctx context.Context, dir string, env []string, w io.Writer, name string, args ...string) error
}

// Clock tells the time and waits; tests use a fake one that advances
// instantly.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits for d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// CommandError is a command that could not start or exited non-zero.
type CommandError struct {
	// Command is the command line, for the message.
	Command string
	// ExitCode is the exit status, -1 when the command did not run.
	ExitCode int
	// Stderr is the end of the command's standard error.
	Stderr string
	// Err is the underlying error.
	Err error
}

func (e *CommandError) Error() string {
	msg := fmt.Sprintf("`%s` failed: %v", e.Command, e.Err)
	if s := strings.TrimSpace(e.Stderr); s != "" {
		msg += ": " + s
	}
	return msg
}

func (e *CommandError) Unwrap() error { return e.Err }

// ExitCode returns the exit status of a failed command, or -1 when err is
// not a command that ran and exited.
func ExitCode(err error) int {
	var ce *CommandError
	if errors.As(err, &ce) {
		return ce.ExitCode
	}
	return -1
}

// ExecRunner runs real commands. Standard error of Run is copied to
// Stderr (when set) and kept, shortened, for the error message.
type ExecRunner struct {
	// Stderr receives the standard error of Run commands (the job log).
	Stderr io.Writer
}

const stderrTail = 2000

func commandLine(name string, args []string) string {
	return strings.TrimSpace(name + " " + strings.Join(args, " "))
}

func (r ExecRunner) command(ctx context.Context, dir string, env []string, name string, args []string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // the delivery tool runs the CLIs it is asked to
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

func wrapExecErr(name string, args []string, err error, stderr string) error {
	if err == nil {
		return nil
	}
	code := -1
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	if len(stderr) > stderrTail {
		stderr = "..." + stderr[len(stderr)-stderrTail:]
	}
	return &CommandError{Command: commandLine(name, args), ExitCode: code, Stderr: stderr, Err: err}
}

// Run runs the command and returns its standard output.
func (r ExecRunner) Run(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	cmd := r.command(ctx, dir, env, name, args)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if r.Stderr != nil {
		cmd.Stderr = io.MultiWriter(&stderr, r.Stderr)
	}
	err := cmd.Run()
	return stdout.Bytes(), wrapExecErr(name, args, err, stderr.String())
}

// Stream runs the command with its output copied to w.
func (r ExecRunner) Stream(ctx context.Context, dir string, env []string, w io.Writer, name string, args ...string) error {
	cmd := r.command(ctx, dir, env, name, args)
	cmd.Stdout = w
	cmd.Stderr = w
	return wrapExecErr(name, args, cmd.Run(), "")
}
