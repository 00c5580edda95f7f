package standin

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optremove"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The engine tests drive the real Pulumi CLI through the Automation API
// with an inline program (no language host), against the stand-in plugin
// installed as aws, kubernetes and random. scripts/engine.sh builds the
// CLI, installs the plugin into a throwaway PULUMI_HOME and writes the
// environment to the file WEBPLATFORM_ENGINE_ENV names; bash scripts/test
// runs it. Without it the tests fail rather than skip: an oracle that
// silently does not run proves nothing.

// engineEnv reads the KEY=VALUE lines of $WEBPLATFORM_ENGINE_ENV and puts
// them in the test's environment.
func engineEnv(t *testing.T) map[string]string {
	t.Helper()
	path := os.Getenv("WEBPLATFORM_ENGINE_ENV")
	if path == "" {
		t.Fatal("WEBPLATFORM_ENGINE_ENV is not set: the engine tests need the Pulumi CLI and the stand-in plugin; run `bash scripts/test` (it runs scripts/engine.sh, which builds both and writes that file)")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("WEBPLATFORM_ENGINE_ENV=%s: %v; run `bash scripts/test`", path, err)
	}
	defer f.Close()
	env := map[string]string{
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK":    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			env[strings.TrimPrefix(k, "export ")] = strings.Trim(v, `"'`)
		}
	}
	for _, k := range []string{"PATH", "PULUMI_HOME", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"} {
		if env[k] == "" {
			t.Fatalf("%s in %s is empty; run `bash scripts/test`", k, path)
		}
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	return env
}

// engineStack creates a throwaway stack running program, removed (and, if
// deployed, destroyed first) when the test ends.
func engineStack(t *testing.T, prefix string, deployed bool, program pulumi.RunFunc) auto.Stack {
	t.Helper()
	env := engineEnv(t)
	ctx := context.Background()
	project := workspace.Project{
		Name:    "standin-engine-test",
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Backend: &workspace.ProjectBackend{URL: env["PULUMI_BACKEND_URL"]},
	}
	name := fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
	s, err := auto.UpsertStackInlineSource(ctx, name, project.Name.String(), program,
		auto.Project(project), auto.EnvVars(env), auto.PulumiHome(env["PULUMI_HOME"]), auto.SecretsProvider("passphrase"))
	require.NoError(t, err)
	require.NoError(t, s.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "eu-west-1"}))
	t.Cleanup(func() {
		if deployed {
			_, _ = s.Destroy(ctx, optdestroy.SuppressProgress())
		}
		_ = s.Workspace().RemoveStack(ctx, name, optremove.Force())
	})
	return s
}

// register registers raw resources (type, name, inputs) the way the SDKs do.
func register(ctx *pulumi.Context, typ, name string, inputs map[string]any) error {
	var res pulumi.CustomResourceState
	return ctx.RegisterResource(typ, name, pulumi.ToMap(inputs), &res)
}

// badResource is one resource that breaks several rules of one type at
// once (rules on distinct input keys), and the reasons Check gives.
type badResource struct {
	typ, name string
	inputs    map[string]any
	rules     []Rule
	reasons   []string
}

// badResources packs every rule into as few resources as possible: a rule
// joins the first resource of its type that already breaks it, else the
// first whose bad inputs touch none of its keys, else a new one.
func badResources() []badResource {
	var out []*badResource
	used := map[*badResource]map[string]bool{}
	for _, r := range Rules {
		var home *badResource
		for _, b := range out {
			if b.typ == r.Type && len(r.check(b.name, props(b.inputs))) > 0 {
				home = b
				break
			}
		}
		if home != nil {
			home.rules = append(home.rules, r)
			continue
		}
		for _, b := range out {
			if b.typ != r.Type {
				continue
			}
			clash := false
			for k := range r.Bad {
				clash = clash || used[b][k]
			}
			if !clash {
				home = b
				break
			}
		}
		if home == nil {
			home = &badResource{typ: r.Type, name: fmt.Sprintf("bad-%d", len(out)), inputs: validInputs(r.Type)}
			out = append(out, home)
			used[home] = map[string]bool{}
		}
		home.inputs = overlay(home.inputs, r.Bad)
		home.rules = append(home.rules, r)
		for k := range r.Bad {
			used[home][k] = true
		}
	}
	res := make([]badResource, len(out))
	for i, b := range out {
		for _, r := range b.rules {
			fs := r.check(b.name, props(b.inputs))
			if len(fs) == 0 {
				panic(fmt.Sprintf("%s: packed into %s but not broken there", r.ID(), b.name))
			}
			for _, f := range fs {
				b.reasons = append(b.reasons, f.Reason)
			}
		}
		res[i] = *b
	}
	return res
}

