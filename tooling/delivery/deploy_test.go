package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	newCommit  = "1111111111111111111111111111111111111111"
	prevCommit = "2222222222222222222222222222222222222222"
)

// historySample is `pulumi stack history --json --page-size 1` as Pulumi
// v3.259.0 writes it: a list of updateInfoJSON
// (pkg/cmd/pulumi/stack/stack_history.go) with startTime/endTime from
// cmd.FormatTime ("2006-01-02T15:04:05.000Z07:00"), config values as
// configValueJSON (a secret without --show-secrets has no value), and
// resourceChanges keyed by display.StepOp, indented by ui.FprintJSON.
func historySample(version int, result string, changes map[string]int, seconds int) string {
	rc, _ := json.Marshal(changes)
	start := t0.Add(time.Minute)
	end := start.Add(time.Duration(seconds) * time.Second)
	return fmt.Sprintf(`[
    {
        "version": %d,
        "kind": "update",
        "startTime": %q,
        "message": "deploy",
        "environment": {
            "exec.kind": "cli",
            "git.head": "%s"
        },
        "config": {
            "aws:region": {
                "value": "eu-west-1",
                "secret": false
            },
            "webplatform:extraTags": {
                "value": "{\"data-classification\":\"internal\"}",
                "objectValue": {
                    "data-classification": "internal"
                },
                "secret": false
            },
            "webplatform:token": {
                "secret": true
            }
        },
        "result": %q,
        "endTime": %q,
        "resourceChanges": %s
    }
]
`, version, start.Format("2006-01-02T15:04:05.000Z07:00"), newCommit, result,
		end.Format("2006-01-02T15:04:05.000Z07:00"), rc)
}

// scenario answers the commands of a deploy.
type scenario struct {
	t           *testing.T
	repo        string
	release     string // output release as JSON; "" = absent
	deployments string // output deployments as JSON; "" = absent
	alarm       string // output serviceUnhealthyAlarmName as JSON; "" = absent
	states      []string
	failRollout string
	failUp      bool
	failRbUp    bool
	polls       int
	kubeconfigs []string
}

func (s *scenario) handle(c call) (string, error) {
	cmd := c.String()
	switch {
	case strings.HasPrefix(cmd, "git merge-base --is-ancestor"),
		strings.HasPrefix(cmd, "pulumi stack select --create"),
		strings.HasPrefix(cmd, "pulumi stack tag set"),
		strings.HasPrefix(cmd, "git worktree remove"):
		return "", nil
	case strings.HasPrefix(cmd, "pulumi stack output release"):
		return orNoOutput(s.release)
	case strings.HasPrefix(cmd, "pulumi stack output deployments"):
		return orNoOutput(s.deployments)
	case strings.HasPrefix(cmd, "pulumi stack output serviceUnhealthyAlarmName"):
		return orNoOutput(s.alarm)
	case strings.HasPrefix(cmd, "pulumi stack output kubeconfig --show-secrets"):
		return "apiVersion: v1\nkind: Config\n", nil
	case strings.HasPrefix(cmd, "pulumi config get aws:region"):
		return "eu-west-1\n", nil
	case strings.HasPrefix(cmd, "pulumi preview --diff"):
		return "Previewing update (dev):\n  + aws:s3/bucket:Bucket logs create\n", nil
	case strings.HasPrefix(cmd, "pulumi up"):
		if c.Dir != s.repo {
			return "", failIf(s.failRbUp, "rollback up failed")
		}
		return "", failIf(s.failUp, "error: update failed")
	case strings.HasPrefix(cmd, "pulumi stack history"):
		if c.Dir != s.repo {
			return historySample(8, "succeeded", map[string]int{"update": 4, "same": 296}, 95), nil
		}
		return historySample(7, "succeeded", map[string]int{"create": 1, "update": 2, "same": 297}, 252), nil
	case strings.HasPrefix(cmd, "kubectl rollout status"):
		return s.rollout(c)
	case strings.HasPrefix(cmd, "aws cloudwatch describe-alarms"):
		return s.describe()
	case strings.HasPrefix(cmd, "git worktree add --detach"):
		return "", os.MkdirAll(c.Args[3], 0o700)
	}
	s.t.Errorf("unexpected command %s", cmd)
	return "", fmt.Errorf("unexpected command %s", cmd)
}

func orNoOutput(v string) (string, error) {
	if v == "" {
		return "", errNoOutput
	}
	return v + "\n", nil
}

func failIf(fail bool, msg string) error {
	if fail {
		return cmdFailed(msg)
	}
	return nil
}

