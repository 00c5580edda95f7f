package database

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/clientsg"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// MonitoringIntervals are the enhanced-monitoring intervals RDS accepts.
var MonitoringIntervals = []int{1, 5, 10, 15, 30, 60}

// DatabaseArgs configure a Database: plain settings and the wiring to the
// network and the application tier.
type DatabaseArgs struct {
	Settings
	Wiring
}

// Settings are the plain, validated settings of a Database.
type Settings struct {
	// NamePrefix starts the physical names: the cluster identifier, the
	// instance identifiers (<prefix>-1 ...), the final snapshot, the log
	// group and the KMS alias. Default "" (the name given to NewDatabase).
	NamePrefix string `pulumi:"namePrefix,optional"`
	// EngineVersion is the Aurora PostgreSQL version AWS offers
	// (catalog.AuroraPostgresMajors): a major ("16"), which AWS creates at
	// its default minor and upgrades in the maintenance window (automatic
	// minor upgrades on), or a minor ("16.6"), pinned: automatic minor
	// upgrades off, each upgrade a change of this value. Pinning a minor
	// while AWS upgraded minors would be a perpetual diff, then a refused
	// downgrade. The cluster parameter group family derives from the major.
	// Default "16".
	EngineVersion string `pulumi:"engineVersion,optional"`
	// InstanceClass of every instance, one Aurora PostgreSQL offers for
	// EngineVersion (catalog.AuroraPostgresClasses: db.t3 only medium and
	// not on 17, db.t4g only medium and large, ...). Default "db.r6g.large".
	InstanceClass string `pulumi:"instanceClass,optional"`
	// Serverless sizes the instances when InstanceClass is
	// catalog.AuroraServerless ("db.serverless", Aurora Serverless v2);
	// with any other class it must be left unset. Default: scale between
	// 0 ACUs (paused after 5 idle minutes) and 4.
	Serverless *ServerlessScaling `pulumi:"serverless,optional"`
	// Instances is the writer plus readers, 1 to 16. Default 3 (one per AZ of a three-AZ network).
	Instances int `pulumi:"instances,optional"`
	// MaxReaders turns on reader autoscaling between Instances-1 and
	// MaxReaders readers on average reader CPU. Default 0 (off; 0 is
	// never replaced by another default).
	MaxReaders int `pulumi:"maxReaders,optional"`
	// ReaderTargetCPU is the autoscaling target in percent, 10 to 90. Default 70.
	ReaderTargetCPU int `pulumi:"readerTargetCpu,optional"`
	// BackupRetentionDays is the point-in-time recovery window, 1 to 35. Default 35.
	BackupRetentionDays int `pulumi:"backupRetentionDays,optional"`
	// BackupWindow is the daily backup window (UTC, hh:mm-hh:mm), at least
	// 30 minutes and apart from MaintenanceWindow (catalog.RDSWindows).
	// Default "02:00-03:00".
	BackupWindow string `pulumi:"backupWindow,optional"`
	// MaintenanceWindow is the weekly window (ddd:hh:mm-ddd:hh:mm), at least
	// 30 minutes. Default "sun:03:30-sun:04:30".
	MaintenanceWindow string `pulumi:"maintenanceWindow,optional"`
	// MonitoringInterval is the enhanced-monitoring period in seconds, one
	// of MonitoringIntervals (enhanced monitoring is always on, so 0 is
	// not a value). Default 60.
	MonitoringInterval int `pulumi:"monitoringInterval,optional"`
	// LogRetentionDays keeps the PostgreSQL log, a CloudWatch Logs
	// retention value (1, 3, 5, 7, 14, 30, 60, 90, ... 3653). Default 365.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// AllowDeletion turns off deletion protection and the final snapshot:
	// for disposable environments only. Default false.
	AllowDeletion bool `pulumi:"allowDeletion,optional"`
	// SnapshotIdentifier restores the cluster from a DB cluster snapshot
	// (identifier or ARN), for example a recovery point AWS Backup copied
	// into this region; the data is re-encrypted with the component's key.
	// Keep it set afterwards: changing it replaces the cluster. Default ""
	// (a new, empty cluster).
	SnapshotIdentifier string `pulumi:"snapshotIdentifier,optional"`
	// AllowMajorVersionUpgrade lets a deployment move EngineVersion to
	// another major version (RDS allow_major_version_upgrade); the
	// cluster parameter group follows the new family. Default false: RDS
	// refuses a major version change without it.
	AllowMajorVersionUpgrade bool `pulumi:"allowMajorVersionUpgrade,optional"`
	// Protect marks the cluster, its instances and its KMS key protect +
	// retain-on-delete in Pulumi, so neither `pulumi destroy` nor a
	// replacement can remove them. Default false.
	Protect bool `pulumi:"protect,optional"`
	// Tags go on every taggable resource, with component=database added.
	// Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// ServerlessScaling is the capacity range of Aurora Serverless v2
// instances, in Aurora capacity units (ACUs: about 2 GiB of memory each,
// with CPU and network to match).
type ServerlessScaling struct {
	// MinACU is the capacity the instances never go below, 0 or 0.5 to 256
	// in steps of 0.5. 0 pauses an idle instance (no compute billed; the
	// first connection after a pause waits about 15 seconds for it to
	// resume) and needs an EngineVersion that scales to zero
	// (catalog.AuroraServerlessScalesToZero). Default 0.
	MinACU float64 `pulumi:"minAcu,optional" json:"minAcu"`
	// MaxACU is the capacity the instances never go above, 1 to 256 in
	// steps of 0.5, at least MinACU. Default 4.
	MaxACU float64 `pulumi:"maxAcu,optional" json:"maxAcu"`
	// AutoPauseMinutes is how long an instance at 0 ACUs stays idle before
	// it pauses, 5 to 1440; only with MinACU 0. Default 5.
	AutoPauseMinutes int `pulumi:"autoPauseMinutes,optional" json:"autoPauseMinutes"`
}

// IsServerless reports whether the instances are Aurora Serverless v2.
func (s Settings) IsServerless() bool { return s.InstanceClass == catalog.AuroraServerless }

// Wiring connects a Database to the network and its clients.
type Wiring struct {
	// VpcId is the VPC of the cluster. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds are the (isolated) subnets of the subnet group. Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// AvailabilityZones spread the instances round-robin, writer first
	// (instance i in zone i mod len): the network's zones, as values
	// (pulumi.ToStringArray(net.Zones)) or an output (net.AvailabilityZones,
	// a StackReference value). Default nil: none (RDS places them).
	AvailabilityZones pulumi.StringArrayInput `pulumi:"availabilityZones,optional"`
	// AllowedSecurityGroupIds may connect on 5432, one ingress rule per
	// element, so the count must be known; each element may be an output.
	// Default none: the store admits nobody until a client is admitted
	// with clientsg.Admit on SecurityGroupId (the workload admits the pods
	// of the services that use it), never the nodes.
	AllowedSecurityGroupIds []pulumi.StringInput `pulumi:"allowedSecurityGroupIds,optional"`
}

// check reports the missing required wiring.
func (w Wiring) check() error {
	return clientsg.ValidateWiring(w.VpcId, w.SubnetIds)
}

// WithDefaults returns a copy with every unset field set to its default.
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.EngineVersion, "16")
	defaults.Set(&s.InstanceClass, "db.r6g.large")
	defaults.Set(&s.Instances, 3)
	defaults.Set(&s.ReaderTargetCPU, 70)
	defaults.Set(&s.BackupRetentionDays, 35)
	defaults.Set(&s.BackupWindow, "02:00-03:00")
	defaults.Set(&s.MaintenanceWindow, "sun:03:30-sun:04:30")
	defaults.Set(&s.LogRetentionDays, 365)
	defaults.Set(&s.MonitoringInterval, 60)
	if s.IsServerless() {
		var sv ServerlessScaling // a copy: the caller's settings stay as they were
		if s.Serverless != nil {
			sv = *s.Serverless
		}
		defaults.Set(&sv.MaxACU, 4)
		if sv.MinACU == 0 {
			defaults.Set(&sv.AutoPauseMinutes, 5)
		}
		s.Serverless = &sv
	}
	return s
}

