package delivery

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// deployPolicy is what the deploy's preview and up do with the policy
// pack in a test: the events each writes to its --event-log, and the
// preview's failure (the up's is scenario.failUp).
type deployPolicy struct {
	previewEvents, upEvents string
	previewErr              error
}

// withPolicyPack is a runDeployWith setup: a policy pack binary (a
// placeholder file) and the repository's policy/config/dev.json, the
// deploy run with --policy-pack, and the scenario's preview and up
// writing their events. It sets *pack and *config to their paths.
func withPolicyPack(t *testing.T, s *scenario, p deployPolicy, pack, config *string) func(*Tool, *fakeRunner, *DeployOptions) {
	return func(tool *Tool, f *fakeRunner, o *DeployOptions) {
		*pack = filepath.Join(t.TempDir(), "webplatform-policy")
		writeFile(t, *pack, "#!/bin/sh\n")
		*config = filepath.Join(tool.Dir, "policy", "config", "dev.json")
		if err := os.MkdirAll(filepath.Dir(*config), 0o750); err != nil {
			t.Fatal(err)
		}
		writeFile(t, *config, "{}\n")
		o.PolicyPack = *pack
		f.handle = func(c call) (string, error) {
			cmd := c.String()
			preview := strings.HasPrefix(cmd, "pulumi preview --diff")
			if log := argAfter(c.Args, "--event-log"); log != "" {
				switch {
				case preview:
					writeFile(t, log, p.previewEvents)
				case strings.HasPrefix(cmd, "pulumi up"):
					writeFile(t, log, p.upEvents)
				}
			}
			out, err := s.handle(c)
			if preview && p.previewErr != nil {
				return out, p.previewErr
			}
			return out, err
		}
	}
}

// readDeployJSON reads the deploy's <stack>-deploy.json artifact.
func readDeployJSON(t *testing.T, rep *DeployReport) DeployReport {
	t.Helper()
	var saved DeployReport
	file := filepath.Join(filepath.Dir(rep.PreviewFile), rep.Stack+"-deploy.json")
	if err := json.Unmarshal([]byte(readFile(t, file)), &saved); err != nil {
		t.Fatal(err)
	}
	return saved
}

// assertNoRollbackNoHealth fails when the deploy went past the failed
// operation: a health gate (kubectl, aws) or a rollback (a worktree, a
// second up) ran, or the report says it did.
func assertNoRollbackNoHealth(t *testing.T, f *fakeRunner, rep *DeployReport, ups int) {
	t.Helper()
	for _, prefix := range []string{"kubectl", "aws", "git worktree", "pulumi stack tag set"} {
		if got := f.find(prefix); len(got) > 0 {
			t.Errorf("a refused deploy ran %v", got)
		}
	}
	if got := f.find("pulumi up"); len(got) != ups {
		t.Errorf("pulumi up ran %d times, want %d: %v", len(got), ups, got)
	}
	if rep.Rollback != nil || rep.Health != nil {
		t.Errorf("refused deploy: rollback %+v, health %+v", rep.Rollback, rep.Health)
	}
}

