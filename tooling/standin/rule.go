package standin

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Kind is what a rule checks. The messages are the ones
// terraform-plugin-sdk/v2 helper/validation (and the provider's own
// validators) produce, which the bridged Pulumi provider passes through.
type Kind string

// The kinds of rules.
const (
	Required      Kind = "required"       // the property must be set
	ConflictsWith Kind = "conflicts-with" // the property and any of Values cannot both be set
	OneOf         Kind = "one-of"         // validation.StringInSlice(Values, IgnoreCase)
	LenBetween    Kind = "len-between"    // validation.StringLenBetween(Min, Max)
	NotEmpty      Kind = "not-empty"      // validation.StringIsNotEmpty
	Match         Kind = "match"          // must match Pattern; Message as the validator words it
	NotMatch      Kind = "not-match"      // must not match Pattern; Message as the validator words it
	IntBetween    Kind = "int-between"    // validation.IntBetween(Min, Max)
	IntAtLeast    Kind = "int-at-least"   // validation.IntAtLeast(Min)
	IntAtMost     Kind = "int-at-most"    // validation.IntAtMost(Max)
	IntOneOf      Kind = "int-one-of"     // validation.IntInSlice(Ints)
	ARN           Kind = "arn"            // verify.ValidARN
	CIDR          Kind = "cidr"           // verify.ValidIPv4CIDRNetworkAddress
)

// Rule is one input rule of the real provider for one property of one type.
type Rule struct {
	Type     string // resource type token
	Property string // Pulumi property path ("a.b", "list[].field")
	TFName   string // Terraform attribute path as the provider names it; "" derives it from Property
	Kind     Kind
	Values   []string // OneOf: allowed values; ConflictsWith: the conflicting Pulumi properties
	Ints     []int    // IntOneOf: allowed values; IntBetween: values allowed besides the range (validation.Any)
	Min, Max int      // LenBetween, IntBetween, IntAtLeast, IntAtMost
	// IgnoreCase makes OneOf case-insensitive (StringInSlice(..., true)).
	IgnoreCase bool
	// Pattern is the regular expression of Match and NotMatch.
	Pattern string
	// Message words a Match/NotMatch failure the way the provider's own
	// validator does: "{k}" and "{qk}" are replaced by the Terraform name
	// (quoted: %q), "{v}" and "{qv}" by the value. A message without
	// placeholders is validation.StringMatch's (ending up in "invalid value
	// for k (message)"); empty means StringMatch without a message.
	Message string
	// Source cites the validator or documentation the rule comes from.
	Source string
	// Bad and Good are inputs (top-level keys; Absent removes a key) that
	// break and satisfy the rule; the tests run both, so no rule goes
	// untested.
	Bad, Good map[string]any
}

// Absent in Rule.Bad or Rule.Good removes the key from the inputs.
const Absent = "<absent>"

// ID names the rule in test output.
func (r Rule) ID() string { return fmt.Sprintf("%s %s %s", r.Type, r.Property, r.Kind) }

func (r Rule) tfPath() string {
	if r.TFName != "" {
		return r.TFName
	}
	return tfName(r.Property)
}

// check returns the failures of inputs (of a resource named name) against r.
func (r Rule) check(name string, inputs resource.PropertyMap) []Failure {
	var out []Failure
	for _, s := range sites(inputs, r.Property, r.tfPath()) {
		if reason := r.reason(s, inputs); reason != "" {
			if r.Kind != Required {
				reason += fmt.Sprintf(". Examine values at '%s.%s'.", name, s.Path)
			}
			out = append(out, Failure{Property: s.Path, Reason: reason})
		}
	}
	return out
}

// Failure is one refused property, as CheckFailure.
type Failure struct{ Property, Reason string }

