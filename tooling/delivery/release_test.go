package delivery

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

const changelogBefore = `# Changelog

All notable changes ... [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

## [Unreleased]

### Changed (issue 16: AZ loss)
- One node group per AZ.

### Added (issue 16: monitoring)
- API Gateway alarms.

## [1.1.0] - 2026-01-10

### Added
- Dashboards.
`

const changelogAfter = `# Changelog

All notable changes ... [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

## [Unreleased]

## [1.2.0] - 2026-03-01

### Changed (issue 16: AZ loss)
- One node group per AZ.

### Added (issue 16: monitoring)
- API Gateway alarms.

## [1.1.0] - 2026-01-10

### Added
- Dashboards.
`

// Catches: the new heading placed above Unreleased or below the older
// releases, the "### Changed (issue ...)" subheadings dropped, Unreleased
// left with its content (released twice), or release notes that are not
// the section body.
func TestRewriteChangelog(t *testing.T) {
	got, notes, err := RewriteChangelog(changelogBefore, "1.2.0", "2026-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if got != changelogAfter {
		t.Errorf("rewritten:\n%s\nwant:\n%s", got, changelogAfter)
	}
	wantNotes := "### Changed (issue 16: AZ loss)\n- One node group per AZ.\n\n### Added (issue 16: monitoring)\n- API Gateway alarms.\n"
	if notes != wantNotes {
		t.Errorf("notes = %q, want %q", notes, wantNotes)
	}
	if v := ChangelogVersions(got); len(v) != 2 || v[0] != "1.2.0" || v[1] != "1.1.0" {
		t.Errorf("versions = %v", v)
	}
}

// Catches: the rewrite losing any line of the repository's real changelog
// (its history, with subheadings such as "### Changed (issue 16: AZ loss)"),
// or release notes other than the Unreleased section's body.
// Right after a release the Unreleased section is empty, so the test gives
// it back the latest release's notes (drops that version's heading) and
// releases them again.
func TestRewriteRealChangelog(t *testing.T) {
	before := unreleaseLatest(readFile(t, filepath.Join("..", "..", "CHANGELOG.md")))
	got, notes, err := RewriteChangelog(before, "0.1.0", "2026-03-01")
	if err != nil {
		t.Fatal(err)
	}
	unreleased := before[strings.Index(before, "## [Unreleased]\n\n")+len("## [Unreleased]\n\n"):]
	unreleased = unreleased[:strings.Index(unreleased, "\n## [")+1]
	if !strings.Contains(got, "## [Unreleased]\n\n## [0.1.0] - 2026-03-01\n\n### ") ||
		!strings.HasPrefix(notes, "### ") || strings.TrimSpace(notes) != strings.TrimSpace(unreleased) {
		t.Errorf("rewritten head:\n%s", got[:min(len(got), 800)])
	}
	if strings.ReplaceAll(got, "\n## [0.1.0] - 2026-03-01\n", "") != before {
		t.Error("the rewrite changed more than inserting the version heading")
	}
}

// unreleaseLatest moves the notes of the latest release back under
// Unreleased when Unreleased is empty.
func unreleaseLatest(text string) string {
	const head = "## [Unreleased]\n\n"
	i := strings.Index(text, head+"## [")
	if i < 0 {
		return text
	}
	rest := text[i+len(head):]
	end := strings.Index(rest, "\n\n")
	if end < 0 {
		return text
	}
	return text[:i+len(head)] + rest[end+2:]
}

// Catches: a release cut from an Unreleased section with only empty
// subheadings (a release with no notes).
func TestReleaseRefusesEmptyUnreleased(t *testing.T) {
	for _, text := range []string{
		"# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n- x\n",
		"# Changelog\n\n## [Unreleased]\n\n### Added\n\n### Fixed\n\n## [1.0.0] - 2026-01-01\n- x\n",
		"# Changelog\n\n## [1.0.0] - 2026-01-01\n- x\n",
	} {
		if _, _, err := RewriteChangelog(text, "1.1.0", "2026-03-01"); err == nil {
			t.Errorf("accepted:\n%s", text)
		}
	}
}

// Catches: each version rule missing: not greater than a tag (compared
// as strings: v1.10.0 < v1.9.0), not greater than a changelog heading,
// equal to a tag, a prerelease or build, a short form (1.2), and Go's
// major version suffix rule (https://go.dev/ref/mod#major-version-suffixes)
// in both directions.
func TestCheckReleaseVersion(t *testing.T) {
	const mod = "github.com/webplatform-dev/webplatform"
	tags := []string{"v1.9.0", "v1.10.0", "vnext"}
	cases := []struct {
		version, module string
		changelog       []string
		ok              bool
	}{
		{"1.11.0", mod, nil, true},
		{"v1.11.0", mod, []string{"1.10.0"}, true},
		{"1.10.0", mod, nil, false},
		{"1.9.5", mod, nil, false},
		{"1.11.0", mod, []string{"1.12.0"}, false},
		{"1.11.0-rc.1", mod, nil, false},
		{"1.11.0+build", mod, nil, false},
		{"1.11", mod, nil, false},
		{"2.0.0", mod, nil, false},
		{"2.0.0", mod + "/v2", nil, true},
		{"3.0.0", mod + "/v2", nil, false},
		{"1.11.0", mod + "/v2", nil, false},
	}
	for _, c := range cases {
		err := CheckReleaseVersion(c.version, tags, c.changelog, c.module)
		if (err == nil) != c.ok {
			t.Errorf("CheckReleaseVersion(%s, %s, %v) = %v, want ok=%v", c.version, c.module, c.changelog, err, c.ok)
		}
	}
}

// Catches: Release not reading the existing tags through git, writing
// the changelog when the version is refused, or not writing the notes.
func TestRelease(t *testing.T) {
	f := &fakeRunner{handle: func(c call) (string, error) {
		if c.String() == "git tag --list v*" {
			return "v1.0.0\nv1.1.0\n", nil
		}
		return "", cmdFailed("unexpected " + c.String())
	}}
	tool, _, _ := newTestTool(t, f)
	writeFile(t, filepath.Join(tool.Dir, "go.mod"), "module github.com/webplatform-dev/webplatform\n\ngo 1.26\n")
	log := filepath.Join(tool.Dir, "CHANGELOG.md")
	notes := filepath.Join(t.TempDir(), "notes.md")
	writeFile(t, log, changelogBefore)
	o := ReleaseOptions{Version: "1.1.0", Date: "2026-03-01", Changelog: "CHANGELOG.md", Notes: notes}
	if err := tool.Release(context.Background(), o); err == nil || !strings.Contains(err.Error(), "tag v1.1.0") {
		t.Fatalf("1.1.0 after tag v1.1.0: %v", err)
	}
	if readFile(t, log) != changelogBefore {
		t.Fatal("changelog written for a refused version")
	}
	o.Version = "2.0.0"
	if err := tool.Release(context.Background(), o); err == nil || !strings.Contains(err.Error(), "/vN") {
		t.Fatalf("2.0.0 without /v2: %v", err)
	}
	o.Version = "1.2.0"
	if err := tool.Release(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if readFile(t, log) != changelogAfter || !strings.HasPrefix(readFile(t, notes), "### Changed (issue 16") {
		t.Errorf("changelog:\n%s\nnotes:\n%s", readFile(t, log), readFile(t, notes))
	}
}
