package tests

import (
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/edgepaths"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// edgeNeedNode skips when node (the oracle of the CloudFront function) is
// missing; it is installed on the project's machines and in CI.
func edgeNeedNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: the CloudFront function cannot be run")
	}
}

// TestEdgePathsIntoThePods enumerates, for every stack, every route the
// registered edge serves (the distribution's behaviours, the HTTP API's
// routes, the ALB's rules), a concrete path for each and its case,
// slash, encoding and dot-segment variants, and walks each through the
// registered hops (tooling/edgepaths). It fails on the edge before issue
// 14: /API/orders, //api/orders and /%61pi/orders took the web route to
// the pods without a JWT, and the API's execute-api endpoint was on.
func TestEdgePathsIntoThePods(t *testing.T) {
	edgeNeedNode(t)
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			e, err := edgepaths.Load(g)
			require.NoError(t, err)
			prefix := e.APIPrefix()
			require.NotEmpty(t, prefix, "a behaviour sends the API prefix to the API origin")

			var paths []string
			for _, pattern := range e.RoutePatterns() {
				paths = append(paths, edgepaths.Variants(edgepaths.Sample(pattern))...)
			}
			paths = edgeUniq(paths)
			results, err := e.Walk(paths)
			require.NoError(t, err)

			var table strings.Builder
			reached := 0
			for _, r := range results {
				table.WriteString(r.String() + "\n")
				if r.Service == "" {
					continue
				}
				reached++
				canon := edgepaths.Canonical(r.Path)
				underAPI := canon == strings.TrimSuffix(prefix, "/") || strings.HasPrefix(canon, prefix)
				assert.True(t, r.WAF, "%s reaches %s without passing the WAF", r, r.Service)
				assert.Equal(t, "cloudfront", r.Entry, "only CloudFront reaches the pods: %s", r)
				if underAPI {
					assert.True(t, r.JWT || r.NoAuth, "API path %q (canonical %q) reaches the pods without a JWT route: %s", r.Path, canon, r)
					if stack == "prod" {
						assert.True(t, r.JWT, "prod: API path %q reaches the pods without a JWT check: %s", r.Path, r)
					}
				}
				if r.NoAuth {
					assert.NotEqual(t, "prod", stack, "prod serves an API route without authentication: %s", r)
				}
			}
			t.Logf("%s: %d paths, %d requests reach the pods\n%s", stack, len(paths), reached, table.String())
			assert.Positive(t, reached, "some path reaches the pods (else the walk proves nothing)")

			// No direct path: the ALB is internal and reached through the
			// VPC origin; the execute-api endpoint is off; the API's
			// custom domain without CloudFront's secret gets the ALB's 403.
			assert.True(t, e.ALBInternal, "the ALB is internal")
			for _, o := range e.Origins {
				assert.NotEqual(t, "alb-public", o.Kind, "CloudFront reaches the ALB over the internet")
			}
			assert.False(t, e.APIExecuteAPI, "the execute-api endpoint is disabled")
			apiPath := edgepaths.Sample(prefix + "*")
			for _, r := range results {
				if r.Entry == "api-domain" && r.Path == apiPath {
					assert.Equal(t, "ALB 403", r.Blocked, "a direct request to the API's custom domain: %s", r)
				}
			}
		})
	}
}

func edgeUniq(in []string) []string {
	sort.Strings(in)
	out := in[:0]
	for i, s := range in {
		if i == 0 || s != in[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// TestEdgeViewerRequestFunction runs the function the CDN publishes on a
// table of paths with node: every variant of an API path is refused
// (403; 400 when it cannot be decoded), web paths pass with the edge-only
// headers removed. Fails before issue 14: no function existed.
func TestEdgeViewerRequestFunction(t *testing.T) {
	edgeNeedNode(t)
	code := cdn.ViewerRequestCode("/api/*")
	cases := []struct {
		path string
		want int // 0: passes
	}{
		{"/", 0}, {"/orders/1", 0}, {"/apix/1", 0}, {"/static/app.js", 0}, {"/a/api/b", 0},
		{"/api", 403}, {"/api/", 403}, {"/api/orders", 403}, {"/API/orders", 403}, {"/Api/orders", 403},
		{"//api/orders", 403}, {"///api//orders", 403}, {"/%61pi/orders", 403}, {"/%2561pi/orders", 403},
		{"/api%2Forders", 403}, {"/api%2forders", 403}, {"/%2Fapi/orders", 403}, {"/api%5Corders", 403},
		{"\\api\\orders", 403}, {"/x/../api/orders", 403}, {"/./api/orders", 403}, {"/api;x/orders", 403},
		{"/%zz", 400},
	}
	var events []map[string]any
	for _, c := range cases {
		events = append(events, edgepaths.Event(c.path, map[string]string{
			"X-Gateway-Verify": "forged", "X-Api-Origin-Verify": "forged", "X-Origin-Verify": "forged", "X-Auth-Sub": "admin", "Accept": "text/html",
		}))
	}
	res, err := edgepaths.RunFunction(code, events)
	require.NoError(t, err)
	for i, c := range cases {
		r := res[i]
		require.Empty(t, r.Error, c.path)
		assert.Equal(t, c.want, r.StatusCode, "%q", c.path)
		if c.want == 0 {
			var names []string
			for h := range r.Headers {
				names = append(names, h)
			}
			sort.Strings(names)
			assert.Equal(t, []string{"accept", "host"}, names, "%q: the edge-only headers are removed", c.path)
		}
	}
}

// TestEdgeModelGlob checks the path-pattern reading the hop model uses
// against the documented examples (case-sensitive, * and ?).
func TestEdgeModelGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"/api/*", "/api/orders", true}, {"/api/*", "/API/orders", false}, {"/api/*", "//api/orders", false},
		{"/api/*", "/api", false}, {"/*", "/", true}, {"/img/*.jpg", "/img/a/b.jpg", true}, {"/a?c", "/abc", true},
	} {
		assert.Equal(t, c.want, edgepaths.Glob(c.pattern, c.path), "%s ~ %s", c.pattern, c.path)
	}
}

// TestEdgeNoSecretInStackOutputs: no stack output carries an edge
// credential (any RandomPassword's value), in any stack. Fails before
// issue 14: originSecret was a stack output.
func TestEdgeNoSecretInStackOutputs(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			s := harness.LoadStack(t, stack)
			values := map[string]string{}
			g, err := mockgraph.Run(mockgraph.RunOptions{Project: s.Project, Stack: s.Name, Config: s.Config, SecretKeys: s.SecretKeys},
				func(ctx *pulumi.Context) error {
					p, err := stacks.Deploy(ctx)
					if err != nil {
						return err
					}
					for k, v := range p.Outputs() {
						ch := make(chan string, 1)
						pulumi.ToOutput(v).ApplyT(func(x any) any { ch <- fmt.Sprint(x); return x })
						values[k] = <-ch
					}
					return nil
				})
			require.NoError(t, err)
			passwords := g.ByType("random:index/randomPassword:RandomPassword")
			require.NotEmpty(t, passwords)
			for _, pw := range passwords {
				secret, _ := pw.Output("result").(string)
				require.NotEmpty(t, secret, pw.Name)
				for k, v := range values {
					assert.NotContains(t, v, secret, "stack output %s carries %s", k, pw.Name)
				}
			}
			assert.NotContains(t, values, "originSecret")
		})
	}
}
