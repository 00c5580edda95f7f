package delivery

import (
	"context"
	"testing"

	"github.com/webplatform-dev/webplatform/internal/release"
)

func versionOf(t *testing.T, dir string) (string, string) {
	t.Helper()
	tool, _, _ := newTestTool(t, ExecRunner{})
	v, c, err := tool.Version(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := release.ValidVersion(v); err != nil {
		t.Fatalf("version %q is no AWS tag value: %v", v, err)
	}
	return v, c
}

// Catches: a tagged HEAD described as v1.2.0-0-g... (describe --long
// without looking at the exact tag first), a non-semver tag at HEAD taken
// as the version, two tags compared as strings (v1.9.0 > v1.10.0), or the
// short hash printed as commit.
func TestVersionTaggedHead(t *testing.T) {
	dir, git := gitRepo(t)
	sha := commit(git, "one")
	git("tag", "v1.9.0")
	git("tag", "v1.10.0")
	git("tag", "vnext")
	v, c := versionOf(t, dir)
	if v != "v1.10.0" || c != sha {
		t.Fatalf("version=%s commit=%s, want v1.10.0 %s", v, c, sha)
	}
}

// Catches: an untagged HEAD given the last tag's name (redeploying "v1.2.0"
// for different code), or the describe output without --long/--abbrev=12.
func TestVersionUntaggedHead(t *testing.T) {
	dir, git := gitRepo(t)
	commit(git, "one")
	git("tag", "-a", "v1.2.0", "-m", "v1.2.0")
	commit(git, "two")
	commit(git, "three")
	sha := commit(git, "four")
	v, c := versionOf(t, dir)
	if want := "v1.2.0-3-g" + sha[:12]; v != want || c != sha {
		t.Fatalf("version=%s commit=%s, want %s %s", v, c, want, sha)
	}
}

// Catches: failing (or printing an empty version) in a repository without
// any tag, or a tag not matching v[0-9]* (a "release-1" tag) used.
func TestVersionNoTags(t *testing.T) {
	dir, git := gitRepo(t)
	commit(git, "one")
	git("tag", "release-1")
	sha := commit(git, "two")
	v, c := versionOf(t, dir)
	if want := "0.0.0-g" + sha[:12]; v != want || c != sha {
		t.Fatalf("version=%s commit=%s, want %s %s", v, c, want, sha)
	}
}