var (
	versionPattern  = regexp.MustCompile(`^([0-9]+)(\.[0-9]+)?$`)
	snapshotPattern = regexp.MustCompile(`^(arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster-snapshot:)?[a-zA-Z][a-zA-Z0-9:-]{0,254}$`)
	// An RDS identifier: a letter, then letters, digits and single
	// hyphens; 60 characters leave room for the instance suffix "-16".
	prefixPattern = regexp.MustCompile(`^[a-zA-Z](-?[a-zA-Z0-9]){0,59}$`)
)

// Validate checks defaulted settings.
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" && (!prefixPattern.MatchString(s.NamePrefix) || len(s.NamePrefix) > 60) {
		p.Addf("NamePrefix", "must be an RDS identifier prefix (a letter, then letters, digits and single hyphens, at most 60 characters), got %q", s.NamePrefix)
	}
	s.validateEngine(&p)
	s.validateCapacity(&p)
	s.validateServerless(&p)
	p.Range("BackupRetentionDays", s.BackupRetentionDays, 1, 35)
	p.BackupAndMaintenance("BackupWindow", s.BackupWindow, "MaintenanceWindow", s.MaintenanceWindow, catalog.RDSWindows)
	if !slices.Contains(MonitoringIntervals, s.MonitoringInterval) {
		p.Addf("MonitoringInterval", "must be one of %v, got %d", MonitoringIntervals, s.MonitoringInterval)
	}
	p.LogRetention("LogRetentionDays", s.LogRetentionDays)
	if s.SnapshotIdentifier != "" && !snapshotPattern.MatchString(s.SnapshotIdentifier) {
		p.Addf("SnapshotIdentifier", "must be a DB cluster snapshot identifier or ARN (arn:aws:rds:<region>:<account>:cluster-snapshot:<id>), got %q", s.SnapshotIdentifier)
	}
	return p.Err()
}

