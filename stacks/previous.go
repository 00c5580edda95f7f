package stacks

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/release"
)

// DeployedOutput names the stack output that records, at each deployment,
// the config values whose later change AWS refuses in place or answers by
// replacing a stateful resource (transitions). The next deployment reads it
// back through a StackReference to its own stack (previous) and checks the
// change (checkTransitions) before it registers anything.
const DeployedOutput = "deployed"

// Deployed maps a transition's config key to the value deployed.
type Deployed map[string]string

// deployed is the value of the DeployedOutput stack output for c: every
// transition key with its effective value (defaults applied), plain and
// not secret (none of them is a secret).
func (c *Config) deployed() Deployed {
	d := Deployed{}
	for _, t := range transitions {
		d[t.key] = t.value(c)
	}
	return d
}

// previousStackName is the program's own stack as a StackReference names
// it: "<organization>/<project>/<stack>". The SDK (v3.259.0,
// go/pulumi/context.go Organization) reports "organization" when the
// engine passes none, which is the organization the file backend uses.
func previousStackName(ctx *pulumi.Context) string {
	return ctx.Organization() + "/" + ctx.Project() + "/" + ctx.Stack()
}

// Previous is what this stack's last deployment recorded: the transition
// values (DeployedOutput) and the release (release.Output); each nil when
// absent (first deployment, or one by a version of the program that did
// not record it).
type Previous struct {
	Deployed Deployed
	Release  *release.Release
}

// previous reads the last deployment's DeployedOutput and release.Output with
// a StackReference to the stack itself: a read of the backend's last
// checkpoint, not a resource the program creates.
func previous(ctx *pulumi.Context) (Previous, error) {
	name := previousStackName(ctx)
	ref, err := pulumi.NewStackReference(ctx, DeployedOutput, &pulumi.StackReferenceArgs{Name: pulumi.String(name)})
	if err != nil {
		return Previous{}, fmt.Errorf("reading the previous deployment of %s: %w", name, err)
	}
	read := func(output string) (any, error) {
		out, err := ref.GetOutputDetails(output)
		if err != nil {
			return nil, fmt.Errorf("reading the previous deployment of %s: output %q: %w", name, output, err)
		}
		return out.Value, nil
	}
	deployed, err := read(DeployedOutput)
	if err != nil {
		return Previous{}, err
	}
	rel, err := read(release.Output)
	if err != nil {
		return Previous{}, err
	}
	return Previous{Deployed: deployedOf(deployed), Release: release.FromOutput(rel)}, nil
}

// deployedOf reads a DeployedOutput value back (nil when absent or empty).
func deployedOf(v any) Deployed {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil
	}
	d := Deployed{}
	for k, v := range m {
		if s, ok := v.(string); ok {
			d[k] = s
		}
	}
	return d
}

// Keys are the recorded keys, sorted.
func (d Deployed) Keys() []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
