package mockgraph

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StackReferenceType is the type token of pulumi.NewStackReference: a read
// (ReadResource) of another stack's outputs, or of the program's own stack
// (the previous deployment's outputs), answered by the engine's built-in
// provider and recorded in the state, but no cloud resource. The mock
// monitor answers it from RunOptions.StackOutputs.
const StackReferenceType = "pulumi:pulumi:StackReference"

func stackOutputs(outs map[string]any) resource.PropertyValue {
	if outs == nil {
		return resource.NewObjectProperty(resource.PropertyMap{})
	}
	return resource.NewObjectProperty(resource.NewPropertyMapFromMap(outs))
}

// Reads are the StackReference reads the program made (they are also in All,
// as the engine's state holds them).
func (g *Graph) Reads() []*Resource { return g.ByType(StackReferenceType) }

func (g *Graph) setExports(exports map[string]pulumi.Input) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.exports = exports
}

// Exports are the stack outputs whose values the program knew without
// waiting for a resource (plain values, lists and maps of them), as the
// next deployment's StackReference to this stack would read them. Outputs
// computed from resources are left out.
func (g *Graph) Exports() map[string]any {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := map[string]any{}
	for k, v := range g.exports {
		if pv, ok := plain(v); ok {
			out[k] = pv
		}
	}
	return out
}

// ExportNames are the names of every stack output, sorted.
func (g *Graph) ExportNames() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	names := make([]string, 0, len(g.exports))
	for k := range g.exports {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// plain converts the input types the program exports as plain values.
func plain(v pulumi.Input) (any, bool) {
	switch t := v.(type) {
	case pulumi.String:
		return string(t), true
	case pulumi.Int:
		return float64(t), true
	case pulumi.Bool:
		return bool(t), true
	case pulumi.StringArray:
		out := make([]any, 0, len(t))
		for _, e := range t {
			s, ok := plain(e)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case pulumi.StringMap:
		out := map[string]any{}
		for k, e := range t {
			s, ok := plain(e)
			if !ok {
				return nil, false
			}
			out[k] = s
		}
		return out, true
	case pulumi.Map:
		out := map[string]any{}
		for k, e := range t {
			s, ok := plain(e)
			if !ok {
				return nil, false
			}
			out[k] = s
		}
		return out, true
	}
	return nil, false
}
