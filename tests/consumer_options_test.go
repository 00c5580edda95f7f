package tests

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/components/waf"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// A consumer's program creates its own AWS provider and hands it to a
// component in the resource options, as with any Pulumi component. The
// program's default provider is in eu-west-1 (harness.Run); the
// consumer's is elsewhere, so a child or a lookup that falls back to the
// default provider lands in the wrong region and fails here.
const (
	consumerProvider = "consumer-aws"
	consumerRegion   = "us-west-2"
	// The wiring providers a component is given for a purpose of its own.
	consumerDR   = "dr"   // eu-central-1: DR copies (backup, storage)
	consumerEast = "use1" // us-east-1: CloudFront certificates, edge metrics
)

// consumerProviders are the providers of one run.
type consumerProviders struct {
	own  pulumi.ProviderResource // passed in the component's options
	dr   *aws.Provider
	east *aws.Provider
}

// consumerComponent builds one component as a consumer would, with opts.
type consumerComponent struct {
	name string
	// region of the consumer's provider (consumerRegion unless the
	// component needs another: a CloudFront-scope web ACL is us-east-1).
	region string
	build  func(ctx *pulumi.Context, p consumerProviders, opts ...pulumi.ResourceOption) error
	// wired names the wiring provider (consumerDR, consumerEast) a child
	// is deliberately created with, "" for the provider in the options.
	wired func(r *mockgraph.Resource) string
}

