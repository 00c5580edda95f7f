package tests

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/docgen"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// deliveryRequiredDocs are the documents README must link (issue 7).
var deliveryRequiredDocs = []string{
	"docs/ARCHITECTURE.md", "docs/INSTALLATION.md", "docs/DEPLOYMENT_OPTIONS.md",
	"docs/RUNBOOK.md", "docs/SECURITY.md", "docs/CONTAINERS.md",
	"docs/VERSIONING.md", "docs/CONFIGURATION.md",
}

// deliveryMarkdownLink matches [text](target) and captures the target.
var deliveryMarkdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// Catches: a config key added to Pulumi.yaml (or a stack value changed)
// without regenerating the configuration reference.
func TestDeliveryConfigurationDocIsCurrent(t *testing.T) {
	root := harness.Root(t)
	want, err := docgen.Render(root)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, docgen.OutputPath))
	require.NoError(t, err, "run: go run ./cmd/docgen")
	if string(want) != string(got) {
		t.Errorf("%s is stale; run: go run ./cmd/docgen\n%s", docgen.OutputPath, deliveryFirstDiff(string(got), string(want)))
	}
}

// deliveryFirstDiff describes the first line where the committed text
// differs from the generated one.
func deliveryFirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n committed: %s\n generated: %s", i+1, gl, wl)
		}
	}
	return "trailing difference"
}

// Catches: a config key declared without a type, without a description, or
// with a description that does not say whether it is required or what its
// default is.
func TestDeliveryEveryConfigKeyIsDocumented(t *testing.T) {
	_, keys, err := docgen.Keys(harness.Root(t))
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		assert.NotEmpty(t, k.Type, "Pulumi.yaml: %s has no type", k.Name)
		assert.NotEmpty(t, k.Description, "Pulumi.yaml: %s has no description", k.Name)
		assert.True(t, strings.Contains(k.Description, "Default") || strings.HasPrefix(k.Description, "Required"),
			"Pulumi.yaml: the description of %s states neither its default nor that it is required: %q", k.Name, k.Description)
		if k.Default != "" && !strings.ContainsAny(k.Default[:1], "[{") { // scalars only; lists are described in words
			assert.Contains(t, k.Description, k.Default, "Pulumi.yaml: %s has default %s but its description does not state it", k.Name, k.Default)
		}
	}
}

// Catches: a README or docs link to a file that was renamed or never written,
// and a required document missing from the README.
func TestDeliveryDocLinksResolve(t *testing.T) {
	root := harness.Root(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	linked := deliveryLocalLinks(string(readme))
	for _, doc := range deliveryRequiredDocs {
		assert.Contains(t, linked, doc, "README.md does not link %s", doc)
	}
	files := []string{"README.md", "CHANGELOG.md"}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	for _, d := range docs {
		rel, _ := filepath.Rel(root, d)
		files = append(files, rel)
		if !slices.Contains(linked, filepath.ToSlash(rel)) {
			t.Errorf("README.md does not link %s (every document is reachable from the entry point)", rel)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if !assert.NoError(t, err) {
			continue
		}
		for _, target := range deliveryLocalLinks(string(data)) {
			path := filepath.Join(root, filepath.Dir(f), filepath.FromSlash(target))
			_, err := os.Stat(path)
			assert.NoError(t, err, "%s links %s, which does not exist", f, target)
		}
	}
}

// deliveryLocalLinks returns the repository-relative link targets of a
// Markdown text (no URLs, no anchors).
func deliveryLocalLinks(md string) []string {
	var out []string
	for _, m := range deliveryMarkdownLink.FindAllStringSubmatch(md, -1) {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		target, _, _ = strings.Cut(target, "#")
		out = append(out, target)
	}
	return out
}

// Catches: a component package without a package doc (go doc shows
// nothing), a doc without a usage example calling its constructor, and an
// Args field whose comment states neither its default nor "Required".
func TestDeliveryComponentPackagesAreDocumented(t *testing.T) {
	root := harness.Root(t)
	dirs, err := filepath.Glob(filepath.Join(root, "components", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			var files []*ast.File
			matches, err := filepath.Glob(filepath.Join(dir, "*.go"))
			require.NoError(t, err)
			for _, path := range matches {
				if strings.HasSuffix(path, "_test.go") {
					continue
				}
				f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
				require.NoError(t, err)
				files = append(files, f)
			}
			require.NotEmpty(t, files, "components/%s has no Go files", name)
			var doc string
			for _, f := range files {
				if f.Doc != nil {
					doc += f.Doc.Text()
				}
			}
			if !assert.NotEmpty(t, doc, "components/%s has no package doc comment (add doc.go)", name) {
				return
			}
			assert.True(t, strings.HasPrefix(doc, "Package "+files[0].Name.Name+" "),
				"components/%s: the package doc must start with %q", name, "Package "+files[0].Name.Name)
			example := regexp.MustCompile(`(?m)^\t.*:?= ` + regexp.QuoteMeta(files[0].Name.Name) + `\.New[A-Z]\w*\(ctx`)
			assert.Regexp(t, example, doc, "components/%s: the package doc has no indented usage example calling %s.NewX(ctx, ...)", name, files[0].Name.Name)

			args := 0
			for _, f := range files {
				for _, decl := range f.Decls {
					gd, ok := decl.(*ast.GenDecl)
					if !ok || gd.Tok != token.TYPE {
						continue
					}
					for _, spec := range gd.Specs {
						ts := spec.(*ast.TypeSpec)
						st, ok := ts.Type.(*ast.StructType)
						if !ok || !ts.Name.IsExported() || !strings.HasSuffix(ts.Name.Name, "Args") {
							continue
						}
						args++
						for _, field := range st.Fields.List {
							for _, id := range field.Names {
								if !id.IsExported() {
									continue
								}
								if assert.NotNil(t, field.Doc, "%s.%s has no doc comment", ts.Name.Name, id.Name) {
									text := field.Doc.Text()
									assert.True(t, strings.Contains(text, "Default") || strings.Contains(text, "Required"),
										"%s.%s: the doc comment states neither its default nor that it is required: %q", ts.Name.Name, id.Name, text)
								}
							}
						}
					}
				}
			}
			assert.Positive(t, args, "components/%s declares no exported ...Args struct", name)
		})
	}
}
