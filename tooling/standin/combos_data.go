package standin

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// dataCombos: see Combo. The data below is the stand-in's own copy of what
// AWS offers for Aurora PostgreSQL and ElastiCache, read from the cited
// pages on 2026-12-02 independently of the program's catalog
// (internal/catalog), so a test can hold the program against it.
var dataCombos = []Combo{
	{Type: dataRG, Name: "engineVersion offered for engine", Source: srcCacheVersions, Check: rgEngineVersion},
	{Type: dataRG, Name: "parameterGroupName is the default group of the version's family", Source: srcCacheFamilies, Check: rgParameterGroup},
	{Type: dataRG, Name: "nodeType offered for the engine version", Source: srcCacheNodes, Check: rgNodeType},
	{Type: dataRG, Name: "r6gd nodes need dataTieringEnabled, other nodes refuse it", Source: srcCacheTiering, Check: rgDataTiering},
	{Type: dataRG, Name: "multiAzEnabled needs automaticFailoverEnabled and a replica", Source: srcCacheMultiAZ, Check: rgMultiAZ},
	{Type: dataRG, Name: "engine-log delivery needs Redis OSS 6.2", Source: srcCacheLogs, Check: rgLogDelivery},
	{Type: dataRG, Name: "at most 500 nodes per replication group", Source: srcCacheShards, Check: rgNodeCount},
	{Type: dataCluster, Name: "aurora-postgresql engineVersion offered", Source: srcAuroraVersions, Check: auroraClusterEngineVersion},
	{Type: dataInstance, Name: "instanceClass offered for the aurora-postgresql engineVersion", Source: srcAuroraClasses + "; " + srcAuroraServerless, Check: auroraInstanceClass},
	{Type: dataCluster, Name: "serverlessv2ScalingConfiguration within Aurora's limits for the engineVersion", Source: srcAuroraServerless, Check: auroraServerlessScaling},
	{Type: dataParamGroup, Name: "family is an aurora-postgresql family AWS offers", Source: srcAuroraVersions, Check: auroraParamGroupFamily},
}

const (
	dataRG         = "aws:elasticache/replicationGroup:ReplicationGroup"
	dataCluster    = "aws:rds/cluster:Cluster"
	dataInstance   = "aws:rds/clusterInstance:ClusterInstance"
	dataParamGroup = "aws:rds/clusterParameterGroup:ClusterParameterGroup"

	srcCacheVersions    = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html (2026-12-02)"
	srcCacheFamilies    = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html: families redis6.x, redis7, valkey7, valkey8, default groups default.<family>[.cluster.on] (2026-12-02)"
	srcCacheNodes       = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html: minimum supported Redis OSS version per node type (2026-12-02)"
	srcCacheTiering     = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html; pulumi-aws sdk/v6 elasticache/replicationGroup.go dataTieringEnabled \"must be set to true when using r6gd nodes\" (2026-12-02)"
	srcCacheMultiAZ     = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html: Multi-AZ requires automatic failover and at least one replica (2026-12-02)"
	srcCacheLogs        = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html: engine log Redis OSS 6.2+, slow log 6.0+, all Valkey (2026-12-02)"
	srcCacheShards      = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html: up to 500 nodes per cluster (2026-12-02)"
	srcAuroraVersions   = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.PostgreSQL.UpgradeVersion.html; AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Extensions.html (2026-12-02)"
	srcAuroraServerless = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html (0 or 0.5 to 256 ACUs in steps of 0.5, maximum at least 1); " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html (0 ACUs from 14.12, 15.7, 16.3, 17.4); " +
		"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.ServerlessV2.html (14.3, 15.2, 16.1, 17.4); " +
		"terraform-provider-aws internal/service/rds/cluster.go seconds_until_auto_pause IntBetween(300, 86400) (2026-12-03)"
	srcAuroraClasses = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html (2026-12-02)"
)

// oracleCacheFamilies maps engine -> version -> parameter group family.
var oracleCacheFamilies = map[string]map[string]string{
	"valkey": {"7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8", "8.2": "valkey8"},
	"redis": {"4.0.10": "redis4.0", "5.0.6": "redis5.0", "6.0": "redis6.x", "6.2": "redis6.x",
		"7.0": "redis7", "7.1": "redis7"},
}