func (s *scenario) rollout(c call) (string, error) {
	file := c.env("KUBECONFIG")
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		s.t.Errorf("KUBECONFIG %q: %v, mode %v; want a 0600 file", file, err, info)
	} else {
		s.kubeconfigs = append(s.kubeconfigs, readFile(s.t, file))
	}
	if s.failRollout != "" && c.Args[2] == "deployment/"+s.failRollout {
		return "", cmdFailed("error: timed out waiting for the condition")
	}
	return "deployment successfully rolled out\n", nil
}

func (s *scenario) describe() (string, error) {
	state := "OK"
	if s.polls < len(s.states) {
		state = s.states[s.polls]
	}
	s.polls++
	if state == "MISSING" {
		return `{"MetricAlarms": [], "CompositeAlarms": []}`, nil
	}
	return fmt.Sprintf(`{"MetricAlarms": [], "CompositeAlarms": [{"AlarmName": "dev-service-unhealthy", "StateValue": %q}]}`, state), nil
}

func healthyScenario(t *testing.T) *scenario {
	return &scenario{
		t:           t,
		release:     fmt.Sprintf(`{"version": "v1.2.0", "commit": %q, "deployedAt": "2026-02-01T09:00:00Z"}`, prevCommit),
		deployments: `["shop/web", "shop/api"]`,
		alarm:       `"dev-service-unhealthy"`,
	}
}

func runDeploy(t *testing.T, s *scenario) (*DeployReport, *fakeRunner, *Tool, *fakeClock, error) {
	t.Helper()
	return runDeployWith(t, s, nil)
}

// runDeployWith is runDeploy with setup, when not nil, called before the
// deploy to change the tool, the runner's handler or the options.
func runDeployWith(t *testing.T, s *scenario, setup func(tool *Tool, f *fakeRunner, o *DeployOptions)) (
	*DeployReport, *fakeRunner, *Tool, *fakeClock, error,
) {
	t.Helper()
	f := &fakeRunner{}
	tool, _, clock := newTestTool(t, f)
	s.repo = tool.Dir
	f.handle = s.handle
	o := DefaultDeployOptions
	o.Stack, o.Version, o.Commit = "dev", "v1.3.0", newCommit
	o.ReportDir = filepath.Join(t.TempDir(), "out")
	o.RunURL = "https://github.com/webplatform-dev/webplatform/actions/runs/1"
	if setup != nil {
		setup(tool, f, &o)
	}
	summary := filepath.Join(t.TempDir(), "summary.md")
	tool.Getenv = func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return summary
		}
		return ""
	}
	rep, err := tool.Deploy(context.Background(), o)
	return rep, f, tool, clock, err
}

// Catches: a step out of order (up before preview, tags before up), a
// missing flag (--refresh, --skip-preview, --stack), preview and up given
// different WEBPLATFORM_DEPLOYED_AT values or none, the preview text not
// saved, the report JSON or the job summary not written, or a healthy
// deploy rolled back.
func TestDeployHappyPath(t *testing.T) {
	rep, f, tool, _, err := runDeploy(t, healthyScenario(t))
	if err != nil {
		t.Fatalf("Deploy: %v", err)
	}
	cmds := f.commands()
	want := []string{
		"git merge-base --is-ancestor " + newCommit + " origin/main",
		"pulumi stack select --create dev",
		"pulumi stack output release --json --stack dev",
		"pulumi preview --diff --stack dev",
		"pulumi up --yes --skip-preview --refresh --diff --stack dev",
		"pulumi stack history --json --show-secrets=false --page-size 1 --stack dev",
	}
	if !reflect.DeepEqual(cmds[:len(want)], want) {
		t.Fatalf("commands:\n%s\nwant prefix:\n%s", strings.Join(cmds, "\n"), strings.Join(want, "\n"))
	}
	deployedAt := t0.Format(time.RFC3339)
	for _, c := range []call{f.calls[3], f.calls[4]} {
		if c.env(EnvRelease) != "v1.3.0" || c.env(EnvCommit) != newCommit || c.env(EnvDeployedAt) != deployedAt {
			t.Errorf("%s env = %v", c, c.Env)
		}
	}
	tags := f.find("pulumi stack tag set")
	wantTags := map[string]string{
		"webplatform:version": "v1.3.0", "webplatform:changes": "create=1 update=2 replace=0 delete=0",
		"webplatform:duration": "4m12s", "webplatform:deployedAt": deployedAt,
	}
	for _, c := range tags {
		if w, ok := wantTags[c.Args[3]]; ok && c.Args[4] == w {
			delete(wantTags, c.Args[3])
		}
	}
	if len(wantTags) > 0 {
		t.Errorf("tags not set: %v (set: %v)", wantTags, tags)
	}
	if len(f.find("kubectl rollout status")) != 2 || len(f.find("git worktree")) != 0 {
		t.Errorf("want two rollouts and no rollback:\n%s", strings.Join(cmds, "\n"))
	}
	if got := readFile(t, rep.PreviewFile); !strings.Contains(got, "Previewing update (dev)") {
		t.Errorf("preview file = %q", got)
	}
	var saved DeployReport
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(filepath.Dir(rep.PreviewFile), "dev-deploy.json"))), &saved); err != nil {
		t.Fatal(err)
	}
	if saved.Outcome != OutcomeDeployed || saved.Previous.Version != "v1.2.0" || saved.Update.Changes.Create != 1 {
		t.Errorf("deploy.json = %+v", saved)
	}
	md := readFile(t, tool.Getenv("GITHUB_STEP_SUMMARY"))
	for _, s := range []string{"created 1, updated 2, replaced 0, deleted 0, same 297", "4m12s", "v1.2.0",
		"actions/runs/1", "| health | healthy |"} {
		if !strings.Contains(md, s) {
			t.Errorf("summary lacks %q:\n%s", s, md)
		}
	}
}

