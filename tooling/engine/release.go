package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/webplatform-dev/webplatform/internal/release"
	"github.com/webplatform-dev/webplatform/tooling/delivery"
)

// TestRelease is the release the lifecycle deploys over the first up, as
// the deploy job (cmd/delivery deploy) would: the environment variables
// the program reads (release.EnvRelease ...).
var TestRelease = release.Release{
	Version: "v0.9.0-2-g0123456789ab", Commit: "0123456789abcdef0123456789abcdef01234567", DeployedAt: "2026-12-03T12:00:00Z",
}

// ReleaseCheck is what deploying TestRelease over the first up showed.
type ReleaseCheck struct {
	Up *OpResult // up with the release's variables set
	// Kept is a preview without them (drift, a developer): the program
	// reuses the recorded release, so nothing may change.
	Kept   *OpResult
	Output map[string]any // the ReleaseOutput stack output after Up
	// Tagged and Untagged count the resources whose `tags` output carries
	// release.Tag = TestRelease.Version, and list those that do not.
	Tagged   int
	Untagged []string
	// History is the newest entry of the real CLI's `stack history --json`
	// as cmd/delivery reads it for the deploy summary.
	History    delivery.UpdateOutcome
	HistoryErr error
}

// releaseChecks deploys TestRelease, then checks the outputs, the tags in
// the state and a preview without the variables.
func releaseChecks(ctx context.Context, o *Options, s auto.Stack, add func(*OpResult) *OpResult) *ReleaseCheck {
	rc := &ReleaseCheck{}
	ws := s.Workspace()
	vars := map[string]string{release.EnvRelease: TestRelease.Version, release.EnvCommit: TestRelease.Commit, release.EnvDeployedAt: TestRelease.DeployedAt}
	for k, v := range vars {
		ws.SetEnvVar(k, v)
	}
	rc.Up = add(Up(ctx, s, "up (new release)", o.Parallel))
	for k := range vars {
		ws.UnsetEnvVar(k)
	}
	if rc.Up.Err != nil {
		return rc
	}
	if outs, err := s.Outputs(ctx); err == nil {
		rc.Output, _ = outs[release.Output].Value.(map[string]any)
	}
	if state, err := export(ctx, s); err == nil {
		for _, r := range state.Resources {
			tags, ok := r.Outputs["tags"].(map[string]any)
			if !ok || len(tags) == 0 {
				continue
			}
			if tags[release.Tag] == TestRelease.Version {
				rc.Tagged++
			} else {
				rc.Untagged = append(rc.Untagged, fmt.Sprintf("%s (%s=%v)", r.URN, release.Tag, tags[release.Tag]))
			}
		}
	}
	rc.History, rc.HistoryErr = cliHistory(ctx, s)
	rc.Kept = add(Preview(ctx, s, "preview (release kept)"))
	return rc
}

// cliHistory runs the real CLI's `stack history --json` for the newest
// update and reads it with cmd/delivery's parser.
func cliHistory(ctx context.Context, s auto.Stack) (delivery.UpdateOutcome, error) {
	ws := s.Workspace()
	var env []string
	for k, v := range ws.GetEnvVars() {
		env = append(env, k+"="+v)
	}
	out, errOut, code, err := ws.PulumiCommand().Run(ctx, ws.WorkDir(), nil, nil, nil, env,
		"stack", "history", "--json", "--show-secrets=false", "--page-size", "1", "--stack", s.Name())
	if err != nil {
		return delivery.UpdateOutcome{}, fmt.Errorf("stack history: exit %d: %w: %s", code, err, strings.TrimSpace(errOut))
	}
	return delivery.LatestUpdate([]byte(out))
}

// check lists what the release check shows to be wrong.
func (rc *ReleaseCheck) check() []string {
	var bad []string
	if rc.Up == nil || rc.Up.Err != nil {
		return nil // reported as a failed op
	}
	for _, c := range rc.Up.Changes {
		if c.Op != "update" && c.Op != "same" {
			bad = append(bad, "a new release must only update tags in place, but: "+c.String())
		}
	}
	want := map[string]any{"version": TestRelease.Version, "commit": TestRelease.Commit, "deployedAt": TestRelease.DeployedAt}
	for k, v := range want {
		if rc.Output[k] != v {
			bad = append(bad, fmt.Sprintf("stack output %s.%s = %v, want %v", release.Output, k, rc.Output[k], v))
		}
	}
	if rc.Tagged == 0 {
		bad = append(bad, "no resource is tagged "+release.Tag+"="+TestRelease.Version)
	}
	for _, u := range rc.Untagged {
		bad = append(bad, "tagged resource without "+release.Tag+"="+TestRelease.Version+": "+u)
	}
	if rc.Kept != nil && rc.Kept.Err == nil {
		for _, c := range rc.Kept.Changes {
			bad = append(bad, "a preview without the release variables plans a change (the recorded release was not reused): "+c.String())
		}
	}
	switch h := rc.History; {
	case rc.HistoryErr != nil:
		bad = append(bad, "cmd/delivery cannot read the CLI's stack history: "+rc.HistoryErr.Error())
	case h.Result != "succeeded" || h.Changes.Update != rc.Up.Counts["update"] || h.Duration == "":
		bad = append(bad, fmt.Sprintf("cmd/delivery read the history as %+v; the up counted %v", h, rc.Up.Counts))
	}
	return bad
}
