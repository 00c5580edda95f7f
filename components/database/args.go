package database

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// EngineMajors are the Aurora PostgreSQL major versions accepted.
var EngineMajors = []string{"14", "15", "16", "17"}

// InstanceFamilies are the Aurora instance class families accepted.
var InstanceFamilies = []string{"t4g", "t3", "r5", "r6g", "r6i", "r7g", "r7i", "r8g", "x2g"}

// MonitoringIntervals are the enhanced-monitoring intervals RDS accepts.
var MonitoringIntervals = []int{1, 5, 10, 15, 30, 60}

// DatabaseArgs configure a Database.
type DatabaseArgs struct {
	// VpcId is the VPC of the cluster. Required.
	VpcId pulumi.StringInput
	// SubnetIds are the (isolated) subnets of the subnet group. Required.
	SubnetIds pulumi.StringArrayInput
	// AvailabilityZones spread the instances round-robin, writer first.
	// Default: none (RDS places them).
	AvailabilityZones []string
	// AllowedSecurityGroupIds may connect on 5432. Required: at least one.
	AllowedSecurityGroupIds []pulumi.StringInput
	// EngineVersion is the Aurora PostgreSQL version, "major.minor".
	// Default "16.6".
	EngineVersion string
	// InstanceClass of every instance. Default "db.r6g.large".
	InstanceClass string
	// Instances is the writer plus readers, 1 to 16. Default 2.
	Instances int
	// MaxReaders turns on reader autoscaling between Instances-1 and
	// MaxReaders readers on average reader CPU. Default 0 (off).
	MaxReaders int
	// ReaderTargetCPU is the autoscaling target in percent, 10 to 90. Default 70.
	ReaderTargetCPU int
	// BackupRetentionDays is the point-in-time recovery window, 1 to 35. Default 7.
	BackupRetentionDays int
	// BackupWindow is the daily backup window (UTC, hh:mm-hh:mm). Default "02:00-03:00".
	BackupWindow string
	// MaintenanceWindow is the weekly window (ddd:hh:mm-ddd:hh:mm). Default "sun:03:30-sun:04:30".
	MaintenanceWindow string
	// MonitoringInterval is the enhanced-monitoring period in seconds, one
	// of MonitoringIntervals (enhanced monitoring is always on). Default 60.
	MonitoringInterval int
	// LogRetentionDays keeps the PostgreSQL log, a CloudWatch Logs
	// retention value (1, 3, 5, 7, 14, 30, 60, 90, ... 3653). Default 30.
	LogRetentionDays int
	// AllowDeletion turns off deletion protection and the final snapshot:
	// for disposable environments only. Default false.
	AllowDeletion bool
	// SnapshotIdentifier restores the cluster from a DB cluster snapshot
	// (identifier or ARN), for example a recovery point AWS Backup copied
	// into this region; the data is re-encrypted with the component's key.
	// Keep it set afterwards: changing it replaces the cluster. Default ""
	// (a new, empty cluster).
	SnapshotIdentifier string
	// Protect marks the cluster, its instances and its KMS key protect +
	// retain-on-delete in Pulumi, so neither `pulumi destroy` nor a
	// replacement can remove them. Default false.
	Protect bool
	// Tags go on every taggable resource, with component=database added.
	// Default none.
	Tags map[string]string
}

// WithDefaults returns a copy with every zero field set to its default.
func (a DatabaseArgs) WithDefaults() DatabaseArgs {
	defaults.Set(&a.EngineVersion, "16.6")
	defaults.Set(&a.InstanceClass, "db.r6g.large")
	defaults.Set(&a.Instances, 2)
	defaults.Set(&a.ReaderTargetCPU, 70)
	defaults.Set(&a.BackupRetentionDays, 7)
	defaults.Set(&a.BackupWindow, "02:00-03:00")
	defaults.Set(&a.MaintenanceWindow, "sun:03:30-sun:04:30")
	defaults.Set(&a.LogRetentionDays, 30)
	defaults.Set(&a.MonitoringInterval, 60)
	return a
}

var (
	versionPattern  = regexp.MustCompile(`^([0-9]+)\.[0-9]+$`)
	snapshotPattern = regexp.MustCompile(`^(arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster-snapshot:)?[a-zA-Z][a-zA-Z0-9:-]{0,254}$`)
	classPattern    = regexp.MustCompile(`^db\.([a-z0-9]+)\.(micro|small|medium|large|[0-9]*xlarge)$`)
)

// Validate checks the settings (not the wiring inputs) of defaulted args.
func (a DatabaseArgs) Validate() error {
	var p validate.Problems
	if m := versionPattern.FindStringSubmatch(a.EngineVersion); m == nil {
		p.Addf("EngineVersion", "must be major.minor such as 16.6, got %q", a.EngineVersion)
	} else if !slices.Contains(EngineMajors, m[1]) {
		p.Addf("EngineVersion", "major version must be one of %s, got %q", strings.Join(EngineMajors, ", "), a.EngineVersion)
	}
	if m := classPattern.FindStringSubmatch(a.InstanceClass); m == nil || !slices.Contains(InstanceFamilies, m[1]) {
		p.Addf("InstanceClass", "must be db.<family>.<size> with family one of %s, got %q", strings.Join(InstanceFamilies, ", "), a.InstanceClass)
	}
	p.Range("Instances", a.Instances, 1, 16)
	switch {
	case a.MaxReaders == 0:
	case a.Instances < 2:
		p.Addf("MaxReaders", "reader autoscaling needs at least one fixed reader (Instances >= 2), got Instances %d", a.Instances)
	case a.MaxReaders < a.Instances-1 || a.MaxReaders > 15:
		p.Addf("MaxReaders", "must be 0 (off) or between the fixed readers (%d) and 15, got %d", a.Instances-1, a.MaxReaders)
	}
	p.Range("ReaderTargetCPU", a.ReaderTargetCPU, 10, 90)
	p.Range("BackupRetentionDays", a.BackupRetentionDays, 1, 35)
	p.DailyWindow("BackupWindow", a.BackupWindow)
	p.WeeklyWindow("MaintenanceWindow", a.MaintenanceWindow)
	if !slices.Contains(MonitoringIntervals, a.MonitoringInterval) {
		p.Addf("MonitoringInterval", "must be one of %v, got %d", MonitoringIntervals, a.MonitoringInterval)
	}
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	if a.SnapshotIdentifier != "" && !snapshotPattern.MatchString(a.SnapshotIdentifier) {
		p.Addf("SnapshotIdentifier", "must be a DB cluster snapshot identifier or ARN (arn:aws:rds:<region>:<account>:cluster-snapshot:<id>), got %q", a.SnapshotIdentifier)
	}
	return p.Err()
}
