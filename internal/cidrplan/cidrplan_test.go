package cidrplan

import (
	"net/netip"
	"strings"
	"testing"
)

var std = []Tier{{"public", 24}, {"private", 20}, {"isolated", 24}}

func TestComputeLaysOutAlignedDisjointSubnetsInsideTheVPC(t *testing.T) {
	vpc := netip.MustParsePrefix("10.20.0.0/16")
	for az := 1; az <= 6; az++ {
		plan, err := Compute(vpc, std, az, 6)
		if err != nil {
			t.Fatalf("az=%d: %v", az, err)
		}
		var all []netip.Prefix
		for _, tier := range std {
			got := plan[tier.Name]
			if len(got) != az {
				t.Fatalf("az=%d tier %s: %d subnets, want %d", az, tier.Name, len(got), az)
			}
			for _, p := range got {
				if p.Bits() != tier.Prefix || p.Masked() != p || !vpc.Contains(p.Addr()) {
					t.Fatalf("az=%d tier %s: bad subnet %s", az, tier.Name, p)
				}
			}
			all = append(all, got...)
		}
		for i := range all {
			for j := i + 1; j < len(all); j++ {
				if all[i].Overlaps(all[j]) {
					t.Fatalf("az=%d: %s overlaps %s", az, all[i], all[j])
				}
			}
		}
	}
}

func TestGrowingAZCountKeepsExistingSubnets(t *testing.T) {
	vpc := netip.MustParsePrefix("10.0.0.0/16")
	two, _ := Compute(vpc, std, 2, 6)
	three, _ := Compute(vpc, std, 3, 6)
	for _, tier := range std {
		for i := range two[tier.Name] {
			if two[tier.Name][i] != three[tier.Name][i] {
				t.Fatalf("tier %s AZ %d moved from %s to %s", tier.Name, i, two[tier.Name][i], three[tier.Name][i])
			}
		}
	}
}

func TestComputeKnownLayout(t *testing.T) {
	plan, err := Compute(netip.MustParsePrefix("10.0.0.0/16"), std, 2, 6)
	if err != nil {
		t.Fatal(err)
	}
	// private /20s first (6 slots = 10.0.0.0-10.0.95.255), then public, then isolated /24s.
	want := map[string][]string{
		"private":  {"10.0.0.0/20", "10.0.16.0/20"},
		"public":   {"10.0.96.0/24", "10.0.97.0/24"},
		"isolated": {"10.0.102.0/24", "10.0.103.0/24"},
	}
	for tier, cidrs := range want {
		for i, c := range cidrs {
			if plan[tier][i].String() != c {
				t.Errorf("%s[%d] = %s, want %s", tier, i, plan[tier][i], c)
			}
		}
	}
}

func TestComputeRejectsPlansThatDoNotFit(t *testing.T) {
	cases := []struct {
		vpc   string
		tiers []Tier
		want  string
	}{
		{"10.0.0.0/20", std, "needs"},                                     // 6 x /20 cannot fit in a /20
		{"10.0.0.0/24", []Tier{{"a", 28}, {"b", 28}, {"c", 28}}, "needs"}, // 18 x 16 > 256
		{"10.0.0.0/16", []Tier{{"a", 15}}, "between /16"},
		{"10.0.0.0/16", []Tier{{"a", 29}}, "/28"},
	}
	for _, c := range cases {
		_, err := Compute(netip.MustParsePrefix(c.vpc), c.tiers, 3, 6)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: err = %v, want it to mention %q", c.vpc, c.tiers, err, c.want)
		}
	}
}

func TestComputeExactFit(t *testing.T) {
	// 3 tiers x 2 slots x /26 = 6 x 64 = 384 > 256 fails; x /27 = 192 fits a /24.
	if _, err := Compute(netip.MustParsePrefix("10.1.2.0/24"), []Tier{{"a", 27}, {"b", 27}, {"c", 27}}, 2, 2); err != nil {
		t.Fatalf("exact fit rejected: %v", err)
	}
	if _, err := Compute(netip.MustParsePrefix("10.1.2.0/24"), []Tier{{"a", 26}, {"b", 26}, {"c", 26}}, 2, 2); err == nil {
		t.Fatal("overflowing plan accepted")
	}
}

func TestParseVPC(t *testing.T) {
	good := []string{"10.0.0.0/16", "172.16.0.0/16", "192.168.10.0/24", "100.64.0.0/16", "10.0.0.0/28"}
	for _, c := range good {
		if _, err := ParseVPC(c); err != nil {
			t.Errorf("ParseVPC(%q) = %v", c, err)
		}
	}
	bad := map[string]string{
		"10.0.0.1/16":   "host bits",
		"10.0.0.0/8":    "/16 and /28",
		"10.0.0.0/29":   "/16 and /28",
		"8.8.0.0/16":    "private",
		"172.32.0.0/16": "private",
		"fd00::/48":     "IPv4",
		"not-a-cidr":    "IPv4 CIDR",
		"":              "IPv4 CIDR",
	}
	for in, want := range bad {
		if _, err := ParseVPC(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseVPC(%q) = %v, want error mentioning %q", in, err, want)
		}
	}
}
