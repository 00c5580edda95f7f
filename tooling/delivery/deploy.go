package delivery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/webplatform-dev/webplatform/internal/release"
)

// The environment variables the Pulumi program reads the release from
// (one definition: internal/release).
const (
	EnvRelease    = release.EnvRelease
	EnvCommit     = release.EnvCommit
	EnvDeployedAt = release.EnvDeployedAt
)

// Deploy outcomes, in DeployReport.Outcome.
const (
	OutcomeDeployed       = "deployed"
	OutcomePreviewFailed  = "preview-failed"
	OutcomePolicyRefused  = "policy-refused"
	OutcomeUpdateFailed   = "update-failed"
	OutcomeRolledBack     = "unhealthy-rolled-back"
	OutcomeRollbackFailed = "unhealthy-rollback-failed"
	OutcomeNotRolledBack  = "unhealthy-not-rolled-back"
)

// ReleaseEnv is the environment a deploy gives the Pulumi program.
func ReleaseEnv(version, commit, deployedAt string) []string {
	return []string{
		EnvRelease + "=" + version,
		EnvCommit + "=" + commit,
		EnvDeployedAt + "=" + deployedAt,
	}
}

// Release is what a deployment recorded in the stack output release.Output.
type Release = release.Release

// DeployOptions are the flags of `delivery deploy`.
type DeployOptions struct {
	// Stack is the stack name.
	Stack string
	// Version is the release version (from `delivery version`).
	Version string
	// Commit is the full commit hash being deployed.
	Commit string
	// TrustedRef is the ref Commit must be an ancestor of.
	TrustedRef string
	// HealthWindow is how long the alarm is watched after the update.
	HealthWindow time.Duration
	// Poll is the interval between alarm polls.
	Poll time.Duration
	// RolloutTimeout bounds each `kubectl rollout status`.
	RolloutTimeout time.Duration
	// ReportDir receives <stack>-preview.txt and <stack>-deploy.json.
	ReportDir string
	// RunURL links the workflow run holding the preview.
	RunURL string
	// PolicyPack is the policy pack run with the deploy's preview and up
	// (not with a rollback): the path of the pack's binary (go build
	// ./cmd/policy-pack) or directory; "" runs none.
	PolicyPack string
	// PolicyConfig is the pack's config file; "" means
	// policy/config/<stack>.json under the repository when it exists.
	PolicyConfig string
}

// DefaultDeployOptions holds the defaults of the optional flags.
var DefaultDeployOptions = DeployOptions{
	TrustedRef:     "origin/main",
	HealthWindow:   10 * time.Minute,
	Poll:           30 * time.Second,
	RolloutTimeout: 10 * time.Minute,
	ReportDir:      "out/delivery",
}

func (o DeployOptions) validate() error {
	switch {
	case o.Stack == "":
		return usagef("--stack is required")
	case o.Version == "":
		return usagef("--version is required")
	case !fullSHA.MatchString(o.Commit):
		return usagef("--commit must be a full lowercase commit hash, got %q", o.Commit)
	case o.TrustedRef == "":
		return usagef("--trusted-ref must not be empty")
	case o.HealthWindow < 0 || o.Poll <= 0 || o.RolloutTimeout <= 0:
		return usagef("--health-window must be >= 0, --poll and --rollout-timeout > 0")
	case o.ReportDir == "":
		return usagef("--report-dir must not be empty")
	}
	if err := release.ValidVersion(o.Version); err != nil {
		return usagef("--version: %v", err)
	}
	if !stackName.MatchString(o.Stack) {
		return usagef("invalid stack name %q", o.Stack)
	}
	return nil
}

// DeployReport is the summary of a deploy, written as JSON to
// <report-dir>/<stack>-deploy.json and as Markdown to the job summary.
type DeployReport struct {
	// Stack is the stack name.
	Stack string `json:"stack"`
	// Version is the release deployed.
	Version string `json:"version"`
	// Commit is the commit deployed.
	Commit string `json:"commit"`
	// DeployedAt is the WEBPLATFORM_DEPLOYED_AT given to preview and up.
	DeployedAt string `json:"deployedAt"`
	// Previous is the release the stack had before, nil when none.
	Previous *Release `json:"previous,omitempty"`
	// Update is the update as the stack history records it.
	Update *UpdateOutcome `json:"update,omitempty"`
	// RunURL links the run holding the preview.
	RunURL string `json:"runUrl,omitempty"`
	// PreviewFile is the saved preview text.
	PreviewFile string `json:"previewFile,omitempty"`
	// Health is the health gate's finding; nil when it did not run.
	Health *HealthResult `json:"health,omitempty"`
	// Policy is what the policy pack reported; nil when none ran.
	Policy *DeployPolicy `json:"policy,omitempty"`
	// Rollback is set when the deploy was unhealthy.
	Rollback *RollbackReport `json:"rollback,omitempty"`
	// Outcome is one of the Outcome constants.
	Outcome string `json:"outcome"`
	// Error is why the deploy failed.
	Error string `json:"error,omitempty"`
	// Warnings are problems that did not fail the deploy (a tag not set).
	Warnings []string `json:"warnings,omitempty"`
}

