package cache

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/clientsg"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Engines are the cache engines accepted.
var Engines = []string{"valkey", "redis"}

// EngineVersions are the versions accepted for engine: those AWS offers
// (catalog.CacheEngineVersions) that deliver the engine log the cache
// sends to CloudWatch (Redis OSS 6.2 and later, every Valkey version).
func EngineVersions(engine string) []string {
	var out []string
	for _, v := range catalog.CacheVersionsOf(engine) {
		if engine != "redis" || !catalog.VersionLess(v, catalog.CacheEngineLogMinRedis.Value) {
			out = append(out, v)
		}
	}
	return out
}

// CacheArgs configure a Cache: plain settings and the wiring to the
// network and the application tier.
type CacheArgs struct {
	Settings
	Wiring
}

// Settings are the plain, validated settings of a Cache.
type Settings struct {
	// NamePrefix starts the physical names: the replication group id, the
	// log groups, the AUTH token secret and the KMS alias. At most 40
	// characters. Default "" (the name given to NewCache).
	NamePrefix string `pulumi:"namePrefix,optional"`
	// Engine is valkey or redis. Default "valkey".
	Engine string `pulumi:"engine,optional"`
	// EngineVersion is one of EngineVersions(Engine); the parameter group
	// (default.<family>, family from catalog.CacheParameterGroupFamily)
	// derives from it. Default "8.0" for valkey, "7.1" for redis.
	EngineVersion string `pulumi:"engineVersion,optional"`
	// NodeType is a node type the engine version runs on
	// (catalog.CacheNodeTypes); a data tiering type (cache.r6gd.*) turns
	// data tiering on. Default "cache.r7g.large".
	NodeType string `pulumi:"nodeType,optional"`
	// Nodes per shard: a primary plus Nodes-1 replicas, 1 to 6. Default 3 (one per AZ of a three-AZ network).
	Nodes int `pulumi:"nodes,optional"`
	// Shards above 1 turn on cluster mode, 1 to 90, with Shards x Nodes at
	// most catalog.CacheMaxNodesPerCluster (500). Default 1.
	Shards int `pulumi:"shards,optional"`
	// MultiAZ turns on Multi-AZ with automatic failover; needs Nodes >= 2.
	// Default false.
	MultiAZ bool `pulumi:"multiAz,optional"`
	// Port is the cache port. Default 6379.
	Port int `pulumi:"port,optional"`
	// SnapshotRetentionDays keeps daily snapshots, 1 to 35 (snapshots
	// are always on, so 0 is not a value). Default 7.
	SnapshotRetentionDays int `pulumi:"snapshotRetentionDays,optional"`
	// SnapshotWindow is the daily snapshot window (UTC), at least 60
	// minutes and apart from MaintenanceWindow (catalog.CacheWindows).
	// Default "01:00-02:00".
	SnapshotWindow string `pulumi:"snapshotWindow,optional"`
	// MaintenanceWindow is the weekly window, at least 60 minutes. Default
	// "sun:05:00-sun:06:00".
	MaintenanceWindow string `pulumi:"maintenanceWindow,optional"`
	// LogRetentionDays keeps the engine and slow logs, a CloudWatch Logs
	// retention value (1, 3, 5, 7, 14, 30, 60, 90, ... 3653). Default 365.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// Protect marks the replication group, its KMS key and its AUTH token
	// secret protect + retain-on-delete in Pulumi. Default false.
	Protect bool `pulumi:"protect,optional"`
	// Tags go on every taggable resource, with component=cache added.
	// Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Wiring connects a Cache to the network and its clients.
type Wiring struct {
	// VpcId is the VPC of the cache. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds are the (isolated) subnets of the subnet group. Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// AvailabilityZones place the nodes round-robin (primary first, node i
	// in zone i mod len) when not in cluster mode: the network's zones, as
	// values (pulumi.ToStringArray(net.Zones)) or an output
	// (net.AvailabilityZones, a StackReference value). Default nil: none
	// (ElastiCache places them).
	AvailabilityZones pulumi.StringArrayInput `pulumi:"availabilityZones,optional"`
	// AllowedSecurityGroupIds may connect on Port, one ingress rule per
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
	defaults.Set(&s.Engine, "valkey")
	defaults.Set(&s.EngineVersion, map[string]string{"valkey": "8.0", "redis": "7.1"}[s.Engine])
	defaults.Set(&s.NodeType, "cache.r7g.large")
	defaults.Set(&s.Nodes, 3)
	defaults.Set(&s.Shards, 1)
	defaults.Set(&s.Port, 6379)
	defaults.Set(&s.LogRetentionDays, 365)
	defaults.Set(&s.SnapshotRetentionDays, 7)
	defaults.Set(&s.SnapshotWindow, "01:00-02:00")
	defaults.Set(&s.MaintenanceWindow, "sun:05:00-sun:06:00")
	return s
}

// ClusterMode reports whether the group is sharded (Shards > 1).
func (s Settings) ClusterMode() bool { return s.Shards > 1 }

// A replication group id: a lower-case letter, then lower-case letters,
// digits and single hyphens, at most 40 characters.
var prefixPattern = regexp.MustCompile(`^[a-z](-?[a-z0-9]){0,39}$`)

// Validate checks defaulted settings.
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" && (!prefixPattern.MatchString(s.NamePrefix) || len(s.NamePrefix) > 40) {
		p.Addf("NamePrefix", "must be a replication group id (a lower-case letter, then lower-case letters, digits and single hyphens, at most 40 characters), got %q", s.NamePrefix)
	}
	s.validateEngine(&p)
	s.validateTopology(&p)
	p.Range("Port", s.Port, 1024, 65535)
	p.Range("SnapshotRetentionDays", s.SnapshotRetentionDays, 1, 35)
	p.BackupAndMaintenance("SnapshotWindow", s.SnapshotWindow, "MaintenanceWindow", s.MaintenanceWindow, catalog.CacheWindows)
	p.LogRetention("LogRetentionDays", s.LogRetentionDays)
	return p.Err()
}

