// Package stackconfig reads Pulumi.yaml and Pulumi.<stack>.yaml the way the
// Pulumi CLI does (project defaults, then stack values) and returns the
// config map the engine would pass to the program. The offline plan and the
// tests use it so that they exercise the real stack files.
package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/webplatform-dev/webplatform/stacks"
)

// Stack is a loaded stack: its project, name and flattened config.
type Stack struct {
	Project string
	Name    string
	// Config maps "namespace:key" to the value as the engine passes it.
	Config map[string]string
	// SecretKeys are the config keys whose values are secret.
	SecretKeys []string
	// Previous are the outputs of the stack's previous deployment, which
	// the program reads through a StackReference to itself (nil: never
	// deployed). Not part of the stack file; tests set it.
	Previous map[string]any
	// Declared is the project's typed config schema, keyed by short name.
	Declared map[string]workspace.ProjectConfigType
	// defaults are Pulumi.yaml's values for the keys that declare one,
	// keyed like Config: Unset falls back to them as the engine would.
	defaults map[string]string
}

// Load reads <dir>/Pulumi.yaml and <dir>/Pulumi.<stack>.yaml. Like the
// Pulumi CLI, it rejects a stack that lacks a key of the project namespace
// which Pulumi.yaml declares without a default, and a stack value whose type
// does not match its declaration; unlike the CLI (v3.259.0), it also
// rejects a key in the project namespace that Pulumi.yaml does not declare
// (a typo would otherwise be ignored silently).
func Load(dir, stack string) (*Stack, error) {
	proj, err := workspace.LoadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("reading Pulumi.yaml: %w", err)
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("stack %q: %w", stack, err)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, proj, path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Base(path), err)
	}
	s := &Stack{Project: proj.Name.String(), Name: stack, Config: map[string]string{},
		Declared: map[string]workspace.ProjectConfigType{}, defaults: map[string]string{}}

	for key, decl := range proj.Config {
		k, err := config.ParseKey(key)
		if err != nil { // a bare key belongs to the project namespace
			k = config.MustMakeKey(s.Project, key)
		}
		if k.Namespace() == s.Project {
			s.Declared[k.Name()] = decl
		}
		switch {
		case decl.Default != nil:
			s.defaults[k.String()] = text(decl.Default)
		case decl.Value != nil:
			s.defaults[k.String()] = text(decl.Value)
		}
		if v, ok := s.defaults[k.String()]; ok {
			s.Config[k.String()] = v
		}
		if decl.Secret {
			s.SecretKeys = append(s.SecretKeys, k.String())
		}
	}

	var problems []error
	for k, v := range ps.Config {
		if v.Secure() {
			s.SecretKeys = append(s.SecretKeys, k.String())
		}
		val, err := v.Value(config.NewBlindingDecrypter())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		s.Config[k.String()] = val
		if k.Namespace() != s.Project {
			continue
		}
		decl, ok := s.Declared[k.Name()]
		if !ok {
			problems = append(problems, fmt.Errorf("%s: %s is not declared in Pulumi.yaml (misspelt?)", filepath.Base(path), k))
			continue
		}
		if decl.IsExplicitlyTyped() && !v.Secure() {
			obj, err := v.ToObject()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if !workspace.ValidateConfigValue(decl.TypeName(), decl.Items, obj) {
				problems = append(problems, fmt.Errorf("%s: %s must be of type %s", filepath.Base(path), k,
					workspace.InferFullTypeName(decl.TypeName(), decl.Items)))
			}
		}
	}
	problems = append(problems, s.missingRequired(filepath.Base(path))...)
	sort.Strings(s.SecretKeys)
	if len(problems) > 0 {
		sort.Slice(problems, func(i, j int) bool { return problems[i].Error() < problems[j].Error() })
		return nil, errors.Join(problems...)
	}
	return s, nil
}

// missingRequired lists the project keys that have neither a stack value
// nor a default, which the CLI refuses before the program runs ("Stack 'x'
// is missing configuration values ...", pkg/v3 workspace/config.go).
func (s *Stack) missingRequired(file string) []error {
	var out []error
	for name := range s.Declared {
		if _, ok := s.Config[s.Project+":"+name]; !ok {
			out = append(out, fmt.Errorf("%s: %s:%s is required (Pulumi.yaml declares no default)", file, s.Project, name))
		}
	}
	return out
}

// Set overrides one key ("key" in the project namespace, or "ns:key").
func (s *Stack) Set(key, value string) {
	if k, err := config.ParseKey(key); err == nil {
		s.Config[k.String()] = value
		return
	}
	s.Config[s.Project+":"+key] = value
}

// Unset removes one key as if the stack file did not set it: the key takes
// Pulumi.yaml's default, or disappears when it declares none.
func (s *Stack) Unset(key string) {
	k := s.Project + ":" + key
	if pk, err := config.ParseKey(key); err == nil {
		k = pk.String()
	}
	if v, ok := s.defaults[k]; ok {
		s.Config[k] = v
		return
	}
	delete(s.Config, k)
}

// Names lists the stacks that have a Pulumi.<stack>.yaml in dir.
func Names(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	rank := map[string]int{}
	var out []string
	for _, m := range matches {
		base := filepath.Base(m)
		name := base[len("Pulumi.") : len(base)-len(".yaml")]
		out = append(out, name)
		rank[name] = len(stacks.Environments) // unknown kinds last
		if s, err := Load(dir, name); err == nil {
			if i := slices.Index(stacks.Environments, s.Config[s.Project+":environment"]); i >= 0 {
				rank[name] = i
			}
		}
	}
	// In the order a change is promoted (dev, staging, prod), then by name.
	sort.Slice(out, func(i, j int) bool {
		if rank[out[i]] != rank[out[j]] {
			return rank[out[i]] < rank[out[j]]
		}
		return out[i] < out[j]
	})
	return out, nil
}

// text renders a YAML value the way the engine passes config: strings as
// they are, everything else as JSON.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// FindRoot walks up from dir to the directory holding Pulumi.yaml.
func FindRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "Pulumi.yaml")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no Pulumi.yaml in %s or any parent", abs)
		}
	}
}
