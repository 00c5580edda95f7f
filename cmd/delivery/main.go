// Command delivery is what the GitHub workflows call to version, deploy,
// preview, drift-check and release the web platform. The logic is in
// package tooling/delivery; this file parses flags. Exit codes: 0 ok,
// 1 failed, 2 bad usage.
//
//	delivery version [--dir D]
//	delivery deploy --stack S --version V --commit SHA [--trusted-ref origin/main]
//	    [--health-window 10m] [--poll 30s] [--rollout-timeout 10m]
//	    [--report-dir out/delivery] [--run-url URL]
//	    [--policy-pack PATH [--policy-pack-config FILE]] [--dir D]
//	delivery preview --stack S [--refresh] [--expect-no-changes] [--report FILE]
//	    [--policy-pack PATH [--policy-pack-config FILE]] [--dir D]
//	delivery drift --stack S [--report FILE]
//	    [--policy-pack PATH [--policy-pack-config FILE]] [--dir D]
//	delivery release --version X.Y.Z [--date YYYY-MM-DD] [--changelog CHANGELOG.md]
//	    [--notes FILE] [--module-path PATH] [--dir D]
//
// version prints version=<v> and commit=<sha> for $GITHUB_OUTPUT. deploy
// writes <report-dir>/<S>-preview.txt and <S>-deploy.json and appends its
// summary to $GITHUB_STEP_SUMMARY (stdout when unset). preview and drift
// write their Markdown report to --report (stdout when unset); the
// `pulumi preview --json` output itself is parsed, not saved. With
// --policy-pack (the binary of `go build ./cmd/policy-pack`), the preview
// (and deploy's preview and up) runs the policy pack with
// --policy-pack-config, by default policy/config/<S>.json under --dir
// when it exists; the report lists the violations, and a mandatory one
// fails the command, naming the policies (a refused deploy is not rolled
// back; deploy's automatic rollback runs without the pack).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/webplatform-dev/webplatform/tooling/delivery"
)

