package tests

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
	"github.com/webplatform-dev/webplatform/tooling/standin"
)

// dataOracleTypes are the data tier's resources the stand-in's data Combos
// (tooling/standin/combos_data.go) and rules check.
var dataOracleTypes = []string{dataTCluster, dataTInstance, dataTParams, dataTRG}

// assertDataPassesOracle: the stand-in (an independent copy of what AWS
// offers) refuses none of the registered data resources, and each cluster
// parameter group's family is the one of its cluster's engine version
// (two resources, so no single-resource Combo can check it).
func assertDataPassesOracle(t *testing.T, label string, g *mockgraph.Graph) {
	t.Helper()
	n := 0
	for _, typ := range dataOracleTypes {
		for _, r := range g.ByType(typ) {
			n++
			for _, f := range standin.Check(r.Type, r.Name, r.Inputs) {
				t.Errorf("%s: AWS would refuse %s %s: %s: %s", label, r.Type, r.Name, f.Property, f.Reason)
			}
		}
	}
	assert.NotZero(t, n, "%s: no data resources registered", label)
	clusters, groups := g.ByType(dataTCluster), g.ByType(dataTParams)
	if assert.Len(t, clusters, 1, label) && assert.Len(t, groups, 1, label) {
		c, pg := clusters[0], groups[0]
		assert.Equal(t, fmt.Sprint(pg.Output("name")), c.Str("dbClusterParameterGroupName"), label)
		major, _, _ := strings.Cut(c.Str("engineVersion"), ".")
		assert.Equal(t, "aurora-postgresql"+major, pg.Str("family"), "%s: the cluster parameter group's family is the one of the cluster's engine version", label)
	}
}

// TestCacheParameterGroupIsTheFamilyAWSNames is example 2 of issue 15:
// redis 6.2 built default.redis6, a group AWS does not have (the family
// is redis6.x), so CreateReplicationGroup failed after the network and the
// database existed. The name now derives from the catalog's family, with
// and without cluster mode; the oracle agrees.
func TestCacheParameterGroupIsTheFamilyAWSNames(t *testing.T) {
	for _, tc := range []struct {
		stack string
		edits []func(*stackconfig.Stack)
		want  string
	}{
		{"dev", edits(set("cacheEngine", "redis"), set("cacheEngineVersion", "6.2")), "default.redis6.x"},
		{"staging", edits(set("cacheEngine", "redis"), set("cacheEngineVersion", "6.2"), set("cacheShards", "2")), "default.redis6.x.cluster.on"},
		{"dev", edits(set("cacheEngine", "redis"), set("cacheEngineVersion", "7.1")), "default.redis7"},
		{"staging", edits(set("cacheEngineVersion", "8.1"), set("cacheShards", "3")), "default.valkey8.cluster.on"},
	} {
		g := harness.RunStack(t, tc.stack, tc.edits...)
		rgs := g.ByType(dataTRG)
		require.Len(t, rgs, 1)
		assert.Equal(t, tc.want, rgs[0].Str("parameterGroupName"), "%s %s", tc.stack, rgs[0].Str("engineVersion"))
		assertDataPassesOracle(t, tc.stack+" "+tc.want, g)
	}
}

// TestR6gdCacheTurnsDataTieringOn: AWS refuses a replication group of
// r6gd nodes without dataTieringEnabled; the program sets it from the
// node type, and only for r6gd.
func TestR6gdCacheTurnsDataTieringOn(t *testing.T) {
	for nodeType, want := range map[string]bool{"cache.r6gd.xlarge": true, "cache.r7g.large": false} {
		g := harness.RunStack(t, "staging", set("cacheNodeType", nodeType))
		rg := g.ByType(dataTRG)[0]
		assert.Equal(t, want, rg.Bool("dataTieringEnabled"), nodeType)
		assertDataPassesOracle(t, nodeType, g)
	}
}

// TestEveryStackDataTierPassesTheOracle runs every stack as configured.
func TestEveryStackDataTierPassesTheOracle(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		assertDataPassesOracle(t, stack, harness.RunStack(t, stack))
	}
}

