// Package protect is the one way components keep the resources that hold
// data or the keys to it: protect (pulumi destroy and replacements are
// refused) plus retain-on-delete (removing it from the program leaves it in
// AWS).
package protect

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// If returns opts with protect and retain-on-delete added when on, in a
// new slice (appending to opts would share its backing array).
func If(on bool, opts ...pulumi.ResourceOption) []pulumi.ResourceOption {
	out := append([]pulumi.ResourceOption(nil), opts...)
	if on {
		out = append(out, pulumi.Protect(true), pulumi.RetainOnDelete(true))
	}
	return out
}
