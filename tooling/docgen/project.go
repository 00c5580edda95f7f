package docgen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ProjectPath is the project file whose description suffixes are generated.
const ProjectPath = "Pulumi.yaml"

// RequiredSuffix ends the description of a key without a default.
const RequiredSuffix = "[required; set by each stack file]"

// suffixMarkers open a generated suffix; the hand-written text of a
// description is everything before the first of them.
var suffixMarkers = []string{"[default: ", "[required"}

// MaxValueLen is the longest value a suffix spells out; a longer one is
// replaced by a pointer to the file that holds it.
const MaxValueLen = 70

// Suffix is the generated end of k's description: "[default: 3; dev: 2]"
// names the default and then, in k.Stacks order, each stack whose file sets a
// different value; "[required; set by each stack file]" for a key without
// a default. Values are written on one line (lists and objects as JSON);
// the empty string is "", and a value longer than MaxValueLen is replaced
// by "(see the default field)" or "(see Pulumi.<stack>.yaml)".
func Suffix(k Key) string {
	if !k.HasDefault {
		return RequiredSuffix
	}
	parts := []string{"default: " + suffixValue(k.Default, "the default field")}
	for _, s := range k.Stacks {
		if v, ok := k.Values[s]; ok && v != k.Default {
			parts = append(parts, s+": "+suffixValue(v, "Pulumi."+s+".yaml"))
		}
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

func suffixValue(v, where string) string {
	switch {
	case v == "":
		return `""`
	case len(v) > MaxValueLen || strings.ContainsAny(v, "\n\r"):
		return "(see " + where + ")"
	}
	return v
}

// StripSuffix returns the hand-written part of a description: the text
// before a generated suffix, if it has one.
func StripSuffix(description string) string {
	if !strings.HasSuffix(description, "]") {
		return description
	}
	cut := -1
	for _, m := range suffixMarkers {
		if i := strings.Index(description, m); i >= 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut < 0 {
		return description
	}
	return strings.TrimRight(description[:cut], " ")
}

// WithSuffix is the full description: the prose, a space, the suffix.
func WithSuffix(prose, suffix string) string {
	if prose == "" || suffix == "" {
		return prose + suffix
	}
	return prose + " " + suffix
}

var (
	configLine      = regexp.MustCompile(`^config:\s*(#.*)?$`)
	keyLine         = regexp.MustCompile(`^  ([^\s#:][^\s:]*(?::[^\s:]+)?):\s*(#.*)?$`)
	descriptionLine = regexp.MustCompile(`^    description:[ \t]+(.*)$`)
)

// RewriteDescriptions returns the project file src with the description of
// every key in suffixes replaced by its hand-written part plus the given
// suffix. It works line by line: only `    description: ...` lines of keys
// under the top-level config mapping change, each written as one
// double-quoted YAML string; comments, order, every other line and the line
// endings stay byte for byte. A key in suffixes without a one-line
// description is an error.
func RewriteDescriptions(src []byte, suffixes map[string]string) ([]byte, error) {
	lines := strings.SplitAfter(string(src), "\n")
	var (
		out      strings.Builder
		inConfig bool
		key      string
		done     = map[string]bool{}
	)
	for i, line := range lines {
		body := strings.TrimRight(line, "\r\n")
		eol := line[len(body):]
		switch {
		case configLine.MatchString(body):
			inConfig, key = true, ""
		case body != "" && !strings.HasPrefix(body, " ") && !strings.HasPrefix(body, "#"):
			inConfig, key = false, ""
		case inConfig && strings.HasPrefix(body, "  ") && !strings.HasPrefix(body, "   ") && !strings.HasPrefix(body, "  #"):
			key = ""
			if k := keyLine.FindStringSubmatch(body); k != nil {
				key = k[1]
			}
		}
		m := descriptionLine.FindStringSubmatch(body)
		suffix, want := suffixes[key]
		if !inConfig || m == nil || !want {
			out.WriteString(line)
			continue
		}
		var text string
		if strings.HasPrefix(m[1], "|") || strings.HasPrefix(m[1], ">") {
			return nil, fmt.Errorf("docgen: %s line %d: the description of %s must be one line", ProjectPath, i+1, key)
		}
		if err := yaml.Unmarshal([]byte(m[1]), &text); err != nil {
			return nil, fmt.Errorf("docgen: %s line %d: description of %s: %w", ProjectPath, i+1, key, err)
		}
		if strings.ContainsAny(text, "\n\r") {
			return nil, fmt.Errorf("docgen: %s line %d: the description of %s must be one line", ProjectPath, i+1, key)
		}
		out.WriteString("    description: " + strconv.Quote(WithSuffix(StripSuffix(text), suffix)) + eol)
		done[key] = true
	}
	for k := range suffixes {
		if !done[k] {
			return nil, fmt.Errorf("docgen: %s: %s has no one-line `description:`", ProjectPath, k)
		}
	}
	return []byte(out.String()), nil
}

// Suffixes maps every declared key to its generated suffix.
func Suffixes(keys []Key) map[string]string {
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		out[k.Name] = Suffix(k)
	}
	return out
}

// RenderProject returns <root>/Pulumi.yaml with every description suffix
// regenerated.
func RenderProject(root string) ([]byte, error) {
	_, keys, err := Keys(root)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(filepath.Join(root, ProjectPath)) //nolint:gosec // fixed file name under the given root
	if err != nil {
		return nil, fmt.Errorf("docgen: %w", err)
	}
	return RewriteDescriptions(src, Suffixes(keys))
}

// File is one generated file: its path relative to the root and the content
// docgen renders for it.
type File struct {
	Path    string
	Content []byte
}

// Generate renders every generated file: Pulumi.yaml with its description
// suffixes, and docs/CONFIGURATION.md (which shows the hand-written part of
// each description, so it does not depend on the suffixes being current).
func Generate(root string) ([]File, error) {
	project, err := RenderProject(root)
	if err != nil {
		return nil, err
	}
	doc, err := Render(root)
	if err != nil {
		return nil, err
	}
	pol, err := RenderPolicy(root)
	if err != nil {
		return nil, err
	}
	schemaDocs, err := RenderSchemaDocs(root)
	if err != nil {
		return nil, err
	}
	return []File{{ProjectPath, project}, {OutputPath, doc}, {PolicyPath, pol}, {SchemaDocsPath, schemaDocs}}, nil
}

// Stale returns the paths of the generated files whose committed content
// differs from files.
func Stale(root string, files []File) ([]string, error) {
	var stale []string
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(root, f.Path)) //nolint:gosec // generated file under the given root
		if err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("docgen: %w", err)
		}
		if !bytes.Equal(got, f.Content) {
			stale = append(stale, f.Path)
		}
	}
	return stale, nil
}