// oracleCacheNodes maps a node family to its sizes and the first Redis
// OSS version it runs (every Valkey version runs every family).
var oracleCacheNodes = map[string]struct {
	sizes    string
	minRedis string
}{
	"t4g": {"micro small medium", "5.0.6"}, "t3": {"micro small medium", "3.2.6"},
	"m7g":  {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", "6.2"},
	"m6g":  {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", "5.0.6"},
	"m5":   {"large xlarge 2xlarge 4xlarge 12xlarge 24xlarge", "3.2.4"},
	"r7g":  {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", "6.2"},
	"r6g":  {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", "5.0.6"},
	"r5":   {"large xlarge 2xlarge 4xlarge 12xlarge 24xlarge", "3.2.4"},
	"r6gd": {"xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", "6.2"},
	"c7gn": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", "6.2"},
}

// oracleAurora maps an Aurora PostgreSQL major to its offered minors.
var oracleAurora = map[string][]int{
	"14": {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 18, 19},
	"15": {2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 14},
	"16": {1, 2, 3, 4, 6, 8, 9, 10},
	"17": {4, 5, 6, 7, 9}, // 17.9: AuroraPostgreSQLReleaseNotes/auroraqpm.updates.md (2026-12-03)
}

// oracleAuroraClasses maps an instance class type to its sizes and, per
// major, the first minor that runs it (no entry: not on that major).
var oracleAuroraClasses = map[string]struct {
	sizes string
	first map[string]int
}{
	"r8g": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge", map[string]int{"14": 13, "15": 8, "16": 4, "17": 4}},
	"r7i": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge", map[string]int{"14": 9, "15": 4, "16": 1, "17": 4}},
	"r7g": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", map[string]int{"14": 5, "15": 2, "16": 1, "17": 4}},
	"r6i": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge", oracleAllMajors},
	"r6g": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", oracleAllMajors},
	"r5":  {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge", oracleAllMajors},
	"x2g": {"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge", oracleAllMajors},
	"t4g": {"medium large", oracleAllMajors},
	"t3":  {"medium", map[string]int{"14": 3, "15": 2, "16": 1}},
}

// oracleServerlessFirst and oracleScaleToZeroFirst are, per major, the
// first minors that run Aurora Serverless v2 and that scale it to 0 ACUs.
var (
	oracleServerlessFirst  = map[string]int{"14": 3, "15": 2, "16": 1, "17": 4}
	oracleScaleToZeroFirst = map[string]int{"14": 12, "15": 7, "16": 3, "17": 4}
)

// auroraServerlessScaling checks a cluster's Serverless v2 capacity range.
func auroraServerlessScaling(_ string, inputs resource.PropertyMap) []Failure {
	v, ok := inputs["serverlessv2ScalingConfiguration"]
	if !ok || !v.IsObject() {
		return nil
	}
	cfg := v.ObjectValue()
	num := func(k string) (float64, bool) {
		n, ok := cfg[resource.PropertyKey(k)]
		if !ok || !n.IsNumber() {
			return 0, false
		}
		return n.NumberValue(), true
	}
	lo, _ := num("minCapacity")
	hi, _ := num("maxCapacity")
	halves := func(f float64) bool { return f*2 == float64(int(f*2)) }
	switch {
	case lo < 0 || lo > 256 || (lo > 0 && lo < 0.5) || !halves(lo):
		return dataFail("serverlessv2ScalingConfiguration", "InvalidParameterValue: minimum capacity %g is not 0 or 0.5 to 256 in steps of 0.5", lo)
	case hi < 1 || hi > 256 || !halves(hi) || hi < lo:
		return dataFail("serverlessv2ScalingConfiguration", "InvalidParameterValue: maximum capacity %g is not 1 to 256 in steps of 0.5 and at least the minimum %g", hi, lo)
	}
	if secs, ok := num("secondsUntilAutoPause"); ok && (secs < 300 || secs > 86400) {
		return dataFail("serverlessv2ScalingConfiguration", "expected seconds_until_auto_pause to be in the range (300 - 86400), got %g", secs)
	}
	version, set := dataStr(inputs, "engineVersion")
	if lo == 0 && set {
		major, minor, ok := auroraVersion(version)
		if first, on := oracleScaleToZeroFirst[major]; ok && (!on || minor < first) {
			return dataFail("serverlessv2ScalingConfiguration", "InvalidParameterCombination: Aurora PostgreSQL %s does not support a minimum capacity of 0 ACUs", version)
		}
	}
	return nil
}

var oracleAllMajors = map[string]int{"14": 3, "15": 2, "16": 1, "17": 4}

func dataStr(inputs resource.PropertyMap, key string) (string, bool) {
	v, ok := inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

func dataNum(inputs resource.PropertyMap, key string) (int, bool) {
	v, ok := inputs[resource.PropertyKey(key)]
	if !ok || !v.IsNumber() {
		return 0, false
	}
	return int(v.NumberValue()), true
}

func dataBool(inputs resource.PropertyMap, key string) bool {
	v, ok := inputs[resource.PropertyKey(key)]
	return ok && v.IsBool() && v.BoolValue()
}

func dataFail(prop, format string, args ...any) []Failure {
	return []Failure{{Property: prop, Reason: fmt.Sprintf(format, args...)}}
}

// dataVersionBefore compares dotted numeric versions.
func dataVersionBefore(a, b string) bool {
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

func rgEngine(inputs resource.PropertyMap) (engine, version, family string, ok bool) {
	engine, _ = dataStr(inputs, "engine")
	engine = strings.ToLower(engine)
	version, vok := dataStr(inputs, "engineVersion")
	family, ok = oracleCacheFamilies[engine][version]
	return engine, version, family, ok && vok
}

func rgEngineVersion(_ string, inputs resource.PropertyMap) []Failure {
	engine, version, _, ok := rgEngine(inputs)
	if _, set := dataStr(inputs, "engineVersion"); !set || ok {
		return nil
	}
	return dataFail("engineVersion", "InvalidParameterCombination: Cannot find version %s for %s", version, engine)
}

func rgClusterMode(inputs resource.PropertyMap) bool {
	mode, _ := dataStr(inputs, "clusterMode")
	shards, _ := dataNum(inputs, "numNodeGroups")
	return mode == "enabled" || shards > 1
}

func rgParameterGroup(_ string, inputs resource.PropertyMap) []Failure {
	name, set := dataStr(inputs, "parameterGroupName")
	if !set || !strings.HasPrefix(name, "default.") {
		return nil
	}
	_, version, family, ok := rgEngine(inputs)
	if !ok {
		return nil // rgEngineVersion reports it
	}
	want := "default." + family
	if rgClusterMode(inputs) {
		want += ".cluster.on"
	}
	if name != want {
		return dataFail("parameterGroupName", "CacheParameterGroupNotFound or InvalidParameterCombination: %s is not the default parameter group of %s (family %s) with this cluster mode; want %s", name, version, family, want)
	}
	return nil
}

func rgNodeType(_ string, inputs resource.PropertyMap) []Failure {
	nodeType, set := dataStr(inputs, "nodeType")
	engine, version, _, ok := rgEngine(inputs)
	if !set || !ok {
		return nil
	}
	parts := strings.Split(nodeType, ".")
	if len(parts) == 3 && parts[0] == "cache" {
		if fam, known := oracleCacheNodes[parts[1]]; known && slices.Contains(strings.Fields(fam.sizes), parts[2]) &&
			(engine != "redis" || !dataVersionBefore(version, fam.minRedis)) {
			return nil
		}
	}
	return dataFail("nodeType", "InvalidParameterCombination: node type %s is not supported for %s %s", nodeType, engine, version)
}

func rgDataTiering(_ string, inputs resource.PropertyMap) []Failure {
	nodeType, _ := dataStr(inputs, "nodeType")
	tiering := dataBool(inputs, "dataTieringEnabled")
	isR6gd := strings.HasPrefix(nodeType, "cache.r6gd.")
	switch {
	case isR6gd && !tiering:
		return dataFail("dataTieringEnabled", "InvalidParameterCombination: data tiering must be enabled for node type %s", nodeType)
	case !isR6gd && tiering:
		return dataFail("dataTieringEnabled", "InvalidParameterCombination: data tiering is only supported for r6gd node types, got %s", nodeType)
	}
	return nil
}

func rgMultiAZ(_ string, inputs resource.PropertyMap) []Failure {
	if !dataBool(inputs, "multiAzEnabled") {
		return nil
	}
	if !dataBool(inputs, "automaticFailoverEnabled") {
		return dataFail("multiAzEnabled", "InvalidParameterCombination: Multi-AZ requires automatic failover")
	}
	nodes, _ := dataNum(inputs, "numCacheClusters")
	replicas, _ := dataNum(inputs, "replicasPerNodeGroup")
	if nodes < 2 && replicas < 1 {
		return dataFail("multiAzEnabled", "InvalidParameterCombination: automatic failover needs at least one replica (numCacheClusters %d, replicasPerNodeGroup %d)", nodes, replicas)
	}
	return nil
}

func rgLogDelivery(_ string, inputs resource.PropertyMap) []Failure {
	engine, version, _, ok := rgEngine(inputs)
	v, has := inputs["logDeliveryConfigurations"]
	if !ok || !has || !v.IsArray() || engine != "redis" {
		return nil
	}
	for _, c := range v.ArrayValue() {
		if !c.IsObject() {
			continue
		}
		kind, _ := dataStr(c.ObjectValue(), "logType")
		if minimum := map[string]string{"engine-log": "6.2", "slow-log": "6.0"}[kind]; minimum != "" && dataVersionBefore(version, minimum) {
			return dataFail("logDeliveryConfigurations", "InvalidParameterCombination: %s delivery needs Redis OSS %s or later, got %s", kind, minimum, version)
		}
	}
	return nil
}

func rgNodeCount(_ string, inputs resource.PropertyMap) []Failure {
	shards, sharded := dataNum(inputs, "numNodeGroups")
	replicas, _ := dataNum(inputs, "replicasPerNodeGroup")
	if sharded && shards*(replicas+1) > 500 {
		return dataFail("numNodeGroups", "ClusterQuotaForCustomerExceeded: %d node groups of %d nodes exceed 500 nodes", shards, replicas+1)
	}
	return nil
}

// auroraVersion splits an offered aurora-postgresql version into major
// and minor. A major alone is offered too (pulumi-aws sdk/v6
// rds.ClusterArgs.EngineVersion: "The value can contain a partial version
// where supported by the API"; RDS then uses its default minor, taken
// here as the newest the oracle knows).
func auroraVersion(version string) (string, int, bool) {
	major, minor, dotted := strings.Cut(version, ".")
	minors := oracleAurora[major]
	if !dotted && len(minors) > 0 {
		return major, minors[len(minors)-1], true
	}
	n, err := strconv.Atoi(minor)
	return major, n, err == nil && slices.Contains(minors, n)
}

func auroraClusterEngineVersion(_ string, inputs resource.PropertyMap) []Failure {
	engine, _ := dataStr(inputs, "engine")
	version, set := dataStr(inputs, "engineVersion")
	if engine != "aurora-postgresql" || !set {
		return nil
	}
	if _, _, ok := auroraVersion(version); !ok {
		return dataFail("engineVersion", "InvalidParameterCombination: Cannot find version %s for aurora-postgresql", version)
	}
	return nil
}

func auroraInstanceClass(_ string, inputs resource.PropertyMap) []Failure {
	engine, _ := dataStr(inputs, "engine")
	version, vset := dataStr(inputs, "engineVersion")
	class, cset := dataStr(inputs, "instanceClass")
	if engine != "aurora-postgresql" || !vset || !cset {
		return nil
	}
	major, minor, ok := auroraVersion(version)
	if !ok {
		return nil // auroraClusterEngineVersion reports it on the cluster
	}
	if class == "db.serverless" {
		if first, on := oracleServerlessFirst[major]; on && minor >= first {
			return nil
		}
	}
	parts := strings.Split(class, ".")
	if len(parts) == 3 && parts[0] == "db" {
		if c, known := oracleAuroraClasses[parts[1]]; known && slices.Contains(strings.Fields(c.sizes), parts[2]) {
			if first, on := c.first[major]; on && minor >= first {
				return nil
			}
		}
	}
	return dataFail("instanceClass", "InvalidParameterCombination: RDS does not support creating a DB instance with the following combination: DBInstanceClass=%s, Engine=aurora-postgresql, EngineVersion=%s", class, version)
}

func auroraParamGroupFamily(_ string, inputs resource.PropertyMap) []Failure {
	family, set := dataStr(inputs, "family")
	major, isPG := strings.CutPrefix(family, "aurora-postgresql")
	if !set || !isPG {
		return nil
	}
	if _, ok := oracleAurora[major]; !ok {
		return dataFail("family", "InvalidParameterValue: ParameterGroupFamily %s is not a family AWS offers for a new cluster", family)
	}
	return nil
}
