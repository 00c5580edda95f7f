package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/iamguard"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// loadIAM reads the names of the account's IAM guard rails: the
// break-glass and deploy roles the key policies name, and the
// permissions boundary every role gets (docs/INSTALLATION.md, docs/iam).
func (c *Config) loadIAM(l *loader) {
	g := &c.IAM
	l.str("iamBreakGlassRoleName", &g.BreakGlassRoleName)
	l.str("iamDeployRoleName", &g.DeployRoleName)
	l.str("iamPreviewRoleName", &g.PreviewRoleName)
	l.str("iamPermissionsBoundaryPolicyName", &g.PermissionsBoundaryPolicyName)
}

// validateIAM checks the names.
func (c *Config) validateIAM(p *validate.Problems) {
	p.Merge("", c.rename(&c.IAM, c.IAM.WithDefaults().Validate()))
}

// guardIAM registers, before any resource, the stack transformation that
// gives every IAM role the permissions boundary and every KMS key policy
// the break-glass statements (iamguard). One transformation for the whole
// stack, rather than a setting in each component, so that no role or key
// can miss it, including those a component adds later. The deploy role
// may schedule key deletion only where the stack's data may be deleted
// (allowDataDeletion), so that `pulumi destroy` of dev works and of prod
// does not.
// It returns the guard's ARNs (the cluster grants the preview role read
// access).
func guardIAM(ctx *pulumi.Context, cfg *Config) (iamguard.Guard, error) {
	env, err := awsutil.Lookup(ctx)
	if err != nil {
		return iamguard.Guard{}, fmt.Errorf("iam guard: %w", err)
	}
	s := cfg.IAM
	s.AllowKeyDeletion = cfg.Data.Database.AllowDeletion
	g := s.Resolve(env)
	if err := ctx.RegisterStackTransformation(g.Transformation()); err != nil {
		return iamguard.Guard{}, fmt.Errorf("iam guard: %w", err)
	}
	return g, nil
}
