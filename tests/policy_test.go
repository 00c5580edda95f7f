package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/webplatform-dev/webplatform/policy"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// stackPolicyConfig loads policy/config/<stack>.json (none: every rule mandatory).
func stackPolicyConfig(t *testing.T, stack string) policy.Config {
	t.Helper()
	path := filepath.Join(harness.Root(t), "policy", "config", stack+".json")
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return nil
	}
	cfg, err := policy.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestPolicyPackPassesEveryStack: the pack's rules (policy/) on the mock
// graph of every stack, with the stack's policy config: no mandatory
// violation and no stale exception. The engine test runs the same pack
// through `pulumi preview --policy-pack`.
func TestPolicyPackPassesEveryStack(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			s := harness.LoadStack(t, stack)
			g := harness.RunStack(t, stack)
			rep := policy.Evaluate(&policy.Stack{Graph: g, DefaultRegion: s.Config["aws:region"]}, stackPolicyConfig(t, stack))
			for _, res := range rep.Results {
				for _, v := range res.Violations {
					if res.Level == policy.Mandatory {
						t.Errorf("mandatory %s", v)
					} else {
						t.Logf("%s %s", res.Level, v)
					}
				}
				for _, e := range res.Unused {
					t.Errorf("%s: the exception for %s matches no violation: remove it", res.Rule.Name, e.Resource)
				}
			}
		})
	}
}