// Policy stages, in DeployPolicy.Stage: the operation whose event log the
// violations were read from.
const (
	PolicyStagePreview = "preview"
	PolicyStageUp      = "up"
)

// DeployPolicy is the policy pack's part of a deploy: the pack the
// preview and the up ran, and the violations of the last of the two that
// ran (the up's, or the preview's when the up did not run).
type DeployPolicy struct {
	// PolicyResult is the pack, its config and what it reported (its
	// fields are inlined in the JSON).
	PolicyResult
	// Stage is the operation the violations are from: preview or up.
	Stage string `json:"stage"`
	// Refused is set when a mandatory violation failed that operation.
	Refused bool `json:"refused,omitempty"`
}

// Deploy deploys a commit to a stack, reports it, gates it on health and
// rolls it back to the previous release when unhealthy. With PolicyPack,
// the preview and the up run the pack: a mandatory violation refuses the
// deploy (the preview's before the up runs, the up's by failing it), and
// a refused deploy is a failed one, never rolled back. It returns an
// error whenever the deploy did not end healthy, also after a successful
// rollback.
func (t *Tool) Deploy(ctx context.Context, o DeployOptions) (*DeployReport, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if err := t.resolvePolicy(o.Stack, &o.PolicyPack, &o.PolicyConfig); err != nil {
		return nil, err
	}
	if err := t.checkTrusted(ctx, o.Commit, o.TrustedRef); err != nil {
		return nil, err
	}
	if err := t.checkStackFile(o.Stack); err != nil {
		return nil, err
	}
	// pulumi stack select --create (pkg/cmd/pulumi/stack/stack_select.go,
	// flag "create") creates a stack that does not exist yet.
	if _, err := t.pulumi(ctx, t.Dir, nil, "stack", "select", "--create", o.Stack); err != nil {
		return nil, fmt.Errorf("selecting stack %s: %w", o.Stack, err)
	}
	prev, err := t.readRelease(ctx, t.Dir, o.Stack)
	if err != nil {
		return nil, err
	}
	rep := &DeployReport{
		Stack:      o.Stack,
		Version:    o.Version,
		Commit:     o.Commit,
		DeployedAt: t.Clock.Now().UTC().Format(time.RFC3339),
		Previous:   prev,
		RunURL:     o.RunURL,
	}
	err = t.deploy(ctx, o, rep)
	if err != nil {
		rep.Error = err.Error()
	}
	if perr := t.publish(rep, o.ReportDir); perr != nil {
		err = errors.Join(err, perr)
	}
	return rep, err
}

// deploy runs preview, up, tags and the health gate. The rollback is
// decided by the health gate alone, which runs only after a successful
// up: a failed preview or up, a policy refusal included, returns before
// it. A preview refused by the pack changed nothing; an up refused by it
// stopped with an error like any failed up (which may have changed
// resources before the refusal: the stack policies are checked after all
// steps ran), left for a person to fix forward (RUNBOOK).
func (t *Tool) deploy(ctx context.Context, o DeployOptions, rep *DeployReport) error {
	env := ReleaseEnv(rep.Version, rep.Commit, rep.DeployedAt)
	if err := t.previewToFile(ctx, o, env, rep); err != nil {
		rep.Outcome = OutcomePreviewFailed
		if rep.Policy != nil && rep.Policy.Refused {
			rep.Outcome = OutcomePolicyRefused
		}
		return err
	}
	t.logf("delivery: deploying %s (%s) to stack %s", rep.Version, rep.Commit, o.Stack)
	upErr := t.streamPulumi(ctx, o, PolicyStageUp, env, t.Log, rep,
		"up", "--yes", "--skip-preview", "--refresh", "--diff", "--stack", o.Stack)
	rep.Update = t.latestUpdate(ctx, t.Dir, o.Stack, &rep.Warnings)
	if upErr != nil {
		rep.Outcome = OutcomeUpdateFailed
		if rep.Policy != nil && rep.Policy.Refused {
			rep.Outcome = OutcomePolicyRefused
		}
		return upErr
	}
	t.setTags(ctx, t.Dir, o.Stack, releaseTags(rep.Version, rep.Commit, rep.DeployedAt, rep.Update), &rep.Warnings)
	rep.Health = t.healthGate(ctx, o)
	if rep.Health.Healthy {
		rep.Outcome = OutcomeDeployed
		return nil
	}
	return t.rollback(ctx, o, rep)
}

