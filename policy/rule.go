package policy

import (
	"fmt"
	"sort"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Resource is one resource of the stack under analysis.
type Resource = mockgraph.Resource

// Level is a rule's enforcement level, with the CLI's names.
type Level string

// Enforcement levels (the policy pack config's "enforcementLevel").
const (
	// Mandatory violations fail the preview or update.
	Mandatory Level = "mandatory"
	// Advisory violations are reported and do not fail it.
	Advisory Level = "advisory"
	// Disabled rules do not run.
	Disabled Level = "disabled"
)

// Levels are the enforcement levels a config may set.
var Levels = []Level{Mandatory, Advisory, Disabled}

// Severity is how bad a violation is (the CLI's policy severity).
type Severity string

// Severities.
const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

// Rule is one policy of the pack.
type Rule struct {
	// Name is the policy name the CLI prints and a config refers to.
	Name string
	// Description says what the rule requires.
	Description string
	// Remediation says how to comply.
	Remediation string
	Severity    Severity
	// Equivalents are the same check in other rule sets, verified
	// 2026-12-03 against checkov's check classes, cdk-nag's RULES.md and
	// @pulumi/awsguard 0.3.1's policies: "checkov CKV_AWS_158", "cdk-nag
	// AwsSolutions-ELB2", "awsguard elb-deletion-protection-enabled" (the
	// awsguard policy this rule mirrors for the pulumi-aws v6 type tokens,
	// which awsguard 0.3.1, written for v4 module names, never matches).
	Equivalents []string
	// Check reports every violation in s.
	Check func(s *Stack, report Reporter)
}

// Reporter records a violation of the running rule by r (nil for the stack).
type Reporter func(r *Resource, format string, args ...any)

// Violation is one resource breaking one rule.
type Violation struct {
	Rule    string
	URN     string // "" for a stack-wide violation
	Name    string
	Type    string
	Message string
}

func (v Violation) String() string {
	if v.URN == "" {
		return fmt.Sprintf("%s: %s", v.Rule, v.Message)
	}
	return fmt.Sprintf("%s: %s %s: %s", v.Rule, v.Type, v.Name, v.Message)
}

// run applies one rule, sorted by resource for a stable report.
func (r Rule) run(s *Stack) []Violation {
	var out []Violation
	r.Check(s, func(res *Resource, format string, args ...any) {
		v := Violation{Rule: r.Name, Message: fmt.Sprintf(format, args...)}
		if res != nil {
			v.URN, v.Name, v.Type = res.URN, res.Name, res.Type
		}
		out = append(out, v)
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// Find returns the rule of that name.
func Find(name string) (Rule, bool) {
	for _, r := range Rules() {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}
