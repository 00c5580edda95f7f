package release

import (
	"strings"
	"testing"
)

// Catches: a version check that accepts characters AWS refuses in a tag
// value ("," "#" "~"), an empty value or one over 256 characters, or
// refuses the forms `delivery version` prints.
func TestValidVersion(t *testing.T) {
	for _, ok := range []string{"v1.2.0", "v1.2.0-3-g0123456789ab", "0.0.0-g0123456789ab",
		"v1.2.0-rc.1+build.5", "a b:c/d=e@f_g", strings.Repeat("x", 256)} {
		if err := ValidVersion(ok); err != nil {
			t.Errorf("ValidVersion(%q) = %v, want ok", ok, err)
		}
	}
	for _, bad := range []string{"", "v1,2", "v1#2", "v1~2", "a\"b", strings.Repeat("x", 257)} {
		if err := ValidVersion(bad); err == nil {
			t.Errorf("ValidVersion(%q) = nil, want an error", bad)
		}
	}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// Catches: a preview without the deploy job's variables that plans a tag
// change on every resource (the previous release not reused: drift would
// report every resource); a release taken half from the environment and
// half from the previous record; bad values accepted.
func TestResolve(t *testing.T) {
	prev := &Release{Version: "v1.0.0", Commit: strings.Repeat("a", 40), DeployedAt: "2026-12-01T10:00:00Z"}
	if r, err := Resolve(env(nil), prev); err != nil || r != *prev {
		t.Errorf("no variables, previous %v: got %v %v, want the previous release", prev, r, err)
	}
	if r, err := Resolve(env(nil), nil); err != nil || r != (Release{Version: Unreleased}) {
		t.Errorf("no variables, no previous: got %v %v, want %q", r, err, Unreleased)
	}
	r, err := Resolve(env(map[string]string{EnvRelease: "v1.1.0"}), prev)
	if err != nil || r != (Release{Version: "v1.1.0"}) {
		t.Errorf("only %s set: got %v %v, want that version alone", EnvRelease, r, err)
	}
	_, err = Resolve(env(map[string]string{EnvRelease: "v1,1", EnvCommit: "abc", EnvDeployedAt: "yesterday"}), nil)
	if err == nil {
		t.Fatal("bad values accepted")
	}
	for _, key := range []string{EnvRelease, EnvCommit, EnvDeployedAt} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s: %v", key, err)
		}
	}
}

// Catches: an output read back wrongly (the deploy job would roll back to
// nothing, or the preview would re-tag every resource).
func TestFromOutput(t *testing.T) {
	in := map[string]any{"version": "v1.0.0", "commit": "c", "deployedAt": "t"}
	if got := FromOutput(in); got == nil || *got != (Release{Version: "v1.0.0", Commit: "c", DeployedAt: "t"}) {
		t.Errorf("FromOutput(%v) = %v", in, got)
	}
	for _, none := range []any{nil, "x", map[string]any{}, map[string]any{"commit": "c"}} {
		if got := FromOutput(none); got != nil {
			t.Errorf("FromOutput(%v) = %v, want nil", none, got)
		}
	}
}