// streamPulumi runs `pulumi ARGS` (the deploy's preview or up: stage) in
// the repository, its output copied to w. With a policy pack, the command
// runs it (policyArgs) and writes an event log, whose violations become
// rep.Policy; a failure with a mandatory violation is a refusal, its error
// naming the policies.
func (t *Tool) streamPulumi(ctx context.Context, o DeployOptions, stage string, env []string, w io.Writer,
	rep *DeployReport, args ...string,
) error {
	what := fmt.Sprintf("pulumi %s of stack %s", stage, o.Stack)
	if o.PolicyPack == "" {
		if err := t.Runner.Stream(ctx, t.Dir, env, w, "pulumi", args...); err != nil {
			return fmt.Errorf("%s failed: %w", what, err)
		}
		return nil
	}
	eventLog, cleanup, err := t.newEventLog()
	if err != nil {
		return err
	}
	defer cleanup()
	env = append(slices.Clip(env), eventLogEnv)
	args = append(slices.Clip(args), policyArgs(o.PolicyPack, o.PolicyConfig, eventLog)...)
	runErr := t.Runner.Stream(ctx, t.Dir, env, w, "pulumi", args...)
	pol := &DeployPolicy{Stage: stage, PolicyResult: PolicyResult{PolicyPack: o.PolicyPack, PolicyConfig: o.PolicyConfig}}
	t.readPolicyEvents(&pol.PolicyResult, eventLog)
	rep.Policy = pol
	if runErr == nil {
		return nil
	}
	if err := policyRefusal(&pol.PolicyResult, what, runErr); err != nil {
		pol.Refused = true
		return err
	}
	return fmt.Errorf("%s failed: %w", what, runErr)
}

func (t *Tool) checkTrusted(ctx context.Context, commit, ref string) error {
	_, err := t.git(ctx, "merge-base", "--is-ancestor", commit, ref)
	switch {
	case err == nil:
		return nil
	case ExitCode(err) == 1:
		return fmt.Errorf("refusing to deploy %s: it is not an ancestor of %s (only commits on the trusted ref deploy)", commit, ref)
	default:
		return fmt.Errorf("refusing to deploy %s: cannot check that it is an ancestor of %s: %w", commit, ref, err)
	}
}

// output reads one stack output into v (as JSON, or the raw text into a
// *string when raw). It reports false when the stack has no such output:
// `pulumi stack output NAME` fails with "current stack does not have
// output property" (pkg/cmd/pulumi/stack/stack_output.go).
func (t *Tool) output(ctx context.Context, dir, stack, name string, raw bool, v any) (bool, error) {
	args := []string{"stack", "output", name, "--json", "--stack", stack}
	if raw {
		args = []string{"stack", "output", name, "--show-secrets", "--stack", stack}
	}
	out, err := t.pulumi(ctx, dir, nil, args...)
	if err != nil {
		var ce *CommandError
		if errors.As(err, &ce) && strings.Contains(ce.Stderr, "does not have output property") {
			return false, nil
		}
		return false, fmt.Errorf("reading output %s of stack %s: %w", name, stack, err)
	}
	out = bytes.TrimSpace(out)
	if len(out) == 0 || string(out) == "null" {
		return false, nil
	}
	if raw {
		*(v.(*string)) = string(out) + "\n"
		return true, nil
	}
	if err := json.Unmarshal(out, v); err != nil {
		return false, fmt.Errorf("decoding output %s of stack %s: %w", name, stack, err)
	}
	return true, nil
}

func (t *Tool) readRelease(ctx context.Context, dir, stack string) (*Release, error) {
	var rel Release
	found, err := t.output(ctx, dir, stack, release.Output, false, &rel)
	if err != nil {
		return nil, fmt.Errorf("recording the previous release: %w", err)
	}
	if !found || (rel.Version == "" && rel.Commit == "") {
		t.logf("delivery: stack %s has no release output: no previous release to roll back to", stack)
		return nil, nil
	}
	return &rel, nil
}

func (t *Tool) previewToFile(ctx context.Context, o DeployOptions, env []string, rep *DeployReport) error {
	if err := os.MkdirAll(o.ReportDir, 0o750); err != nil {
		return fmt.Errorf("creating report directory: %w", err)
	}
	file := filepath.Join(o.ReportDir, o.Stack+"-preview.txt")
	f, err := os.Create(file) //nolint:gosec // the report directory given on the command line
	if err != nil {
		return fmt.Errorf("creating %s: %w", file, err)
	}
	rep.PreviewFile = file
	err = t.streamPulumi(ctx, o, PolicyStagePreview, env, io.MultiWriter(f, t.Log), rep, "preview", "--diff", "--stack", o.Stack)
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("writing %s: %w", file, cerr)
	}
	return err
}

// latestUpdate reads the newest stack history entry; a failure to read it
// is a warning (the update itself already succeeded or failed).
func (t *Tool) latestUpdate(ctx context.Context, dir, stack string, warnings *[]string) *UpdateOutcome {
	out, err := t.pulumi(ctx, dir, nil,
		"stack", "history", "--json", "--show-secrets=false", "--page-size", "1", "--stack", stack)
	if err != nil {
		t.warn(warnings, "reading the history of stack %s: %v", stack, err)
		return nil
	}
	u, err := LatestUpdate(out)
	if err != nil {
		t.warn(warnings, "stack %s history: %v", stack, err)
		if u.Kind == "" {
			return nil
		}
	}
	return &u
}

func (t *Tool) warn(warnings *[]string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	t.logf("delivery: warning: %s", msg)
	*warnings = append(*warnings, msg)
}
