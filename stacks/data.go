package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// DataConfig is the data tier's configuration.
type DataConfig struct{}

// DataTier holds the data tier's components.
type DataTier struct{}

// loadData reads the data tier's config keys.
func (c *Config) loadData(l *loader, prof Profile) {
	_, _ = l, prof
}

// validateData checks the data tier's config and the environment's policies for it.
func (c *Config) validateData(p *validate.Problems) {
	_ = p
}

// buildData creates the data tier's components.
func buildData(ctx *pulumi.Context, p *Platform) error {
	_, _ = ctx, p
	return nil
}

// outputs adds the data tier's stack outputs.
func (t *DataTier) outputs(out map[string]pulumi.Input) {
	_ = out
}

// summary lists the data tier's key settings for the offline plan.
func (t *DataTier) summary() []Setting {
	return nil
}
