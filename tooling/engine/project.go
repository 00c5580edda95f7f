package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"gopkg.in/yaml.v3"
)

// Runtime is how the engine runs the program.
type Runtime string

const (
	// RuntimeGo is the user's path: `runtime: go`, the language host runs
	// `go build` of main.go for every operation (about 23 s with a warm Go
	// build cache on 2 cores, 2.8 GB: it links the AWS SDK).
	RuntimeGo Runtime = "go"
	// RuntimeBinary is the same language host running a program built once
	// with `go build -o` (its -binary flag, see scripts/engine.sh).
	RuntimeBinary Runtime = "binary"
	// RuntimeYAML is a Pulumi YAML program run by the YAML language host
	// (pulumi-yaml's pulumi-language-yaml, scripts/engine.sh).
	RuntimeYAML Runtime = "yaml"
)

// Project is a throwaway project directory for the engine: the real
// Pulumi.yaml (with `main` pointing at the checkout for RuntimeGo) and
// copies of the real stack files, so that
// `pulumi stack init` (which writes the passphrase salt into the stack file)
// and config changes never touch the checkout.
type Project struct {
	Repo    string
	Dir     string
	Runtime Runtime
	Binary  string
}

// NewProject writes the project directory dir for repo.
func NewProject(repo, dir string, rt Runtime, binary string) (*Project, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	src, err := os.ReadFile(filepath.Join(repo, "Pulumi.yaml")) //nolint:gosec // the repository's own file
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("project file Pulumi.yaml: %w", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("project file Pulumi.yaml: not a mapping")
	}
	root := doc.Content[0]
	set := func(key string, value *yaml.Node) {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				root.Content[i+1] = value
				return
			}
		}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
	}
	switch rt {
	case RuntimeGo:
		// The language host builds the program where `main` points: the
		// checkout itself (same paths, so the Go build cache applies).
		rel, err := filepath.Rel(dir, repo)
		if err != nil {
			return nil, err
		}
		set("main", &yaml.Node{Kind: yaml.ScalarNode, Value: rel})
	case RuntimeBinary:
		// Pulumi.yaml stays as it is: the engine's language host
		// (scripts/engine.sh) runs WEBPLATFORM_PROGRAM_BINARY instead of
		// building main.go when the workspace sets it (Stack).
	default:
		return nil, fmt.Errorf("unknown runtime %q", rt)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), out, 0o600); err != nil {
		return nil, err
	}
	stacks, err := filepath.Glob(filepath.Join(repo, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	for _, s := range stacks {
		b, err := os.ReadFile(s) //nolint:gosec // the repository's own stack files
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(s)), b, 0o600); err != nil {
			return nil, err
		}
	}
	return &Project{Repo: repo, Dir: dir, Runtime: rt, Binary: binary}, nil
}

// StackFile is the path of the project's copy of Pulumi.<stack>.yaml.
func (p *Project) StackFile(stack string) string {
	return filepath.Join(p.Dir, "Pulumi."+stack+".yaml")
}

// EditStackFile rewrites the project's copy of a stack file with edit (the
// salt `pulumi stack init` wrote stays).
func (p *Project) EditStackFile(stack string, edit func(string) (string, error)) error {
	path := p.StackFile(stack)
	b, err := os.ReadFile(path) //nolint:gosec // our own temp copy
	if err != nil {
		return err
	}
	s, err := edit(string(b))
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o600)
}

// Stack creates (or selects) stack on a file backend under state with the
// passphrase secrets provider. extra env vars override the engine env.
func (p *Project) Stack(ctx context.Context, env *Env, state, stack string) (auto.Stack, error) {
	cmd, err := env.Command()
	if err != nil {
		return auto.Stack{}, err
	}
	vars := map[string]string{}
	for k, v := range env.Vars {
		if strings.HasPrefix(k, "PULUMI_") {
			vars[k] = v
		}
	}
	if err := os.MkdirAll(state, 0o750); err != nil {
		return auto.Stack{}, err
	}
	vars["PULUMI_BACKEND_URL"] = "file://" + state
	if p.Runtime == RuntimeBinary {
		vars["WEBPLATFORM_PROGRAM_BINARY"] = p.Binary
	}
	ws, err := auto.NewLocalWorkspace(ctx,
		auto.WorkDir(p.Dir),
		auto.Pulumi(cmd),
		auto.PulumiHome(env.Vars["PULUMI_HOME"]),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(vars),
	)
	if err != nil {
		return auto.Stack{}, err
	}
	return auto.UpsertStack(ctx, stack, ws)
}

// BuildProgram builds the program (main.go) once into out.
func BuildProgram(ctx context.Context, repo, out string) error {
	return goCmd(ctx, repo, "build", "-o", out, ".")
}

// Plan runs the offline plan for every stack into dir (resources.json and
// outputs.json per stack).
func Plan(ctx context.Context, repo, dir string) error {
	return goCmd(ctx, repo, "run", "./cmd/plan", "--stack", "all", "--out", dir)
}

func goCmd(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		tail := out.String()
		if len(tail) > 4000 {
			tail = tail[len(tail)-4000:]
		}
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, tail)
	}
	return nil
}

// PlanResource is one entry of the offline plan's resources.json.
type PlanResource struct {
	URN          string   `json:"urn"`
	Type         string   `json:"type"`
	Name         string   `json:"name"`
	Custom       bool     `json:"custom"`
	Parent       string   `json:"parent"`
	Provider     string   `json:"provider"`
	Dependencies []string `json:"dependencies"`
	Protect      bool     `json:"protect"`
}

// LoadPlan reads DIR/<stack>/resources.json and outputs.json.
func LoadPlan(dir, stack string) ([]PlanResource, []string, error) {
	var res []PlanResource
	b, err := os.ReadFile(filepath.Join(dir, stack, "resources.json")) //nolint:gosec // our own plan output
	if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return nil, nil, fmt.Errorf("%s resources.json: %w", stack, err)
	}
	var outs []string
	b, err = os.ReadFile(filepath.Join(dir, stack, "outputs.json")) //nolint:gosec // our own plan output
	if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(b, &outs); err != nil {
		return nil, nil, fmt.Errorf("%s outputs.json: %w", stack, err)
	}
	return res, outs, nil
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path) //nolint:gosec // our own temp copy
	return string(b), err
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }
