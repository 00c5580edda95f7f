package delivery

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func assertRolledBack(t *testing.T, f *fakeRunner, tool *Tool, rep *DeployReport) {
	t.Helper()
	adds := f.find("git worktree add --detach")
	if len(adds) != 1 || adds[0].Args[4] != prevCommit {
		t.Fatalf("worktree add = %v, want one at %s", adds, prevCommit)
	}
	wt := adds[0].Args[3]
	var ups []call
	for _, c := range f.find("pulumi up") {
		if c.Dir == wt {
			ups = append(ups, c)
		}
	}
	if len(ups) != 1 || ups[0].String() != "pulumi up --yes --skip-preview --diff --stack dev" {
		t.Fatalf("rollback up in %s = %v", wt, ups)
	}
	if ups[0].env(EnvRelease) != "v1.2.0" || ups[0].env(EnvCommit) != prevCommit || ups[0].env(EnvDeployedAt) == "" {
		t.Errorf("rollback env = %v", ups[0].Env)
	}
	rm := f.find("git worktree remove --force " + wt)
	if len(rm) != 1 {
		t.Errorf("worktree %s not removed: %v", wt, f.commands())
	}
	if _, err := os.Stat(wt); !os.IsNotExist(err) {
		t.Errorf("worktree directory %s left behind", wt)
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	for _, s := range []string{"Rolled back from v1.3.0 to v1.2.0", "updated 4", "1m35s"} {
		if !strings.Contains(md, s) {
			t.Errorf("summary lacks %q:\n%s", s, md)
		}
	}
	if rep.Outcome != OutcomeRolledBack || rep.Rollback.Update == nil || rep.Rollback.Update.Changes.Update != 4 {
		t.Errorf("report = %+v rollback %+v", rep, rep.Rollback)
	}
}

// Catches: only the first poll looked at (ALARM at the 3rd poll missed),
// INSUFFICIENT_DATA taken for ALARM, polling not spaced by --poll, or a
// rollback to the wrong commit/version, outside a worktree, or without
// its worktree removed; and a rolled back deploy exiting 0.
func TestHealthAlarmAtThirdPollRollsBack(t *testing.T) {
	s := healthyScenario(t)
	s.states = []string{"OK", "INSUFFICIENT_DATA", "ALARM"}
	rep, f, tool, clock, err := runDeploy(t, s)
	if err == nil || !strings.Contains(err.Error(), "rolled back to v1.2.0") {
		t.Fatalf("err = %v, want a failure saying it rolled back", err)
	}
	if s.polls != 3 || len(clock.sleeps) != 2 || clock.sleeps[0] != 30*time.Second {
		t.Errorf("polls = %d, sleeps = %v; want 3 polls 30s apart", s.polls, clock.sleeps)
	}
	if !strings.Contains(rep.Health.Reason, "ALARM at health poll 3") {
		t.Errorf("reason = %q", rep.Health.Reason)
	}
	describe := f.find("aws cloudwatch describe-alarms")[0].String()
	if want := "aws cloudwatch describe-alarms --alarm-names dev-service-unhealthy --alarm-types CompositeAlarm " +
		"--output json --region eu-west-1"; describe != want {
		t.Errorf("describe = %s\nwant %s", describe, want)
	}
	assertRolledBack(t, f, tool, rep)
}

// Catches: a health window polled for the wrong number of times (stopping
// after one poll, or polling forever), or a healthy deploy rolled back.
func TestHealthOKThroughoutNoRollback(t *testing.T) {
	s := healthyScenario(t)
	rep, f, _, clock, err := runDeploy(t, s)
	if err != nil {
		t.Fatalf("Deploy: %v", err)
	}
	// 10m window, 30s poll: polls at 0s, 30s, ..., 600s.
	if s.polls != 21 || len(clock.sleeps) != 20 {
		t.Errorf("polls = %d, sleeps = %d; want 21 and 20", s.polls, len(clock.sleeps))
	}
	if len(f.find("git worktree")) != 0 || rep.Rollback != nil || !rep.Health.Healthy {
		t.Errorf("healthy deploy: rollback %+v health %+v", rep.Rollback, rep.Health)
	}
}

// Catches: a failed `kubectl rollout status` ignored (the alarm polled
// instead, or the deploy passed), the kubeconfig written world-readable or
// not at all, or kubectl run without the namespace and timeout.
func TestFailedRolloutRollsBack(t *testing.T) {
	s := healthyScenario(t)
	s.failRollout = "api"
	rep, f, tool, _, err := runDeploy(t, s)
	if err == nil {
		t.Fatal("Deploy succeeded with a failed rollout")
	}
	rollouts := f.find("kubectl rollout status")
	if len(rollouts) != 2 || rollouts[0].String() != "kubectl rollout status deployment/web -n shop --timeout=10m0s" {
		t.Errorf("rollouts = %v", rollouts)
	}
	if len(s.kubeconfigs) != 2 || s.kubeconfigs[0] != "apiVersion: v1\nkind: Config\n" {
		t.Errorf("kubeconfigs seen = %q", s.kubeconfigs)
	}
	if file := rollouts[0].env("KUBECONFIG"); file != "" {
		if _, err := os.Stat(file); !os.IsNotExist(err) {
			t.Errorf("kubeconfig %s left behind", file)
		}
	}
	if s.polls != 0 {
		t.Errorf("alarm polled %d times after a failed rollout", s.polls)
	}
	if !strings.Contains(rep.Health.Reason, "rollout of deployment shop/api") {
		t.Errorf("reason = %q", rep.Health.Reason)
	}
	assertRolledBack(t, f, tool, rep)
}

// Catches: a rollback attempted without a previous release (a first
// deploy, or a stack deployed before the release output existed), or an
// unhealthy deploy exiting 0 because there was nothing to roll back to.
func TestUnhealthyWithoutPreviousNoRollback(t *testing.T) {
	s := healthyScenario(t)
	s.release = ""
	s.states = []string{"ALARM"}
	rep, f, tool, _, err := runDeploy(t, s)
	if err == nil || !strings.Contains(err.Error(), "no rollback") {
		t.Fatalf("err = %v, want an unhealthy failure without rollback", err)
	}
	if len(f.find("git worktree")) != 0 || len(f.find("pulumi up")) != 1 {
		t.Errorf("rollback ran: %v", f.commands())
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	if rep.Outcome != OutcomeNotRolledBack || !strings.Contains(md, "no release output") {
		t.Errorf("outcome %s, summary:\n%s", rep.Outcome, md)
	}
}

// Catches: a "rollback" to the very commit that is unhealthy.
func TestUnhealthySamePreviousCommitNoRollback(t *testing.T) {
	s := healthyScenario(t)
	s.release = fmt.Sprintf(`{"version": "v1.3.0", "commit": %q, "deployedAt": "2026-02-01T09:00:00Z"}`, newCommit)
	s.states = []string{"ALARM"}
	rep, f, _, _, err := runDeploy(t, s)
	if err == nil || len(f.find("git worktree")) != 0 || !strings.Contains(rep.Rollback.Skipped, "same commit") {
		t.Fatalf("err = %v, rollback = %+v", err, rep.Rollback)
	}
}

// Catches: an alarm that does not exist (a renamed alarm, the wrong
// region) read as "not in ALARM", so the gate passes without watching
// anything.
func TestMissingAlarmIsUnhealthy(t *testing.T) {
	s := healthyScenario(t)
	s.states = []string{"MISSING"}
	rep, f, tool, _, err := runDeploy(t, s)
	if err == nil || !strings.Contains(rep.Health.Reason, "does not exist") ||
		!strings.Contains(rep.Health.Reason, "unhealthy") {
		t.Fatalf("err = %v, health = %+v", err, rep.Health)
	}
	assertRolledBack(t, f, tool, rep)
}

// Catches: an empty alarm name (monitoring off) passed to describe-alarms
// (which then reports nothing, i.e. "missing"), or skipped silently.
func TestAlarmSkippedWhenNameEmpty(t *testing.T) {
	s := healthyScenario(t)
	s.alarm = `""`
	rep, f, _, _, err := runDeploy(t, s)
	if err != nil || len(f.find("aws")) != 0 {
		t.Fatalf("err = %v, aws calls %v", err, f.find("aws"))
	}
	if len(rep.Health.Notices) != 1 || !strings.Contains(rep.Health.Notices[0], "alarm check skipped") {
		t.Errorf("notices = %v", rep.Health.Notices)
	}
}

// Catches: a failed rollback reported as a rollback, or its worktree left
// behind.
func TestRollbackFailureReported(t *testing.T) {
	s := healthyScenario(t)
	s.states = []string{"ALARM"}
	s.failRbUp = true
	rep, f, tool, _, err := runDeploy(t, s)
	if err == nil || !strings.Contains(err.Error(), "rollback to v1.2.0 failed") {
		t.Fatalf("err = %v", err)
	}
	if rep.Outcome != OutcomeRollbackFailed || len(f.find("git worktree remove")) != 1 {
		t.Errorf("outcome %s, commands %v", rep.Outcome, f.commands())
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	if !strings.Contains(md, "Rollback from v1.3.0 to v1.2.0 failed") {
		t.Errorf("summary:\n%s", md)
	}
	data := readFile(t, filepath.Join(filepath.Dir(rep.PreviewFile), "dev-deploy.json"))
	if !strings.Contains(data, `"outcome": "unhealthy-rollback-failed"`) {
		t.Errorf("deploy.json:\n%s", data)
	}
}

// Catches: a failed `pulumi up` followed by the health gate (or a
// success), instead of a failed deploy with its history reported.
func TestDeployUpFailure(t *testing.T) {
	s := healthyScenario(t)
	s.failUp = true
	rep, f, _, _, err := runDeploy(t, s)
	if err == nil || rep.Outcome != OutcomeUpdateFailed || len(f.find("kubectl")) != 0 {
		t.Fatalf("err = %v, outcome %s, commands %v", err, rep.Outcome, f.commands())
	}
}