// consumerComponents are every component the stacks build.
func consumerComponents() []consumerComponent {
	none := func(*mockgraph.Resource) string { return "" }
	// named puts the children whose logical name contains one of marks on
	// provider, the others on the options' provider.
	named := func(provider string, marks ...string) func(*mockgraph.Resource) string {
		return func(r *mockgraph.Resource) string {
			for _, m := range marks {
				if strings.Contains(r.Name, m) {
					return provider
				}
			}
			return ""
		}
	}
	return []consumerComponent{
		{name: "network", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := network.NewNetwork(ctx, "net", &network.NetworkArgs{Settings: network.Settings{
				AZCount: 2, NatStrategy: network.NatSingle, InterfaceEndpoints: []string{"sts"}, Tags: unitTags,
			}}, opts...)
			return err
		}, wired: none},
		{name: "database", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			a := database.DatabaseArgs{Settings: database.Settings{MaxReaders: 3, Tags: unitTags}}
			a.VpcId, a.SubnetIds, a.AllowedSecurityGroupIds = dataWiring()
			a.AvailabilityZones = pulumi.ToStringArray([]string{"us-west-2a", "us-west-2b"})
			_, err := database.NewDatabase(ctx, "db", &a, opts...)
			return err
		}, wired: none},
		{name: "cache", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			a := cache.CacheArgs{Settings: cache.Settings{MultiAZ: true, Tags: unitTags}}
			a.VpcId, a.SubnetIds, a.AllowedSecurityGroupIds = dataWiring()
			_, err := cache.NewCache(ctx, "cache", &a, opts...)
			return err
		}, wired: none},
		{name: "storage", build: func(ctx *pulumi.Context, p consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := storage.NewStorage(ctx, "st", &storage.StorageArgs{
				Settings: storage.Settings{Replicate: true, ReplicaLockDays: 7, Tags: unitTags},
				Wiring:   storage.Wiring{DRProvider: p.dr},
			}, opts...)
			return err
		}, wired: func(r *mockgraph.Resource) string {
			// The replica bucket, its configuration and its key are in the
			// DR region; the replication role (IAM is global) and the rule
			// (on the files bucket) are not.
			if strings.Contains(r.Name, "files-dr") && !strings.HasPrefix(r.Type, "aws:iam/") &&
				r.Type != "aws:s3/bucketReplicationConfig:BucketReplicationConfig" {
				return consumerDR
			}
			return ""
		}},
		{name: "backup", build: func(ctx *pulumi.Context, p consumerProviders, opts ...pulumi.ResourceOption) error {
			s := bkProdArgs()
			s.Protect = false
			_, err := backup.NewBackup(ctx, "bk", &backup.BackupArgs{Settings: s, Wiring: backup.Wiring{DRProvider: p.dr}}, opts...)
			return err
		}, wired: named(consumerDR, "bk-dr")},
		{name: "cluster", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := cluster.NewCluster(ctx, "eks", computeClusterArgs(nil), opts...)
			return err
		}, wired: none},
		{name: "workload", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := workload.NewWorkload(ctx, "app", computeWorkloadArgs(nil), opts...)
			return err
		}, wired: none},
		{name: "loadbalancer", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := loadbalancer.NewLoadBalancer(ctx, "alb", computeLBArgs(nil), opts...)
			return err
		}, wired: none},
		{name: "apigateway", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			a := edgeAPIArgs(nil)
			_, err := apigateway.NewAPI(ctx, "api", &a, opts...)
			return err
		}, wired: none},
		{name: "cdn", build: func(ctx *pulumi.Context, p consumerProviders, opts ...pulumi.ResourceOption) error {
			a := edgeCDNArgs(func(a *cdn.CDNArgs) { a.CertificateProvider = p.east })
			_, err := cdn.NewCDN(ctx, "cdn", &a, opts...)
			return err
		}, wired: func(r *mockgraph.Resource) string {
			// CloudFront takes certificates from us-east-1 only; the
			// validation records are in the (global) hosted zone.
			if strings.HasPrefix(r.Type, "aws:acm/") {
				return consumerEast
			}
			return ""
		}},
		{name: "monitoring", build: func(ctx *pulumi.Context, p consumerProviders, opts ...pulumi.ResourceOption) error {
			a := monAllTargets(p.east)
			_, err := monitoring.NewMonitoring(ctx, "mon", &a, opts...)
			return err
		}, wired: named(consumerEast, "edge", "mon-cdn-", "mon-waf-")}, // CloudFront and WAF metrics are in us-east-1
		// A REGIONAL web ACL lives in the region of the options' provider.
		{name: "waf regional", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := waf.NewWebACL(ctx, "waf", &waf.WebACLArgs{Settings: waf.Settings{Scope: "REGIONAL", Tags: unitTags}}, opts...)
			return err
		}, wired: none},
		// A CloudFront-scope web ACL given its us-east-1 provider in the
		// options only (no Wiring.Provider): the region check must ask that
		// provider, not the program's default one.
		{name: "waf cloudfront", region: "us-east-1", build: func(ctx *pulumi.Context, _ consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := waf.NewWebACL(ctx, "waf", &waf.WebACLArgs{Settings: waf.Settings{Tags: unitTags}}, opts...)
			return err
		}, wired: none},
		// With Wiring.Provider, that provider wins for every child and lookup.
		{name: "waf wiring provider", build: func(ctx *pulumi.Context, p consumerProviders, opts ...pulumi.ResourceOption) error {
			_, err := waf.NewWebACL(ctx, "waf", &waf.WebACLArgs{Settings: waf.Settings{Tags: unitTags}, Wiring: waf.Wiring{Provider: p.east}}, opts...)
			return err
		}, wired: func(*mockgraph.Resource) string { return consumerEast }},
	}
}

// consumerPassing are the ways a consumer hands its provider to a
// component: the options themselves, or a parent of its own that holds it.
var consumerPassing = []struct {
	name string
	// raw registers the provider as a plain pulumi.ProviderResourceState
	// (what a component provider's Construct receives) instead of an
	// aws.Provider.
	raw  bool
	opts func(ctx *pulumi.Context, own pulumi.ProviderResource) ([]pulumi.ResourceOption, error)
}{
	{name: "Provider", opts: func(_ *pulumi.Context, own pulumi.ProviderResource) ([]pulumi.ResourceOption, error) {
		return []pulumi.ResourceOption{pulumi.Provider(own)}, nil
	}},
	{name: "Providers", opts: func(_ *pulumi.Context, own pulumi.ProviderResource) ([]pulumi.ResourceOption, error) {
		return []pulumi.ResourceOption{pulumi.Providers(own)}, nil
	}},
	{name: "Providers of a ProviderResourceState", raw: true, opts: func(_ *pulumi.Context, own pulumi.ProviderResource) ([]pulumi.ResourceOption, error) {
		return []pulumi.ResourceOption{pulumi.Providers(own)}, nil
	}},
	{name: "Parent holding Providers", opts: func(ctx *pulumi.Context, own pulumi.ProviderResource) ([]pulumi.ResourceOption, error) {
		var parent pulumi.ResourceState
		if err := ctx.RegisterComponentResource("consumer:index:Platform", "consumer", &parent, pulumi.Providers(own)); err != nil {
			return nil, err
		}
		return []pulumi.ResourceOption{pulumi.Parent(&parent)}, nil
	}},
}