// validateEngine checks the engine, its version and the node type
// against what AWS offers (internal/catalog).
func (s Settings) validateEngine(p *validate.Problems) {
	if !slices.Contains(Engines, s.Engine) {
		p.OneOf("Engine", s.Engine, Engines)
		return
	}
	versions := EngineVersions(s.Engine)
	switch {
	case slices.Contains(versions, s.EngineVersion):
	case slices.Contains(catalog.CacheVersionsOf(s.Engine), s.EngineVersion):
		p.Addf("EngineVersion", "for %s must be one of %s: Redis OSS %s does not deliver the engine log (needs %s or later), got %q",
			s.Engine, strings.Join(versions, ", "), s.EngineVersion, catalog.CacheEngineLogMinRedis.Value, s.EngineVersion)
		return
	default:
		p.Addf("EngineVersion", "for %s must be one of %s, got %q", s.Engine, strings.Join(versions, ", "), s.EngineVersion)
		return
	}
	if types := catalog.CacheNodeTypes(s.Engine, s.EngineVersion); !slices.Contains(types, s.NodeType) {
		p.Addf("NodeType", "must be cache.<family>.<size> with family one of those %s %s runs on: %s, got %q", s.Engine, s.EngineVersion, catalog.Compact(types), s.NodeType)
	}
}

// validateTopology checks nodes, shards and failover.
func (s Settings) validateTopology(p *validate.Problems) {
	p.Range("Nodes", s.Nodes, 1, 6)
	p.Range("Shards", s.Shards, 1, 90)
	if s.MultiAZ && s.Nodes < 2 {
		p.Addf("MultiAZ", "automatic failover needs a replica: set Nodes to 2 or more (got %d) or turn MultiAZ off", s.Nodes)
	}
	if most, _ := strconv.Atoi(catalog.CacheMaxNodesPerCluster.Value); s.Shards*s.Nodes > most {
		p.Addf("Shards", "%d shards of %d nodes are %d nodes; a replication group holds at most %d", s.Shards, s.Nodes, s.Shards*s.Nodes, most)
	}
	if s.Shards > 1 && !s.MultiAZ {
		p.Addf("MultiAZ", "cluster mode (Shards %d) requires automatic failover: set MultiAZ and Nodes >= 2", s.Shards)
	}
}
