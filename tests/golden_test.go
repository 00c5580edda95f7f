package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/plan"
)

// TestGoldenSnapshots: each stack's graph (every URN, option and input,
// secrets redacted) equals its committed snapshot, so a change to what
// `pulumi up` would do shows in review as a diff of testdata/golden. A
// deliberate change rewrites them with `go run ./cmd/plan --golden`.
func TestGoldenSnapshots(t *testing.T) {
	root := harness.Root(t)
	for _, name := range harness.Stacks(t) {
		t.Run(name, func(t *testing.T) {
			r, err := plan.Run(harness.LoadStack(t, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Golden()
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(root, plan.GoldenFile(name)))
			if err != nil {
				t.Fatalf("%v (write it with: go run ./cmd/plan --golden)", err)
			}
			if string(got) == string(want) {
				return
			}
			diff, err := plan.GoldenDiff(want, got)
			if err != nil {
				t.Fatal(err)
			}
			t.Errorf("stack %s differs from %s (%d resources); if intended, run `go run ./cmd/plan --golden` and commit:\n  %s",
				name, plan.GoldenFile(name), len(diff), strings.Join(diff, "\n  "))
		})
	}
}

// TestGoldenSnapshotsRedactSecrets: no secret input (the cache AUTH
// token, the CloudFront origin header, the kubeconfig) reaches a committed
// snapshot in clear: every secret string of the graph is looked for in the
// snapshot text.
func TestGoldenSnapshotsRedactSecrets(t *testing.T) {
	r, err := plan.Run(harness.LoadStack(t, "prod"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Golden()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, res := range r.Graph.All() {
		for _, v := range secretStrings(resource.NewObjectProperty(res.Inputs), false) {
			if len(v) < 8 {
				continue // too short to tell from other text
			}
			checked++
			if strings.Contains(string(b), v) {
				t.Errorf("%s: a secret input appears in clear in the snapshot", res.URN)
			}
		}
	}
	if checked < 3 {
		t.Errorf("found %d secret strings in the prod graph, want at least the cache token, origin header and kubeconfig", checked)
	}
}

// secretStrings returns the plain strings inside secret values of v.
func secretStrings(v resource.PropertyValue, inSecret bool) []string {
	switch {
	case v.IsSecret():
		return secretStrings(v.SecretValue().Element, true)
	case v.IsOutput():
		o := v.OutputValue()
		return secretStrings(o.Element, inSecret || o.Secret)
	case v.IsString() && inSecret:
		return []string{v.StringValue()}
	case v.IsArray():
		var out []string
		for _, e := range v.ArrayValue() {
			out = append(out, secretStrings(e, inSecret)...)
		}
		return out
	case v.IsObject():
		var out []string
		for _, e := range v.ObjectValue() {
			out = append(out, secretStrings(e, inSecret)...)
		}
		return out
	}
	return nil
}

// TestGoldenDiffNamesTheChange: the summary a failing golden test prints
// names the resource and the input that changed, and added and removed
// URNs, so a reviewer need not read a 10k-line diff.
func TestGoldenDiffNamesTheChange(t *testing.T) {
	r, err := plan.Run(harness.LoadStack(t, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := r.Golden()
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(want, &list); err != nil {
		t.Fatal(err)
	}
	changed := list[1]["urn"].(string)
	inputs, _ := list[1]["inputs"].(map[string]any)
	if inputs == nil {
		inputs = map[string]any{}
		list[1]["inputs"] = inputs
	}
	inputs["mutated"] = true
	removed := list[2]["urn"].(string)
	list = append(list[:2], list[3:]...)
	got, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	diff, err := plan.GoldenDiff(want, got)
	if err != nil {
		t.Fatal(err)
	}
	wantDiff := []string{"changed " + changed + ": [inputs.mutated]", "removed " + removed}
	if strings.Join(diff, "\n") != strings.Join(wantDiff, "\n") {
		t.Errorf("diff = %q, want %q", diff, wantDiff)
	}
}
