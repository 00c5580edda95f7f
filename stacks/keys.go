package stacks

import (
	"reflect"
	"sort"
	"strings"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// keyRecord is the one map from settings to config keys. The loader
// records, as it reads each key, the field of Config it fills; every
// problem then names the key through this record: a component's field
// error (Rename) and a stack policy (Config.key). No other renaming exists.
type keyRecord struct {
	root   reflect.Value     // the Config the loader fills
	byPath map[string]string // field path in Config ("Data.Database.Instances") -> "ns:key"
}

func newKeyRecord(c *Config) *keyRecord {
	return &keyRecord{root: reflect.ValueOf(c).Elem(), byPath: map[string]string{}}
}

// fill records that key sets the fields dst (pointers into Config).
// Pointers outside Config are ignored: a key read into a local value
// has no field to report on.
func (r *keyRecord) fill(key string, dst ...any) {
	for _, d := range dst {
		if path, ok := r.pathOf(d); ok {
			r.byPath[path] = key
		}
	}
}

// pathOf finds the field of Config that ptr points to. Several fields can
// share an address (a struct and its first field): the one of ptr's type
// wins.
func (r *keyRecord) pathOf(ptr any) (string, bool) {
	pv := reflect.ValueOf(ptr)
	if pv.Kind() != reflect.Pointer || pv.IsNil() {
		return "", false
	}
	return findField(r.root, "", pv.Pointer(), pv.Type().Elem())
}

func findField(v reflect.Value, path string, addr uintptr, t reflect.Type) (string, bool) {
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		if !sf.IsExported() {
			continue
		}
		p := sf.Name
		if path != "" {
			p = path + "." + sf.Name
		}
		if f.Addr().Pointer() == addr && (f.Type() == t || f.Kind() != reflect.Struct && f.Type().ConvertibleTo(t)) {
			return p, true
		}
		if f.Kind() == reflect.Struct {
			if found, ok := findField(f, p, addr, t); ok {
				return found, true
			}
		}
	}
	return "", false
}

// key names the config key that filled *ptr (a field of Config), for a
// stack policy's message. A field no key fills (the program sets it) is
// named by its path, which a test keeps from reaching users.
func (r *keyRecord) key(ptr any) string {
	path, ok := r.pathOf(ptr)
	if !ok {
		return "(not a Config field)"
	}
	if k, ok := r.byPath[path]; ok {
		return k
	}
	return path
}

// Rename names each field of err (problems of the settings at scope, a
// pointer into Config, as a component's Validate reports them) by the
// config key that filled it. Below a key that holds an object or a list
// (services, alarmThresholds) the rest of the path follows the JSON field
// names the user wrote: "Services[web].CPULimit" -> "<ns>:services[web].cpuLimit".
func (r *keyRecord) Rename(scope any, err error) error {
	if err == nil {
		return nil
	}
	base, _ := r.pathOf(scope)
	var p validate.Problems
	for _, fe := range validate.Fields(err) {
		p.Addf(r.name(join(base, fe.Field)), "%s", fe.Message)
	}
	return p.Err()
}

// name finds the longest recorded path that is path or its prefix.
func (r *keyRecord) name(path string) string {
	for prefix := path; prefix != ""; prefix = parentPath(prefix) {
		k, ok := r.byPath[prefix]
		if !ok {
			continue
		}
		t, _ := typeAt(r.root.Type(), prefix)
		return k + jsonPath(t, path[len(prefix):])
	}
	return path
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || strings.HasPrefix(b, "["):
		return a + b
	}
	return a + "." + b
}

// parentPath drops the last ".Field" or "[index]" of path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// typeAt is the type of the field at path below t ("" when not found).
func typeAt(t reflect.Type, path string) (reflect.Type, bool) {
	for _, seg := range segments(path) {
		if t = deref(t); seg[0] == '[' {
			if t.Kind() != reflect.Slice && t.Kind() != reflect.Map && t.Kind() != reflect.Array {
				return nil, false
			}
			t = t.Elem()
			continue
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, ok := t.FieldByName(seg)
		if !ok {
			return nil, false
		}
		t = f.Type
	}
	return t, true
}

// jsonPath renders rest (".Field[idx].Other" below a value of type t) with
// the JSON names of the fields, as the user wrote them in the stack file.
func jsonPath(t reflect.Type, rest string) string {
	var b strings.Builder
	for _, seg := range segments(rest) {
		if t != nil {
			t = deref(t)
		}
		if seg[0] == '[' {
			b.WriteString(seg)
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array) {
				t = t.Elem()
			}
			continue
		}
		name := seg
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(seg); ok {
				name, t = jsonName(f), f.Type
			} else {
				t = nil
			}
		}
		b.WriteString("." + name)
	}
	return b.String()
}

func jsonName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" && tag != "-" {
		return tag
	}
	return strings.ToLower(f.Name[:1]) + f.Name[1:]
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// segments splits "A.B[x].C" into "A", "B", "[x]", "C".
func segments(path string) []string {
	var out []string
	for path != "" {
		switch path[0] {
		case '.':
			path = path[1:]
		case '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return append(out, path)
			}
			out = append(out, path[:end+1])
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			out = append(out, path[:end])
			path = path[end:]
		}
	}
	return out
}

// KeyFields lists, per config key ("<ns>:<key>"), the paths of the Config
// fields it fills ("Data.Database.Instances"), sorted: what docs and tests
// use to compare a key's Pulumi.yaml default with the component's own.
func (c *Config) KeyFields() map[string][]string {
	out := map[string][]string{}
	for path, key := range c.keys.byPath {
		out[key] = append(out[key], path)
	}
	for _, paths := range out {
		sort.Strings(paths)
	}
	return out
}
