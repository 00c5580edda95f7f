package delivery

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// RollbackReport is what happened after an unhealthy deploy.
type RollbackReport struct {
	// From is the version that was unhealthy.
	From string `json:"from"`
	// To is the version rolled back to.
	To string `json:"to,omitempty"`
	// ToCommit is the commit rolled back to.
	ToCommit string `json:"toCommit,omitempty"`
	// Reason is why the deploy was unhealthy.
	Reason string `json:"reason"`
	// Attempted is true when a rollback ran.
	Attempted bool `json:"attempted"`
	// Skipped says why no rollback ran.
	Skipped string `json:"skipped,omitempty"`
	// WithoutPolicyPack is set when the deploy ran a policy pack, which
	// the rollback's up does not run (see rollbackTo).
	WithoutPolicyPack bool `json:"withoutPolicyPack,omitempty"`
	// Update is the rollback update as the stack history records it.
	Update *UpdateOutcome `json:"update,omitempty"`
	// Error is why the rollback failed.
	Error string `json:"error,omitempty"`
}

func (t *Tool) rollback(ctx context.Context, o DeployOptions, rep *DeployReport) error {
	rb := &RollbackReport{From: rep.Version, Reason: rep.Health.Reason}
	rep.Rollback = rb
	prev := rep.Previous
	switch {
	case prev == nil:
		rb.Skipped = "the stack had no release output before this deploy: nothing to roll back to"
	case prev.Commit == rep.Commit:
		rb.Skipped = fmt.Sprintf("the previous release %s is the same commit", prev.Version)
	case !fullSHA.MatchString(prev.Commit):
		rb.Skipped = fmt.Sprintf("the previous release's commit %q is not a full commit hash", prev.Commit)
	}
	if rb.Skipped != "" {
		rep.Outcome = OutcomeNotRolledBack
		return fmt.Errorf("stack %s is unhealthy after deploying %s (%s); no rollback: %s",
			o.Stack, rep.Version, rb.Reason, rb.Skipped)
	}
	rb.To, rb.ToCommit, rb.Attempted = prev.Version, prev.Commit, true
	rb.WithoutPolicyPack = o.PolicyPack != ""
	t.logf("delivery: stack %s is unhealthy (%s): rolling back from %s to %s", o.Stack, rb.Reason, rep.Version, prev.Version)
	if err := t.rollbackTo(ctx, o.Stack, *prev, rep); err != nil {
		rb.Error = err.Error()
		rep.Outcome = OutcomeRollbackFailed
		return fmt.Errorf("stack %s is unhealthy after deploying %s (%s) and the rollback to %s failed: %w",
			o.Stack, rep.Version, rb.Reason, prev.Version, err)
	}
	rep.Outcome = OutcomeRolledBack
	return fmt.Errorf("stack %s was unhealthy after deploying %s (%s): rolled back to %s",
		o.Stack, rep.Version, rb.Reason, prev.Version)
}

// rollbackTo deploys the previous release's commit from a detached
// worktree, then removes the worktree. Its up runs WITHOUT the policy
// pack, even when the deploy ran one: it restores a version that was
// deployed before, and must not be blocked by a rule added after that
// version (the pack is built from the new commit). The report says so
// (RollbackReport.WithoutPolicyPack).
func (t *Tool) rollbackTo(ctx context.Context, stack string, prev Release, rep *DeployReport) (err error) {
	parent, err := os.MkdirTemp(t.TempDir, "delivery-rollback-")
	if err != nil {
		return fmt.Errorf("creating the rollback worktree: %w", err)
	}
	defer func() { _ = os.RemoveAll(parent) }()
	wt := filepath.Join(parent, "worktree")
	if _, err := t.git(ctx, "worktree", "add", "--detach", wt, prev.Commit); err != nil {
		return fmt.Errorf("checking out %s in a worktree: %w", prev.Commit, err)
	}
	defer func() {
		if _, rerr := t.git(ctx, "worktree", "remove", "--force", wt); rerr != nil {
			t.warn(&rep.Warnings, "removing the rollback worktree %s: %v", wt, rerr)
		}
	}()
	deployedAt := t.Clock.Now().UTC().Format(time.RFC3339)
	env := ReleaseEnv(prev.Version, prev.Commit, deployedAt)
	upErr := t.Runner.Stream(ctx, wt, env, t.Log,
		"pulumi", "up", "--yes", "--skip-preview", "--diff", "--stack", stack)
	rep.Rollback.Update = t.latestUpdate(ctx, wt, stack, &rep.Warnings)
	if upErr != nil {
		return fmt.Errorf("pulumi up of %s: %w", prev.Commit, upErr)
	}
	tags := releaseTags(prev.Version, prev.Commit, deployedAt, rep.Rollback.Update)
	tags = append(tags, [2]string{"webplatform:rolledBackFrom", rep.Version})
	t.setTags(ctx, wt, stack, tags, &rep.Warnings)
	return nil
}
