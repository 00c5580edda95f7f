package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// OpsConfig is the operations tier's configuration.
type OpsConfig struct{}

// OpsTier holds the operations tier's components.
type OpsTier struct{}

// loadOps reads the operations tier's config keys.
func (c *Config) loadOps(l *loader, prof Profile) {
	_, _ = l, prof
}

// validateOps checks the operations tier's config and the environment's policies for it.
func (c *Config) validateOps(p *validate.Problems) {
	_ = p
}

// buildOps creates the operations tier's components.
func buildOps(ctx *pulumi.Context, p *Platform) error {
	_, _ = ctx, p
	return nil
}

// outputs adds the operations tier's stack outputs.
func (t *OpsTier) outputs(out map[string]pulumi.Input) {
	_ = out
}

// summary lists the operations tier's key settings for the offline plan.
func (t *OpsTier) summary() []Setting {
	return nil
}
