package tests

import (
	"strings"

	"github.com/webplatform-dev/webplatform/internal/catalog"
)

// catalogDataCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go): data tier values that AWS
// refuses (engine versions, instance classes, node types it does not
// offer, limits), each refused when the config is loaded.
func catalogDataCases(c *testCases) {
	pg16 := "Aurora PostgreSQL 16 is offered as 16.1, 16.2, 16.3, 16.4, 16.6, 16.8, 16.9, 16.10 (or 16 for AWS's default minor), got "
	classes := func(version string) string {
		return "webplatform:dbInstanceClass: must be db.<family>.<size> that Aurora PostgreSQL " + version + " runs on: " + catalog.Compact(catalog.AuroraPostgresClasses(version)) + ", got "
	}
	nodeTypes := "webplatform:cacheNodeType: must be cache.<family>.<size> with family one of those valkey 8.0 runs on: " + catalog.Compact(catalog.CacheNodeTypes("valkey", "8.0")) + ", got "
	c.invalid = append(c.invalid, []invalidConfig{
		// Aurora PostgreSQL versions: exact minors AWS offers, not only the major.
		{"db minor never released", "dev", edits(set("dbEngineVersion", "16.5")), []string{"webplatform:dbEngineVersion: " + pg16 + `"16.5"`}},
		{"db minor beyond the newest", "dev", edits(set("dbEngineVersion", "16.99")), []string{"webplatform:dbEngineVersion: " + pg16 + `"16.99"`}},
		{"db 17 before its first Aurora release", "dev", edits(set("dbEngineVersion", "17.0")), []string{`webplatform:dbEngineVersion: Aurora PostgreSQL 17 is offered as 17.4, 17.5, 17.6, 17.7, 17.9 (or 17 for AWS's default minor), got "17.0"`}},
		{"db version neither major nor minor", "dev", edits(set("dbEngineVersion", "16.6.1")), []string{`webplatform:dbEngineVersion: must be a major such as 16 (AWS picks and upgrades the minor) or major.minor such as 16.6 (pinned), got "16.6.1"`}},
		{"db 13 out of standard support", "staging", edits(set("dbEngineVersion", "13.18")), []string{`webplatform:dbEngineVersion: major version must be one of 14, 15, 16, 17 (Aurora PostgreSQL in standard support), got "13.18"`}},
		// Instance classes Aurora PostgreSQL does not run on (for that version).
		{"db t3.micro is not an Aurora class", "dev", edits(set("dbInstanceClass", "db.t3.micro")), []string{classes("16") + `"db.t3.micro"`}},
		{"db t4g.small is Aurora MySQL only", "dev", edits(set("dbInstanceClass", "db.t4g.small")), []string{classes("16") + `"db.t4g.small"`}},
		{"db t3.medium not on 17", "dev", edits(set("dbEngineVersion", "17.4"), set("dbInstanceClass", "db.t3.medium")), []string{classes("17.4") + `"db.t3.medium"`}},
		{"db r8g before 16.4", "staging", edits(set("dbEngineVersion", "16.2"), set("dbInstanceClass", "db.r8g.large")), []string{classes("16.2") + `"db.r8g.large"`}},
		{"db r6g size that does not exist", "staging", edits(set("dbInstanceClass", "db.r6g.24xlarge")), []string{classes("16") + `"db.r6g.24xlarge"`}},
		{"db m6g is RDS-only, not Aurora", "staging", edits(set("dbInstanceClass", "db.m6g.large")), []string{classes("16") + `"db.m6g.large"`}},
		// ElastiCache engine versions per engine.
		{"cache redis 7.2 is a valkey version", "dev", edits(set("cacheEngine", "redis"), set("cacheEngineVersion", "7.2")), []string{`webplatform:cacheEngineVersion: for redis must be one of 6.2, 7.0, 7.1, got "7.2"`}},
		{"cache redis 6.0 lacks the engine log", "dev", edits(set("cacheEngine", "redis"), set("cacheEngineVersion", "6.0")), []string{`webplatform:cacheEngineVersion: for redis must be one of 6.2, 7.0, 7.1: Redis OSS 6.0 does not deliver the engine log (needs 6.2 or later), got "6.0"`}},
		{"cache redis version on valkey", "dev", edits(set("cacheEngineVersion", "6.2")), []string{`webplatform:cacheEngineVersion: for valkey must be one of ` + strings.Join(catalog.CacheVersionsOf("valkey"), ", ") + `, got "6.2"`}},
		{"cache version without minor", "dev", edits(set("cacheEngineVersion", "8")), []string{`webplatform:cacheEngineVersion: for valkey must be one of 7.2, 8.0, 8.1, 8.2, got "8"`}},
		// Node types: sizes and generations ElastiCache offers.
		{"cache r6gd has no large", "staging", edits(set("cacheNodeType", "cache.r6gd.large")), []string{nodeTypes + `"cache.r6gd.large"`}},
		{"cache t2 is previous generation", "dev", edits(set("cacheNodeType", "cache.t2.micro")), []string{nodeTypes + `"cache.t2.micro"`}},
		{"cache node type is an RDS class", "dev", edits(set("cacheNodeType", "db.r6g.large")), []string{nodeTypes + `"db.r6g.large"`}},
		// Limits.
		{"cache more than 500 nodes", "staging", edits(set("cacheShards", "90"), set("cacheNodes", "6")), []string{"webplatform:cacheShards: 90 shards of 6 nodes are 540 nodes; a replication group holds at most 500"}},
		// Backup and maintenance windows (catalog.RDSWindows, catalog.CacheWindows):
		// well-formed, but refused by CreateDBCluster or CreateReplicationGroup.
		{"db backup window under 30 minutes", "prod", edits(set("dbBackupWindow", "02:00-02:20")), []string{`webplatform:dbBackupWindow: must be at least 30 minutes long (RDS minimum), got "02:00-02:20" (20 minutes)`}},
		{"db maintenance window under 30 minutes", "staging", edits(set("dbMaintenanceWindow", "sun:03:30-sun:03:45")), []string{`webplatform:dbMaintenanceWindow: must be at least 30 minutes long (RDS minimum), got "sun:03:30-sun:03:45" (15 minutes)`}},
		{"db backup window overlaps maintenance", "prod", edits(set("dbBackupWindow", "03:00-04:00")), []string{`webplatform:dbBackupWindow: "03:00-04:00" overlaps the maintenance window "sun:03:30-sun:04:30" (RDS refuses overlapping backup and maintenance windows)`}},
		{"db backup window across midnight overlaps", "dev", edits(set("dbBackupWindow", "23:30-00:30"), set("dbMaintenanceWindow", "mon:00:00-mon:01:00")), []string{`webplatform:dbBackupWindow: "23:30-00:30" overlaps the maintenance window "mon:00:00-mon:01:00" (RDS refuses overlapping backup and maintenance windows)`}},
		{"cache snapshot window under 60 minutes", "prod", edits(set("cacheSnapshotWindow", "01:00-01:30")), []string{`webplatform:cacheSnapshotWindow: must be at least 60 minutes long (ElastiCache minimum), got "01:00-01:30" (30 minutes)`}},
		{"cache maintenance window under 60 minutes", "dev", edits(set("cacheMaintenanceWindow", "sun:05:00-sun:05:30")), []string{`webplatform:cacheMaintenanceWindow: must be at least 60 minutes long (ElastiCache minimum), got "sun:05:00-sun:05:30" (30 minutes)`}},
		{"cache snapshot window overlaps maintenance", "staging", edits(set("cacheSnapshotWindow", "05:30-06:30")), []string{`webplatform:cacheSnapshotWindow: "05:30-06:30" overlaps the maintenance window "sun:05:00-sun:06:00" (ElastiCache refuses overlapping backup and maintenance windows)`}},
	}...)
}
