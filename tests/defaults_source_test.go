package tests

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/docgen"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/plan"
)

// programDefaults are the keys whose Pulumi.yaml default deliberately
// differs from the component's own default, each with the reason. The
// component's default is what a library consumer gets; the program's is
// what every stack of this platform starts from (prod-shaped).
var programDefaults = map[string]string{
	"apiDefaultBurstLimit": "capacity: the platform's API takes more traffic than the small API the component assumes",
	"apiDefaultRateLimit":  "capacity: as apiDefaultBurstLimit",
	"wafRateLimitPerToken": "capacity: the platform's clients share tokens across devices; the component's 1000 suits one client per token",
	"cdnPriceClass":        "reach: the platform serves users worldwide; the component defaults to the cheapest class",
	"dbInstanceClass":      "capacity: the platform's prod load; the component's default is the smallest memory-optimised size",
	"nodeInstanceTypes":    "capacity: as dbInstanceClass",
	"nodeMax":              "capacity: room to quadruple a three-node cluster",
	"backupRules":          "the platform copies an hourly continuous rule to its DR region; a component default cannot assume a DR provider is wired",
	"apiRoutes":            "the same catch-all route: config spells routes as a map keyed by \"METHOD path\", the component as a list",
}

// TestConfigDefaultsComeFromTheComponents: where a key fills a component
// setting that has a default in code (Settings.WithDefaults), the key's
// Pulumi.yaml default is that value, unless programDefaults says why not.
// So a default lives in one place: the component; Pulumi.yaml repeats it
// only where the CLI needs it, and this test keeps the two equal.
func TestConfigDefaultsComeFromTheComponents(t *testing.T) {
	root := harness.Root(t)
	project, keys, err := docgen.Keys(root)
	if err != nil {
		t.Fatal(err)
	}
	yamlDefault := map[string]string{}
	for _, k := range keys {
		if k.HasDefault {
			yamlDefault[project+":"+k.Name] = k.Default
		}
	}
	r, err := plan.Run(harness.LoadStack(t, "prod"))
	if err != nil {
		t.Fatal(err)
	}
	defaults := componentDefaults(reflect.TypeOf(*r.Platform.Config))
	compared := 0
	var names []string
	fields := r.Platform.Config.KeyFields()
	for key := range fields {
		names = append(names, key)
	}
	sort.Strings(names)
	for _, key := range names {
		want, ok := yamlDefault[key]
		if !ok {
			continue // required, or outside the project namespace
		}
		for _, path := range fields[key] {
			code, ok := valueAt(defaults, path)
			if !ok || code.IsZero() {
				continue // no component default: Pulumi.yaml is the only source
			}
			if want == "{}" || want == "[]" {
				continue // empty: the component fills in its own (addonVersions, alarmThresholds)
			}
			compared++
			got, _ := json.Marshal(code.Interface())
			if sameJSONText(t, string(got), want) {
				continue
			}
			if reason, ok := programDefaults[strings.TrimPrefix(key, project+":")]; ok && reason != "" {
				continue
			}
			t.Errorf("%s: Pulumi.yaml default %s, but %s defaults to %s in code; make them one (or list the key in programDefaults with the reason)", key, want, path, got)
		}
	}
	if compared < 30 {
		t.Errorf("compared %d defaults, want every key that fills a component setting (at least 30)", compared)
	}
}

// componentDefaults returns a Config value whose component settings (every
// struct type with a WithDefaults method returning itself) hold their
// defaults and everything else is zero.
func componentDefaults(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	fillDefaults(v)
	return v
}

func fillDefaults(v reflect.Value) {
	if m := v.Addr().MethodByName("WithDefaults"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 && m.Type().Out(0) == v.Type() {
		v.Set(m.Call(nil)[0])
		return
	}
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Struct && v.Type().Field(i).IsExported() {
			fillDefaults(f)
		}
	}
}

func valueAt(v reflect.Value, path string) (reflect.Value, bool) {
	for _, name := range strings.Split(path, ".") {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		v = v.FieldByName(name)
		if !v.IsValid() {
			return reflect.Value{}, false
		}
	}
	return v, true
}

// sameJSONText compares a JSON value with a docgen value (scalars as
// written, lists and objects as JSON).
func sameJSONText(t *testing.T, js, docValue string) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	if s, ok := a.(string); ok {
		return s == docValue // a string setting: compare the text as written
	}
	if json.Unmarshal([]byte(docValue), &b) != nil {
		b = docValue // a bare scalar string
	}
	return reflect.DeepEqual(a, b)
}
