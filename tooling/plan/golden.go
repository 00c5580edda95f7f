package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// GoldenFile is where a stack's golden snapshot lives, relative to the
// project root: committed, reviewed, and compared by tests/golden_test.go.
func GoldenFile(stack string) string { return "testdata/golden/" + stack + ".json" }

// goldenResource is one resource in a golden snapshot: what the engine
// would be asked to create, with the options that change how it is
// created or deleted. Secret values are redacted, unknown ones marked.
type goldenResource struct {
	URN                 string         `json:"urn"`
	Parent              string         `json:"parent,omitempty"`
	Provider            string         `json:"provider,omitempty"`
	Dependencies        []string       `json:"dependsOn,omitempty"`
	Protect             bool           `json:"protect,omitempty"`
	RetainOnDelete      bool           `json:"retainOnDelete,omitempty"`
	DeleteBeforeReplace bool           `json:"deleteBeforeReplace,omitempty"`
	IgnoreChanges       []string       `json:"ignoreChanges,omitempty"`
	Inputs              map[string]any `json:"inputs,omitempty"`
}

// Golden renders the stack's golden snapshot: every registered resource
// (sorted by URN) with its inputs, one JSON document, stable byte for
// byte across runs so that any change to the graph is a reviewable diff.
func (r *Result) Golden() ([]byte, error) {
	var out []goldenResource
	for _, res := range r.Graph.All() {
		deps := append([]string(nil), res.Dependencies...)
		sort.Strings(deps)
		ign := append([]string(nil), res.IgnoreChanges...)
		sort.Strings(ign)
		out = append(out, goldenResource{
			URN: res.URN, Parent: res.Parent, Provider: providerURN(res.Provider),
			Dependencies: deps, Protect: res.Protect, RetainOnDelete: res.RetainOnDelete,
			DeleteBeforeReplace: res.DeleteBeforeReplace, IgnoreChanges: ign,
			Inputs: goldenMap(res.Inputs),
		})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("stack %s: golden snapshot: %w", r.Stack.Name, err)
	}
	return buf.Bytes(), nil
}

func goldenMap(m resource.PropertyMap) map[string]any {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = goldenValue(v)
	}
	return out
}

// goldenValue turns a property value into plain JSON: secrets become
// "[secret]" (a snapshot is committed, so no generated or configured secret
// may appear), unknowns "[unknown]", outputs their known value.
func goldenValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return "[secret]"
	case v.IsComputed():
		return "[unknown]"
	case v.IsOutput():
		o := v.OutputValue()
		if o.Secret {
			return "[secret]"
		}
		if !o.Known {
			return "[unknown]"
		}
		return goldenValue(o.Element)
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = goldenValue(e)
		}
		return out
	case v.IsObject():
		return goldenMap(v.ObjectValue())
	case v.IsResourceReference():
		return "[resource " + string(v.ResourceReferenceValue().URN) + "]"
	case v.IsAsset() || v.IsArchive():
		return "[asset]"
	}
	return v.V
}

// GoldenDiff compares two golden snapshots and lists, per URN, what was
// added, removed or changed (and which inputs or options of it), sorted:
// the summary a failing golden test prints.
func GoldenDiff(want, got []byte) ([]string, error) {
	w, err := goldenIndex(want)
	if err != nil {
		return nil, fmt.Errorf("committed snapshot: %w", err)
	}
	g, err := goldenIndex(got)
	if err != nil {
		return nil, fmt.Errorf("new snapshot: %w", err)
	}
	var out []string
	for urn, gr := range g {
		wr, ok := w[urn]
		if !ok {
			out = append(out, "added   "+urn)
			continue
		}
		if fields := changedFields(wr, gr); len(fields) > 0 {
			out = append(out, fmt.Sprintf("changed %s: %v", urn, fields))
		}
	}
	for urn := range w {
		if _, ok := g[urn]; !ok {
			out = append(out, "removed "+urn)
		}
	}
	sort.Strings(out)
	return out, nil
}

func goldenIndex(b []byte) (map[string]map[string]json.RawMessage, error) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, err
	}
	out := map[string]map[string]json.RawMessage{}
	for _, r := range list {
		var urn string
		if err := json.Unmarshal(r["urn"], &urn); err != nil {
			return nil, err
		}
		out[urn] = r
	}
	return out, nil
}

// changedFields names the options and inputs ("inputs.<key>") that differ.
func changedFields(a, b map[string]json.RawMessage) []string {
	var out []string
	for _, k := range unionKeys(a, b) {
		if k != "inputs" {
			if !sameJSON(a[k], b[k]) {
				out = append(out, k)
			}
			continue
		}
		var ai, bi map[string]json.RawMessage
		_ = json.Unmarshal(a[k], &ai)
		_ = json.Unmarshal(b[k], &bi)
		for _, ik := range unionKeys(ai, bi) {
			if !sameJSON(ai[ik], bi[ik]) {
				out = append(out, "inputs."+ik)
			}
		}
	}
	return out
}

func unionKeys(a, b map[string]json.RawMessage) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sameJSON compares two JSON values by meaning, not by their bytes
// (escaping and spacing differ between encoders).
func sameJSON(a, b json.RawMessage) bool {
	var av, bv any
	if json.Unmarshal(a, &av) != nil || json.Unmarshal(b, &bv) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(av, bv)
}
