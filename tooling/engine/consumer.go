package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"gopkg.in/yaml.v3"
)

// ConsumerYAML is the YAML program that uses the components through the
// component provider; cmd/consumer-go is its Go twin.
const ConsumerYAML = "testdata/consumer-yaml/Pulumi.yaml"

// ProviderVersion is the version the tests build the provider plugin with.
const ProviderVersion = "0.0.0-test"

// Consumer is one consumer program's run: its operations and the state
// after its up.
type Consumer struct {
	Name  string
	Ops   Ops
	State *State
}

// add records op and reports whether it succeeded.
func (c *Consumer) add(op *OpResult) bool {
	c.Ops = append(c.Ops, op)
	return op.Err == nil
}

// Failed returns the first failed operation, or nil.
func (c *Consumer) Failed() *OpResult {
	for _, op := range c.Ops {
		if op.Err != nil {
			return op
		}
	}
	return nil
}

// BuildProvider builds the component provider plugin into dir, as the
// plugin file name the engine looks for.
func BuildProvider(ctx context.Context, repo, dir string) (string, error) {
	bin := filepath.Join(dir, "pulumi-resource-webplatform")
	return bin, goCmd(ctx, repo, "build", "-ldflags", "-X main.Version="+ProviderVersion, "-o", bin, "./cmd/pulumi-resource-webplatform")
}

// RunConsumers runs the YAML consumer (through the provider plugin built
// from this checkout) and its Go twin (cmd/consumer-go) on fresh stacks:
// preview, up, a second preview that must change nothing, then destroy
// after the state is exported.
func RunConsumers(ctx context.Context, o *Options) (yamlRun, goRun *Consumer, err error) {
	bin := filepath.Join(o.WorkDir, "bin")
	plugin, err := BuildProvider(ctx, o.Repo, filepath.Join(bin, "provider"))
	if err != nil {
		return nil, nil, err
	}
	twin := filepath.Join(bin, "consumer-go")
	if err := goCmd(ctx, o.Repo, "build", "-o", twin, "./cmd/consumer-go"); err != nil {
		return nil, nil, err
	}
	yp, err := yamlProject(o, filepath.Dir(plugin))
	if err != nil {
		return nil, nil, err
	}
	gp := &Project{Repo: o.Repo, Dir: filepath.Join(o.WorkDir, "project-consumer-go"), Runtime: RuntimeBinary, Binary: twin}
	if err := os.MkdirAll(gp.Dir, 0o750); err != nil {
		return nil, nil, err
	}
	if err := writeFile(filepath.Join(gp.Dir, "Pulumi.yaml"), "name: consumer-go\nruntime: go\n"); err != nil {
		return nil, nil, err
	}
	if yamlRun, err = runConsumer(ctx, o, "yaml", yp); err != nil {
		return nil, nil, err
	}
	goRun, err = runConsumer(ctx, o, "go", gp)
	return yamlRun, goRun, err
}

// yamlProject copies the YAML consumer into the work dir and points the
// project's provider plugin at the one built from this checkout.
func yamlProject(o *Options, pluginDir string) (*Project, error) {
	src, err := os.ReadFile(filepath.Join(o.Repo, ConsumerYAML)) //nolint:gosec // the repository's own file
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", ConsumerYAML, err)
	}
	doc["plugins"] = map[string]any{"providers": []map[string]any{{"name": "webplatform", "path": pluginDir}}}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return nil, err
	}
	p := &Project{Repo: o.Repo, Dir: filepath.Join(o.WorkDir, "project-consumer-yaml"), Runtime: RuntimeYAML}
	if err := os.MkdirAll(p.Dir, 0o750); err != nil {
		return nil, err
	}
	return p, os.WriteFile(filepath.Join(p.Dir, "Pulumi.yaml"), out, 0o600)
}

