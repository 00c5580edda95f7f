package catalog

// The shortest backup/snapshot and maintenance windows RDS and ElastiCache
// accept, and that the two windows of one cluster must not overlap. A
// window that breaks them passes the format check and is refused by
// CreateDBCluster or CreateReplicationGroup after the network and the
// cluster's dependencies exist.

// WindowRule is a service's rule for its daily backup (snapshot) window
// and weekly maintenance window.
type WindowRule struct {
	Service        string // for messages: "RDS", "ElastiCache"
	MinBackup      int    // shortest daily backup/snapshot window, minutes
	MinMaintenance int    // shortest weekly maintenance window, minutes
	// Apart: the daily window must not overlap the weekly one on any day.
	Apart  bool
	Source Source
}

// RDSWindows are the Aurora cluster's windows (PreferredBackupWindow,
// PreferredMaintenanceWindow).
var RDSWindows = WindowRule{Service: "RDS", MinBackup: 30, MinMaintenance: 30, Apart: true, Source: Source{
	Ref: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (PreferredBackupWindow: must not conflict with the preferred maintenance window, must be at least 30 minutes); " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html (PreferredMaintenanceWindow: minimum 30-minute window)",
	Read: "2026-12-03",
}}

// CacheWindows are the replication group's windows (SnapshotWindow,
// PreferredMaintenanceWindow).
var CacheWindows = WindowRule{Service: "ElastiCache", MinBackup: 60, MinMaintenance: 60, Apart: true, Source: Source{
	Ref: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (PreferredMaintenanceWindow: the minimum maintenance window is a 60 minute period); " +
		"hashicorp/terraform-provider-aws pull 2153 (InvalidParameterValue: Snapshot window must be at least 60 minutes); " +
		"hashicorp/terraform issue 17247 (The snapshot window and maintenance window must not overlap)",
	Read: "2026-12-03",
}}
