package cache

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Engines and the versions accepted for each.
var (
	Engines        = []string{"valkey", "redis"}
	EngineVersions = map[string][]string{"valkey": {"7.2", "8.0", "8.1"}, "redis": {"6.2", "7.0", "7.1"}}
	// NodeFamilies are the node type families accepted.
	NodeFamilies = []string{"t4g", "t3", "m6g", "m7g", "r6g", "r7g", "r6gd", "c7gn"}
)

// CacheArgs configure a Cache.
type CacheArgs struct {
	// VpcId is the VPC of the cache. Required.
	VpcId pulumi.StringInput
	// SubnetIds are the (isolated) subnets of the subnet group. Required.
	SubnetIds pulumi.StringArrayInput
	// AvailabilityZones place the nodes round-robin (primary first) when
	// not in cluster mode. Default: none (ElastiCache places them).
	AvailabilityZones []string
	// AllowedSecurityGroupIds may connect on Port. Required: at least one.
	AllowedSecurityGroupIds []pulumi.StringInput
	// Engine is valkey or redis. Default "valkey".
	Engine string
	// EngineVersion is one of EngineVersions[Engine]. Default "8.0" for
	// valkey, "7.1" for redis.
	EngineVersion string
	// NodeType is cache.<family>.<size>. Default "cache.r7g.large".
	NodeType string
	// Nodes per shard: a primary plus Nodes-1 replicas, 1 to 6. Default 2.
	Nodes int
	// Shards above 1 turn on cluster mode, 1 to 90. Default 1.
	Shards int
	// MultiAZ turns on Multi-AZ with automatic failover; needs Nodes >= 2.
	// Default false.
	MultiAZ bool
	// Port is the cache port. Default 6379.
	Port int
	// SnapshotRetentionDays keeps daily snapshots, 1 to 35 (snapshots
	// are always on). Default 7.
	SnapshotRetentionDays int
	// SnapshotWindow is the daily snapshot window (UTC). Default "01:00-02:00".
	SnapshotWindow string
	// MaintenanceWindow is the weekly window. Default "sun:05:00-sun:06:00".
	MaintenanceWindow string
	// LogRetentionDays keeps the engine and slow logs, a CloudWatch Logs
	// retention value (1, 3, 5, 7, 14, 30, 60, 90, ... 3653). Default 30.
	LogRetentionDays int
	// Protect marks the replication group, its KMS key and its AUTH token
	// secret protect + retain-on-delete in Pulumi. Default false.
	Protect bool
	// Tags go on every taggable resource, with component=cache added.
	// Default none.
	Tags map[string]string
}

// WithDefaults returns a copy with every zero field set to its default.
func (a CacheArgs) WithDefaults() CacheArgs {
	defaults.Set(&a.Engine, "valkey")
	defaults.Set(&a.EngineVersion, map[string]string{"valkey": "8.0", "redis": "7.1"}[a.Engine])
	defaults.Set(&a.NodeType, "cache.r7g.large")
	defaults.Set(&a.Nodes, 2)
	defaults.Set(&a.Shards, 1)
	defaults.Set(&a.Port, 6379)
	defaults.Set(&a.LogRetentionDays, 30)
	defaults.Set(&a.SnapshotRetentionDays, 7)
	defaults.Set(&a.SnapshotWindow, "01:00-02:00")
	defaults.Set(&a.MaintenanceWindow, "sun:05:00-sun:06:00")
	return a
}

var nodeType = regexp.MustCompile(`^cache\.([a-z0-9]+)\.(micro|small|medium|large|[0-9]*xlarge)$`)

// Validate checks the settings of defaulted args.
func (a CacheArgs) Validate() error {
	var p validate.Problems
	p.OneOf("Engine", a.Engine, Engines)
	if versions, ok := EngineVersions[a.Engine]; ok && !slices.Contains(versions, a.EngineVersion) {
		p.Addf("EngineVersion", "for %s must be one of %s, got %q", a.Engine, strings.Join(versions, ", "), a.EngineVersion)
	}
	if m := nodeType.FindStringSubmatch(a.NodeType); m == nil || !slices.Contains(NodeFamilies, m[1]) {
		p.Addf("NodeType", "must be cache.<family>.<size> with family one of %s, got %q", strings.Join(NodeFamilies, ", "), a.NodeType)
	}
	p.Range("Nodes", a.Nodes, 1, 6)
	p.Range("Shards", a.Shards, 1, 90)
	if a.MultiAZ && a.Nodes < 2 {
		p.Addf("MultiAZ", "automatic failover needs a replica: set Nodes to 2 or more (got %d) or turn MultiAZ off", a.Nodes)
	}
	if a.Shards > 1 && !a.MultiAZ {
		p.Addf("MultiAZ", "cluster mode (Shards %d) requires automatic failover: set MultiAZ and Nodes >= 2", a.Shards)
	}
	p.Range("Port", a.Port, 1024, 65535)
	p.Range("SnapshotRetentionDays", a.SnapshotRetentionDays, 1, 35)
	p.DailyWindow("SnapshotWindow", a.SnapshotWindow)
	p.WeeklyWindow("MaintenanceWindow", a.MaintenanceWindow)
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	return p.Err()
}