// validateEngine checks the engine version and the instance class
// against what AWS offers (internal/catalog).
func (s Settings) validateEngine(p *validate.Problems) {
	m := versionPattern.FindStringSubmatch(s.EngineVersion)
	major, known := catalog.AuroraPostgresMajor(s.EngineVersion)
	switch {
	case m == nil:
		p.Addf("EngineVersion", "must be a major such as 16 (AWS picks and upgrades the minor) or major.minor such as 16.6 (pinned), got %q", s.EngineVersion)
		return
	case !known:
		p.Addf("EngineVersion", "major version must be one of %s (Aurora PostgreSQL in standard support), got %q", strings.Join(catalog.AuroraPostgresMajorNames(), ", "), s.EngineVersion)
		return
	case !catalog.AuroraPostgresVersionOffered(s.EngineVersion):
		p.Addf("EngineVersion", "Aurora PostgreSQL %s is offered as %s (or %s for AWS's default minor), got %q", major.Major, strings.Join(major.Minors, ", "), major.Major, s.EngineVersion)
		return
	}
	if classes := catalog.AuroraPostgresClasses(s.EngineVersion); !slices.Contains(classes, s.InstanceClass) {
		p.Addf("InstanceClass", "must be db.<family>.<size> that Aurora PostgreSQL %s runs on: %s, got %q", s.EngineVersion, catalog.Compact(classes), s.InstanceClass)
	}
}

// validateCapacity checks the instances and reader autoscaling.
func (s Settings) validateCapacity(p *validate.Problems) {
	p.Range("Instances", s.Instances, 1, 16)
	switch {
	case s.MaxReaders == 0:
	case s.Instances < 2:
		p.Addf("MaxReaders", "reader autoscaling needs at least one fixed reader (Instances >= 2), got Instances %d", s.Instances)
	case s.MaxReaders < s.Instances-1 || s.MaxReaders > 15:
		p.Addf("MaxReaders", "must be 0 (off) or between the fixed readers (%d) and 15, got %d", s.Instances-1, s.MaxReaders)
	}
	p.Range("ReaderTargetCPU", s.ReaderTargetCPU, 10, 90)
}

// validateServerless checks the Serverless v2 capacity range against
// Aurora's limits (internal/catalog), and that only a serverless class
// has one.
func (s Settings) validateServerless(p *validate.Problems) {
	if !s.IsServerless() {
		if s.Serverless != nil && *s.Serverless != (ServerlessScaling{}) {
			p.Addf("Serverless", "applies only to InstanceClass %s, got InstanceClass %q", catalog.AuroraServerless, s.InstanceClass)
		}
		return
	}
	sv := *s.Serverless // WithDefaults set it
	step := func(v float64) bool { return math.Mod(v, catalog.AuroraServerlessACUStep) == 0 }
	if sv.MinACU != 0 && (sv.MinACU < 0.5 || sv.MinACU > catalog.AuroraServerlessMaxACU || !step(sv.MinACU)) {
		p.Addf("Serverless.MinACU", "must be 0 (pause when idle) or 0.5 to %g in steps of 0.5, got %g", catalog.AuroraServerlessMaxACU, sv.MinACU)
	}
	switch {
	case sv.MaxACU < 1 || sv.MaxACU > catalog.AuroraServerlessMaxACU || !step(sv.MaxACU):
		p.Addf("Serverless.MaxACU", "must be 1 to %g in steps of 0.5, got %g", catalog.AuroraServerlessMaxACU, sv.MaxACU)
	case sv.MaxACU < sv.MinACU:
		p.Addf("Serverless.MaxACU", "must be at least MinACU (%g), got %g", sv.MinACU, sv.MaxACU)
	}
	switch {
	case sv.MinACU != 0 && sv.AutoPauseMinutes != 0:
		p.Addf("Serverless.AutoPauseMinutes", "applies only with MinACU 0 (an instance pauses only at 0 ACUs), got MinACU %g", sv.MinACU)
	case sv.MinACU == 0:
		p.Range("Serverless.AutoPauseMinutes", sv.AutoPauseMinutes, catalog.AuroraServerlessMinPauseSec/60, catalog.AuroraServerlessMaxPauseSec/60)
		if catalog.AuroraPostgresVersionOffered(s.EngineVersion) && !catalog.AuroraServerlessScalesToZero(s.EngineVersion) {
			p.Addf("Serverless.MinACU", "0 ACUs needs Aurora PostgreSQL %s or later, got EngineVersion %q: set MinACU 0.5 or more, or a later version", catalog.AuroraServerlessScaleToZeroVersions(), s.EngineVersion)
		}
	}
}
