// Package mockgraph runs a Pulumi program under the SDK's mock monitor and
// records every registered resource (type, name, inputs, parent,
// dependencies, provider, options) and every invoke, so that tests and the
// offline plan can query the whole graph without a cloud account.
package mockgraph

import (
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registered resource as the engine would see it.
type Resource struct {
	URN                 string
	Type                string
	Name                string
	ID                  string
	Custom              bool
	Parent              string // URN of the parent ("" for the root stack)
	Dependencies        []string
	Provider            string // provider reference "urn::id", "" for the default provider
	Protect             bool
	RetainOnDelete      bool
	DeleteBeforeReplace bool
	IgnoreChanges       []string
	// PropertyDependencies maps a top-level input key to the URNs of the
	// resources whose outputs its value was built from.
	PropertyDependencies map[string][]string
	Inputs               resource.PropertyMap
	Outputs              resource.PropertyMap
}

// Invoke is one recorded data-source call.
type Invoke struct {
	Token    string
	Args     resource.PropertyMap
	Provider string
}

// Graph is the set of resources a program registered. It is safe for
// concurrent use while the program runs.
type Graph struct {
	mu        sync.Mutex
	resources []*Resource
	byURN     map[string]*Resource
	invokes   []Invoke
	exports   map[string]pulumi.Input
}

// NewGraph returns an empty graph.
func NewGraph() *Graph { return &Graph{byURN: map[string]*Resource{}} }

func (g *Graph) add(r *Resource) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.resources = append(g.resources, r)
	g.byURN[r.URN] = r
}

func (g *Graph) addInvoke(i Invoke) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.invokes = append(g.invokes, i)
}

// All returns every resource, sorted by URN for stable output.
func (g *Graph) All() []*Resource {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := append([]*Resource(nil), g.resources...)
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// Invokes returns every recorded invoke.
func (g *Graph) Invokes() []Invoke {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Invoke(nil), g.invokes...)
}

// Len is the number of registered resources.
func (g *Graph) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.resources)
}

// ByURN returns the resource with that URN, or nil.
func (g *Graph) ByURN(urn string) *Resource {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.byURN[urn]
}

// Filter returns the resources for which keep is true.
func (g *Graph) Filter(keep func(*Resource) bool) []*Resource {
	var out []*Resource
	for _, r := range g.All() {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// ByType returns every resource of the given type token.
func (g *Graph) ByType(token string) []*Resource {
	return g.Filter(func(r *Resource) bool { return r.Type == token })
}

// Named returns the resource of that type and logical name, or nil.
func (g *Graph) Named(token, name string) *Resource {
	for _, r := range g.ByType(token) {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Children returns the resources whose parent is r.
func (g *Graph) Children(r *Resource) []*Resource {
	return g.Filter(func(c *Resource) bool { return c.Parent == r.URN })
}

// Descendants returns every resource below r.
func (g *Graph) Descendants(r *Resource) []*Resource {
	var out []*Resource
	for _, c := range g.Children(r) {
		out = append(out, c)
		out = append(out, g.Descendants(c)...)
	}
	return out
}

// Component returns the nearest component resource (a non-custom resource
// that is not the root stack) above r, or nil.
func (g *Graph) Component(r *Resource) *Resource {
	for p := g.ByURN(r.Parent); p != nil; p = g.ByURN(p.Parent) {
		if !p.Custom && p.Type != "pulumi:pulumi:Stack" {
			return p
		}
	}
	return nil
}

// ProviderOf returns the provider resource r uses explicitly, or nil when it
// uses the default provider.
func (g *Graph) ProviderOf(r *Resource) *Resource {
	if r.Provider == "" {
		return nil
	}
	urn, _, _ := strings.Cut(r.Provider, "::")
	// A provider reference is "urn::id"; URNs themselves contain "::", so cut at the last.
	if i := strings.LastIndex(r.Provider, "::"); i > 0 {
		urn = r.Provider[:i]
	}
	return g.ByURN(urn)
}

// CountByType returns the number of resources per type token.
func (g *Graph) CountByType() map[string]int {
	out := map[string]int{}
	for _, r := range g.All() {
		out[r.Type]++
	}
	return out
}

// TopLevel reports whether r's parent is the root stack (which the SDK's
// mock monitor does not register).
func (g *Graph) TopLevel(r *Resource) bool {
	return r.Parent == "" || resource.URN(r.Parent).QualifiedType() == resource.RootStackType
}
