package delivery

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// PreviewDigest is the output of `pulumi preview --json`. It mirrors
// display.PreviewDigest in pkg/display/json.go of Pulumi v3.259.0, filled
// by ShowPreviewDigest in pkg/backend/display/json.go. Duration is a
// time.Duration, so nanoseconds. ChangeSummary is keyed by display.StepOp.
type PreviewDigest struct {
	// Config holds the configuration used, secrets blinded.
	Config map[string]string `json:"config,omitempty"`
	// Steps lists the planned steps (same steps only when shown).
	Steps []PreviewStep `json:"steps,omitempty"`
	// Diagnostics holds the warnings and errors.
	Diagnostics []PreviewDiagnostic `json:"diagnostics,omitempty"`
	// Duration is how long the preview took, in nanoseconds.
	Duration int64 `json:"duration,omitempty"`
	// ChangeSummary counts the steps by operation.
	ChangeSummary map[string]int `json:"changeSummary,omitempty"`
	// MaybeCorrupt is set when resources may be corrupt.
	MaybeCorrupt bool `json:"maybeCorrupt,omitempty"`
}

// PreviewStep mirrors display.PreviewStep (pkg/display/json.go, built by
// getPreviewMetadataStep in pkg/backend/display/json.go). With --refresh,
// a resource whose refresh found drift is listed with op "update" (or
// "delete" when it is gone) and the drifted properties in detailedDiff;
// the other refreshed resources keep op "refresh". oldState and newState
// are not read.
type PreviewStep struct {
	// Op is the operation: create, update, replace, delete, same, refresh, ...
	Op string `json:"op"`
	// URN is the resource's URN.
	URN string `json:"urn"`
	// Provider is the provider reference.
	Provider string `json:"provider,omitempty"`
	// DiffReasons are the keys causing an update.
	DiffReasons []string `json:"diffReasons,omitempty"`
	// ReplaceReasons are the keys causing a replacement.
	ReplaceReasons []string `json:"replaceReasons,omitempty"`
	// DetailedDiff maps property paths to their difference.
	DetailedDiff map[string]PropertyDiff `json:"detailedDiff"`
}

// PropertyDiff mirrors display.PropertyDiff (pkg/display/json.go): kind is
// plugin.DiffKind.String() (add, add-replace, delete, delete-replace,
// update, update-replace).
type PropertyDiff struct {
	// Kind is the kind of difference.
	Kind string `json:"kind"`
	// InputDiff is true for a difference between old and new inputs.
	InputDiff bool `json:"inputDiff"`
}

// PreviewDiagnostic mirrors display.PreviewDiagnostic (pkg/display/json.go);
// severity is a diag.Severity (sdk/go/common/diag/sink.go: debug, info,
// info#err, warning, error).
type PreviewDiagnostic struct {
	// URN is the resource the message is about, if any.
	URN string `json:"urn,omitempty"`
	// Prefix is the message prefix.
	Prefix string `json:"prefix,omitempty"`
	// Message is the text.
	Message string `json:"message,omitempty"`
	// Severity is debug, info, info#err, warning or error.
	Severity string `json:"severity,omitempty"`
}

// ParsePreview decodes the output of `pulumi preview --json`.
func ParsePreview(data []byte) (*PreviewDigest, error) {
	var d PreviewDigest
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("decoding `pulumi preview --json`: %w", err)
	}
	return &d, nil
}

// noChangeOps are the operations that change nothing: engine.HasChanges
// (pkg/engine/update.go) ignores same, read, discard and read-replacement;
// refresh is the read of a --refresh preview that found no drift.
var noChangeOps = map[string]bool{
	"same": true, "read": true, "discard": true, "read-replacement": true, "refresh": true,
}

// IsChange reports whether a step operation changes the stack.
func IsChange(op string) bool { return !noChangeOps[op] }

// Change is one resource a preview would change (or found drifted).
type Change struct {
	// Op is the operation, or operations joined by "+" when the resource
	// has several steps (drift found by refresh, then its update).
	Op string `json:"op"`
	// Type is the resource type token, e.g. aws:s3/bucket:Bucket.
	Type string `json:"type"`
	// Name is the resource's logical name.
	Name string `json:"name"`
	// URN is the resource's URN.
	URN string `json:"urn"`
	// Keys are the changed properties (detailedDiff, else diffReasons,
	// plus replaceReasons).
	Keys []string `json:"keys,omitempty"`
}

// SplitURN returns the type and name of a URN
// (urn:pulumi:stack::project::parent$type::name).
func SplitURN(urn string) (typ, name string) {
	parts := strings.SplitN(urn, "::", 4)
	if len(parts) < 4 {
		return "", urn
	}
	typ = parts[2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ, parts[3]
}

func stepKeys(s PreviewStep) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	detailed := make([]string, 0, len(s.DetailedDiff))
	for k := range s.DetailedDiff {
		detailed = append(detailed, k)
	}
	sort.Strings(detailed)
	for _, k := range detailed {
		add(k)
	}
	if len(detailed) == 0 {
		for _, k := range s.DiffReasons {
			add(k)
		}
	}
	for _, k := range s.ReplaceReasons {
		add(k)
	}
	return keys
}

// Changes lists the resources with a changing step, one entry per URN in
// the order of the steps.
func (d *PreviewDigest) Changes() []Change {
	var out []Change
	index := map[string]int{}
	for _, s := range d.Steps {
		if !IsChange(s.Op) {
			continue
		}
		keys := stepKeys(s)
		if i, ok := index[s.URN]; ok {
			c := &out[i]
			if !strings.Contains("+"+c.Op+"+", "+"+s.Op+"+") {
				c.Op += "+" + s.Op
			}
			c.Keys = mergeKeys(c.Keys, keys)
			continue
		}
		typ, name := SplitURN(s.URN)
		index[s.URN] = len(out)
		out = append(out, Change{Op: s.Op, Type: typ, Name: name, URN: s.URN, Keys: keys})
	}
	return out
}

func mergeKeys(a, b []string) []string {
	for _, k := range b {
		found := false
		for _, x := range a {
			found = found || x == k
		}
		if !found {
			a = append(a, k)
		}
	}
	return a
}

// Counts returns the planned steps by operation: the change summary,
// completed from the steps for operations it lacks.
func (d *PreviewDigest) Counts() map[string]int {
	counts := map[string]int{}
	for op, n := range d.ChangeSummary {
		counts[op] = n
	}
	if len(d.ChangeSummary) == 0 {
		for _, s := range d.Steps {
			if IsChange(s.Op) {
				counts[s.Op]++
			}
		}
	}
	return counts
}

// HasChanges reports whether anything other than same (or a read) is
// planned, by the change summary or by any step.
func (d *PreviewDigest) HasChanges() bool {
	for op, n := range d.ChangeSummary {
		if IsChange(op) && n > 0 {
			return true
		}
	}
	return len(d.Changes()) > 0
}

// Errors returns the error diagnostics.
func (d *PreviewDigest) Errors() []string {
	var out []string
	for _, g := range d.Diagnostics {
		if g.Severity == "error" {
			out = append(out, strings.TrimSpace(g.Prefix+g.Message))
		}
	}
	return out
}