func runConsumer(ctx context.Context, o *Options, name string, p *Project) (*Consumer, error) {
	s, err := p.Stack(ctx, o.Env, filepath.Join(o.WorkDir, "state"), "consumer")
	if err != nil {
		return nil, fmt.Errorf("stack init consumer (%s): %w", name, err)
	}
	if err := s.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "eu-west-1"}); err != nil {
		return nil, err
	}
	c := &Consumer{Name: name}
	for _, step := range []func() *OpResult{
		func() *OpResult { return Preview(ctx, s, "preview") },
		func() *OpResult { return Up(ctx, s, "up", 0) },
		func() *OpResult { return Preview(ctx, s, "preview (again)", optpreview.ExpectNoChanges()) },
	} {
		// A failed operation is the test's finding (Consumer.Failed), not
		// an error of the run: the result carries it.
		if !c.add(step()) {
			return c, nil
		}
	}
	if c.State, err = export(ctx, s); err != nil {
		return nil, err
	}
	c.add(Destroy(ctx, s, "destroy"))
	return c, nil
}

// Child is a resource of a consumer's stack as the comparison sees it:
// type, name, parent's type and name, and inputs (provider references and
// the stack's own resource aside, which differ by project). Values that
// differ per stack by design read the same: secrets ("[secret]") and the
// random suffix of auto-names ("db-sg-7aef30f" reads "db-sg-*").
type Child struct {
	Type, Name, Parent string
	// Provider is the name of the provider resource it was created with
	// ("default_6_83_2", or the DR provider "backup-dr").
	Provider string
	Inputs   map[string]any
}

// Children lists s's resources below the stack, sorted by type and name.
func (s *State) Children() []Child {
	var out []Child
	for _, r := range s.Resources {
		if r.Type == "pulumi:pulumi:Stack" || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		c := Child{Type: r.Type, Name: urnName(r.URN), Inputs: normalized(r.Inputs).(map[string]any)}
		if r.Provider != "" {
			c.Provider = urnName(r.ProviderURN())
		}
		if parent := s.ByURN(r.Parent); parent != nil && parent.Type != "pulumi:pulumi:Stack" {
			c.Parent = parent.Type + "::" + urnName(parent.URN)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type+out[i].Name < out[j].Type+out[j].Name })
	return out
}

// DiffChildren lists how b's children differ from a's: missing, extra and
// with other parents or inputs.
func DiffChildren(a, b []Child) []string {
	key := func(c Child) string { return c.Type + "::" + c.Name }
	bs := map[string]Child{}
	for _, c := range b {
		bs[key(c)] = c
	}
	var diffs []string
	for _, ca := range a {
		cb, ok := bs[key(ca)]
		delete(bs, key(ca))
		switch {
		case !ok:
			diffs = append(diffs, "only in the first: "+key(ca))
		case ca.Parent != cb.Parent:
			diffs = append(diffs, fmt.Sprintf("%s: parent %s, then %s", key(ca), ca.Parent, cb.Parent))
		case ca.Provider != cb.Provider:
			diffs = append(diffs, fmt.Sprintf("%s: provider %s, then %s", key(ca), ca.Provider, cb.Provider))
		case !reflect.DeepEqual(ca.Inputs, cb.Inputs):
			ja, _ := json.Marshal(ca.Inputs)
			jb, _ := json.Marshal(cb.Inputs)
			diffs = append(diffs, fmt.Sprintf("%s: inputs %s, then %s", key(ca), ja, jb))
		}
	}
	for k := range bs {
		diffs = append(diffs, "only in the second: "+k)
	}
	sort.Strings(diffs)
	return diffs
}

// secretSig marks a secret value in an exported state; its ciphertext
// differs per stack, so the comparison sees "[secret]".
const secretSig = "4dabf18193072939515e22adb298388d"

// autoName is the suffix Pulumi's auto-naming appends to a logical name.
var autoName = regexp.MustCompile(`-[0-9a-f]{7}\b`)

func normalized(v any) any {
	switch v := v.(type) {
	case string:
		return autoName.ReplaceAllString(v, "-*")
	case map[string]any:
		if _, ok := v[secretSig]; ok {
			return "[secret]"
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalized(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalized(e)
		}
		return out
	case nil:
		return map[string]any(nil)
	default:
		return v
	}
}

func urnName(urn string) string { return urn[strings.LastIndex(urn, "::")+2:] }
