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
	"gopkg.in/yaml.v3"

	"github.com/webplatform-dev/webplatform/tooling/docgen"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// deliveryRequiredDocs are the documents README must link (issue 7).
var deliveryRequiredDocs = []string{
	"docs/ARCHITECTURE.md", "docs/INSTALLATION.md", "docs/DEPLOYMENT_OPTIONS.md",
	"docs/RUNBOOK.md", "docs/SECURITY.md", "docs/CONTAINERS.md",
	"docs/VERSIONING.md", "docs/CONFIGURATION.md", "docs/CATALOGS.md",
}

// deliveryMarkdownLink matches [text](target) and captures the target.
var deliveryMarkdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// Catches: a default in Pulumi.yaml, a value in a stack file or a config
// key changed without regenerating what restates them: the description
// suffixes of Pulumi.yaml and docs/CONFIGURATION.md; and a policy rule
// added or changed without regenerating docs/POLICY.md's rule table; a
// component's doc comment changed without regenerating provider/docs.json
// (the provider schema's descriptions).
func TestDeliveryGeneratedConfigDocsAreCurrent(t *testing.T) {
	root := harness.Root(t)
	files, err := docgen.Generate(root)
	require.NoError(t, err)
	require.Len(t, files, 4)
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(root, f.Path))
		require.NoError(t, err, "run: go run ./cmd/docgen")
		if string(got) != string(f.Content) {
			t.Errorf("%s is stale; run: go run ./cmd/docgen\n%s", f.Path, deliveryShortDiff(string(got), string(f.Content)))
		}
	}
}

// deliveryShortDiff lists the first few lines where the committed text
// differs from the generated one.
func deliveryShortDiff(got, want string) string {
	const show = 5
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl == wl {
			continue
		}
		if n++; n <= show {
			fmt.Fprintf(&b, "line %d:\n- committed: %s\n+ generated: %s\n", i+1, gl, wl)
		}
	}
	if n > show {
		fmt.Fprintf(&b, "... and %d more differing lines\n", n-show)
	}
	if len(g) != len(w) {
		fmt.Fprintf(&b, "(committed %d lines, generated %d)\n", len(g), len(w))
	}
	return b.String()
}

// deliveryRestatedDefault matches hand-written text that states a default
// or a stack's value, which only the generated suffix may do.
var deliveryRestatedDefault = regexp.MustCompile(`\bDefault\b|\b(dev|staging|prod)(,? (and )?(dev|staging|prod))* sets?\b`)

// Catches: a config key declared without a type or a description, a
// description whose generated suffix is missing or wrong, and hand-written
// text that restates a default or a per-stack value (it drifts; the suffix
// is generated from the default and the stack files).
func TestDeliveryEveryConfigKeyIsDocumented(t *testing.T) {
	_, keys, err := docgen.Keys(harness.Root(t))
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		assert.NotEmpty(t, k.Type, "Pulumi.yaml: %s has no type", k.Name)
		assert.NotEmpty(t, k.Prose, "Pulumi.yaml: %s has no hand-written description", k.Name)
		want := docgen.WithSuffix(k.Prose, docgen.Suffix(k))
		assert.Equal(t, want, k.Description, "Pulumi.yaml: the description of %s must end with exactly the generated suffix; run: go run ./cmd/docgen", k.Name)
		if m := deliveryRestatedDefault.FindString(k.Prose); m != "" {
			t.Errorf("Pulumi.yaml: the description of %s restates a default or a stack value (%q) outside the generated suffix: %q", k.Name, m, k.Prose)
		}
		assert.Equal(t, !k.HasDefault, strings.HasPrefix(k.Prose, "Required"),
			"Pulumi.yaml: %s: a description starts with Required exactly when the key has no default", k.Name)
	}
}

// deliveryDescriptionLine matches a description line of Pulumi.yaml.
var deliveryDescriptionLine = regexp.MustCompile(`^    description: `)

