package standin

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// A property path is dotted; a segment ending in "[]" stands for every
// element of the list at that key: "logDeliveryConfigurations[].logType".

// site is one place a path reaches in a property map.
type site struct {
	Value   resource.PropertyValue
	Present bool   // false when the last key is absent (or null) under an existing parent
	Path    string // Pulumi path with indexes: "logDeliveryConfigurations[0].logType"
	TFPath  string // Terraform path with indexes: "log_delivery_configuration.0.log_type"
}

// sites walks path (and its Terraform twin tfPath, same number of
// segments) through m. Unknown values stop the walk: nothing below them
// can be checked during a preview.
func sites(m resource.PropertyMap, path, tfPath string) []site {
	segs := strings.Split(path, ".")
	tfSegs := tfSegments(tfPath)
	var out []site
	var walk func(cur resource.PropertyMap, i int, p, tp string)
	walk = func(cur resource.PropertyMap, i int, p, tp string) {
		key, each := strings.CutSuffix(segs[i], "[]")
		tfKey, _ := strings.CutSuffix(tfSegs[i], "[]")
		p, tp = join(p, key), join(tp, tfKey)
		v, ok := cur[resource.PropertyKey(key)]
		v, known := mockgraph.Unwrap(v)
		if !known {
			return
		}
		if !ok || v.IsNull() {
			out = append(out, site{Present: false, Path: p, TFPath: tp})
			return
		}
		var elems []resource.PropertyValue
		var paths, tfPaths []string
		if each {
			if !v.IsArray() {
				return
			}
			for j, e := range v.ArrayValue() {
				e, known := mockgraph.Unwrap(e)
				if !known {
					continue
				}
				elems = append(elems, e)
				paths = append(paths, p+"["+strconv.Itoa(j)+"]")
				tfPaths = append(tfPaths, tp+"."+strconv.Itoa(j))
			}
		} else {
			elems, paths, tfPaths = []resource.PropertyValue{v}, []string{p}, []string{tp}
		}
		for j, e := range elems {
			if i == len(segs)-1 {
				out = append(out, site{Value: e, Present: true, Path: paths[j], TFPath: tfPaths[j]})
			} else if e.IsObject() {
				walk(e.ObjectValue(), i+1, paths[j], tfPaths[j])
			}
		}
	}
	walk(m, 0, "", "")
	return out
}

// tfSegments splits a Terraform path into the segments of its Pulumi twin:
// the index of a one-item block Pulumi flattens stays with its key
// ("health_check.0.interval" -> "health_check.0", "interval").
func tfSegments(tfPath string) []string {
	var out []string
	for _, s := range strings.Split(tfPath, ".") {
		if _, err := strconv.Atoi(s); err == nil && len(out) > 0 {
			out[len(out)-1] += "." + s
			continue
		}
		out = append(out, s)
	}
	return out
}

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

// tfName turns a Pulumi path into the Terraform attribute path the
// provider names in its messages: camelCase to snake_case per segment
// ("enabledCloudwatchLogsExports[]" -> "enabled_cloudwatch_logs_exports[]").
// Rules whose Terraform name differs otherwise (a list Pulumi pluralizes, a
// one-item block Pulumi flattens) spell it out in Rule.TFName.
func tfName(path string) string {
	var b strings.Builder
	for i, r := range path {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