// Catches: counts read from the wrong keys (e.g. "created"), "replace"
// taken from create-replacement, the duration from the wrong fields, or a
// history entry that is not an update accepted silently.
func TestParseHistorySample(t *testing.T) {
	data := historySample(12, "succeeded",
		map[string]int{"create": 3, "update": 2, "replace": 1, "delete": 4, "same": 290, "import": 1}, 61)
	u, err := LatestUpdate([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := Changes{Create: 3, Update: 2, Replace: 1, Delete: 4, Same: 290, Other: map[string]int{"import": 1}}
	if !reflect.DeepEqual(u.Changes, want) || u.Duration != "1m1s" || u.Result != "succeeded" || u.UpdateVersion != 12 {
		t.Fatalf("outcome = %+v", u)
	}
	if got := u.Changes.String(); got != "create=3 update=2 replace=1 delete=4 import=1" {
		t.Errorf("Changes.String() = %q", got)
	}
	refresh := strings.Replace(data, `"kind": "update"`, `"kind": "refresh"`, 1)
	if _, err := LatestUpdate([]byte(refresh)); err == nil {
		t.Error("a refresh as newest entry accepted as the deploy's update")
	}
	inProgress := `[{"version": 3, "kind": "update", "startTime": "2026-03-01T10:00:00.000Z", "message": "",
		"environment": {}, "config": {}, "result": "in-progress"}]`
	u, err = LatestUpdate([]byte(inProgress))
	if err != nil || u.Duration != "" || u.Changes.Create != 0 {
		t.Errorf("in progress: %+v, %v", u, err)
	}
}

// Catches: a deploy of a commit that is not on the trusted ref (a
// workflow_dispatch of a branch) reaching pulumi, or the check refusing a
// commit that is on it. Uses a real repository.
func TestDeployRefusesCommitNotOnTrustedRef(t *testing.T) {
	dir, git := gitRepo(t)
	onMain := commit(git, "main")
	git("checkout", "-q", "-b", "feature")
	onBranch := commit(git, "feature")
	git("checkout", "-q", "main")
	writeFile(t, filepath.Join(dir, "Pulumi.dev.yaml"), "config: {}\n")

	for _, tc := range []struct {
		commit  string
		refused bool
	}{{onBranch, true}, {onMain, false}} {
		f := &fakeRunner{handle: func(c call) (string, error) { return "", cmdFailed("pulumi unavailable in test") }}
		tool, _, _ := newTestTool(t, gitRunner{fake: f})
		tool.Dir = dir
		o := DefaultDeployOptions
		o.Stack, o.Version, o.Commit, o.TrustedRef = "dev", "v1.3.0", tc.commit, "main"
		_, err := tool.Deploy(context.Background(), o)
		refused := err != nil && strings.Contains(err.Error(), "not an ancestor of main")
		if refused != tc.refused {
			t.Errorf("commit %s: err = %v, want refused=%v", tc.commit, err, tc.refused)
		}
		if tc.refused && len(f.calls) > 0 {
			t.Errorf("refused commit still ran %v", f.commands())
		}
	}
}

// Catches: a --stack without a Pulumi.<stack>.yaml (a typo creating a new
// empty stack through select --create) accepted.
func TestDeployRefusesStackWithoutFile(t *testing.T) {
	s := healthyScenario(t)
	f := &fakeRunner{}
	tool, _, _ := newTestTool(t, f)
	s.repo = tool.Dir
	f.handle = s.handle
	o := DefaultDeployOptions
	o.Stack, o.Version, o.Commit = "prd", "v1.3.0", newCommit
	_, err := tool.Deploy(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "Pulumi.prd.yaml") {
		t.Fatalf("err = %v, want a refusal naming Pulumi.prd.yaml", err)
	}
	if len(f.find("pulumi")) > 0 {
		t.Errorf("pulumi ran: %v", f.commands())
	}
}
