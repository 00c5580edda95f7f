package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// TestPolicyDowngradesAreDocumented: every level lowered and every
// exception in policy/config/*.json is a row of docs/SECURITY.md with the
// same reason, and every such row is still in a config.
func TestPolicyDowngradesAreDocumented(t *testing.T) {
	root := harness.Root(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "SECURITY.md"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, stack := range harness.Stacks(t) {
		for rule, rc := range stackPolicyConfig(t, stack) {
			if rc.Level != "" && rc.Level != policy.Mandatory {
				want = append(want, fmt.Sprintf("| %s | `%s` | %s | %s |", stack, rule, rc.Level, rc.Reason))
			}
			for _, e := range rc.Exceptions {
				want = append(want, fmt.Sprintf("| %s | `%s` | exception: `%s` | %s |", stack, rule, e.Resource, e.Reason))
			}
		}
	}
	for _, row := range want {
		if !strings.Contains(string(doc), row+"\n") {
			t.Errorf("docs/SECURITY.md (Policy pack levels per stack) lacks the row\n%s", row)
		}
	}
	_, table, _ := strings.Cut(string(doc), "## Policy pack levels per stack")
	table, _, _ = strings.Cut(table, "\n## ")
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| stack ") {
			rows++
		}
	}
	if rows != len(want) {
		t.Errorf("docs/SECURITY.md lists %d policy downgrades, the configs have %d: remove stale rows", rows, len(want))
	}
}
