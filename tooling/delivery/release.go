package delivery

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// ReleaseOptions are the flags of `delivery release`.
type ReleaseOptions struct {
	// Version is X.Y.Z (a leading v is accepted).
	Version string
	// Date is the release date, YYYY-MM-DD; "" is today (UTC).
	Date string
	// Changelog is the changelog file, relative to the repository.
	Changelog string
	// Notes receives the release notes (the new section's body); "" skips.
	Notes string
	// ModulePath is the Go module path; "" reads it from go.mod.
	ModulePath string
}

// changelogHeading matches a Keep a Changelog 1.1.0 version heading,
// "## [1.2.3] - 2024-05-01" or "## [Unreleased]".
var changelogHeading = regexp.MustCompile(`^## \[([^\]]+)\]`)

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ChangelogVersions returns the versions with a heading in a changelog
// (without Unreleased), as written.
func ChangelogVersions(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if m := changelogHeading.FindStringSubmatch(line); m != nil && !strings.EqualFold(m[1], "Unreleased") {
			out = append(out, m[1])
		}
	}
	return out
}

func vPrefixed(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

// CheckReleaseVersion checks a new release version: X.Y.Z without
// prerelease or build, greater than every semver tag and every changelog
// version, and allowed by the module path. Go's module rule
// (https://go.dev/ref/mod#major-version-suffixes): "If the module is
// released at major version 2 or higher, the module path must end with a
// major version suffix like /v2"; module.CheckPathMajor applies it.
func CheckReleaseVersion(version string, tags, changelogVersions []string, modulePath string) error {
	v := vPrefixed(version)
	if !semver.IsValid(v) || semver.Canonical(v) != v || semver.Prerelease(v) != "" {
		return fmt.Errorf("release version %q must be MAJOR.MINOR.PATCH, without prerelease or build metadata", version)
	}
	for _, list := range []struct {
		what     string
		versions []string
	}{{"tag", tags}, {"changelog version", changelogVersions}} {
		for _, other := range list.versions {
			ov := vPrefixed(other)
			if semver.IsValid(ov) && semver.Compare(v, ov) <= 0 {
				return fmt.Errorf("release version %s is not greater than existing %s %s", version, list.what, other)
			}
		}
	}
	_, pathMajor, ok := module.SplitPathVersion(modulePath)
	if !ok {
		return fmt.Errorf("module path %q is not a valid module path", modulePath)
	}
	if err := module.CheckPathMajor(v, pathMajor); err != nil {
		return fmt.Errorf("release %s of module %s: %w (Go requires major versions >= 2 to end the module path in /vN)",
			version, modulePath, err)
	}
	return nil
}

// RewriteChangelog moves the content of the Unreleased section under a
// new "## [X.Y.Z] - DATE" heading right below an empty "## [Unreleased]",
// and returns the new text and the release notes (the section's body). An
// Unreleased section without entries is refused.
func RewriteChangelog(text, version, date string) (newText, notes string, err error) {
	lines := strings.Split(text, "\n")
	start := -1
	for i, line := range lines {
		if m := changelogHeading.FindStringSubmatch(line); m != nil && strings.EqualFold(m[1], "Unreleased") {
			start = i
			break
		}
	}
	if start < 0 {
		return "", "", fmt.Errorf("the changelog has no \"## [Unreleased]\" section")
	}
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "## ") || linkReference(lines[i]) {
			end = i
			break
		}
	}
	body := strings.Trim(strings.Join(lines[start+1:end], "\n"), "\n")
	if !hasEntries(body) {
		return "", "", fmt.Errorf("the changelog's Unreleased section is empty: nothing to release")
	}
	var out []string
	out = append(out, lines[:start+1]...)
	out = append(out, "", fmt.Sprintf("## [%s] - %s", strings.TrimPrefix(version, "v"), date), "", body, "")
	out = append(out, lines[end:]...)
	return strings.Join(out, "\n"), body + "\n", nil
}

// linkReference reports a Keep a Changelog link reference definition
// ("[1.0.0]: https://..."), which ends the last section.
func linkReference(line string) bool {
	return strings.HasPrefix(line, "[") && strings.Contains(line, "]: ")
}

// hasEntries reports whether a section body holds anything besides
// subheadings and blank lines.
func hasEntries(body string) bool {
	for _, line := range strings.Split(body, "\n") {
		l := strings.TrimSpace(line)
		if l != "" && !strings.HasPrefix(l, "#") {
			return true
		}
	}
	return false
}

// Release checks the version and rewrites the changelog for a release; it
// does not commit, tag or push.
func (t *Tool) Release(ctx context.Context, o ReleaseOptions) error {
	if o.Version == "" {
		return usagef("--version is required")
	}
	if o.Date == "" {
		o.Date = t.Clock.Now().UTC().Format("2006-01-02")
	}
	if _, err := time.Parse("2006-01-02", o.Date); err != nil || !isoDate.MatchString(o.Date) {
		return usagef("--date must be YYYY-MM-DD, got %q", o.Date)
	}
	modulePath, err := t.modulePath(o.ModulePath)
	if err != nil {
		return err
	}
	tags, err := t.git(ctx, "tag", "--list", "v*")
	if err != nil {
		return fmt.Errorf("listing the existing tags: %w", err)
	}
	path := o.Changelog
	if !filepath.IsAbs(path) {
		path = filepath.Join(t.Dir, path)
	}
	data, err := os.ReadFile(path) //nolint:gosec // the changelog named on the command line
	if err != nil {
		return fmt.Errorf("reading the changelog: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("reading the changelog: %w", err)
	}
	if err := CheckReleaseVersion(o.Version, strings.Fields(tags), ChangelogVersions(string(data)), modulePath); err != nil {
		return err
	}
	text, notes, err := RewriteChangelog(string(data), o.Version, o.Date)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, []byte(text), info.Mode().Perm()); err != nil {
		return fmt.Errorf("writing the changelog: %w", err)
	}
	if o.Notes != "" {
		if err := os.WriteFile(o.Notes, []byte(notes), 0o600); err != nil {
			return fmt.Errorf("writing the release notes: %w", err)
		}
	}
	t.logf("delivery: %s: released %s (%s)", path, strings.TrimPrefix(o.Version, "v"), o.Date)
	return nil
}

func (t *Tool) modulePath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	data, err := os.ReadFile(filepath.Join(t.Dir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("reading the module path: %w", err)
	}
	path := modfile.ModulePath(data)
	if path == "" {
		return "", fmt.Errorf("go.mod has no module directive")
	}
	return path, nil
}
