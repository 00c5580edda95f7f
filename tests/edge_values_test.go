package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/waf"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
	"github.com/webplatform-dev/webplatform/tooling/wafmatch"
)

// authPathVariants are requests a client can send for the auth path p
// that an application treating paths case-insensitively, decoding them or
// normalising them serves as p (the WAF sees the path as sent).
func authPathVariants(p string) map[string]string {
	out := map[string]string{
		"as configured":   p,
		"lower case":      strings.ToLower(p),
		"upper case":      strings.ToUpper(p),
		"leading //":      "/" + p,
		"dot segment":     "/." + p,
		"back-reference":  "/x/.." + p,
		"deeper path":     strings.TrimSuffix(p, "/") + "/x",
		"percent-encoded": "/%" + strings.ToUpper(hexByte(p[1])) + p[2:],
	}
	return out
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// TestWAFAuthRateLimitMatchesEveryFormOfTheAuthPaths walks requests to
// each configured auth path, in every form a client can send, through the
// registered auth rate rule's scope-down statement, evaluated as AWS WAF
// does (tooling/wafmatch: transformations apply to the request, never to
// the search string). Every form must be counted by the stricter limit
// and a static asset must not. Failed before the fix for
// wafAuthPaths ["/API/Login"]: the rule lowercased the request but kept
// the search string "/API/Login", so no request ever matched; and for
// every stack "//login" and "/%4Cogin" escaped the limit.
func TestWAFAuthRateLimitMatchesEveryFormOfTheAuthPaths(t *testing.T) {
	type run struct {
		name  string
		stack string
		edits []func(*stackconfig.Stack)
	}
	runs := []run{{name: "mixed-case paths", stack: "dev", edits: edits(set("wafAuthPaths", `["/API/Login","/api/Auth/"]`))}}
	for _, s := range harness.Stacks(t) {
		runs = append(runs, run{name: s, stack: s})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			cfg := harness.LoadStack(t, r.stack)
			for _, e := range r.edits {
				e(cfg)
			}
			var paths []string
			require.NoError(t, json.Unmarshal([]byte(cfg.Config[cfg.Project+":wafAuthPaths"]), &paths))
			g, err := harness.RunConfig(cfg)
			require.NoError(t, err)
			scope := authScopeDown(t, g)
			for _, p := range paths {
				for form, req := range authPathVariants(p) {
					ok, err := wafmatch.Match(scope, req)
					require.NoError(t, err)
					if !ok {
						t.Errorf("auth path %q: request %q (%s) escapes the auth rate limit", p, req, form)
					}
				}
			}
			for _, req := range []string{"/", "/static/app.js", "/api/orders/1"} {
				ok, err := wafmatch.Match(scope, req)
				require.NoError(t, err)
				if ok {
					t.Errorf("request %q is not an auth path but counts against the auth rate limit", req)
				}
			}
		})
	}
}

// authScopeDown is the scope-down statement of the CloudFront web ACL's
// auth rate rule.
func authScopeDown(t *testing.T, g *mockgraph.Graph) map[string]any {
	t.Helper()
	for _, acl := range g.ByType(edgeTWebACL) {
		if acl.Str("scope") != "CLOUDFRONT" {
			continue
		}
		rule, ok := edgeRules(t, acl)[waf.RuleRateAuth]
		require.True(t, ok, "rule %s missing", waf.RuleRateAuth)
		rate := edgeObj(t, edgeObj(t, rule["statement"])["rateBasedStatement"])
		return edgeObj(t, rate["scopeDownStatement"])
	}
	t.Fatal("no CLOUDFRONT web ACL")
	return nil
}
