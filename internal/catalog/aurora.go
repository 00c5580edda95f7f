package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Aurora PostgreSQL: the engine versions AWS offers for new clusters, the
// cluster parameter group family of each, and the DB instance classes
// each version runs on.

// Sources of the Aurora PostgreSQL catalog.
var (
	auroraVersionsSource = Source{
		Ref: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.PostgreSQL.UpgradeVersion.html (available source versions); " +
			"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Extensions.html (17.7 ... 17.4); " +
			"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/auroraqpm.updates.md (17.9, April 6, 2026; read 2026-12-03); " +
			"family: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithParamGroups.html (DBParameterGroupFamily aurora-postgresql<major>)",
		Read: "2026-12-02",
	}
	auroraClassesSource = Source{
		Ref:  "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html (Aurora PostgreSQL column)",
		Read: "2026-12-02",
	}
)

// AuroraMajor is one Aurora PostgreSQL major version in standard support:
// its minor versions AWS offers for a new cluster, and its cluster
// parameter group family.
type AuroraMajor struct {
	Major  string
	Minors []string // "major.minor", ascending
	Family string   // DBParameterGroupFamily, "aurora-postgresql<major>"
	Source Source
}

// AuroraPostgresMajors are the majors in standard support on the day read
// (13 left standard support on 2026-02-28; it runs only under paid
// Extended Support and is not offered here).
var AuroraPostgresMajors = []AuroraMajor{
	{"14", minors("14", 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 18, 19), "aurora-postgresql14", auroraVersionsSource},
	{"15", minors("15", 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14), "aurora-postgresql15", auroraVersionsSource},
	{"16", minors("16", 1, 2, 3, 4, 6, 8, 9, 10), "aurora-postgresql16", auroraVersionsSource},
	{"17", minors("17", 4, 5, 6, 7, 9), "aurora-postgresql17", auroraVersionsSource},
}

func minors(major string, ns ...int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = major + "." + strconv.Itoa(n)
	}
	return out
}

// AuroraClassFamily is one DB instance class type Aurora PostgreSQL runs
// on: its sizes, and per major the first minor version that supports it
// (a major missing from MinMinor does not support the type).
type AuroraClassFamily struct {
	Type     string // "r6g": classes are db.<Type>.<size>
	Sizes    []string
	MinMinor map[string]int
	Source   Source
}

