package standin

import (
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// DiffResult is what Diff reports for one resource.
type DiffResult struct {
	Changed             []string // top-level input keys that differ
	Replaces            []string // top-level keys whose change forces a new resource
	ReplacePaths        []string // the replacement rules' paths that changed
	Stables             []string // outputs that keep their value through an update
	DeleteBeforeReplace bool
}

// Diff compares old and new inputs of a resource of type typ (logical name
// name, URN urn). Keys named in ignore, and internal keys ("__defaults"),
// are left out.
func Diff(typ, name, urn string, olds, news resource.PropertyMap, ignore []string) DiffResult {
	if typ == "" || name == "" {
		typ, name = typeAndName(urn)
	}
	var d DiffResult
	for _, k := range changedKeys(olds, news) {
		if !slices.Contains(ignore, k) {
			d.Changed = append(d.Changed, k)
		}
	}
	for _, r := range replacementsFor(typ) {
		top, _, _ := strings.Cut(r.Property, ".")
		if !slices.Contains(d.Changed, top) {
			continue
		}
		if valueAt(olds, r.Property).DeepEquals(valueAt(news, r.Property)) && known(news, r.Property) {
			continue
		}
		d.ReplacePaths = append(d.ReplacePaths, r.Property)
		if !slices.Contains(d.Replaces, top) {
			d.Replaces = append(d.Replaces, top)
		}
	}
	if len(d.Replaces) > 0 {
		d.DeleteBeforeReplace = keepsFixedName(typ, name, urn, olds, news)
	} else {
		for k := range news {
			if !slices.Contains(d.Changed, string(k)) && !internalKey(string(k)) {
				d.Stables = append(d.Stables, string(k))
			}
		}
		d.Stables = append(d.Stables, "id", "arn")
		sort.Strings(d.Stables)
	}
	return d
}

func (d DiffResult) response() *pulumirpc.DiffResponse {
	if len(d.Changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE, Stables: d.Stables}
	}
	detailed := map[string]*pulumirpc.PropertyDiff{}
	for _, k := range d.Changed {
		kind := pulumirpc.PropertyDiff_UPDATE
		if slices.Contains(d.Replaces, k) {
			kind = pulumirpc.PropertyDiff_UPDATE_REPLACE
		}
		detailed[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}
	return &pulumirpc.DiffResponse{
		Changes:             pulumirpc.DiffResponse_DIFF_SOME,
		Diffs:               d.Changed,
		Replaces:            d.Replaces,
		Stables:             d.Stables,
		DeleteBeforeReplace: d.DeleteBeforeReplace,
		DetailedDiff:        detailed,
		HasDetailedDiff:     true,
	}
}

// changedKeys lists the top-level keys whose values differ, sorted.
func changedKeys(olds, news resource.PropertyMap) []string {
	seen := map[string]bool{}
	var out []string
	check := func(k resource.PropertyKey) {
		if seen[string(k)] || internalKey(string(k)) {
			return
		}
		seen[string(k)] = true
		if !valueAt(olds, string(k)).DeepEquals(valueAt(news, string(k))) || !known(news, string(k)) {
			out = append(out, string(k))
		}
	}
	for k := range olds {
		check(k)
	}
	for k := range news {
		check(k)
	}
	sort.Strings(out)
	return out
}

func internalKey(k string) bool { return strings.HasPrefix(k, "__") }

// valueAt returns the plain value at a dotted path (null when absent),
// with secrets stripped so a value that only became secret is no change.
func valueAt(m resource.PropertyMap, path string) resource.PropertyValue {
	cur := resource.NewObjectProperty(m)
	for _, part := range strings.Split(path, ".") {
		cur, _ = mockgraph.Unwrap(cur)
		if !cur.IsObject() {
			return resource.NewNullProperty()
		}
		v, ok := cur.ObjectValue()[resource.PropertyKey(part)]
		if !ok {
			return resource.NewNullProperty()
		}
		cur = v
	}
	return resource.NewPropertyValue(mockgraph.Plain(cur))
}

// known reports whether the value at path holds no unknowns.
func known(m resource.PropertyMap, path string) bool {
	cur := resource.NewObjectProperty(m)
	for _, part := range strings.Split(path, ".") {
		v, ok := mockgraph.Unwrap(cur)
		if !ok {
			return false
		}
		if !v.IsObject() {
			return true
		}
		if cur, ok = v.ObjectValue()[resource.PropertyKey(part)]; !ok {
			return true
		}
	}
	return !cur.ContainsUnknowns()
}

// keepsFixedName reports whether a replacement would create the new
// resource under the same user-chosen physical name as the old one, which
// the service refuses while the old one exists: the provider then deletes
// first (pulumi-terraform-bridge pkg/tfbridge/provider.go Diff:
// deleteBeforeReplace when the auto-named name property was set by the
// user; pulumi-kubernetes the same for a fixed metadata.name).
func keepsFixedName(typ, name, urn string, olds, news resource.PropertyMap) bool {
	prop, ok := PhysicalNames[typ]
	if !ok && strings.HasPrefix(typ, "kubernetes:") {
		prop, ok = "metadata.name", true
	}
	if !ok {
		return false
	}
	n := valueAt(news, prop)
	if n.IsNull() || !n.DeepEquals(valueAt(olds, prop)) {
		return false
	}
	if _, auto, named := autoNameFor(typ, name, urn); named && n.IsString() && n.StringValue() == auto {
		return false
	}
	return true
}

// autoNameFor is the name the provider would give an unnamed resource.
func autoNameFor(typ, name, urn string) (string, string, bool) {
	key, v, ok, _ := mockgraph.AutoName(typ, name, urn, resource.PropertyMap{})
	return key, v, ok
}
