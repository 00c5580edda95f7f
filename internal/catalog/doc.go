// Package catalog holds what AWS offers and accepts, as data the
// components derive values from and validate against before anything is
// registered: engine versions and their parameter group families, instance
// classes and node types per family, Kubernetes versions with their add-on
// builds, instance architectures, and the naming rules of every physically
// named resource.
//
// Every entry cites where it comes from (Source: an AWS documentation page
// or a provider source file) and the day it was read, so a reviewer can
// check it and a maintainer knows when to refresh it. A value missing from
// a catalog is refused with the values the catalog has; adding one is a
// one-line change with its source.
package catalog

import "strings"

// Source is where a catalog entry comes from.
type Source struct {
	// Ref is the AWS documentation page (URL) or provider source file
	// (repository path and symbol) the entry was read from.
	Ref string
	// Read is the day it was read, YYYY-MM-DD.
	Read string
}

// Compact writes a list of instance classes or node types grouped by
// family for messages: "db.r6g.{large,xlarge}, db.t3.medium".
func Compact(types []string) string {
	var groups []string
	sizes := map[string][]string{}
	for _, t := range types {
		i := strings.LastIndex(t, ".")
		fam := t[:i]
		if _, ok := sizes[fam]; !ok {
			groups = append(groups, fam)
		}
		sizes[fam] = append(sizes[fam], t[i+1:])
	}
	out := make([]string, len(groups))
	for i, fam := range groups {
		if s := sizes[fam]; len(s) == 1 {
			out[i] = fam + "." + s[0]
		} else {
			out[i] = fam + ".{" + strings.Join(s, ",") + "}"
		}
	}
	return strings.Join(out, ", ")
}
