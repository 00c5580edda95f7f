package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/webplatform-dev/webplatform/tooling/engine"
)

// TestYAMLConsumerMatchesGo runs testdata/consumer-yaml (a Pulumi YAML
// program: a network, a database and a backup with a DR copy through the
// component provider built from this checkout, served by the YAML
// language host) and its Go twin
// cmd/consumer-go under the real engine with the stand-in providers.
// Both preview, deploy and preview again without changes, and the YAML
// stack's resources are the Go stack's: same types, names, parents,
// providers and inputs. A provider that decoded an input wrongly (an
// embedded Settings left empty, a default applied that Go does not apply),
// put the DR vault on the wrong provider or built other children fails here.
func TestYAMLConsumerMatchesGo(t *testing.T) {
	o := prepare(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	yamlRun, goRun, err := engine.RunConsumers(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "== consumers: %s through the provider vs cmd/consumer-go\n", engine.ConsumerYAML)
	for _, c := range []*engine.Consumer{yamlRun, goRun} {
		for _, op := range c.Ops {
			fmt.Fprintf(&b, "  %-4s %-16s %5.1fs  %s\n", c.Name, op.Name, op.Wall.Seconds(), op.CountsString())
		}
		if op := c.Failed(); op != nil {
			t.Fatalf("%s consumer: %s failed: %v\n%s", c.Name, op.Name, op.Err, engine.FirstLines(op.Stderr+op.ErrorText(), 60))
		}
		if again := c.Ops.Op("preview (again)"); again == nil || again.Changed() {
			t.Errorf("%s consumer: the preview after up must change nothing", c.Name)
		}
	}
	ys, gs := yamlRun.State.Children(), goRun.State.Children()
	fmt.Fprintf(&b, "  children: yaml %d, go %d\n", len(ys), len(gs))
	if len(gs) < 60 {
		t.Errorf("the Go twin registered %d resources: a network and a database have more; a network, a database and a backup have more; is it the program it claims to be?", len(gs))
	}
	for _, d := range engine.DiffChildren(gs, ys) {
		t.Errorf("go vs yaml: %s", d)
	}
	types, dr := map[string]int{}, 0
	for _, c := range ys {
		types[strings.SplitN(c.Type, ":", 2)[0]]++
		if c.Provider == "backup-dr" {
			dr++
		}
	}
	fmt.Fprintf(&b, "  yaml children by package: %v; on the DR provider: %d\n", types, dr)
	if dr == 0 {
		t.Error("no YAML child uses the DR provider the backup's drRegion asks for")
	}
	report(t, b.String())
}