var (
	sizesR   = []string{"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}
	allMajor = map[string]int{"14": 3, "15": 2, "16": 1, "17": 4}
)

// AuroraPostgresClassFamilies are the instance class types for Aurora
// PostgreSQL provisioned instances (the Optimized Reads "d" classes are
// not used by this program; db.serverless is AuroraServerless). The
// burstable classes are limited: db.t4g only medium and large, db.t3 only medium and not on 17;
// db.t3.micro/small and db.t4g.micro/small are Aurora MySQL only.
var AuroraPostgresClassFamilies = []AuroraClassFamily{
	{"r8g", append(slices.Clone(sizesR), "24xlarge", "48xlarge"), map[string]int{"14": 13, "15": 8, "16": 4, "17": 4}, auroraClassesSource},
	{"r7i", append(slices.Clone(sizesR), "24xlarge", "48xlarge"), map[string]int{"14": 9, "15": 4, "16": 1, "17": 4}, auroraClassesSource},
	{"r7g", sizesR, map[string]int{"14": 5, "15": 2, "16": 1, "17": 4}, auroraClassesSource},
	{"r6i", append(slices.Clone(sizesR), "24xlarge", "32xlarge"), allMajor, auroraClassesSource},
	{"r6g", sizesR, allMajor, auroraClassesSource},
	{"r5", []string{"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"}, allMajor, auroraClassesSource},
	{"x2g", sizesR, allMajor, auroraClassesSource},
	{"t4g", []string{"medium", "large"}, allMajor, auroraClassesSource},
	{"t3", []string{"medium"}, map[string]int{"14": 3, "15": 2, "16": 1}, auroraClassesSource},
}

// AuroraServerless is Aurora Serverless v2's instance class: capacity in
// Aurora capacity units (ACUs) between the cluster's minimum and maximum
// instead of a fixed size.
const AuroraServerless = "db.serverless"

// Aurora Serverless v2's capacity limits: ACUs from 0 (or 0.5) to 256 in
// steps of 0.5, a maximum of at least 1, and automatic pause after 300 to
// 86,400 seconds at 0 ACUs.
const (
	AuroraServerlessMaxACU      = 256.0
	AuroraServerlessACUStep     = 0.5
	AuroraServerlessMinPauseSec = 300
	AuroraServerlessMaxPauseSec = 86400
)

// AuroraServerlessSource cites Aurora Serverless v2's version support and
// capacity rules (the limits above, auroraServerlessMin and
// auroraScaleToZeroMin).
var AuroraServerlessSource = Source{
	Ref: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.ServerlessV2.html (14.3, 15.2, 16.1, 17.4 and higher); " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html; " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html (0 ACUs: 14.12, 15.7, 16.3, 17.4 and higher)",
	Read: "2026-12-03",
}

// auroraServerlessMin and auroraScaleToZeroMin are, per major, the first
// minors that run Serverless v2 and that scale it to 0 ACUs.
var (
	auroraServerlessMin  = map[string]int{"14": 3, "15": 2, "16": 1, "17": 4}
	auroraScaleToZeroMin = map[string]int{"14": 12, "15": 7, "16": 3, "17": 4}
)

// AuroraServerlessScalesToZero reports whether an offered version pauses
// Serverless v2 at 0 ACUs (a major alone: its newest minor, as for the
// classes).
func AuroraServerlessScalesToZero(version string) bool {
	major, minor, ok := auroraMinor(version)
	first, known := auroraScaleToZeroMin[major]
	return ok && known && minor >= first
}

// AuroraServerlessScaleToZeroVersions names the first minor of each major
// that scales Serverless v2 to 0 ACUs ("14.12, 15.7, ..."), for messages.
func AuroraServerlessScaleToZeroVersions() string {
	var out []string
	for _, m := range AuroraPostgresMajors {
		if first, ok := auroraScaleToZeroMin[m.Major]; ok {
			out = append(out, m.Major+"."+strconv.Itoa(first))
		}
	}
	return strings.Join(out, ", ")
}

// auroraMinor splits an offered version into its major and minor; a
// major alone stands for its newest minor.
func auroraMinor(version string) (string, int, bool) {
	m, ok := AuroraPostgresMajor(version)
	if !ok || !AuroraPostgresVersionOffered(version) {
		return "", 0, false
	}
	if version == m.Major {
		version = m.Minors[len(m.Minors)-1]
	}
	major, minor, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(minor)
	return major, n, err == nil
}

// AuroraPostgresMajor returns the catalog entry of version's major
// ("16.6" -> 16), or false.
func AuroraPostgresMajor(version string) (AuroraMajor, bool) {
	major, _, _ := strings.Cut(version, ".")
	for _, m := range AuroraPostgresMajors {
		if m.Major == major {
			return m, true
		}
	}
	return AuroraMajor{}, false
}

// AuroraPostgresVersionOffered reports whether AWS offers version for a
// new Aurora PostgreSQL cluster: a major in standard support ("16": AWS
// picks its default minor; the provider takes a partial version, pulumi-
// aws rds.ClusterArgs.EngineVersion) or one of its minors ("16.6").
func AuroraPostgresVersionOffered(version string) bool {
	m, ok := AuroraPostgresMajor(version)
	return ok && (version == m.Major || slices.Contains(m.Minors, version))
}

// AuroraPostgresMinorPinned reports whether version names a minor
// ("16.6") rather than only a major ("16").
func AuroraPostgresMinorPinned(version string) bool {
	return strings.Contains(version, ".")
}

// AuroraPostgresFamily is the cluster parameter group family of an
// offered version ("16.6" or "16" -> "aurora-postgresql16").
func AuroraPostgresFamily(version string) (string, bool) {
	if !AuroraPostgresVersionOffered(version) {
		return "", false
	}
	m, _ := AuroraPostgresMajor(version)
	return m.Family, true
}

// AuroraPostgresMajorNames are the majors offered, ascending.
func AuroraPostgresMajorNames() []string {
	var out []string
	for _, m := range AuroraPostgresMajors {
		out = append(out, m.Major)
	}
	return out
}

// AuroraPostgresClasses are the instance classes an offered version runs
// on, in catalog order (nil for a version not offered). For a major alone
// they are those of its newest minor: AWS creates the cluster at its
// default minor, a recent one, and upgrades it from there.
func AuroraPostgresClasses(version string) []string {
	major, n, ok := auroraMinor(version)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range AuroraPostgresClassFamilies {
		if first, ok := f.MinMinor[major]; ok && n >= first {
			for _, size := range f.Sizes {
				out = append(out, fmt.Sprintf("db.%s.%s", f.Type, size))
			}
		}
	}
	if first, ok := auroraServerlessMin[major]; ok && n >= first {
		out = append(out, AuroraServerless)
	}
	return out
}

// AuroraPostgresClassOffered reports whether class runs Aurora PostgreSQL
// version.
func AuroraPostgresClassOffered(version, class string) bool {
	return slices.Contains(AuroraPostgresClasses(version), class)
}
