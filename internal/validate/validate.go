// Package validate collects every problem in a set of arguments so that a
// user sees all of them at once, each naming the setting at fault and what is
// allowed, before any resource is registered.
package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// FieldError is one problem with one setting. Field is the Go field path of
// the component Args (for example "NatStrategy"); callers that expose the
// setting under another name (a stack config key) rename it with Rename.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Problems accumulates FieldErrors. The zero value is ready to use.
type Problems struct {
	errs []*FieldError
}

// Addf records a problem with field.
func (p *Problems) Addf(field, format string, args ...any) {
	p.errs = append(p.errs, &FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Merge adds the problems of err (an error returned by Err, or any error,
// which is then recorded under field prefix) with every field prefixed.
func (p *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	for _, fe := range Fields(err) {
		p.errs = append(p.errs, &FieldError{Field: join(prefix, fe.Field), Message: fe.Message})
	}
}

// MergeNew adds the problems of err on fields that have none yet: for
// settings a caller fills from a value it has already checked itself (a
// stack's domain name), whose problem would otherwise be reported twice.
func (p *Problems) MergeNew(err error) {
	reported := map[string]bool{}
	for _, e := range p.errs {
		reported[e.Field] = true
	}
	for _, fe := range Fields(err) {
		if !reported[fe.Field] {
			p.errs = append(p.errs, fe)
		}
	}
}

// OneOf records a problem unless value is one of allowed.
func (p *Problems) OneOf(field, value string, allowed []string) {
	if !slices.Contains(allowed, value) {
		p.Addf(field, "must be one of %s, got %q", strings.Join(allowed, ", "), value)
	}
}

// Range records a problem unless min <= value <= max.
func (p *Problems) Range(field string, value, lo, hi int) {
	if value < lo || value > hi {
		p.Addf(field, "must be between %d and %d, got %d", lo, hi, value)
	}
}

// Required records a problem when value is empty.
func (p *Problems) Required(field, value string) {
	if strings.TrimSpace(value) == "" {
		p.Addf(field, "is required")
	}
}

// Len is the number of problems recorded.
func (p *Problems) Len() int { return len(p.errs) }

// Err returns nil when there are no problems, else an error whose message
// lists every problem on its own line, sorted by field and message so that
// one bad config prints the same text on every run (checks that range over
// maps would otherwise vary it). Fields(err) recovers them.
func (p *Problems) Err() error {
	if len(p.errs) == 0 {
		return nil
	}
	sorted := slices.Clone(p.errs)
	slices.SortStableFunc(sorted, func(a, b *FieldError) int {
		if c := strings.Compare(a.Field, b.Field); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	errs := make([]error, len(sorted))
	for i, e := range sorted {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Fields returns the FieldErrors inside err. An error that carries none is
// returned as one FieldError with an empty Field.
func Fields(err error) []*FieldError {
	if err == nil {
		return nil
	}
	var out []*FieldError
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			out = append(out, Fields(e)...)
		}
		return out
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []*FieldError{fe}
	}
	return []*FieldError{{Message: err.Error()}}
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	default:
		return prefix + "." + field
	}
}
