package mockgraph

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Plain converts a property value to plain Go values (string, float64, bool,
// []any, map[string]any, nil), unwrapping secrets and outputs.
func Plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return Plain(v.SecretValue().Element)
	case v.IsOutput():
		return Plain(v.OutputValue().Element)
	case v.IsComputed():
		return nil
	case v.IsNull():
		return nil
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsBool():
		return v.BoolValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = Plain(e)
		}
		return out
	case v.IsObject():
		return PlainMap(v.ObjectValue())
	case v.IsResourceReference():
		ref := v.ResourceReferenceValue()
		return string(ref.URN)
	case v.IsAsset():
		return v.AssetValue().Text
	}
	return v.V
}

// PlainMap converts a property map with Plain.
func PlainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = Plain(v)
	}
	return out
}

// Unwrap strips secrets and known outputs from v; known is false for an
// unknown (computed) value, which is returned as it is.
func Unwrap(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsComputed():
			return v, false
		case v.IsOutput():
			if !v.OutputValue().Known {
				return v, false
			}
			v = v.OutputValue().Element
		case v.IsSecret():
			v = v.SecretValue().Element
		default:
			return v, true
		}
	}
}

// lookup walks a dotted path ("tags.environment", "ingress.0.cidrBlocks")
// through a property map, returning the raw value and whether any step was
// a secret.
func lookup(m resource.PropertyMap, path string) (resource.PropertyValue, bool, bool) {
	cur := resource.NewObjectProperty(m)
	secret := false
	for _, part := range strings.Split(path, ".") {
		for cur.IsSecret() || cur.IsOutput() {
			if cur.IsSecret() {
				secret = true
				cur = cur.SecretValue().Element
			} else {
				secret = secret || cur.OutputValue().Secret
				cur = cur.OutputValue().Element
			}
		}
		switch {
		case cur.IsObject():
			v, ok := cur.ObjectValue()[resource.PropertyKey(part)]
			if !ok {
				return resource.PropertyValue{}, false, secret
			}
			cur = v
		case cur.IsArray():
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(cur.ArrayValue()) {
				return resource.PropertyValue{}, false, secret
			}
			cur = cur.ArrayValue()[i]
		default:
			return resource.PropertyValue{}, false, secret
		}
	}
	if cur.IsSecret() {
		secret = true
	}
	if cur.IsOutput() && cur.OutputValue().Secret {
		secret = true
	}
	return cur, true, secret
}

// Input returns the plain value at a dotted path of r's inputs (nil if absent).
func (r *Resource) Input(path string) any {
	v, ok, _ := lookup(r.Inputs, path)
	if !ok {
		return nil
	}
	return Plain(v)
}

// Output returns the plain value at a dotted path of r's outputs.
func (r *Resource) Output(path string) any {
	v, ok, _ := lookup(r.Outputs, path)
	if !ok {
		return nil
	}
	return Plain(v)
}

// Has reports whether the input path is present and not null.
func (r *Resource) Has(path string) bool {
	v, ok, _ := lookup(r.Inputs, path)
	return ok && !v.IsNull()
}

// Str returns the input at path as a string ("" if absent or not a string).
func (r *Resource) Str(path string) string {
	s, _ := r.Input(path).(string)
	return s
}

// Bool returns the input at path as a bool (false if absent).
func (r *Resource) Bool(path string) bool {
	b, _ := r.Input(path).(bool)
	return b
}

// Int returns the input at path as an int (0 if absent).
func (r *Resource) Int(path string) int {
	f, _ := r.Input(path).(float64)
	return int(f)
}

// List returns the input at path as a list (nil if absent).
func (r *Resource) List(path string) []any {
	l, _ := r.Input(path).([]any)
	return l
}

// Strings returns the input at path as a list of strings.
func (r *Resource) Strings(path string) []string {
	var out []string
	for _, e := range r.List(path) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Map returns the input at path as a map (nil if absent).
func (r *Resource) Map(path string) map[string]any {
	m, _ := r.Input(path).(map[string]any)
	return m
}

// Tags returns the resource's "tags" input as a string map.
func (r *Resource) Tags() map[string]string {
	out := map[string]string{}
	for k, v := range r.Map("tags") {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// IsSecret reports whether the input at path is (or sits inside) a secret.
func (r *Resource) IsSecret(path string) bool {
	_, ok, secret := lookup(r.Inputs, path)
	return ok && secret
}

// DependsOn reports whether r declares an explicit dependency on other.
func (r *Resource) DependsOn(other *Resource) bool {
	for _, d := range r.Dependencies {
		if d == other.URN {
			return true
		}
	}
	return false
}
