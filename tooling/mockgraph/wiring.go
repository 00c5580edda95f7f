package mockgraph

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// EmptyWiredInputs lists the inputs the program built from another
// resource's output that reached the resource empty (an empty string,
// array or object, null, or missing altogether; or an empty string in a
// list, such as a list of security group ids): the signature of an output
// the model does not fill in where the real provider does, such as the
// name of an auto-named subnet group. Fields of objects are not looked
// into: the engine records dependencies per top-level input only, and
// objects mix wired values with literals the program leaves empty on
// purpose. Each entry reads "<type> <name>: <input path> from <resource
// URN(s)>". An empty list means every wired input got a value.
func EmptyWiredInputs(g *Graph) []string {
	var out []string
	for _, r := range g.All() {
		if !r.Custom {
			continue
		}
		for key, from := range r.PropertyDependencies {
			v, ok := r.Inputs[resource.PropertyKey(key)]
			var paths []string
			if !ok {
				paths = []string{key}
			} else {
				paths = emptyPaths(key, v)
			}
			for _, p := range paths {
				out = append(out, fmt.Sprintf("%s %s: %s from %v", r.Type, r.Name, p, from))
			}
		}
	}
	sort.Strings(out)
	return out
}

// emptyPaths returns the paths below path where v holds nothing.
func emptyPaths(path string, v resource.PropertyValue) []string {
	switch {
	case v.IsSecret():
		return emptyPaths(path, v.SecretValue().Element)
	case v.IsOutput():
		if !v.OutputValue().Known {
			return nil
		}
		return emptyPaths(path, v.OutputValue().Element)
	case v.IsComputed():
		return nil
	case v.IsNull():
		return []string{path}
	case v.IsString():
		if v.StringValue() == "" {
			return []string{path}
		}
	case v.IsArray():
		if len(v.ArrayValue()) == 0 {
			return []string{path}
		}
		var out []string
		for i, e := range v.ArrayValue() {
			if !e.IsObject() {
				out = append(out, emptyPaths(path+"."+strconv.Itoa(i), e)...)
			}
		}
		return out
	case v.IsObject():
		if len(v.ObjectValue()) == 0 {
			return []string{path}
		}
	}
	return nil
}
