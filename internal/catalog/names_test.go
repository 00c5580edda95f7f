package catalog

import (
	"strings"
	"testing"
)

func TestFitKeepsNamesThatFitAndShortensStablyOtherwise(t *testing.T) {
	if got := Fit("webplatform-prod-storage-files-dr", 36); got != "webplatform-prod-storage-files-dr" {
		t.Fatalf("a name that fits changed: %q", got)
	}
	long := "webplatform-staging-eu-storage-files-dr"
	a, b := Fit(long, 36), Fit(long, 36)
	if a != b || len(a) > 36 || !strings.HasPrefix(a, "webplatform-staging-eu-storag-") {
		t.Fatalf("Fit(%q, 36) = %q, %q: want a stable cut of at most 36 with a hash", long, a, b)
	}
	if other := Fit("webplatform-staging-eu-storage-files-xx", 36); other == a {
		t.Fatalf("two names that differ after the cut got one name %q", a)
	}
	if got := Fit("abcdef-ghijklmn", 14); strings.Contains(got, "--") || len(got) > 14 {
		t.Fatalf("cut at a hyphen: %q (no double hyphen, at most 14)", got)
	}
	if got := Fit("abcdefghijkl", 4); len(got) != 4 {
		t.Fatalf("a limit below the hash keeps the limit: %q", got)
	}
}
