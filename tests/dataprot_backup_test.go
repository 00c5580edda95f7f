package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// selectionAdmits models which resources an AWS Backup selection assigns
// to its plan (oracle, separate from the program; AWS Backup developer
// guide, API_BackupSelection
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
// and the CloudFormation BackupSelectionResourceType page, read
// 2026-12-02): Resources lists ARNs ("*" is every resource); ListOfTags
// (selectionTags) matches a resource carrying ANY of its tags; Conditions
// match only a resource that satisfies ALL of them; the parts combine with
// AND; a selection that names neither resources nor tags nor conditions
// takes every supported resource. Only StringEquals conditions are modelled:
// any other operator makes the model refuse (admit nothing is not safe to
// assume), reported by ok=false.
func selectionAdmits(sel *mockgraph.Resource, arn string, tags map[string]string) (admit, ok bool) {
	resources := sel.Strings("resources")
	byTag := sel.List("selectionTags")
	conds := sel.List("conditions")
	if len(resources) > 0 {
		hit := false
		for _, r := range resources {
			hit = hit || r == "*" || r == arn
		}
		if !hit {
			return false, true
		}
	}
	if len(byTag) > 0 {
		hit := false
		for _, t := range byTag {
			m, _ := t.(map[string]any)
			k, _ := m["key"].(string)
			v, _ := m["value"].(string)
			if got, has := tags[k]; has && got == v {
				hit = true
			}
		}
		if !hit {
			return false, true
		}
	}
	for _, c := range conds {
		m, _ := c.(map[string]any)
		for op, list := range m {
			if op != "stringEquals" {
				if l, _ := list.([]any); len(l) > 0 {
					return false, false
				}
				continue
			}
			l, _ := list.([]any)
			for _, e := range l {
				em, _ := e.(map[string]any)
				k, _ := em["key"].(string)
				v, _ := em["value"].(string)
				tag, isTag := strings.CutPrefix(k, "aws:ResourceTag/")
				if !isTag {
					return false, false
				}
				if got, has := tags[tag]; !has || got != v {
					return false, true
				}
			}
		}
	}
	return true, true
}

// backedUp are the resources of g that carry the backup selection tag
// (backup=true), with their ARN (or id) and tags.
func backedUp(g *mockgraph.Graph) []*mockgraph.Resource {
	return g.Filter(func(r *mockgraph.Resource) bool { return r.Custom && r.Tags()["backup"] == "true" })
}

func arnOf(r *mockgraph.Resource) string {
	if a, _ := r.Output("arn").(string); a != "" {
		return a
	}
	return r.ID
}

// TestBackupSelectionAdmitsOnlyItsStack: each stack's selection assigns
// every resource of its own stack tagged backup=true, and none of another
// stack's (computed from the registered selections and the tags each
// stack's resources carry). Two stacks' selections are disjoint. Failed
// before the fix: the selection was ListOfTags backup=true alone, so dev's
// selection admitted prod's database and bucket and prod's vault lock held
// dev's recovery points.
func TestBackupSelectionAdmitsOnlyItsStack(t *testing.T) {
	stacks := harness.Stacks(t)
	graphs := map[string]*mockgraph.Graph{}
	for _, s := range stacks {
		graphs[s] = harness.RunStack(t, s)
	}
	for _, a := range stacks {
		sels := graphs[a].ByType("aws:backup/selection:Selection")
		if len(sels) == 0 {
			t.Fatalf("stack %s has no backup selection", a)
		}
		for _, b := range stacks {
			rs := backedUp(graphs[b])
			if len(rs) == 0 {
				t.Fatalf("stack %s has no resource tagged backup=true", b)
			}
			for _, sel := range sels {
				for _, r := range rs {
					admit, ok := selectionAdmits(sel, arnOf(r), r.Tags())
					if !ok {
						t.Fatalf("stack %s: selection %s uses a condition the model does not know", a, sel.Name)
					}
					switch {
					case a == b && !admit:
						t.Errorf("stack %s: selection %s does not back up its own %s %s", a, sel.Name, r.Type, r.Name)
					case a != b && admit:
						t.Errorf("stack %s: selection %s backs up stack %s's %s %s", a, sel.Name, b, r.Type, r.Name)
					}
				}
			}
		}
	}
}

// TestSelectionModelAdmitsByTagList keeps the model honest on the shape
// the program used before: a ListOfTags selection admits any resource
// carrying the tag, whatever its stack.
func TestSelectionModelAdmitsByTagList(t *testing.T) {
	var sel *mockgraph.Resource
	g := harness.RunStack(t, "dev")
	for _, s := range g.ByType("aws:backup/selection:Selection") {
		sel = s
	}
	if sel == nil {
		t.Fatal("dev has no backup selection")
	}
	old := *sel
	old.Inputs = sel.Inputs.Copy()
	delete(old.Inputs, "conditions")
	delete(old.Inputs, "resources")
	old.Inputs["selectionTags"] = resource.NewPropertyMapFromMap(map[string]any{"x": []any{map[string]any{"type": "STRINGEQUALS", "key": "backup", "value": "true"}}})["x"]
	if admit, _ := selectionAdmits(&old, "arn:aws:s3:::other", map[string]string{"backup": "true", "stack": "other"}); !admit {
		t.Fatal("model: a ListOfTags selection must admit another stack's tagged resource")
	}
	if admit, _ := selectionAdmits(sel, "arn:aws:s3:::other", map[string]string{"backup": "true", "stack": "other"}); admit {
		t.Fatal("dev's selection admits a resource of stack \"other\"")
	}
}
