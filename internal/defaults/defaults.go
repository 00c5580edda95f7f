// Package defaults fills in the zero fields of component arguments, the
// one way every component applies its documented defaults.
package defaults

// Set sets *v to d when *v is the zero value of its type.
func Set[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}
