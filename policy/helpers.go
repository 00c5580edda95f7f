package policy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// fromStack reports whether every value at r's path (a string or a list
// of strings) comes from a resource of the given types in the stack: the
// property dependencies name one such resource per value. A literal ID or
// ARN (of something outside the stack) has no dependency and fails.
func (s *Stack) fromStack(r *Resource, path string, types ...string) bool {
	refs := s.Refs(r, path, types...)
	if len(refs) == 0 {
		return false
	}
	if l := r.List(path); l != nil {
		return len(refs) >= len(l)
	}
	return true
}

// keyOfStack reports whether r's key at path is a KMS key of the stack.
func (s *Stack) keyOfStack(r *Resource, path string) bool {
	return s.fromStack(r, path, tKey)
}

// str returns the plain value at path of a decoded JSON-ish map.
func str(m any, path ...string) string {
	s, _ := get(m, path...).(string)
	return s
}

// get walks nested maps.
func get(m any, path ...string) any {
	cur := m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}

// objects returns the maps of a list (other elements are skipped).
func objects(l []any) []map[string]any {
	var out []map[string]any
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// statement is one IAM policy statement, with the fields the rules read.
type statement struct {
	Sid       string
	Effect    string
	Principal any
	Action    any
	Resource  any
	Condition any
}

// statements parses a policy document; ok is false while the document is
// unknown (a preview before its inputs exist) or not JSON.
func statements(doc string) (out []statement, ok bool) {
	if doc == "" {
		return nil, false
	}
	var p struct{ Statement json.RawMessage }
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, false
	}
	if err := json.Unmarshal(p.Statement, &out); err != nil {
		var one statement
		if json.Unmarshal(p.Statement, &one) != nil {
			return nil, false
		}
		out = []statement{one}
	}
	return out, true
}

// strs flattens a string-or-list policy element.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// awsPrincipals are a statement's AWS principals ("*" for Principal "*").
func (st statement) awsPrincipals() []string {
	if s, ok := st.Principal.(string); ok {
		return []string{s}
	}
	return strs(get(st.Principal, "AWS"))
}

// listOf names items for a message.
func listOf(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(slices.Sorted(slices.Values(items)), ", ")
}

// must formats a requirement message for a property.
func must(path string, want any, got any) string {
	return fmt.Sprintf("%s must be %v, is %v", path, want, got)
}