// reason is the provider's message when the value at s breaks r, or "".
func (r Rule) reason(s site, inputs resource.PropertyMap) string {
	k := s.TFPath
	if r.Kind == Required {
		if !s.Present {
			return fmt.Sprintf("Missing required property '%s'", s.Path)
		}
		return ""
	}
	if !s.Present {
		return ""
	}
	v := s.Value
	switch r.Kind {
	case ConflictsWith:
		for _, other := range r.Values {
			for _, o := range sites(inputs, other, tfName(other)) {
				if o.Present {
					return fmt.Sprintf("%q: conflicts with %s", k, o.TFPath)
				}
			}
		}
	case OneOf, LenBetween, NotEmpty, Match, NotMatch, ARN, CIDR:
		if !v.IsString() {
			return ""
		}
		return r.stringReason(k, v.StringValue())
	case IntBetween, IntAtLeast, IntAtMost, IntOneOf:
		if !v.IsNumber() {
			return ""
		}
		return r.intReason(k, int(v.NumberValue()))
	}
	return ""
}

func (r Rule) stringReason(k, s string) string {
	switch r.Kind {
	case OneOf:
		ok := slices.Contains(r.Values, s)
		if r.IgnoreCase {
			ok = slices.ContainsFunc(r.Values, func(a string) bool { return strings.EqualFold(a, s) })
		}
		if !ok {
			return fmt.Sprintf("expected %s to be one of %q, got %s", k, r.Values, s)
		}
	case LenBetween:
		if len(s) < r.Min || len(s) > r.Max {
			return fmt.Sprintf("expected length of %s to be in the range (%d - %d), got %s", k, r.Min, r.Max, s)
		}
	case NotEmpty:
		if s == "" {
			return fmt.Sprintf("expected %q to not be an empty string, got %v", k, s)
		}
	case Match, NotMatch:
		if regexp.MustCompile(r.Pattern).MatchString(s) != (r.Kind == Match) {
			return r.patternReason(k, s)
		}
	case ARN:
		if err := parseARN(s); err != "" {
			return fmt.Sprintf("%q (%s) is an invalid ARN: %s", k, s, err)
		}
	case CIDR:
		return cidrReason(k, s)
	}
	return ""
}

func (r Rule) patternReason(k, s string) string {
	if r.Message == "" {
		verb := "match"
		if r.Kind == NotMatch {
			verb = "not match"
		}
		return fmt.Sprintf("expected value of %s to %s regular expression %q, got %v", k, verb, r.Pattern, s)
	}
	msg := strings.NewReplacer("{k}", k, "{v}", s, "{qk}", strconv.Quote(k), "{qv}", strconv.Quote(s)).Replace(r.Message)
	if strings.Contains(r.Message, "{") {
		return msg
	}
	return fmt.Sprintf("invalid value for %s (%s)", k, msg)
}

func (r Rule) intReason(k string, n int) string {
	switch r.Kind {
	case IntBetween:
		if (n < r.Min || n > r.Max) && !slices.Contains(r.Ints, n) {
			return fmt.Sprintf("expected %s to be in the range (%d - %d), got %d", k, r.Min, r.Max, n)
		}
	case IntAtLeast:
		if n < r.Min {
			return fmt.Sprintf("expected %s to be at least (%d), got %d", k, r.Min, n)
		}
	case IntAtMost:
		if n > r.Max {
			return fmt.Sprintf("expected %s to be at most (%d), got %d", k, r.Max, n)
		}
	case IntOneOf:
		if !slices.Contains(r.Ints, n) {
			return fmt.Sprintf("expected %s to be one of %v, got %d", k, r.Ints, n)
		}
	}
	return ""
}

// Check returns every failure of inputs of a resource of type typ named
// name against the rule table.
func Check(typ, name string, inputs resource.PropertyMap) []Failure {
	var out []Failure
	for _, r := range rulesByType[typ] {
		out = append(out, r.check(name, inputs)...)
	}
	for _, c := range combosByType[typ] {
		out = append(out, c.Check(name, inputs)...)
	}
	return out
}

var rulesByType = func() map[string][]Rule {
	m := map[string][]Rule{}
	for _, r := range Rules {
		m[r.Type] = append(m[r.Type], r)
	}
	return m
}()
