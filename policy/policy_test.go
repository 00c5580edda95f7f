package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/policy"
	"github.com/webplatform-dev/webplatform/policy/violations"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// runViolations runs the broken program under the mock monitor.
func runViolations(t *testing.T) *policy.Stack {
	t.Helper()
	g, err := mockgraph.Run(mockgraph.RunOptions{
		Project: "policy-violations", Stack: "test", Config: map[string]string{"aws:region": "eu-west-1"},
	}, violations.Program)
	if err != nil {
		t.Fatal(err)
	}
	return &policy.Stack{Graph: g, DefaultRegion: "eu-west-1"}
}

// flagged maps rule -> names of the resources it reported.
func flagged(rep policy.Report) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, res := range rep.Results {
		out[res.Rule.Name] = map[string]bool{}
		for _, v := range res.Violations {
			out[res.Rule.Name][v.Name] = true
		}
	}
	return out
}

// TestEveryRuleRefusesItsBrokenResource: each rule reports its case's
// broken resource and not its compliant twin (under the mock monitor; the
// engine test runs the same program under the real engine).
func TestEveryRuleRefusesItsBrokenResource(t *testing.T) {
	got := flagged(policy.Evaluate(runViolations(t), nil))
	for _, c := range violations.Cases {
		for _, bad := range c.Refused() {
			if !got[c.Rule][bad] {
				t.Errorf("%s does not refuse %s (it reported %v)", c.Rule, bad, got[c.Rule])
			}
		}
		if got[c.Rule][c.Good] {
			t.Errorf("%s refuses the compliant %s", c.Rule, c.Good)
		}
	}
}

// TestEveryRuleHasACase: a new rule without a broken resource fails here.
func TestEveryRuleHasACase(t *testing.T) {
	cases := map[string]bool{}
	for _, c := range violations.Cases {
		cases[c.Rule] = true
	}
	for _, r := range policy.Rules() {
		if !cases[r.Name] {
			t.Errorf("rule %s has no case in policy/violations", r.Name)
		}
		if r.Description == "" || r.Remediation == "" || r.Severity == "" || r.Check == nil {
			t.Errorf("rule %s lacks a description, remediation, severity or check", r.Name)
		}
		delete(cases, r.Name)
	}
	for name := range cases {
		t.Errorf("policy/violations has a case for %s, which is not a rule", name)
	}
}

// TestRulesFollowReferencesNotValues: a rule that compared resolved IDs or
// ARNs would pass the mock graph (values known) and miss a first preview's
// unknowns; with every value that came from another resource blanked out,
// the verdicts are the same.
func TestRulesFollowReferencesNotValues(t *testing.T) {
	s := runViolations(t)
	want := flagged(policy.Evaluate(s, nil))
	for _, r := range s.Graph.All() {
		blankReferences(r)
	}
	got := flagged(policy.Evaluate(s, nil))
	for _, c := range violations.Cases {
		for _, name := range append(c.Refused(), c.Good) {
			if got[c.Rule][name] != want[c.Rule][name] {
				t.Errorf("%s judges %s differently once references are unknown: %v -> %v", c.Rule, name, want[c.Rule][name], got[c.Rule][name])
			}
		}
	}
}

func TestConfigValidation(t *testing.T) {
	for _, tc := range []struct {
		name, json, want string
	}{
		{"unknown rule", `{"no-such-rule": "advisory"}`, `"no-such-rule": no such rule (rules: kms-keys-rotate`},
		{"bad level", `{"api-routes-require-jwt": "warn"}`, `api-routes-require-jwt.enforcementLevel: "warn" is not one of [mandatory advisory disabled]`},
		{"downgrade without reason", `{"api-routes-require-jwt": "advisory"}`, "api-routes-require-jwt: a rule made advisory needs a reason"},
		{"exception without reason", `{"api-routes-require-jwt": {"exceptions": [{"resource": "r"}]}}`, "api-routes-require-jwt.exceptions[0]: needs a resource and a reason"},
		{"unknown field", `{"api-routes-require-jwt": {"level": "advisory"}}`, `unknown field "level"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.json")
			if err := os.WriteFile(path, []byte(tc.json), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := policy.LoadConfig(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadConfig(%s) = %v, want an error containing %q", tc.json, err, tc.want)
			}
		})
	}
}

// TestExceptionsAndLevels: an exception silences one resource and says
// why; an advisory rule still reports; a disabled one does not run; an
// exception that matches nothing is reported as unused.
func TestExceptionsAndLevels(t *testing.T) {
	s := runViolations(t)
	cfg := policy.Config{
		"api-routes-require-jwt":           {Exceptions: []policy.Exception{{Resource: "route-bad", Reason: "public health check"}, {Resource: "gone", Reason: "stale"}}},
		"load-balancers-hardened":          {Level: policy.Advisory, Reason: "dev"},
		"default-security-groups-deny-all": {Level: policy.Disabled, Reason: "test"},
	}
	rep := policy.Evaluate(s, cfg)
	for _, res := range rep.Results {
		switch res.Rule.Name {
		case "api-routes-require-jwt":
			if len(res.Violations) != 0 || len(res.Excepted) != 1 || res.Excepted[0].Reason != "public health check" {
				t.Errorf("exception: violations %v, excepted %v", res.Violations, res.Excepted)
			}
			if len(res.Unused) != 1 || res.Unused[0].Resource != "gone" {
				t.Errorf("unused exceptions: %v", res.Unused)
			}
		case "load-balancers-hardened":
			if res.Level != policy.Advisory || len(res.Violations) == 0 {
				t.Errorf("advisory rule: level %s, %d violations", res.Level, len(res.Violations))
			}
		case "default-security-groups-deny-all":
			if len(res.Violations) != 0 {
				t.Errorf("a disabled rule ran: %v", res.Violations)
			}
		}
	}
	if rep.Count(policy.Advisory) == 0 || rep.Count(policy.Mandatory) == 0 {
		t.Errorf("counts: advisory %d, mandatory %d", rep.Count(policy.Advisory), rep.Count(policy.Mandatory))
	}
}
