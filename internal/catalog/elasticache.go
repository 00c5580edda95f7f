package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ElastiCache (Valkey, Redis OSS) node-based clusters: the engine
// versions AWS offers with the parameter group family of each, and the
// node types per engine version.

// Sources of the ElastiCache catalog.
var (
	cacheVersionsSource = Source{
		Ref: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html; " +
			"families: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html (redis6.x, redis7, valkey7, valkey8 and their default.<family>[.cluster.on] groups)",
		Read: "2026-12-02",
	}
	cacheNodesSource = Source{
		Ref:  "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html (Current Generation (Valkey or Redis OSS): minimum supported Redis OSS version per node type)",
		Read: "2026-12-02",
	}
	cacheLogsSource = Source{
		Ref:  "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html (slow log: Redis OSS 6.0 and later; engine log: Redis OSS 6.2 and later; every Valkey version)",
		Read: "2026-12-02",
	}
	cacheTieringSource = Source{
		Ref:  "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html (r6gd nodes only, Redis OSS 6.2 and later; dataTieringEnabled must be true with r6gd: pulumi-aws sdk/v6 go/aws/elasticache/replicationGroup.go DataTieringEnabled)",
		Read: "2026-12-02",
	}
)

// CacheVersion is one engine version of ElastiCache node-based clusters
// and its parameter group family.
type CacheVersion struct {
	Engine  string // "valkey" or "redis"
	Version string // as EngineVersion takes it
	Family  string // ParameterGroupFamily: "redis6.x", "valkey8", ...
	Source  Source
}

// CacheEngineVersions are the versions AWS offers for a new replication
// group. Redis OSS 6.0 and 6.2 share the family redis6.x, 7.0 and 7.1
// share redis7 (there is no redis6 nor redis7.x family); Valkey 8.0 to
// 8.2 share valkey8.
var CacheEngineVersions = []CacheVersion{
	{"valkey", "7.2", "valkey7", cacheVersionsSource},
	{"valkey", "8.0", "valkey8", cacheVersionsSource},
	{"valkey", "8.1", "valkey8", cacheVersionsSource},
	{"valkey", "8.2", "valkey8", cacheVersionsSource},
	{"redis", "4.0.10", "redis4.0", cacheVersionsSource},
	{"redis", "5.0.6", "redis5.0", cacheVersionsSource},
	{"redis", "6.0", "redis6.x", cacheVersionsSource},
	{"redis", "6.2", "redis6.x", cacheVersionsSource},
	{"redis", "7.0", "redis7", cacheVersionsSource},
	{"redis", "7.1", "redis7", cacheVersionsSource},
}

// CacheEngineLogMinRedis is the first Redis OSS version that delivers the
// engine log (every Valkey version does); the slow log needs 6.0.
var CacheEngineLogMinRedis = CacheLimit{Value: "6.2", Source: cacheLogsSource}

// CacheMaxNodesPerCluster is the most nodes (shards x nodes per shard)
// one replication group holds, Redis OSS 5.0.6+ and Valkey.
var CacheMaxNodesPerCluster = CacheLimit{Value: "500", Source: Source{
	Ref:  "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html (up to 500 nodes per Valkey or Redis OSS cluster, cluster mode enabled)",
	Read: "2026-12-02",
}}

// CacheLimit is a single value of the catalog with its source.
type CacheLimit struct {
	Value  string
	Source Source
}

// CacheNodeFamily is one node type family: its sizes, the first Redis OSS
// version it runs (every Valkey version runs every current family), and
// whether it is a data tiering family.
type CacheNodeFamily struct {
	Type        string // "r7g": node types are cache.<Type>.<size>
	Sizes       []string
	MinRedis    string
	DataTiering bool
	Source      Source
}

var cacheSizesG = []string{"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}

// CacheNodeFamilies are the current generation node types for Valkey and
// Redis OSS (T2 and older are previous generation: no new clusters).
var CacheNodeFamilies = []CacheNodeFamily{
	{"t4g", []string{"micro", "small", "medium"}, "5.0.6", false, cacheNodesSource},
	{"t3", []string{"micro", "small", "medium"}, "3.2.6", false, cacheNodesSource},
	{"m7g", cacheSizesG, "6.2", false, cacheNodesSource},
	{"m6g", cacheSizesG, "5.0.6", false, cacheNodesSource},
	{"m5", []string{"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"}, "3.2.4", false, cacheNodesSource},
	{"r7g", cacheSizesG, "6.2", false, cacheNodesSource},
	{"r6g", cacheSizesG, "5.0.6", false, cacheNodesSource},
	{"r5", []string{"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"}, "3.2.4", false, cacheNodesSource},
	{"r6gd", []string{"xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}, "6.2", true, cacheTieringSource},
	{"c7gn", cacheSizesG, "6.2", false, cacheNodesSource},
}

// CacheEngineVersion returns the catalog entry of engine and version.
func CacheEngineVersion(engine, version string) (CacheVersion, bool) {
	for _, v := range CacheEngineVersions {
		if v.Engine == engine && v.Version == version {
			return v, true
		}
	}
	return CacheVersion{}, false
}

// CacheVersionsOf are the versions offered for engine, in catalog order.
func CacheVersionsOf(engine string) []string {
	var out []string
	for _, v := range CacheEngineVersions {
		if v.Engine == engine {
			out = append(out, v.Version)
		}
	}
	return out
}

// CacheParameterGroupFamily is the parameter group family of engine and
// version ("redis", "6.2" -> "redis6.x").
func CacheParameterGroupFamily(engine, version string) (string, bool) {
	v, ok := CacheEngineVersion(engine, version)
	return v.Family, ok
}

// CacheDefaultParameterGroup is the name of the default parameter group
// of a family, with cluster mode on or off ("default.redis6.x",
// "default.valkey8.cluster.on").
func CacheDefaultParameterGroup(family string, clusterMode bool) string {
	if clusterMode {
		return "default." + family + ".cluster.on"
	}
	return "default." + family
}

// CacheNodeTypes are the node types an offered engine version runs on, in
// catalog order (nil for a version not offered).
func CacheNodeTypes(engine, version string) []string {
	if _, ok := CacheEngineVersion(engine, version); !ok {
		return nil
	}
	var out []string
	for _, f := range CacheNodeFamilies {
		if engine == "redis" && VersionLess(version, f.MinRedis) {
			continue
		}
		for _, size := range f.Sizes {
			out = append(out, fmt.Sprintf("cache.%s.%s", f.Type, size))
		}
	}
	return out
}

// CacheNodeTypeOffered reports whether nodeType runs engine version.
func CacheNodeTypeOffered(engine, version, nodeType string) bool {
	return slices.Contains(CacheNodeTypes(engine, version), nodeType)
}

// CacheDataTiering reports whether nodeType is a data tiering node type
// (the replication group must then set dataTieringEnabled).
func CacheDataTiering(nodeType string) bool {
	for _, f := range CacheNodeFamilies {
		if f.DataTiering && strings.HasPrefix(nodeType, "cache."+f.Type+".") {
			return true
		}
	}
	return false
}

// VersionLess compares dotted numeric versions ("5.0.6" < "6.2").
func VersionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}
