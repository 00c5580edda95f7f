package standin

import "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

// Combo is a rule of the real provider or of AWS that relates several
// inputs of one resource (a parameter group family and the engine version,
// an AMI type and the instance types), which the single-property Rule
// kinds cannot express. Like Rules, each cites its source, and the stand-in
// refuses in Check what it refuses.
type Combo struct {
	Type   string // resource type token
	Name   string // what the rule checks, for test output
	Source string // the AWS documentation page or provider source, and the date read
	// Check returns the failures of a resource named name with inputs.
	Check func(name string, inputs resource.PropertyMap) []Failure
}

// Combos are the multi-input rules, one table per area, each in its own
// file.
var Combos = concat(dataCombos, eksCombos, windowCombos)

var combosByType = func() map[string][]Combo {
	m := map[string][]Combo{}
	for _, c := range Combos {
		m[c.Type] = append(m[c.Type], c)
	}
	return m
}()

func concat[T any](parts ...[]T) []T {
	var out []T
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
