package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// UpgradeResult is one stack's upgrade check: `up` with the old program,
// then `preview` with the new one on the same state.
type UpgradeResult struct {
	Stack   string
	Up      *OpResult // the old program's up
	Preview *OpResult // the new program's preview: no change is a refactor that changed nothing
	Err     error
}

// Upgrade runs, per stack, `pulumi up` of the program at oldRepo (a checkout
// of an earlier commit) and then `pulumi preview` of the program at newRepo
// against the same state, each from its own project files. Every change
// the preview reports is one a user upgrading would get: a refactor must
// show none, a fix exactly the ones it names. work holds the projects,
// binaries and state.
func Upgrade(ctx context.Context, env *Env, oldRepo, newRepo, work string, stacks []string) ([]*UpgradeResult, error) {
	bins := map[string]string{oldRepo: filepath.Join(work, "bin", "old"), newRepo: filepath.Join(work, "bin", "new")}
	for repo, bin := range bins {
		if err := BuildProgram(ctx, repo, bin); err != nil {
			return nil, fmt.Errorf("build %s: %w", repo, err)
		}
	}
	var out []*UpgradeResult
	for _, stack := range stacks {
		out = append(out, upgradeStack(ctx, env, oldRepo, newRepo, bins, work, stack))
	}
	return out, nil
}

func upgradeStack(ctx context.Context, env *Env, oldRepo, newRepo string, bins map[string]string, work, stack string) *UpgradeResult {
	r := &UpgradeResult{Stack: stack}
	state := filepath.Join(work, "state")
	oldP, err := NewProject(oldRepo, filepath.Join(work, "old-"+stack), RuntimeBinary, bins[oldRepo])
	if err != nil {
		r.Err = err
		return r
	}
	s, err := oldP.Stack(ctx, env, state, stack)
	if err != nil {
		r.Err = fmt.Errorf("stack init %s (old): %w", stack, err)
		return r
	}
	if r.Up = Up(ctx, s, "up (old)", 0); r.Up.Err != nil {
		return r
	}
	newP, err := NewProject(newRepo, filepath.Join(work, "new-"+stack), RuntimeBinary, bins[newRepo])
	if err != nil {
		r.Err = err
		return r
	}
	// The stack's secrets are encrypted with the salt `stack init` wrote
	// into the old copy of the stack file: the new copy needs the same.
	if err := copySalt(oldP.StackFile(stack), newP); err != nil {
		r.Err = err
		return r
	}
	s, err = newP.Stack(ctx, env, state, stack)
	if err != nil {
		r.Err = fmt.Errorf("stack select %s (new): %w", stack, err)
		return r
	}
	r.Preview = Preview(ctx, s, "preview (new)")
	return r
}

var saltLine = regexp.MustCompile(`(?m)^encryptionsalt:.*$`)

func copySalt(oldFile string, p *Project) error {
	b, err := os.ReadFile(oldFile) //nolint:gosec // our own temp copy
	if err != nil {
		return err
	}
	salt := saltLine.Find(b)
	if salt == nil {
		return fmt.Errorf("%s: no encryptionsalt after stack init", oldFile)
	}
	stack := filepath.Base(oldFile)
	stack = stack[len("Pulumi.") : len(stack)-len(".yaml")]
	return p.EditStackFile(stack, func(s string) (string, error) {
		if saltLine.MatchString(s) {
			return saltLine.ReplaceAllString(s, string(salt)), nil
		}
		return string(salt) + "\n" + s, nil
	})
}
