// Package defaults fills in the unset fields of component settings, the
// one way every component applies its documented defaults.
//
// Set treats the zero value as "unset", so use it only for fields where
// zero is not a valid choice (an empty name, a count that must be >= 1).
// A field where zero (or false, or "") is a real value is a pointer, nil
// meaning "unset", defaulted with SetNil and built with Of.
package defaults

// Set sets *v to d when *v is the zero value of its type.
func Set[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}

// SetNil sets *v to a pointer to d when *v is nil (unset).
func SetNil[T any](v **T, d T) {
	if *v == nil {
		*v = &d
	}
}

// Of returns a pointer to v: the way to set an optional field to a value,
// zero included (defaults.Of(0)).
func Of[T any](v T) *T { return &v }
