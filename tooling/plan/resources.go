package plan

import (
	"encoding/json"
	"sort"
	"strings"
)

// ResourceEntry is one registered resource of the offline plan, in the
// machine-readable list (resources.json) that the engine tests compare with
// what the real Pulumi engine registers for the same stack.
type ResourceEntry struct {
	URN          string   `json:"urn"`
	Type         string   `json:"type"`
	Name         string   `json:"name"`
	Custom       bool     `json:"custom"`
	Parent       string   `json:"parent,omitempty"`
	Provider     string   `json:"provider,omitempty"` // provider URN; "" is the default provider
	Dependencies []string `json:"dependencies,omitempty"`
	Protect      bool     `json:"protect,omitempty"`
}

// Resources lists every resource the plan registered, sorted by URN. The
// mock monitor does not register the root stack or default providers (the
// engine adds them itself), so neither is listed.
func (r *Result) Resources() []ResourceEntry {
	var out []ResourceEntry
	for _, res := range r.Graph.All() {
		provider := providerURN(res.Provider)
		out = append(out, ResourceEntry{
			URN: res.URN, Type: res.Type, Name: res.Name, Custom: res.Custom,
			Parent: res.Parent, Provider: provider,
			Dependencies: append([]string(nil), res.Dependencies...), Protect: res.Protect,
		})
	}
	return out
}

// ResourcesJSON renders Resources as indented JSON.
func (r *Result) ResourcesJSON() ([]byte, error) {
	b, err := json.MarshalIndent(r.Resources(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// OutputNames lists the stack outputs the program exports, sorted
// (outputs.json: what the engine tests expect the stack to have).
func (r *Result) OutputNames() []string {
	var names []string
	if r.Platform != nil {
		for name := range r.Platform.Outputs() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// providerURN turns a provider reference "urn::id" into its URN.
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i > 0 {
		return ref[:i]
	}
	return ref
}
