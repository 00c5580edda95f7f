package engine_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

// The chain follows dependencies, parents and providers, weighs only custom
// non-provider resources, and lists every node it passes.
func TestLongestChain(t *testing.T) {
	const p = "urn:pulumi:s::p::"
	res := []map[string]any{
		{"urn": p + "pulumi:pulumi:Stack::p-s", "type": "pulumi:pulumi:Stack"},
		{"urn": p + "c:C::c", "type": "c:C", "parent": p + "pulumi:pulumi:Stack::p-s"},
		{"urn": p + "c:C$t:slow::a", "type": "t:slow", "custom": true, "parent": p + "c:C::c"},
		{"urn": p + "pulumi:providers:k::k", "type": "pulumi:providers:k", "custom": true, "dependencies": []string{p + "c:C$t:slow::a"}},
		{"urn": p + "c:C$t:fast::b", "type": "t:fast", "custom": true, "parent": p + "c:C::c", "provider": p + "pulumi:providers:k::k::id"},
		{"urn": p + "t:fast::lone", "type": "t:fast", "custom": true},
	}
	raw, err := json.Marshal(map[string]any{"resources": res})
	if err != nil {
		t.Fatal(err)
	}
	s, err := engine.ParseState(apitype.UntypedDeployment{Version: 3, Deployment: raw})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.LongestChain(func(typ string) float64 {
		return map[string]float64{"t:slow": 100, "t:fast": 2}[typ]
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Seconds != 102 {
		t.Errorf("chain %v s, want 102 (slow 100, then fast 2 through the provider)", c.Seconds)
	}
	var got []string
	for _, l := range c.Links {
		got = append(got, l.Type+"/"+l.Via)
	}
	want := []string{"pulumi:pulumi:Stack/", "c:C/parent", "t:slow/parent", "pulumi:providers:k/dependency", "t:fast/provider"}
	if len(got) != len(want) {
		t.Fatalf("links %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d: %s, want %s", i, got[i], want[i])
		}
	}
	steps := map[string]*engine.StepTime{
		p + "c:C$t:slow::a":         {Start: 0, End: time.Second},
		p + "pulumi:providers:k::k": {Start: time.Second, End: time.Second},
		p + "c:C$t:fast::b":         {Start: 3 * time.Second, End: 3*time.Second + 20*time.Millisecond},
	}
	if span := s.StepSpan(steps); span != 3*time.Second+20*time.Millisecond {
		t.Errorf("span %v", span)
	}
	late := s.LateSteps(c, steps, 10*time.Millisecond, 100*time.Millisecond)
	if len(late) != 1 || late[0].URN != p+"c:C$t:fast::b" {
		t.Errorf("late steps %+v, want only b (it could start at 1s)", late)
	}
}
