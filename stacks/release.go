package stacks

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/release"
)

// applyRelease sets c.Release to what this run deploys (release.Resolve:
// the deploy job's environment, else the previous deployment's record);
// an invalid value is a config error, before any resource exists.
func (c *Config) applyRelease(prev *release.Release) error {
	r, err := release.Resolve(os.Getenv, prev)
	if err != nil {
		return &ConfigError{Stack: c.Stack, Err: err}
	}
	c.Release = r
	c.setTags()
	return nil
}

// releaseOutput is the release.Output stack output of r.
func releaseOutput(r release.Release) pulumi.StringMap {
	return pulumi.StringMap{
		"version":    pulumi.String(r.Version),
		"commit":     pulumi.String(r.Commit),
		"deployedAt": pulumi.String(r.DeployedAt),
	}
}
