package tests

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/standin"
)

// boundaryCandidates are values tried for every integer key: around the
// limits AWS sets (retention days, windows, percentages, counts, rate
// limits). Validation refuses most of them; the ones it accepts must be
// ones the provider accepts too.
var boundaryCandidates = []int{0, 1, 2, 6, 7, 35, 36, 60, 61, 90, 100, 365, 366, 3653, 5000, 10000, 36500, 2000000000}

// TestEveryIntegerValueValidationAcceptsThePoliciesAccept sweeps every
// integer config key of the project over boundaryCandidates on the prod
// stack (the one with the most resources) and, for every value the program
// accepts, checks every registered resource against the stand-in's
// provider rules (tooling/standin: terraform-provider-aws validators and
// AWS's multi-input rules, each cited, kept apart from the program's own
// validation). A value that validation accepts and the provider refuses
// is a pulumi up that fails halfway: the test names the key and value.
func TestEveryIntegerValueValidationAcceptsTheProviderAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps every integer key (about a minute)")
	}
	stack := harness.LoadStack(t, "prod")
	var keys []string
	for k, decl := range stack.Declared {
		if decl.Type != nil && *decl.Type == "integer" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) < 20 {
		t.Fatalf("found %d integer keys in Pulumi.yaml; the sweep expects the project's (dozens)", len(keys))
	}
	accepted := 0
	for _, k := range keys {
		for _, v := range boundaryCandidates {
			g, err := harness.RunStackErr(t, "prod", set(k, fmt.Sprint(v)))
			if err != nil {
				continue
			}
			accepted++
			var bad []string
			for _, r := range g.All() {
				for _, f := range standin.Check(r.Type, r.Name, r.Inputs) {
					bad = append(bad, fmt.Sprintf("%s %s: %s", r.Type, r.Name, f.Reason))
				}
			}
			sort.Strings(bad)
			if len(bad) > 0 {
				t.Errorf("%s: %d is accepted by validation but refused by the provider:\n  %s", k, v, strings.Join(bad, "\n  "))
			}
		}
	}
	if accepted < len(keys) {
		t.Fatalf("only %d accepted values over %d keys: the sweep checked too little", accepted, len(keys))
	}
	t.Logf("%d keys, %d accepted values checked against %d provider rules", len(keys), accepted, len(standin.Rules)+len(standin.Combos))
}