// Catches: a docgen rewrite of Pulumi.yaml that is not idempotent, that
// does not recognise (and so duplicates) its own stale suffix, or that
// touches anything but description lines: comments, order, keys, types,
// defaults and line endings stay byte for byte.
func TestDeliveryDocgenRewriteIsIdempotent(t *testing.T) {
	root := harness.Root(t)
	committed, err := os.ReadFile(filepath.Join(root, docgen.ProjectPath))
	require.NoError(t, err)
	_, keys, err := docgen.Keys(root)
	require.NoError(t, err)
	suffixes := docgen.Suffixes(keys)
	want, err := docgen.RewriteDescriptions(committed, suffixes)
	require.NoError(t, err)

	// The same file without suffixes, with stale ones, and with CRLF line
	// endings all rewrite to the generated text.
	bare, stale := map[string]string{}, map[string]string{}
	for _, k := range keys {
		bare[k.Name] = ""
		stale[k.Name] = "[default: stale; dev: [\"x\"]]"
	}
	inputs := map[string][]byte{"committed": committed}
	for name, sfx := range map[string]map[string]string{"without suffixes": bare, "with stale suffixes": stale} {
		in, err := docgen.RewriteDescriptions(committed, sfx)
		require.NoError(t, err, name)
		inputs[name] = in
	}
	for name, in := range inputs {
		out, err := docgen.RewriteDescriptions(in, suffixes)
		require.NoError(t, err, name)
		assert.Equal(t, string(want), string(out), "rewriting the file %s", name)
		deliveryAssertOnlyDescriptionsDiffer(t, name, in, out)
		again, err := docgen.RewriteDescriptions(out, suffixes)
		require.NoError(t, err, name)
		assert.Equal(t, string(out), string(again), "a second rewrite of the file %s changes it", name)
	}
	crlf := []byte(strings.ReplaceAll(string(committed), "\n", "\r\n"))
	out, err := docgen.RewriteDescriptions(crlf, suffixes)
	require.NoError(t, err)
	assert.Equal(t, strings.ReplaceAll(string(want), "\n", "\r\n"), string(out), "CRLF line endings are kept")

	// What the rewrite writes is YAML the CLI reads back as prose + suffix.
	var doc struct {
		Config map[string]struct {
			Description string `yaml:"description"`
		} `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(want, &doc))
	for _, k := range keys {
		assert.Equal(t, docgen.WithSuffix(k.Prose, suffixes[k.Name]), doc.Config[k.Name].Description, k.Name)
	}

	// A key without a one-line description is refused, not skipped.
	_, err = docgen.RewriteDescriptions(committed, map[string]string{"noSuchKey": "[default: 1]"})
	assert.ErrorContains(t, err, "noSuchKey")
}

// deliveryAssertOnlyDescriptionsDiffer checks that out has the lines of in,
// byte for byte, except description lines.
func deliveryAssertOnlyDescriptionsDiffer(t *testing.T, name string, in, out []byte) {
	t.Helper()
	a, b := strings.SplitAfter(string(in), "\n"), strings.SplitAfter(string(out), "\n")
	if !assert.Len(t, b, len(a), "the rewrite of the file %s changes the number of lines", name) {
		return
	}
	for i := range a {
		if a[i] != b[i] && !deliveryDescriptionLine.MatchString(a[i]) {
			t.Errorf("the rewrite of the file %s changes line %d, which is not a description:\n- %q\n+ %q", name, i+1, a[i], b[i])
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

// securityTestFile matches a test file SECURITY.md cites as a control's
// check, and securityTestName a test function it names.
var (
	securityTestFile = regexp.MustCompile(`\b([a-z][a-z0-9_]*_test\.go)\b`)
	securityTestName = regexp.MustCompile(`\b(Test[A-Z][A-Za-z0-9]*)\b`)
)

// Catches: a control in docs/SECURITY.md whose cited test file or test
// function was renamed or removed, so the table claims a check that no
// longer runs; and a control row without a check ID column.
func TestDeliverySecurityControlsCiteExistingTests(t *testing.T) {
	root := harness.Root(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "SECURITY.md"))
	require.NoError(t, err)
	var sources strings.Builder
	files, err := filepath.Glob(filepath.Join(root, "tests", "*_test.go"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		sources.Write(b)
	}
	cited := 0
	for _, m := range securityTestFile.FindAllStringSubmatch(string(doc), -1) {
		cited++
		if _, err := os.Stat(filepath.Join(root, "tests", m[1])); err != nil {
			t.Errorf("docs/SECURITY.md cites tests/%s, which does not exist", m[1])
		}
	}
	for _, m := range securityTestName.FindAllStringSubmatch(string(doc), -1) {
		cited++
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("docs/SECURITY.md cites %s, which no test in tests/ defines", m[1])
		}
	}
	assert.Greater(t, cited, 20, "docs/SECURITY.md should cite the tests that check its controls")
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if !strings.HasPrefix(line, "| ") || len(cells) != 6 || strings.HasPrefix(line, "| area") || strings.HasPrefix(line, "|---") {
			continue
		}
		if strings.TrimSpace(cells[3]) == "" {
			t.Errorf("control without a check ID (use \"(design control)\" when none applies): %s", line)
		}
	}
}
