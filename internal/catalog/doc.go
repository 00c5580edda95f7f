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

// Source is where a catalog entry comes from.
type Source struct {
	// Ref is the AWS documentation page (URL) or provider source file
	// (repository path and symbol) the entry was read from.
	Ref string
	// Read is the day it was read, YYYY-MM-DD.
	Read string
}
