package catalog

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestEveryCatalogIsDocumented: docs/CATALOGS.md lists every file of the
// package and every exported variable (a catalog or a limit), so a new
// catalog cannot be added without saying where it comes from.
func TestEveryCatalogIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/CATALOGS.md")
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for name, f := range pkgs["catalog"].Files {
		if name == "doc.go" {
			continue
		}
		files++
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/CATALOGS.md does not list %s", name)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if n.IsExported() && !strings.HasSuffix(n.Name, "Source") && !strings.Contains(string(doc), "`"+n.Name+"`") {
						t.Errorf("docs/CATALOGS.md does not name %s (%s)", n.Name, name)
					}
				}
			}
		}
	}
	if files == 0 {
		t.Fatal("no catalog files parsed")
	}
}