// Catches: the deploy's preview or up run without --policy-pack, the
// stack's policy/config/<stack>.json or the event log (or without the
// PULUMI_DEBUG_COMMANDS the flag needs, or without the release variables
// once the policy flags are added), the violations missing from the job
// summary and the JSON artifact, advisory violations failing the deploy,
// or the up's violations not replacing the preview's.
func TestDeployRunsPolicyPack(t *testing.T) {
	s := healthyScenario(t)
	var pack, config string
	rep, f, tool, _, err := runDeployWith(t, s, withPolicyPack(t, s, deployPolicy{
		previewEvents: policyRefusedEvents[strings.Index(policyRefusedEvents, "\n")+1:], // the advisory one
		upEvents:      policyEventsSample,
	}, &pack, &config))
	if err != nil {
		t.Fatalf("Deploy with advisory violations: %v", err)
	}
	ops := append(f.find("pulumi preview"), f.find("pulumi up")...)
	for i, want := range []string{
		"pulumi preview --diff --stack dev --policy-pack " + pack + " --policy-pack-config " + config + " --event-log ",
		"pulumi up --yes --skip-preview --refresh --diff --stack dev --policy-pack " + pack + " --policy-pack-config " + config + " --event-log ",
	} {
		if len(ops) != 2 || !strings.HasPrefix(ops[i].String(), want) {
			t.Fatalf("commands:\n%s\nwant %s...", strings.Join(f.commands(), "\n"), want)
		}
		c := ops[i]
		if c.env("PULUMI_DEBUG_COMMANDS") != "true" || c.env(EnvRelease) != "v1.3.0" || c.env(EnvCommit) != newCommit {
			t.Errorf("%s env = %v", c, c.Env)
		}
	}
	if rep.Outcome != OutcomeDeployed || rep.Policy == nil || rep.Policy.Stage != PolicyStageUp || rep.Policy.Refused ||
		len(rep.Policy.Policy) != 2 || len(rep.Policy.PolicyPacks) != 1 {
		t.Fatalf("report: outcome %s, policy %+v", rep.Outcome, rep.Policy)
	}
	saved := readDeployJSON(t, rep)
	if saved.Policy == nil || saved.Policy.PolicyPack != pack || saved.Policy.PolicyConfig != config ||
		len(saved.Policy.Policy) != 2 || saved.Policy.Policy[0].Policy != "load-balancers-hardened" {
		t.Errorf("deploy.json policy = %+v", saved.Policy)
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	for _, want := range []string{
		"### Policy\n\nThe deploy's preview and update run the policy pack `webplatform-policy` with `dev.json`; below, what the update reported.",
		"Policy pack `webplatform` 0.3.0 ran: 2 policies passed, 2 failed.",
		"2 policy violation(s): 0 mandatory, 2 advisory.",
		"- advisory `stateful-resources-backed-up` on `pulumi:pulumi:Stack webplatform-dev`: backups kept 3 days",
		"| health | healthy |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
}

// Catches: a preview refused by a mandatory violation reaching `pulumi
// up`, reported as a plain "preview failed" or without naming the policy,
// exiting 0, or going on to the health gate or a rollback (nothing was
// changed); the violations missing from the summary and the artifact.
func TestDeployPreviewRefusedByPolicy(t *testing.T) {
	s := healthyScenario(t)
	var pack, config string
	rep, f, tool, _, err := runDeployWith(t, s, withPolicyPack(t, s, deployPolicy{
		previewEvents: policyRefusedEvents, previewErr: cmdFailed("error: preview failed"),
	}, &pack, &config))
	if err == nil || ExitCode(err) != 1 ||
		!strings.Contains(err.Error(), "pulumi preview of stack dev refused by the policy pack: 1 mandatory violation(s) of stateful-resources-protected") {
		t.Fatalf("err = %v", err)
	}
	assertNoRollbackNoHealth(t, f, rep, 0)
	saved := readDeployJSON(t, rep)
	if saved.Outcome != OutcomePolicyRefused || saved.Policy == nil || !saved.Policy.Refused ||
		saved.Policy.Stage != PolicyStagePreview || saved.Policy.MandatoryPolicies()[0] != "stateful-resources-protected" {
		t.Errorf("deploy.json: outcome %s, policy %+v", saved.Outcome, saved.Policy)
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	for _, want := range []string{
		"(policy-refused)", "**Failed**: pulumi preview of stack dev refused by the policy pack",
		"**The preview was refused**: `pulumi up` did not run, nothing changed, nothing to roll back.",
		"2 policy violation(s): 1 mandatory, 1 advisory (mandatory violations refuse the preview).",
		"- **mandatory** `stateful-resources-protected` on `aws:rds/cluster:Cluster db`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "olled back") {
		t.Errorf("summary of a refused deploy mentions a rollback:\n%s", md)
	}
}

// Catches: an up refused by the pack (its event log naming a mandatory
// violation) taken for a deploy to gate on health or roll back, reported
// without the policy's name, or with the preview's violations instead of
// the up's.
func TestDeployUpRefusedByPolicyNotRolledBack(t *testing.T) {
	s := healthyScenario(t)
	s.failUp = true
	var pack, config string
	rep, f, tool, _, err := runDeployWith(t, s, withPolicyPack(t, s, deployPolicy{
		previewEvents: policyEventsSample, upEvents: policyRefusedEvents,
	}, &pack, &config))
	if err == nil || ExitCode(err) != 1 ||
		!strings.Contains(err.Error(), "pulumi up of stack dev refused by the policy pack: 1 mandatory violation(s) of stateful-resources-protected") {
		t.Fatalf("err = %v", err)
	}
	assertNoRollbackNoHealth(t, f, rep, 1)
	if rep.Outcome != OutcomePolicyRefused || rep.Policy.Stage != PolicyStageUp || !rep.Policy.Refused || rep.Update == nil {
		t.Errorf("report: outcome %s, policy %+v, update %+v", rep.Outcome, rep.Policy, rep.Update)
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	for _, want := range []string{
		"**The update was refused**", "below, what the update reported.",
		"(mandatory violations refuse the update)", "- **mandatory** `stateful-resources-protected`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
}

// Catches: the automatic rollback run with the policy pack (a rule added
// after the version it restores would block the rollback), or the report
// not saying that it ran without it.
func TestDeployRollbackRunsWithoutPolicyPack(t *testing.T) {
	s := healthyScenario(t)
	s.states = []string{"ALARM"}
	var pack, config string
	rep, f, tool, _, err := runDeployWith(t, s, withPolicyPack(t, s, deployPolicy{upEvents: policyEventsSample}, &pack, &config))
	if err == nil || !strings.Contains(err.Error(), "rolled back to v1.2.0") {
		t.Fatalf("err = %v", err)
	}
	assertRolledBack(t, f, tool, rep) // its up is exactly `pulumi up --yes --skip-preview --diff --stack dev`
	for _, c := range f.find("pulumi up") {
		if c.Dir != tool.Dir && (slices.Contains(c.Args, "--policy-pack") || c.env("PULUMI_DEBUG_COMMANDS") != "") {
			t.Errorf("rollback up ran the pack: %s env %v", c, c.Env)
		}
	}
	if !rep.Rollback.WithoutPolicyPack || !readDeployJSON(t, rep).Rollback.WithoutPolicyPack {
		t.Errorf("rollback report = %+v", rep.Rollback)
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	if want := "| policy pack | not run: a rollback restores v1.2.0 as it was deployed, a rule added since must not block it |"; !strings.Contains(md, want) {
		t.Errorf("summary lacks %q:\n%s", want, md)
	}
}

// Catches: a missing pack or config, or a config without a pack, found
// only after the stack was selected (or by pulumi, minutes later) instead
// of as a usage error before any command.
func TestDeployPolicyPackUsage(t *testing.T) {
	f := &fakeRunner{handle: func(c call) (string, error) { return "", cmdFailed("no command expected") }}
	tool, _, _ := newTestTool(t, f)
	pack := filepath.Join(t.TempDir(), "webplatform-policy")
	writeFile(t, pack, "#!/bin/sh\n")
	for _, p := range [][2]string{
		{filepath.Join(t.TempDir(), "absent"), ""},
		{pack, filepath.Join(t.TempDir(), "absent.json")},
		{"", pack},
	} {
		o := DefaultDeployOptions
		o.Stack, o.Version, o.Commit, o.PolicyPack, o.PolicyConfig = "dev", "v1.3.0", newCommit, p[0], p[1]
		if _, err := tool.Deploy(context.Background(), o); !IsUsage(err) {
			t.Errorf("pack %q config %q: err = %v, want a usage error", p[0], p[1], err)
		}
	}
	if len(f.calls) != 0 {
		t.Errorf("usage errors ran %v", f.commands())
	}
}
