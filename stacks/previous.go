package stacks

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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

// previous reads the DeployedOutput of this stack's last deployment with a
// StackReference to the stack itself: a read of the backend's last
// checkpoint, not a resource the program creates. It returns nil when
// there is none (first deployment, or a deployment by a version of the
// program that did not record it): then no change is checked.
func previous(ctx *pulumi.Context) (Deployed, error) {
	name := previousStackName(ctx)
	ref, err := pulumi.NewStackReference(ctx, DeployedOutput, &pulumi.StackReferenceArgs{Name: pulumi.String(name)})
	if err != nil {
		return nil, fmt.Errorf("reading the previous deployment of %s: %w", name, err)
	}
	out, err := ref.GetOutputDetails(DeployedOutput)
	if err != nil {
		return nil, fmt.Errorf("reading the previous deployment of %s: output %q: %w", name, DeployedOutput, err)
	}
	m, ok := out.Value.(map[string]any)
	if !ok || len(m) == 0 {
		return nil, nil
	}
	d := Deployed{}
	for k, v := range m {
		if s, ok := v.(string); ok {
			d[k] = s
		}
	}
	return d, nil
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
