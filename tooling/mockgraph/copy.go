package mockgraph

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// deepCopyMap copies m and every object and array inside it, so the model
// can add to nested values without touching the caller's inputs.
func deepCopyMap(m resource.PropertyMap) resource.PropertyMap {
	if m == nil {
		return resource.PropertyMap{}
	}
	out := make(resource.PropertyMap, len(m))
	for k, v := range m {
		out[k] = deepCopy(v)
	}
	return out
}

func deepCopy(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsObject():
		return resource.NewObjectProperty(deepCopyMap(v.ObjectValue()))
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]resource.PropertyValue, len(arr))
		for i, e := range arr {
			out[i] = deepCopy(e)
		}
		return resource.NewArrayProperty(out)
	case v.IsSecret():
		return resource.MakeSecret(deepCopy(v.SecretValue().Element))
	}
	return v
}

// setPath sets a dotted path ("name", "metadata.name") in m, creating
// objects on the way.
func setPath(m resource.PropertyMap, path string, v resource.PropertyValue) {
	head, rest, nested := strings.Cut(path, ".")
	k := resource.PropertyKey(head)
	if !nested {
		m[k] = v
		return
	}
	cur, ok := m[k]
	if !ok || !cur.IsObject() {
		cur = resource.NewObjectProperty(resource.PropertyMap{})
		m[k] = cur
	}
	setPath(cur.ObjectValue(), rest, v)
}
