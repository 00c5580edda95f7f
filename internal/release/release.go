// Package release is the record of what a deployment deployed: the
// environment variables the deploy job (cmd/delivery deploy) sets, the
// stack output and the tag the program writes them to. One definition for
// the program (stacks), the delivery CLI and the engine tests.
package release

import (
	"fmt"
	"regexp"
	"time"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// The deploy job (cmd/delivery deploy) tells the program what it deploys
// through these environment variables: not config keys, because a release
// is a property of the run, not of the stack file a reviewer approved.
const (
	// EnvRelease is the version deployed: a release tag (v1.4.0) or a
	// describe string of a commit after one (v1.4.0-3-g0123456789ab).
	EnvRelease = "WEBPLATFORM_RELEASE"
	// EnvCommit is the full commit SHA deployed.
	EnvCommit = "WEBPLATFORM_COMMIT"
	// EnvDeployedAt is the deployment's start, RFC 3339 in UTC.
	EnvDeployedAt = "WEBPLATFORM_DEPLOYED_AT"
)

// Output names the stack output that records the Release deployed;
// the deploy job reads it back to know what to roll back to.
const Output = "release"

// Tag is the tag key that carries Release.Version on every taggable
// resource, so the console and Cost Explorer show which version made it.
const Tag = "deployed-version"

// Unreleased is the version of a deployment run without EnvRelease and with
// no recorded release before it (a developer's `pulumi up`).
const Unreleased = "unreleased"

// Release identifies what a deployment deployed.
type Release struct {
	Version    string `json:"version"`
	Commit     string `json:"commit"`
	DeployedAt string `json:"deployedAt"`
}

// tagValue is AWS's tag value character set: letters, digits, spaces and
// _ . : / = + - @ (Tagging AWS resources, "Tag naming limits and
// requirements"; Tag in the Resource Groups Tagging API reference).
var tagValue = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)

// ValidVersion reports why v cannot be a release version, which the
// program puts in a tag value (1-256 characters of tagValue).
func ValidVersion(v string) error {
	if n := len([]rune(v)); n == 0 || n > 256 {
		return fmt.Errorf("must be 1-256 characters (an AWS tag value), got %d: %q", n, v)
	}
	if !tagValue.MatchString(v) {
		return fmt.Errorf("must be usable as an AWS tag value (letters, digits, spaces and _ . : / = + - @), such as v1.4.0, got %q", v)
	}
	return nil
}

var commitSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Resolve picks the release of this run: the environment's, when the
// deploy job set any of the variables; else the one the previous
// deployment recorded, so that a preview or refresh outside the deploy job
// (drift, a developer) plans no tag change; else Unreleased. Invalid
// values are config problems, reported before any resource exists.
func Resolve(getenv func(string) string, prev *Release) (Release, error) {
	env := Release{Version: getenv(EnvRelease), Commit: getenv(EnvCommit), DeployedAt: getenv(EnvDeployedAt)}
	if env == (Release{}) {
		if prev != nil && prev.Version != "" {
			return *prev, nil
		}
		return Release{Version: Unreleased}, nil
	}
	var p validate.Problems
	if err := ValidVersion(env.Version); err != nil {
		p.Addf(EnvRelease, "%v", err)
	}
	if env.Commit != "" && !commitSHA.MatchString(env.Commit) {
		p.Addf(EnvCommit, "must be a full commit SHA (40 lowercase hex digits), got %q", env.Commit)
	}
	if env.DeployedAt != "" {
		if _, err := time.Parse(time.RFC3339, env.DeployedAt); err != nil {
			p.Addf(EnvDeployedAt, "must be a time in RFC 3339 (2026-12-03T12:00:00Z), got %q", env.DeployedAt)
		}
	}
	return env, p.Err()
}

// FromOutput reads an Output value back (nil when absent or empty).
func FromOutput(v any) *Release {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	r := &Release{Version: str("version"), Commit: str("commit"), DeployedAt: str("deployedAt")}
	if r.Version == "" {
		return nil
	}
	return r
}

// String is "<version> (<commit>) at <time>", the parts that are known.
func (r Release) String() string {
	s := r.Version
	if r.Commit != "" {
		s += fmt.Sprintf(" (%.12s)", r.Commit)
	}
	if r.DeployedAt != "" {
		s += " at " + r.DeployedAt
	}
	return s
}
