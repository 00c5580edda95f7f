package tests

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

const module = "github.com/webplatform-dev/webplatform/"

// layers says which of the module's top-level folders each folder's
// non-test code may import: the import graph reads cmd -> tooling -> stacks
// -> components -> internal with no arrow back up, so a component's
// imports are only what it needs at `pulumi up`. The policy pack's rules
// (policy/) sit beside tooling: they read the resource graph model
// (tooling/mockgraph) and import nothing of the program, so the pack judges
// any stack built from the components; tooling and cmd run them. The
// component provider (provider/) serves the components to other languages.
var layers = map[string][]string{
	"internal":   {"internal"},
	"components": {"internal"},
	"stacks":     {"components", "internal"},
	"policy":     {"policy", "tooling"},
	"provider":   {"components", "internal"},
	"tooling":    {"tooling", "policy", "stacks", "components", "internal"},
	"cmd":        {"tooling", "policy", "provider", "stacks", "components", "internal"},
	".":          {"stacks"}, // main.go
	// examples/ is a consumer's module: its programs use the components'
	// public API only (its tests may use the tooling's mock monitor).
	"examples": {"components"},
}

// TestLayout: the layering above holds for every Go file of the program
// and its tooling; no file outside *_test.go imports "testing"; no file
// at all declares init() (state is built explicitly where it is used).
func TestLayout(t *testing.T) {
	root := harness.Root(t)
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "tools" || strings.HasPrefix(d.Name(), ".") && rel != "." || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		checkFile(t, rel, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Errorf("walked %d Go files, want the whole module", files)
	}
}

func checkFile(t *testing.T, rel string, f *ast.File) {
	for _, decl := range f.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
			t.Errorf("%s declares init(): build the state explicitly where it is used", rel)
		}
	}
	if strings.HasSuffix(rel, "_test.go") {
		return
	}
	top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if !strings.Contains(filepath.ToSlash(rel), "/") {
		top = "."
	}
	allowed, layered := layers[top]
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path == "testing" {
			t.Errorf("%s imports testing outside a _test.go file", rel)
		}
		own, ok := strings.CutPrefix(path, module)
		if !ok || !layered {
			continue
		}
		dep, _, _ := strings.Cut(own, "/")
		if !contains(allowed, dep) {
			t.Errorf("%s (%s/) imports %s: %s/ may import only %v", rel, top, path, top, allowed)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