// consumerRun builds c under the mock monitor with the consumer's
// provider passed the way pass does.
func consumerRun(t *testing.T, c consumerComponent, raw bool, pass func(*pulumi.Context, pulumi.ProviderResource) ([]pulumi.ResourceOption, error)) (*mockgraph.Graph, error) {
	t.Helper()
	region := c.region
	if region == "" {
		region = consumerRegion
	}
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		var p consumerProviders
		var err error
		if raw {
			var state pulumi.ProviderResourceState
			err = ctx.RegisterResource("pulumi:providers:aws", consumerProvider, pulumi.Map{"region": pulumi.String(region)}, &state)
			p.own = &state
		} else {
			p.own, err = aws.NewProvider(ctx, consumerProvider, &aws.ProviderArgs{Region: pulumi.String(region)})
		}
		if err != nil {
			return err
		}
		if p.dr, err = aws.NewProvider(ctx, consumerDR, &aws.ProviderArgs{Region: pulumi.String("eu-central-1")}); err != nil {
			return err
		}
		if p.east, err = aws.NewProvider(ctx, consumerEast, &aws.ProviderArgs{Region: pulumi.String("us-east-1")}); err != nil {
			return err
		}
		opts, err := pass(ctx, p.own)
		if err != nil {
			return err
		}
		return c.build(ctx, p, opts...)
	})
}

// consumerProviderName is the logical name of the provider a reference
// ("urn::id") names, "default" for none.
func consumerProviderName(g *mockgraph.Graph, ref string) string {
	if ref == "" {
		return "default"
	}
	urn := ref
	if i := strings.LastIndex(ref, "::"); i > 0 {
		urn = ref[:i]
	}
	if p := g.ByURN(urn); p != nil {
		return p.Name
	}
	return ref
}

// TestConsumerOptionsProviderReachesEveryChildAndLookup: a component given
// an AWS provider in its resource options (pulumi.Provider,
// pulumi.Providers, or a parent holding it; an aws.Provider or the plain
// pulumi.ProviderResourceState a component provider's Construct receives)
// creates every AWS child with
// it, except the children it deliberately creates with a wiring provider
// (the DR vault and replica, the us-east-1 certificate and edge alarms,
// which use exactly that one), and asks it in every lookup (account,
// region, partition, zones, prefix lists), except the region checks of
// the wiring providers themselves. A lookup made without the options
// (backup's account and region, waf's region check, which ran before the
// component registered itself) asks the program's default provider
// instead and fails here.
func TestConsumerOptionsProviderReachesEveryChildAndLookup(t *testing.T) {
	for _, c := range consumerComponents() {
		for _, pass := range consumerPassing {
			t.Run(c.name+"/"+pass.name, func(t *testing.T) {
				g, err := consumerRun(t, c, pass.raw, pass.opts)
				require.NoError(t, err)
				consumerAssertProviders(t, g, c)
			})
		}
	}
}

