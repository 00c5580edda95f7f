package policy_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// blankReferences makes every input built from another resource unknown,
// as a first preview sees it (the property dependencies stay).
func blankReferences(r *mockgraph.Resource) {
	for key := range r.PropertyDependencies {
		k := resource.PropertyKey(key)
		if _, ok := r.Inputs[k]; ok {
			r.Inputs[k] = resource.MakeComputed(resource.NewStringProperty(""))
		}
	}
}
