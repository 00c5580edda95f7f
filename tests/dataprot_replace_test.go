package tests

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
	"github.com/webplatform-dev/webplatform/tooling/standin"
)

// replacingEdits are stack settings whose change makes the provider
// replace a resource: which resource, and whether its name is fixed, is
// computed from the two plans (standin.Replacements, the ForceNew flags of
// terraform-provider-aws, cited there) and not listed here.
var replacingEdits = []struct {
	name string
	edit func(*stackconfig.Stack)
}{
	// Restoring from a snapshot replaces the Aurora cluster (snapshot_identifier ForceNew).
	{"dbSnapshotIdentifier", harness.Set("dbSnapshotIdentifier", "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:restore-1")},
	// Another AZ count moves instances and cache nodes to other zones
	// (cluster instance availability_zone ForceNew).
	{"azCount", func(s *stackconfig.Stack) {
		if s.Config[s.Project+":azCount"] == "3" {
			s.Set("azCount", "2")
		} else {
			s.Set("azCount", "3")
		}
	}},
}

// replacedProps are the ForceNew properties whose value differs between
// the two registrations of one resource.
func replacedProps(before, after *mockgraph.Resource) []string {
	var out []string
	for _, r := range standin.Replacements {
		if r.Type != after.Type {
			continue
		}
		if !reflect.DeepEqual(before.Input(r.Property), after.Input(r.Property)) {
			out = append(out, r.Property)
		}
	}
	return out
}

// TestReplacingAFixedNameNeverCollides: for every stack and every setting
// in replacingEdits, plan the stack twice (as is, and with the setting
// changed); every resource the change replaces whose physical name the
// program fixes (standin.PhysicalNames) must either get another name, be
// deleted before it is replaced (DeleteBeforeReplace), or have the change
// refused (the plan fails validation, or the resource is protected so the
// engine refuses to replace it). Otherwise Pulumi creates the replacement
// first, under the old name, and AWS rejects it. Failed before the fix:
// dev's Aurora cluster with dbSnapshotIdentifier set, and the cluster
// instances of dev and staging with another azCount, kept their
// identifiers without delete-before-replace.
func TestReplacingAFixedNameNeverCollides(t *testing.T) {
	checked := 0
	for _, stack := range harness.Stacks(t) {
		before := harness.RunStack(t, stack)
		for _, e := range replacingEdits {
			after, err := harness.RunStackErr(t, stack, e.edit)
			if err != nil {
				t.Logf("stack %s, %s changed: refused by validation (%v)", stack, e.name, firstLine(err))
				continue
			}
			var bad []string
			for _, a := range after.All() {
				b := before.ByURN(a.URN)
				prop, fixed := standin.PhysicalNames[a.Type]
				if b == nil || !fixed || !a.Has(prop) {
					continue
				}
				changed := replacedProps(b, a)
				if len(changed) == 0 {
					continue
				}
				checked++
				if a.Str(prop) != b.Str(prop) || a.DeleteBeforeReplace || a.Protect {
					continue
				}
				bad = append(bad, fmt.Sprintf("%s %s (%s=%s) is replaced by %v and would collide with itself", a.Type, a.Name, prop, a.Str(prop), changed))
			}
			sort.Strings(bad)
			for _, m := range bad {
				t.Errorf("stack %s, %s changed: %s", stack, e.name, m)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no edit replaced a fixed-name resource: the test checked nothing")
	}
}

func firstLine(err error) string {
	s := err.Error()
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}