func consumerAssertProviders(t *testing.T, g *mockgraph.Graph, c consumerComponent) {
	t.Helper()
	used := map[string]int{}
	children := 0
	for _, r := range g.All() {
		if !r.Custom || !strings.HasPrefix(r.Type, "aws:") {
			continue // components, providers, Kubernetes and random resources
		}
		children++
		want := c.wired(r)
		if want == "" {
			want = consumerProvider
		}
		got := consumerProviderName(g, r.Provider)
		used[got]++
		assert.Equal(t, want, got, "%s %s: created with provider %s", r.Type, r.Name, got)
	}
	require.NotZero(t, children, "no AWS child registered")

	// Lookups: the options' provider, or a wiring provider the component
	// was given (its region check, the DR region's account).
	wiring := map[string]bool{}
	for _, r := range g.All() {
		if w := c.wired(r); w != "" {
			wiring[w] = true
		}
	}
	asked := map[string]int{}
	for _, inv := range g.Invokes() {
		got := consumerProviderName(g, inv.Provider)
		asked[got]++
		if got != consumerProvider && !wiring[got] {
			t.Errorf("invoke %s asked provider %s, want %s%s", inv.Token, got, consumerProvider, consumerWiringList(wiring))
		}
	}
	if used[consumerProvider] > 0 {
		assert.NotZero(t, asked[consumerProvider], "children use the options' provider but no lookup asked it (asked: %v)", asked)
	}
}

func consumerWiringList(wiring map[string]bool) string {
	var names []string
	for n := range wiring {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(" or the wiring provider %v", names)
}

// TestConsumerExamplesModuleFollowsThisOne: examples/ is the compiled
// reference for consumers, a module of its own that requires this one
// through a replace of ../ (so it builds against the working tree, as
// scripts/test runs it). Every module both require is at the same
// version: the examples build what a consumer pinning this module's
// go.mod would, and a dependency bump here that skips examples/go.mod
// fails here, not in a consumer's build.
func TestConsumerExamplesModuleFollowsThisOne(t *testing.T) {
	root := harness.Root(t)
	parse := func(rel string) *modfile.File {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, rel))
		require.NoError(t, err)
		f, err := modfile.Parse(rel, b, nil)
		require.NoError(t, err)
		return f
	}
	main, examples := parse("go.mod"), parse("examples/go.mod")
	require.Equal(t, main.Module.Mod.Path+"/examples", examples.Module.Mod.Path)
	assert.Equal(t, main.Go.Version, examples.Go.Version, "go directive")
	var replaced bool
	for _, r := range examples.Replace {
		if r.Old.Path == main.Module.Mod.Path {
			replaced = r.New.Path == "../" || r.New.Path == ".."
		}
	}
	assert.True(t, replaced, "examples/go.mod must replace %s with ../", main.Module.Mod.Path)
	versions := map[string]string{}
	for _, r := range main.Require {
		versions[r.Mod.Path] = r.Mod.Version
	}
	shared := 0
	for _, r := range examples.Require {
		if v, ok := versions[r.Mod.Path]; ok {
			shared++
			assert.Equal(t, v, r.Mod.Version, "%s: examples/go.mod differs from go.mod (run go mod tidy in examples/ after copying go.sum)", r.Mod.Path)
		}
	}
	assert.Greater(t, shared, 10, "examples/go.mod shares the SDKs and their dependencies with go.mod")
}

// TestConsumerEveryComponentHasACompiledExample: each component's package
// doc points to its Example_<package> in examples/consumer, and that
// example exists (scripts/test compiles and runs it there), so the text
// example in doc.go always has a compiled twin.
func TestConsumerEveryComponentHasACompiledExample(t *testing.T) {
	root := harness.Root(t)
	examples := map[string]string{} // Example_<name> -> file
	files, err := filepath.Glob(filepath.Join(root, "examples", "consumer", "*_test.go"))
	require.NoError(t, err)
	for _, path := range files {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Example_") {
				examples[fn.Name.Name] = filepath.Base(path)
			}
		}
	}
	docs, err := filepath.Glob(filepath.Join(root, "components", "*", "doc.go"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, doc := range docs {
		name := filepath.Base(filepath.Dir(doc))
		want := "Example_" + name
		file, ok := examples[want]
		if !assert.True(t, ok, "examples/consumer has no %s for components/%s", want, name) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), doc, nil, parser.PackageClauseOnly|parser.ParseComments)
		require.NoError(t, err)
		text := strings.Join(strings.Fields(f.Doc.Text()), " ")
		assert.Contains(t, text, want+" in examples/consumer/"+file, "components/%s/doc.go must point to its compiled example", name)
	}
}
