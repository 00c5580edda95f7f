package tests

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// policyStatement is one statement of a policy document as AWS reads it:
// Action, Resource and a principal list may each be a string or a list.
type policyStatement struct {
	Sid       string `json:"Sid"`
	Effect    string `json:"Effect"`
	Principal any    `json:"Principal"`
	Action    any    `json:"Action"`
	NotAction any    `json:"NotAction"`
	Resource  any    `json:"Resource"`
	// NotResource matches every resource but those listed.
	NotResource any                       `json:"NotResource"`
	Condition   map[string]map[string]any `json:"Condition"`
}

type policyDoc struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

func parsePolicy(t *testing.T, what, doc string) policyDoc {
	t.Helper()
	var d policyDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatalf("%s: policy is not JSON: %v\n%s", what, err, doc)
	}
	return d
}

// list reads a policy value that is a string or a list of strings.
func list(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func (s policyStatement) actions() []string   { return list(s.Action) }
func (s policyStatement) resources() []string { return list(s.Resource) }
func (s policyStatement) awsPrincipals() []string {
	if m, ok := s.Principal.(map[string]any); ok {
		return list(m["AWS"])
	}
	if p, ok := s.Principal.(string); ok {
		return []string{p}
	}
	return nil
}

// globMatch is IAM's case-insensitive matching of actions and ARNs with
// * and ? (IAM User Guide, "IAM JSON policy elements: Action" and
// "Resource"); path.Match has the same * and ? but stops * at "/", so
// slashes are mapped away first.
func globMatch(pattern, value string) bool {
	p := strings.ReplaceAll(strings.ToLower(pattern), "/", "\x00")
	v := strings.ReplaceAll(strings.ToLower(value), "/", "\x00")
	ok, err := path.Match(p, v)
	return err == nil && ok
}

func anyMatch(patterns []string, value string) bool {
	for _, p := range patterns {
		if globMatch(p, value) {
			return true
		}
	}
	return false
}

// kmsRequest is a call to a key: who calls, which action, and the
// request context a key policy may test.
type kmsRequest struct {
	principal string // role ARN of the caller
	action    string
	context   map[string]string // e.g. kms:ViaService, kms:CallerAccount
}

// keyPolicyAllows evaluates a key policy for a principal of the key's own
// account whose IAM policy allows the action (the PowerUser deploy role
// of the old docs): allowed when an Allow statement names the principal or
// the account root and every condition holds, and no Deny matches. Only
// the operators the program's key policies use are implemented; any other
// fails the test, so a new operator cannot be skipped silently. After the
// KMS Developer Guide, "Determining access to an AWS KMS key" (2026-12-02).
func keyPolicyAllows(t *testing.T, doc policyDoc, account string, r kmsRequest) bool {
	t.Helper()
	root := "arn:aws:iam::" + account + ":root"
	matches := func(s policyStatement) bool {
		if !anyMatch(s.actions(), r.action) {
			return false
		}
		named := false
		for _, p := range s.awsPrincipals() {
			if p == "*" || p == root || p == r.principal {
				named = true
			}
		}
		return named && conditionsHold(t, s.Condition, r)
	}
	return evaluate(doc, matches)
}

// evaluate is IAM's decision over the statements of doc that match a
// request: allowed when one Allow matches and no Deny does (an explicit
// deny overrides any allow; IAM User Guide, "Policy evaluation logic").
func evaluate(doc policyDoc, matches func(policyStatement) bool) bool {
	allowed := false
	for _, s := range doc.Statement {
		if !matches(s) {
			continue
		}
		if s.Effect == "Deny" {
			return false
		}
		allowed = true
	}
	return allowed
}

func conditionsHold(t *testing.T, cond map[string]map[string]any, r kmsRequest) bool {
	t.Helper()
	ctx := map[string]string{"aws:PrincipalArn": r.principal}
	for k, v := range r.context {
		ctx[k] = v
	}
	for op, kv := range cond {
		for key, want := range kv {
			got, present := ctx[key]
			values := list(want)
			if b, ok := want.(bool); ok {
				values = []string{map[bool]string{true: "true", false: "false"}[b]}
			}
			var ok bool
			switch op {
			case "StringEquals", "ArnEquals", "Bool", "ForAnyValue:StringEquals":
				// ForAnyValue: the request's values are one here.
				ok = present && hasString(values, got)
			case "ArnLike", "StringLike":
				ok = present && anyMatch(values, got)
			case "ArnNotEquals", "StringNotEquals":
				ok = !present || !hasString(values, got)
			default:
				t.Fatalf("condition operator %s is not modelled by keyPolicyAllows", op)
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

func hasString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func loadIAMDoc(t *testing.T, name string) policyDoc {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(harness.Root(t), "docs", "iam", name))
	if err != nil {
		t.Fatal(err)
	}
	// IAM's limit on a customer managed policy: 6,144 characters, white
	// space not counted (IAM User Guide, "IAM and AWS STS quotas").
	if n := len(regexp.MustCompile(`\s`).ReplaceAll(b, nil)); n > 6144 {
		t.Errorf("%s: %d characters, IAM allows 6144 for a managed policy", name, n)
	}
	return parsePolicy(t, name, string(b))
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
