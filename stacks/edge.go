package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// EdgeConfig is the edge tier's configuration.
type EdgeConfig struct{}

// EdgeTier holds the edge tier's components.
type EdgeTier struct{}

// loadEdge reads the edge tier's config keys.
func (c *Config) loadEdge(l *loader, prof Profile) {
	_, _ = l, prof
}

// validateEdge checks the edge tier's config and the environment's policies for it.
func (c *Config) validateEdge(p *validate.Problems) {
	_ = p
}

// buildEdge creates the edge tier's components.
func buildEdge(ctx *pulumi.Context, p *Platform) error {
	_, _ = ctx, p
	return nil
}

// outputs adds the edge tier's stack outputs.
func (t *EdgeTier) outputs(out map[string]pulumi.Input) {
	_ = out
}

// summary lists the edge tier's key settings for the offline plan.
func (t *EdgeTier) summary() []Setting {
	return nil
}