// TestEveryCatalogEntryPassesTheOracle: every Aurora PostgreSQL version
// the program accepts (each with a different instance class type, so
// every type is used), every cache engine version (cluster mode on and
// off), and every node type family, deployed through the staging stack:
// the stand-in, with its own copy of AWS's offer, refuses none of the
// registered data resources. A catalog entry AWS does not offer, or a
// derived name (family, parameter group) AWS does not have, fails here.
func TestEveryCatalogEntryPassesTheOracle(t *testing.T) {
	var runs [][]func(*stackconfig.Stack)
	usedClass := map[string]bool{}
	i := 0
	for _, m := range catalog.AuroraPostgresMajors {
		for _, v := range m.Minors {
			classes := catalog.AuroraPostgresClasses(v)
			require.NotEmpty(t, classes, v)
			class := classes[(i*7)%len(classes)]
			i++
			usedClass[classType(class)] = true
			runs = append(runs, edits(set("dbEngineVersion", v), set("dbInstanceClass", class)))
		}
	}
	for _, f := range catalog.AuroraPostgresClassFamilies {
		if !usedClass[f.Type] {
			v := catalog.AuroraPostgresMajors[len(catalog.AuroraPostgresMajors)-2].Minors[len(catalog.AuroraPostgresMajors[len(catalog.AuroraPostgresMajors)-2].Minors)-1]
			runs = append(runs, edits(set("dbEngineVersion", v), set("dbInstanceClass", "db."+f.Type+"."+f.Sizes[0])))
		}
	}
	j := 0
	for _, engine := range []string{"valkey", "redis"} {
		for _, v := range catalog.CacheVersionsOf(engine) {
			if catalog.VersionLess(v, catalog.CacheEngineLogMinRedis.Value) && engine == "redis" {
				continue // refused: no engine log (catalogDataCases)
			}
			types := catalog.CacheNodeTypes(engine, v)
			shards := fmt.Sprint(1 + j%2)
			runs = append(runs, edits(set("cacheEngine", engine), set("cacheEngineVersion", v), set("cacheShards", shards), set("cacheNodeType", types[(j*11)%len(types)])))
			j++
		}
	}
	for _, f := range catalog.CacheNodeFamilies {
		runs = append(runs, edits(set("cacheNodeType", "cache."+f.Type+"."+f.Sizes[len(f.Sizes)-1])))
	}
	for _, e := range runs {
		s := harness.LoadStack(t, "staging")
		for _, edit := range e {
			edit(s)
		}
		label := fmt.Sprint(s.Config["webplatform:dbEngineVersion"], " ", s.Config["webplatform:dbInstanceClass"], " ", s.Config["webplatform:cacheEngine"], " ",
			s.Config["webplatform:cacheEngineVersion"], " ", s.Config["webplatform:cacheNodeType"], " shards ", s.Config["webplatform:cacheShards"])
		g, err := harness.RunConfig(s)
		if !assert.NoError(t, err, label) {
			continue
		}
		assertDataPassesOracle(t, label, g)
	}
	assert.GreaterOrEqual(t, len(runs), 50)
}

func classType(class string) string {
	parts := strings.Split(class, ".")
	return parts[1]
}

// TestDataCatalogEntriesCiteTheirSource: every entry of the data
// catalogs names its AWS page and the day it was read, every Aurora
// family is aurora-postgresql<major>, and the components' defaults are
// entries of the catalogs.
func TestDataCatalogEntriesCiteTheirSource(t *testing.T) {
	cited := func(what string, s catalog.Source) {
		assert.True(t, strings.HasPrefix(s.Ref, "https://docs.aws.amazon.com/"), "%s: source %q", what, s.Ref)
		read, err := time.Parse(time.DateOnly, s.Read)
		assert.NoError(t, err, "%s: read %q is not YYYY-MM-DD", what, s.Read)
		assert.True(t, read.Year() >= 2026, "%s: read %s, before this catalog was written", what, s.Read)
	}
	for _, m := range catalog.AuroraPostgresMajors {
		cited("aurora "+m.Major, m.Source)
		assert.Equal(t, "aurora-postgresql"+m.Major, m.Family)
		for _, v := range m.Minors {
			assert.True(t, strings.HasPrefix(v, m.Major+"."), v)
		}
	}
	for _, f := range catalog.AuroraPostgresClassFamilies {
		cited("aurora class "+f.Type, f.Source)
	}
	for _, v := range catalog.CacheEngineVersions {
		cited("cache "+v.Engine+" "+v.Version, v.Source)
		assert.True(t, strings.HasPrefix(v.Family, v.Engine), v.Family)
	}
	for _, f := range catalog.CacheNodeFamilies {
		cited("cache node "+f.Type, f.Source)
	}
	cited("cache engine log", catalog.CacheEngineLogMinRedis.Source)
	cited("cache nodes per cluster", catalog.CacheMaxNodesPerCluster.Source)
	cited("RDS windows", catalog.RDSWindows.Source)
	cited("ElastiCache windows", catalog.CacheWindows.Source)

	db := database.Settings{}.WithDefaults()
	assert.True(t, catalog.AuroraPostgresClassOffered(db.EngineVersion, db.InstanceClass), "database defaults %s %s", db.EngineVersion, db.InstanceClass)
	for _, engine := range cache.Engines {
		c := cache.Settings{Engine: engine}.WithDefaults()
		assert.True(t, catalog.CacheNodeTypeOffered(c.Engine, c.EngineVersion, c.NodeType), "cache defaults %s %s %s", c.Engine, c.EngineVersion, c.NodeType)
	}
}