const usage = `usage: delivery <command> [flags]

commands:
  version   print version=<v> and commit=<sha> for $GITHUB_OUTPUT
  deploy    deploy a commit to a stack, gate it on health, roll back if unhealthy
  preview   preview a stack and write a Markdown report
  drift     report what drifted in a deployed stack (exit 1 on drift)
  release   check a release version and move Unreleased in the changelog under it

run "delivery <command> --help" for the flags of a command
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stderr, func(dir string) *delivery.Tool { return delivery.NewTool(dir) })
	stop()
	os.Exit(code)
}

// run dispatches a command line and returns the exit code.
func run(ctx context.Context, args []string, stderr io.Writer, newTool func(dir string) *delivery.Tool) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	commands := map[string]func(context.Context, []string, io.Writer, func(string) *delivery.Tool) error{
		"version": cmdVersion,
		"deploy":  cmdDeploy,
		"preview": cmdPreview,
		"drift":   cmdDrift,
		"release": cmdRelease,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "delivery: unknown command %q\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stderr, newTool)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case delivery.IsUsage(err):
		fmt.Fprintf(stderr, "delivery %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "delivery %s: FAILED: %v\n", args[0], err)
		return 1
	}
}

// parse parses a command's flags; a parse error or a positional argument
// is a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &delivery.UsageError{Msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return &delivery.UsageError{Msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("delivery "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", ".", "repository root")
	return fs, dir
}

func cmdVersion(ctx context.Context, args []string, stderr io.Writer, newTool func(string) *delivery.Tool) error {
	fs, dir := newFlags("version", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	t := newTool(*dir)
	v, commit, err := t.Version(ctx, *dir)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(t.Out, "version=%s\ncommit=%s\n", v, commit)
	return err
}

func cmdDeploy(ctx context.Context, args []string, stderr io.Writer, newTool func(string) *delivery.Tool) error {
	fs, dir := newFlags("deploy", stderr)
	o := delivery.DefaultDeployOptions
	fs.StringVar(&o.Stack, "stack", "", "stack to deploy (required; needs Pulumi.<stack>.yaml)")
	fs.StringVar(&o.Version, "version", "", "release version (required; from delivery version)")
	fs.StringVar(&o.Commit, "commit", "", "full commit hash to deploy (required)")
	fs.StringVar(&o.TrustedRef, "trusted-ref", o.TrustedRef, "ref the commit must be an ancestor of")
	fs.DurationVar(&o.HealthWindow, "health-window", o.HealthWindow, "how long to watch the health alarm")
	fs.DurationVar(&o.Poll, "poll", o.Poll, "interval between alarm polls")
	fs.DurationVar(&o.RolloutTimeout, "rollout-timeout", o.RolloutTimeout, "timeout of each kubectl rollout status")
	fs.StringVar(&o.ReportDir, "report-dir", o.ReportDir, "directory for <stack>-preview.txt and <stack>-deploy.json")
	fs.StringVar(&o.RunURL, "run-url", "", "URL of the workflow run holding the preview")
	policyFlags(fs, "the deploy's preview and up (not its rollback)", &o.PolicyPack, &o.PolicyConfig)
	if err := parse(fs, args); err != nil {
		return err
	}
	_, err := newTool(*dir).Deploy(ctx, o)
	return err
}

// policyFlags defines --policy-pack and --policy-pack-config, the pack
// run with what (preview, drift and deploy check them alike).
func policyFlags(fs *flag.FlagSet, with string, pack, config *string) {
	fs.StringVar(pack, "policy-pack", "",
		"`PATH` of the policy pack run with "+with+": the binary built by go build ./cmd/policy-pack (or a pack directory)")
	fs.StringVar(config, "policy-pack-config", "",
		"`FILE` holding the policy pack's config (default: policy/config/<stack>.json under --dir, when it exists)")
}

// cmdPreview and cmdDrift share their flags and checks; drift has no
// --refresh or --expect-no-changes (it always does both).
var (
	cmdPreview = previewCommand("preview", false)
	cmdDrift   = previewCommand("drift", true)
)

func previewCommand(name string, drift bool) func(context.Context, []string, io.Writer, func(string) *delivery.Tool) error {
	return func(ctx context.Context, args []string, stderr io.Writer, newTool func(string) *delivery.Tool) error {
		var o delivery.PreviewOptions
		fs, dir := newFlags(name, stderr)
		fs.StringVar(&o.Stack, "stack", "", "stack (required; needs Pulumi.<stack>.yaml)")
		fs.StringVar(&o.Report, "report", "", "Markdown report file (stdout when empty)")
		policyFlags(fs, "the preview", &o.PolicyPack, &o.PolicyConfig)
		if !drift {
			fs.BoolVar(&o.Refresh, "refresh", false, "refresh the state before previewing")
			fs.BoolVar(&o.ExpectNoChanges, "expect-no-changes", false, "fail when anything other than same is planned")
		}
		if err := parse(fs, args); err != nil {
			return err
		}
		if o.Stack == "" {
			return &delivery.UsageError{Msg: "--stack is required"}
		}
		tool := newTool(*dir)
		if drift {
			_, err := tool.Drift(ctx, o)
			return err
		}
		_, err := tool.Preview(ctx, o)
		return err
	}
}

func cmdRelease(ctx context.Context, args []string, stderr io.Writer, newTool func(string) *delivery.Tool) error {
	fs, dir := newFlags("release", stderr)
	var o delivery.ReleaseOptions
	fs.StringVar(&o.Version, "version", "", "release version X.Y.Z (required)")
	fs.StringVar(&o.Date, "date", "", "release date YYYY-MM-DD (default today, UTC)")
	fs.StringVar(&o.Changelog, "changelog", "CHANGELOG.md", "changelog to rewrite")
	fs.StringVar(&o.Notes, "notes", "", "file to write the release notes to")
	fs.StringVar(&o.ModulePath, "module-path", "", "Go module path (default: the module directive of go.mod)")
	if err := parse(fs, args); err != nil {
		return err
	}
	return newTool(*dir).Release(ctx, o)
}
