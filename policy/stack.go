package policy

import (
	"slices"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Stack is the resource graph of one stack, as the engine or the mock
// monitor saw it.
type Stack struct {
	Graph *mockgraph.Graph
	// DefaultRegion is the region of resources without an explicit
	// provider when the graph has no default provider resource (the mock
	// monitor registers none; the engine passes its default providers).
	DefaultRegion string
}

// Of returns every resource of the given types.
func (s *Stack) Of(types ...string) []*Resource {
	return s.Graph.Filter(func(r *Resource) bool { return slices.Contains(types, r.Type) })
}

// Refs returns the resources of the given types that the value at r's
// dotted path was built from: the engine's property dependencies of the
// path's top-level key (a reference is followed even while the referenced
// ID or ARN is unknown, as in a first preview).
func (s *Stack) Refs(r *Resource, path string, types ...string) []*Resource {
	top, _, _ := strings.Cut(path, ".")
	var out []*Resource
	for _, urn := range r.PropertyDependencies[top] {
		if d := s.Graph.ByURN(urn); d != nil && (len(types) == 0 || slices.Contains(types, d.Type)) {
			out = append(out, d)
		}
	}
	return out
}

// RefersTo reports whether r's value at path was built from target.
func (s *Stack) RefersTo(r *Resource, path string, target *Resource) bool {
	top, _, _ := strings.Cut(path, ".")
	return slices.Contains(r.PropertyDependencies[top], target.URN)
}

// Referrers returns the resources of the given types whose value at path
// was built from target.
func (s *Stack) Referrers(target *Resource, path string, types ...string) []*Resource {
	return s.Graph.Filter(func(r *Resource) bool {
		return slices.Contains(types, r.Type) && s.RefersTo(r, path, target)
	})
}

// Region is the region r is created in: its provider's region, or the
// default provider's.
func (s *Stack) Region(r *Resource) string {
	if p := s.Graph.ProviderOf(r); p != nil {
		if region := p.Str("region"); region != "" {
			return region
		}
	}
	return s.DefaultRegion
}

// ComponentType is the type of the component r belongs to ("" if none).
func (s *Stack) ComponentType(r *Resource) string {
	if c := s.Graph.Component(r); c != nil {
		return c.Type
	}
	return ""
}
