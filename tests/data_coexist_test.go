package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// dataInstance is one network + database + cache + storage in a program:
// name is the components' logical name, prefix their NamePrefix ("" for
// the default, the name).
type dataInstance struct {
	name, prefix string

	net *network.Network
	db  *database.Database
	ca  *cache.Cache
	st  *storage.Storage
}

// orDefault is prefix+suffix, or "" (the default) without a prefix.
func (d *dataInstance) orDefault(suffix string) string {
	if d.prefix == "" {
		return ""
	}
	return d.prefix + suffix
}

// build creates the instance's four components, the data stores wired to
// its network, the files replicated through dr.
func (d *dataInstance) build(ctx *pulumi.Context, dr *aws.Provider) error {
	var err error
	if d.net, err = network.NewNetwork(ctx, d.name+"-net", &network.NetworkArgs{Settings: network.Settings{
		NamePrefix: d.orDefault("-net"), AZCount: 2, NatStrategy: network.NatSingle, InterfaceEndpoints: []string{"sts"}, Tags: unitTags,
	}}); err != nil {
		return err
	}
	app := []pulumi.StringInput{pulumi.String("sg-clients")}
	if d.db, err = database.NewDatabase(ctx, d.name+"-db", &database.DatabaseArgs{
		Settings: database.Settings{NamePrefix: d.orDefault("-db"), MaxReaders: 3, Tags: unitTags},
		Wiring:   database.Wiring{VpcId: d.net.VpcId, SubnetIds: d.net.IsolatedSubnetIds, AvailabilityZones: pulumi.ToStringArray(d.net.Zones), AllowedSecurityGroupIds: app},
	}); err != nil {
		return err
	}
	if d.ca, err = cache.NewCache(ctx, d.name+"-cache", &cache.CacheArgs{
		Settings: cache.Settings{NamePrefix: d.orDefault("-cache"), MultiAZ: true, Tags: unitTags},
		Wiring:   cache.Wiring{VpcId: d.net.VpcId, SubnetIds: d.net.IsolatedSubnetIds, AvailabilityZones: pulumi.ToStringArray(d.net.Zones), AllowedSecurityGroupIds: app},
	}); err != nil {
		return err
	}
	d.st, err = storage.NewStorage(ctx, d.name+"-st", &storage.StorageArgs{
		Settings: storage.Settings{NamePrefix: d.orDefault("-st"), Replicate: true, Tags: unitTags},
		Wiring:   storage.Wiring{DRProvider: dr},
	})
	return err
}

// runDataInstances builds every instance in one mock program.
func runDataInstances(t *testing.T, instances ...*dataInstance) (*mockgraph.Graph, error) {
	t.Helper()
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
		if err != nil {
			return err
		}
		for _, d := range instances {
			if err := d.build(ctx, dr); err != nil {
				return err
			}
		}
		return nil
	})
}

// bucketPrefixes are the bucket name prefixes of g (a physical name the
// shared checker does not read: S3 completes it with a random suffix, so
// two equal prefixes do not fail a deployment but do mix up two
// instances' buckets).
func bucketPrefixes(g *mockgraph.Graph) []string {
	var out []string
	for _, b := range g.ByType(dataTBucket) {
		out = append(out, b.Str("bucketPrefix"))
	}
	return out
}

func TestDataTierTwoInstancesCoexist(t *testing.T) {
	g, err := runDataInstances(t, &dataInstance{name: "blue"}, &dataInstance{name: "green"})
	require.NoError(t, err)
	assert.Greater(t, assertNoPhysicalNameCollisions(t, g), 30, "names compared")
	prefixes := bucketPrefixes(g)
	assert.Len(t, prefixes, 8, "files, assets, logs and the DR replica, twice")
	seen := map[string]bool{}
	for _, p := range prefixes {
		assert.False(t, seen[p], "two buckets share the prefix %q", p)
		seen[p] = true
	}
	assert.Len(t, g.ByType(tVpc), 2)
	assert.Len(t, g.ByType(dataTCluster), 2)
	assert.Len(t, g.ByType(dataTRG), 2)
}

// Two instances given one NamePrefix clash: the prefix, not the logical
// name, is what the physical names follow.
func TestDataTierOneNamePrefixTwiceCollides(t *testing.T) {
	g, err := runDataInstances(t, &dataInstance{name: "a", prefix: "shared"}, &dataInstance{name: "b", prefix: "shared"})
	require.NoError(t, err, "the logical names differ, so Pulumi accepts the program")
	dups, _ := physicalNameCollisions(g.All())
	joined := strings.Join(dups, "\n")
	for _, want := range []string{
		"clusterIdentifier=shared-db", "replicationGroupId=shared-cache", "name=/aws/vpc/flow-logs/shared-net",
		"name=alias/shared-st-files", "namePrefix=shared-cache-auth-",
	} {
		assert.Contains(t, joined, want)
	}
}

func TestDataTierNamePrefixSetsEveryPhysicalName(t *testing.T) {
	d := &dataInstance{name: "logical", prefix: "phys"}
	g, err := runDataInstances(t, d)
	require.NoError(t, err)
	checked := 0
	for _, r := range customResources(g) {
		id := identity(r)
		if id == "" || strings.HasPrefix(id, "bucket=") { // "bucket" of a bucket's configuration is a reference
			continue
		}
		checked++
		assert.Contains(t, id, "phys", "%s", r.URN)
		assert.NotContains(t, id, "logical", "%s: a physical name follows the logical name, not NamePrefix", r.URN)
	}
	assert.Greater(t, checked, 10)
	for _, p := range bucketPrefixes(g) {
		assert.True(t, strings.HasPrefix(p, "phys-st-"), "bucket prefix %q", p)
	}

	// What callers read instead of rebuilding the names.
	c := edgeOne(t, g, dataTCluster)
	assert.Equal(t, "phys-db", d.db.Identifier)
	assert.Equal(t, d.db.Identifier, c.Str("clusterIdentifier"))
	var ids []string
	for _, in := range g.ByType(dataTInstance) {
		ids = append(ids, in.Str("identifier"))
	}
	assert.ElementsMatch(t, d.db.InstanceIdentifiers, ids)
	assert.Equal(t, "phys-cache", d.ca.GroupId)
	assert.Equal(t, d.ca.GroupId, edgeOne(t, g, dataTRG).Str("replicationGroupId"))
	for kind, name := range d.ca.LogGroupNames {
		assert.NotNil(t, g.Named(tLogGroup, "logical-cache-"+kind), kind)
		assert.Equal(t, name, g.Named(tLogGroup, "logical-cache-"+kind).Str("name"), kind)
	}
	assert.Equal(t, "phys-st", d.st.Prefix)
	for kind, prefix := range d.st.AccessLogPrefixes {
		b := g.Named(dataTBucket, "logical-st-"+kind)
		require.NotNil(t, b, kind)
		assert.Equal(t, prefix, dataBucketConfig(t, g, dataTLogging, b).Str("targetPrefix"), kind)
	}
	assert.Equal(t, "/aws/vpc/flow-logs/phys-net", g.Named(tLogGroup, "logical-net-flow-logs").Str("name"))
}
