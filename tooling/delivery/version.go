package delivery

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/webplatform-dev/webplatform/internal/release"
)

// releaseTag reports whether tag is a semantic version tag vMAJOR.MINOR.PATCH
// (with an optional prerelease), written in full.
func releaseTag(tag string) bool {
	return semver.IsValid(tag) && semver.Canonical(tag) == tag
}

// Version returns the release version and the full commit of HEAD in the
// repository at dir: the highest semver tag at HEAD; else `git describe
// --tags --match 'v[0-9]*' --long --abbrev=12` (v1.2.0-3-g0123456789ab);
// else, with no tag to describe from, 0.0.0-g<12 hex>.
func (t *Tool) Version(ctx context.Context, dir string) (version, commit string, err error) {
	if dir == "" {
		dir = t.Dir
	}
	out, err := t.run(ctx, dir, nil, "git", "rev-parse", "--verify", "HEAD^{commit}")
	if err != nil {
		return "", "", fmt.Errorf("reading the commit at HEAD in %s: %w", dir, err)
	}
	commit = strings.TrimSpace(string(out))
	if !fullSHA.MatchString(commit) {
		return "", "", fmt.Errorf("git rev-parse HEAD printed %q, not a full commit hash", commit)
	}
	version, err = t.describe(ctx, dir, commit)
	if err != nil {
		return "", "", err
	}
	if err := release.ValidVersion(version); err != nil {
		return "", "", fmt.Errorf("version of %s: %w", commit, err)
	}
	return version, commit, nil
}

func (t *Tool) describe(ctx context.Context, dir, commit string) (string, error) {
	out, err := t.run(ctx, dir, nil, "git", "tag", "--points-at", "HEAD", "--list", "v*")
	if err != nil {
		return "", fmt.Errorf("listing the tags at HEAD: %w", err)
	}
	best := ""
	for _, tag := range strings.Fields(string(out)) {
		if releaseTag(tag) && (best == "" || semver.Compare(tag, best) > 0) {
			best = tag
		}
	}
	if best != "" {
		return best, nil
	}
	out, err = t.run(ctx, dir, nil, "git", "describe", "--tags", "--match", "v[0-9]*", "--long", "--abbrev=12")
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	// HEAD resolved above, so describe fails only when no v tag is
	// reachable from HEAD.
	t.logf("delivery: no v tag reachable from HEAD (%v); version is 0.0.0-g<commit>", err)
	return "0.0.0-g" + commit[:12], nil
}

// fullSHA is a full SHA-1 or SHA-256 commit hash.
var fullSHA = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)
