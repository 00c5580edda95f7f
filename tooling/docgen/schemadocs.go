package docgen

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/webplatform-dev/webplatform/internal/schemadoc"
)

// SchemaDocsPath is the component provider's copy of the components' Go doc
// comments: the provider's schema descriptions come from it (provider/docs.go).
const SchemaDocsPath = "provider/docs.json"

// RenderSchemaDocs reads every components/<name> package and returns its
// struct docs as JSON keyed "<name>.<Type>": the single source of the
// descriptions that `go doc` shows and that the provider's schema carries.
func RenderSchemaDocs(root string) ([]byte, error) {
	dirs, err := filepath.Glob(filepath.Join(root, "components", "*"))
	dirs = append(dirs, filepath.Join(root, "provider"))
	if err != nil {
		return nil, err
	}
	out := map[string]schemadoc.TypeDoc{}
	for _, dir := range dirs {
		if err := packageDocs(dir, out); err != nil {
			return nil, err
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// packageDocs adds the documented structs of the package in dir to out.
func packageDocs(dir string, out map[string]schemadoc.TypeDoc) error {
	fset := token.NewFileSet()
	var files []*ast.File
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("docgen: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return fmt.Errorf("docgen: %w", err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil
	}
	path := importPath(dir)
	pkg, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return fmt.Errorf("docgen: %s: %w", dir, err)
	}
	for _, t := range pkg.Types {
		td, ok := structDoc(t)
		if ok {
			out[schemadoc.Key(path, t.Name)] = td
		}
	}
	return nil
}

// structDoc returns the docs of t when it is a struct with a field the
// provider's schema can carry (a `pulumi` tag) or is a component.
func structDoc(t *doc.Type) (schemadoc.TypeDoc, bool) {
	td := schemadoc.TypeDoc{Doc: oneLine(t.Doc), Fields: map[string]string{}}
	tagged := false
	for _, spec := range t.Decl.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok {
			continue
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return td, false
		}
		for _, f := range st.Fields.List {
			if f.Tag != nil {
				if _, ok := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Lookup("pulumi"); ok {
					tagged = true
				}
			}
			if f.Doc == nil {
				continue
			}
			for _, n := range f.Names {
				td.Fields[n.Name] = oneLine(f.Doc.Text())
			}
		}
	}
	return td, tagged
}

// oneLine joins a doc comment's lines into paragraphs of single lines, the
// way schema descriptions (Markdown) read best.
func oneLine(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(slices.DeleteFunc(paras, func(p string) bool { return p == "" }), "\n\n")
}

// importPath is the import path of a package directory of the module.
func importPath(dir string) string {
	if filepath.Base(dir) == "provider" {
		return "github.com/webplatform-dev/webplatform/provider"
	}
	return "github.com/webplatform-dev/webplatform/components/" + filepath.Base(dir)
}
