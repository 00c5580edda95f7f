package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// ComputeConfig is the compute tier's configuration.
type ComputeConfig struct{}

// ComputeTier holds the compute tier's components.
type ComputeTier struct{}

// loadCompute reads the compute tier's config keys.
func (c *Config) loadCompute(l *loader, prof Profile) {
	_, _ = l, prof
}

// validateCompute checks the compute tier's config and the environment's policies for it.
func (c *Config) validateCompute(p *validate.Problems) {
	_ = p
}

// buildCompute creates the compute tier's components.
func buildCompute(ctx *pulumi.Context, p *Platform) error {
	_, _ = ctx, p
	return nil
}

// outputs adds the compute tier's stack outputs.
func (t *ComputeTier) outputs(out map[string]pulumi.Input) {
	_ = out
}

// summary lists the compute tier's key settings for the offline plan.
func (t *ComputeTier) summary() []Setting {
	return nil
}
