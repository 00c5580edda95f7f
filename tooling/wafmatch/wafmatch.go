// Package wafmatch evaluates the match statements of a registered AWS WAF
// (wafv2) rule against a request path, the way AWS WAF does: each text
// transformation applied in priority order to the inspected component,
// then the positional constraint compared byte for byte with the search
// string, which AWS WAF does NOT transform. It is a test oracle: it shares
// nothing with components/waf and reads the rule as registered (the
// statement maps of the web ACL's inputs).
//
// Sources (read 2026-12-02):
//   - Text transformations: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-transformation.html
//     ("AWS WAF processes all transformations, from lowest priority to
//     highest, before inspecting the transformed content":
//     https://docs.aws.amazon.com/waf/latest/APIReference/API_TextTransformation.html).
//   - String match (ByteMatchStatement), positional constraints and the
//     search string, which is matched as given:
//     https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-string-match.html
//   - URI path component (the path as the client sent it, not decoded):
//     https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-fields-list.html
package wafmatch

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Match reports whether statement (a wafv2 Statement as registered: a map
// with one of byteMatchStatement, orStatement, andStatement, notStatement)
// matches a request for path. Statements the oracle does not model are an
// error, so a test never passes by ignoring part of a rule.
func Match(statement map[string]any, path string) (bool, error) {
	switch {
	case statement["byteMatchStatement"] != nil:
		return byteMatch(asMap(statement["byteMatchStatement"]), path)
	case statement["orStatement"] != nil:
		for _, s := range asList(asMap(statement["orStatement"])["statements"]) {
			ok, err := Match(asMap(s), path)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case statement["andStatement"] != nil:
		for _, s := range asList(asMap(statement["andStatement"])["statements"]) {
			ok, err := Match(asMap(s), path)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case statement["notStatement"] != nil:
		ok, err := Match(asMap(asMap(statement["notStatement"])["statement"]), path)
		return !ok, err
	}
	keys := make([]string, 0, len(statement))
	for k := range statement {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return false, fmt.Errorf("wafmatch: statement %v is not modelled", keys)
}

func byteMatch(s map[string]any, path string) (bool, error) {
	if asMap(s["fieldToMatch"])["uriPath"] == nil {
		return false, fmt.Errorf("wafmatch: only the uriPath field is modelled, got %v", s["fieldToMatch"])
	}
	in, err := Transform(path, asList(s["textTransformations"]))
	if err != nil {
		return false, err
	}
	search, _ := s["searchString"].(string)
	switch c, _ := s["positionalConstraint"].(string); c {
	case "EXACTLY":
		return in == search, nil
	case "STARTS_WITH":
		return strings.HasPrefix(in, search), nil
	case "ENDS_WITH":
		return strings.HasSuffix(in, search), nil
	case "CONTAINS":
		return strings.Contains(in, search), nil
	default:
		return false, fmt.Errorf("wafmatch: positional constraint %q is not modelled", c)
	}
}

// Transform applies the registered text transformations (maps with
// priority and type) in priority order.
func Transform(in string, transformations []any) (string, error) {
	ts := make([]map[string]any, 0, len(transformations))
	for _, t := range transformations {
		ts = append(ts, asMap(t))
	}
	sort.SliceStable(ts, func(i, j int) bool { return num(ts[i]["priority"]) < num(ts[j]["priority"]) })
	for _, t := range ts {
		switch typ, _ := t["type"].(string); typ {
		case "NONE":
		case "LOWERCASE": // "Convert uppercase letters (A-Z) to lowercase (a-z)."
			in = strings.Map(func(r rune) rune {
				if r >= 'A' && r <= 'Z' {
					return r + 'a' - 'A'
				}
				return r
			}, in)
		case "URL_DECODE": // "Decode a URL-encoded value."
			if d, err := url.PathUnescape(in); err == nil {
				in = d
			}
		case "NORMALIZE_PATH": // "Remove multiple slashes, directory self-references, and directory back-references that are not at the beginning of the input."
			in = normalizePath(in)
		default:
			return "", fmt.Errorf("wafmatch: text transformation %q is not modelled", typ)
		}
	}
	return in, nil
}

// normalizePath removes repeated slashes, "." segments and ".." segments
// (with the segment before them) that are not at the beginning.
func normalizePath(p string) string {
	lead := ""
	for strings.HasPrefix(p, "../") || strings.HasPrefix(p, "./") {
		i := strings.Index(p, "/")
		lead += p[:i+1]
		p = p[i+1:]
	}
	abs := strings.HasPrefix(p, "/")
	trail := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
	var out []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	s := strings.Join(out, "/")
	if abs {
		s = "/" + s
	}
	if trail && !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return lead + s
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asList(v any) []any         { l, _ := v.([]any); return l }

func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}
