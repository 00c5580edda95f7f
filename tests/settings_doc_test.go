package tests

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/components/waf"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// settingsDefaults are every component's defaulted zero Settings, by
// package directory: what a consumer who sets nothing gets.
var settingsDefaults = map[string]any{
	"network":      network.Settings{}.WithDefaults(),
	"database":     database.Settings{}.WithDefaults(),
	"cache":        cache.Settings{}.WithDefaults(),
	"storage":      storage.Settings{}.WithDefaults(),
	"cdn":          cdn.Settings{}.WithDefaults(),
	"waf":          waf.Settings{}.WithDefaults(),
	"apigateway":   apigateway.Settings{}.WithDefaults(),
	"monitoring":   monitoring.Settings{}.WithDefaults(),
	"backup":       backup.Settings{}.WithDefaults(),
	"cluster":      cluster.Settings{}.WithDefaults(),
	"workload":     workload.Settings{}.WithDefaults(),
	"loadbalancer": loadbalancer.Settings{}.WithDefaults(),
	// Nested settings with defaults of their own: "<package>.<Type>".
	"workload.Service": workload.Service{}.WithDefaults(),
}

// defaultLiteral finds the value a doc comment states as the default:
// `Default 3.`, `Default "16.6".`, `Default: true` (not prose such as
// `Default: none (RDS places them)` or an expression such as `Default 2*NodeMin`).
var defaultLiteral = regexp.MustCompile(`\bDefault:? ("[^"]*"|-?[0-9]+(?:\.[0-9]+)?|true|false)(?:[.,;)\s]|$)`)

// TestSettingsDocsStateTheCodeDefaults: where a Settings field's doc
// comment states its default as a literal, WithDefaults gives exactly that
// value. The doc comment is what consumers read (go doc, pkg.go.dev); a
// default changed in code without its comment fails here.
func TestSettingsDocsStateTheCodeDefaults(t *testing.T) {
	root := harness.Root(t)
	checked := 0
	for pkg, defaults := range settingsDefaults {
		dir, typ, ok := strings.Cut(pkg, ".")
		if !ok {
			typ = "Settings"
		}
		docs := structFieldDocs(t, filepath.Join(root, "components", dir), typ)
		if len(docs) == 0 {
			t.Errorf("components/%s: no %s struct found", dir, typ)
			continue
		}
		v := reflect.ValueOf(defaults)
		for field, doc := range docs {
			m := defaultLiteral.FindStringSubmatch(doc)
			if m == nil || strings.Contains(m[1], "<") {
				continue // prose, or a template of other settings ("cloudfront/<NamePrefix>/")
			}
			f := v.FieldByName(field)
			for f.Kind() == reflect.Pointer && !f.IsNil() {
				f = f.Elem()
			}
			if f.Kind() == reflect.Pointer { // nil: unset, no default
				t.Errorf("%s.Settings.%s: doc says Default %s, WithDefaults leaves it unset", pkg, field, m[1])
				continue
			}
			checked++
			if got := literal(f); got != m[1] {
				t.Errorf("%s.Settings.%s: doc says Default %s, WithDefaults gives %s", pkg, field, m[1], got)
			}
		}
	}
	if checked < 60 {
		t.Errorf("checked %d stated defaults, want the components' (at least 60)", checked)
	}
}

// literal renders f the way a doc comment states it.
func literal(f reflect.Value) string {
	switch f.Kind() {
	case reflect.String:
		return strconv.Quote(f.String())
	case reflect.Bool:
		return strconv.FormatBool(f.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(f.Int(), 10)
	case reflect.Float64:
		return strconv.FormatFloat(f.Float(), 'f', -1, 64)
	}
	return fmt.Sprintf("%v", f.Interface())
}

// structFieldDocs returns the doc comment of each field of the package's
// struct typ.
func structFieldDocs(t *testing.T, dir, typ string) map[string]string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range pkgs {
		for _, f := range p.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok || ts.Name.Name != typ {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return false
				}
				for _, fld := range st.Fields.List {
					for _, name := range fld.Names {
						out[name.Name] = strings.Join(strings.Fields(fld.Doc.Text()), " ")
					}
				}
				return false
			})
		}
	}
	return out
}
