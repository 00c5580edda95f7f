package tests

import (
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/waf"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// edgeTwoOfEach builds a WAF, an API and a CDN per prefix (nil: each
// instance's default, its name) in one program.
func edgeTwoOfEach(t *testing.T, prefixes map[string]string) *mockgraph.Graph {
	t.Helper()
	return harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		for _, name := range []string{"blue", "green"} {
			prefix := prefixes[name]
			w := &waf.WebACLArgs{Settings: waf.Settings{NamePrefix: prefix, Tags: unitTags}, Wiring: waf.Wiring{Provider: east}}
			if _, err := waf.NewWebACL(ctx, name+"-waf", w); err != nil {
				return err
			}
			api := edgeAPIArgs(func(a *apigateway.APIArgs) { a.NamePrefix = prefix })
			if _, err := apigateway.NewAPI(ctx, name+"-api", &api); err != nil {
				return err
			}
			c := edgeCDNArgs(func(a *cdn.CDNArgs) {
				a.NamePrefix, a.CertificateProvider, a.Aliases = prefix, east, []string{name + ".shop.example.com"}
				// A bucket has one policy: each CDN serves its own.
				a.AssetsBucketName = pulumi.String(name + "-assets")
			})
			if _, err := cdn.NewCDN(ctx, name+"-cdn", &c); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestEdgeTwoInstancesOfEachComponentCoexist(t *testing.T) {
	for _, tc := range []struct {
		name     string
		prefixes map[string]string
	}{
		{"default prefixes (the names)", nil},
		{"explicit prefixes", map[string]string{"blue": "shop-blue", "green": "shop-green"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := edgeTwoOfEach(t, tc.prefixes)
			assert.Len(t, g.ByType(edgeTDistribution), 2)
			assert.Len(t, g.ByType(edgeTWebACL), 2)
			assert.Len(t, g.ByType(edgeTAPI), 2)
			assert.Greater(t, assertNoPhysicalNameCollisions(t, g), 10, "the check must compare the components' physical names")
		})
	}
}

// The physical names follow NamePrefix, not the component's name: two
// instances given one prefix clash (so the prefix is what keeps two
// programs' instances of one name apart in an account).
func TestEdgePhysicalNamesFollowNamePrefix(t *testing.T) {
	g := edgeTwoOfEach(t, map[string]string{"blue": "shop", "green": "shop"})
	dups, _ := physicalNameCollisions(g.All())
	clashing := map[string]bool{}
	for _, r := range g.All() {
		for _, d := range dups {
			if r.Custom && strings.Contains(d, r.URN+" ") {
				clashing[r.Type] = true
			}
		}
	}
	for _, typ := range []string{edgeTWebACL, tLogGroup, edgeTAPI, edgeTVpcLink, edgeTUserPool, edgeTOAC, edgeTHeadersPolicy} {
		assert.True(t, clashing[typ], "%s does not take its physical name from NamePrefix", typ)
	}

	acl := g.Named(edgeTWebACL, "blue-waf")
	require.NotNil(t, acl)
	assert.Equal(t, "shop", acl.Str("name"))
	assert.Equal(t, "shop", acl.Str("visibilityConfig.metricName"))
	assert.NotNil(t, g.Named(tLogGroup, "blue-waf-logs"), "logical names still derive from the component's name")
}

// The WebACL exports its name (the WebACL dimension of its metrics), so
// callers such as the monitoring wiring need not rebuild it.
func TestEdgeWAFExportsItsName(t *testing.T) {
	// Apply callbacks run on their own goroutines, which the program's end
	// does not wait for: collect through a channel with a deadline.
	type named struct{ component, name string }
	ch := make(chan named, 2)
	g := harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		for name, s := range map[string]waf.Settings{"edge-waf-default": {}, "edge-waf-prefixed": {NamePrefix: "shop-prod"}} {
			w, err := waf.NewWebACL(ctx, name, &waf.WebACLArgs{Settings: s, Wiring: waf.Wiring{Provider: east}})
			if err != nil {
				return err
			}
			w.Name.ApplyT(func(v string) string {
				ch <- named{name, v}
				return v
			})
		}
		return nil
	})
	got := map[string]string{}
	for range 2 {
		select {
		case n := <-ch:
			got[n.component] = n.name
		case <-time.After(10 * time.Second):
			t.Fatalf("the WAF name exports did not resolve; got %v", got)
		}
	}
	assert.Equal(t, map[string]string{"edge-waf-default": "edge-waf-default", "edge-waf-prefixed": "shop-prod"}, got)
	for name, v := range got {
		assert.Equal(t, v, g.Named(edgeTWebACL, name).Str("name"), "the export is the web ACL's name")
	}
}

// LogPrefix "" (the bucket's root) is a real choice: it is kept, not
// replaced by the default "cloudfront/<prefix>/".
func TestEdgeCDNEmptyLogPrefixIsKept(t *testing.T) {
	g := edgeRunCDN(t, edgeCDNArgs(func(a *cdn.CDNArgs) { a.LogPrefix = defaults.Of("") }))
	d := edgeOne(t, g, edgeTDistribution)
	assert.True(t, d.Has("loggingConfig.prefix"))
	assert.Equal(t, "", d.Str("loggingConfig.prefix"))

	g = edgeRunCDN(t, edgeCDNArgs(nil))
	assert.Equal(t, "cloudfront/edge-cdn/", edgeOne(t, g, edgeTDistribution).Str("loggingConfig.prefix"), "the default")
}