// TestEngineRefusesEveryRule previews, for every rule of the table, a
// program that breaks it and checks that the real engine reports the
// rule's message. The engine stops a preview at the first resource whose
// Check fails (step generation bails), so each resource, which breaks
// several rules of one type at once, gets its own preview; previews run on
// a few stacks at a time.
func TestEngineRefusesEveryRule(t *testing.T) {
	start := time.Now()
	bad := badResources()
	const workers = 8
	jobs := make(chan badResource)
	var mu sync.Mutex
	var missing []string
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		var current badResource
		s := engineStack(t, fmt.Sprintf("rules%d", w), false, func(ctx *pulumi.Context) error {
			return register(ctx, current.typ, current.name, current.inputs)
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				current = b
				var out bytes.Buffer
				_, err := s.Preview(context.Background(), optpreview.ProgressStreams(&out), optpreview.ErrorProgressStreams(&out))
				text := out.String()
				mu.Lock()
				if err == nil {
					missing = append(missing, b.typ+" "+b.name+": the preview succeeded")
				}
				for _, reason := range b.reasons {
					if !strings.Contains(text, reason) {
						missing = append(missing, fmt.Sprintf("%s %s: %q not in:\n%s", b.typ, b.name, reason, text))
					}
				}
				mu.Unlock()
			}
		}()
	}
	for _, b := range bad {
		jobs <- b
	}
	close(jobs)
	wg.Wait()
	sort.Strings(missing)
	assert.Empty(t, missing, "messages the engine did not report")
	t.Logf("%d rules in %d resources, %d previews on %d stacks: %s", len(Rules), len(bad), len(bad), workers, time.Since(start).Round(time.Millisecond))
}

// replaceCases change one ForceNew property per type the issue names.
var replaceCases = []struct {
	typ, key      string
	before, after any
}{
	{"aws:rds/cluster:Cluster", "clusterIdentifier", "web-db", "web-db-2"},
	{"aws:rds/clusterInstance:ClusterInstance", "identifier", "web-db-1", "web-db-9"},
	{"aws:rds/subnetGroup:SubnetGroup", "name", "web-db", "web-db-2"},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "family", "aurora-postgresql16", "aurora-postgresql17"},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId", "web-cache", "web-cache-2"},
	{"aws:elasticache/subnetGroup:SubnetGroup", "name", "web-cache", "web-cache-2"},
	{"aws:eks/cluster:Cluster", "name", "web-eks", "web-eks-2"},
	{"aws:eks/nodeGroup:NodeGroup", "instanceTypes", []any{"m6i.large"}, []any{"m7i.large"}},
	{"aws:s3/bucketV2:BucketV2", "bucket", "web-assets", "web-assets-2"},
	{"aws:kms/key:Key", "keyUsage", "ENCRYPT_DECRYPT", "SIGN_VERIFY"},
	{"aws:lb/loadBalancer:LoadBalancer", "internal", false, true},
	{"aws:lb/targetGroup:TargetGroup", "port", 8080, 9090},
	{"kubernetes:apps/v1:Deployment", "spec", map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "web"}}},
		map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "web-2"}}}},
}

// TestEngineShowsReplaceForForceNew deploys one resource per case, changes
// its ForceNew property and checks that the engine's preview replaces
// exactly those resources.
func TestEngineShowsReplaceForForceNew(t *testing.T) {
	start := time.Now()
	changed := false
	s := engineStack(t, "replace", true, func(ctx *pulumi.Context) error {
		for i, c := range replaceCases {
			v := c.before
			if changed {
				v = c.after
			}
			inputs := overlay(validInputs(c.typ), setOnly(c.typ, c.key, v))
			if err := register(ctx, c.typ, fmt.Sprintf("r%d", i), inputs); err != nil {
				return err
			}
		}
		return nil
	})
	ctx := context.Background()
	_, err := s.Up(ctx, optup.SuppressProgress())
	require.NoError(t, err)
	changed = true
	evs := make(chan events.EngineEvent, 1)
	var replaced []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range evs {
			if pre := e.ResourcePreEvent; pre != nil && pre.Metadata.Op == apitype.OpReplace {
				replaced = append(replaced, pre.Metadata.URN)
			}
		}
	}()
	res, err := s.Preview(ctx, optpreview.EventStreams(evs), optpreview.SuppressProgress())
	require.NoError(t, err)
	<-done
	assert.Equal(t, len(replaceCases), res.ChangeSummary[apitype.OpReplace], "replaced: %v", replaced)
	for i, c := range replaceCases {
		want := fmt.Sprintf("::%s::r%d", c.typ, i)
		assert.True(t, slicesContainsSuffix(replaced, want), "%s %s: changing it must replace", c.typ, c.key)
	}
	t.Logf("up + preview of %d replacements: %s", len(replaceCases), time.Since(start).Round(time.Millisecond))
}

func slicesContainsSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}

// TestBadResourcesCoverEveryRule runs without the engine: the packing of
// rules into resources must leave none out.
func TestBadResourcesCoverEveryRule(t *testing.T) {
	n, bad := 0, badResources()
	for _, b := range bad {
		n += len(b.rules)
		assert.NotEmpty(t, b.reasons)
	}
	assert.Equal(t, len(Rules), n)
	t.Logf("%d rules in %d resources (one preview each)", n, len(bad))
}

// setOnly sets key to v and removes the properties the rules say conflict
// with it (validInputs may hold bucketPrefix where the case sets bucket).
func setOnly(typ, key string, v any) map[string]any {
	out := map[string]any{key: v}
	for _, r := range rulesByType[typ] {
		if r.Kind == ConflictsWith && r.Property == key {
			for _, other := range r.Values {
				out[other] = Absent
			}
		}
	}
	return out
}
