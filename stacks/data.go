package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// DataConfig is the data tier's configuration: the arguments of its three
// components, with the network inputs filled in by buildData.
type DataConfig struct {
	Database database.DatabaseArgs
	Cache    cache.CacheArgs
	Storage  storage.StorageArgs
}

// DataTier holds the data tier's components.
type DataTier struct {
	Database *database.Database
	Cache    *cache.Cache
	Storage  *storage.Storage
}

// Config keys of the data tier's component arguments.
var (
	dataDBKeys = map[string]string{
		"EngineVersion": "dbEngineVersion", "InstanceClass": "dbInstanceClass", "Instances": "dbInstances",
		"MaxReaders": "dbMaxReaders", "ReaderTargetCPU": "dbReaderTargetCpu",
		"BackupRetentionDays": "dbBackupRetentionDays", "BackupWindow": "dbBackupWindow",
		"MaintenanceWindow": "dbMaintenanceWindow", "MonitoringInterval": "dbMonitoringInterval",
		"LogRetentionDays": "dataLogRetentionDays", "SnapshotIdentifier": "dbSnapshotIdentifier",
	}
	dataCacheKeys = map[string]string{
		"Engine": "cacheEngine", "EngineVersion": "cacheEngineVersion", "NodeType": "cacheNodeType",
		"Nodes": "cacheNodes", "Shards": "cacheShards", "MultiAZ": "cacheMultiAz",
		"SnapshotRetentionDays": "cacheSnapshotRetentionDays", "SnapshotWindow": "cacheSnapshotWindow",
		"MaintenanceWindow": "cacheMaintenanceWindow", "LogRetentionDays": "dataLogRetentionDays",
	}
	dataStorageKeys = map[string]string{
		"NoncurrentVersionDays": "s3NoncurrentVersionDays", "TieringAfterDays": "s3TieringAfterDays",
		"LogRetentionDays": "s3LogRetentionDays", "Replicate": "s3Replicate", "DRProvider": "s3Replicate",
	}
)

// loadData reads the data tier's config keys.
func (c *Config) loadData(l *loader) {
	d := &c.Data
	del := l.bool("allowDataDeletion")
	protect := l.bool("protectData")
	logDays := l.count("dataLogRetentionDays")
	d.Database = database.DatabaseArgs{
		EngineVersion:       l.str("dbEngineVersion"),
		InstanceClass:       l.str("dbInstanceClass"),
		Instances:           l.count("dbInstances"),
		MaxReaders:          l.nonNegative("dbMaxReaders"),
		ReaderTargetCPU:     l.count("dbReaderTargetCpu"),
		BackupRetentionDays: l.count("dbBackupRetentionDays"),
		BackupWindow:        l.str("dbBackupWindow"),
		MaintenanceWindow:   l.str("dbMaintenanceWindow"),
		MonitoringInterval:  l.count("dbMonitoringInterval"),
		LogRetentionDays:    logDays,
		SnapshotIdentifier:  l.str("dbSnapshotIdentifier"),
		AllowDeletion:       del,
		Protect:             protect,
		Tags:                c.Tags(),
	}
	d.Cache = cache.CacheArgs{
		Engine:                l.str("cacheEngine"),
		EngineVersion:         l.str("cacheEngineVersion"),
		NodeType:              l.str("cacheNodeType"),
		Nodes:                 l.count("cacheNodes"),
		Shards:                l.count("cacheShards"),
		MultiAZ:               l.bool("cacheMultiAz"),
		SnapshotRetentionDays: l.count("cacheSnapshotRetentionDays"),
		SnapshotWindow:        l.str("cacheSnapshotWindow"),
		MaintenanceWindow:     l.str("cacheMaintenanceWindow"),
		LogRetentionDays:      logDays,
		Protect:               protect,
		Tags:                  c.Tags(),
	}
	d.Storage = storage.StorageArgs{
		NoncurrentVersionDays: l.count("s3NoncurrentVersionDays"),
		TieringAfterDays:      l.count("s3TieringAfterDays"),
		LogRetentionDays:      l.count("s3LogRetentionDays"),
		Replicate:             l.bool("s3Replicate"),
		// The CDN writes the assets bucket's policy (only its distribution
		// may read), so the storage component leaves it alone.
		ExternalAssetsPolicy: true,
		AllowDeletion:        del,
		Protect:              protect,
		Tags:                 c.Tags(),
	}
}

// validateData checks the data tier's config and the environment's policies for it.
func (c *Config) validateData(p *validate.Problems) {
	key := func(k string) string { return c.Project + ":" + k }
	d := c.Data
	db, ca, st := d.Database.WithDefaults(), d.Cache.WithDefaults(), d.Storage.WithDefaults()
	p.Merge("", validate.Rename(db.Validate(), prefixed(c.Project, dataDBKeys), key("database")))
	p.Merge("", validate.Rename(ca.Validate(), prefixed(c.Project, dataCacheKeys), key("cache")))
	st.DRProvider = &aws.Provider{} // built by Build from drRegion, which is validated on its own
	p.Merge("", validate.Rename(st.Validate(), prefixed(c.Project, dataStorageKeys), key("storage")))

	azs := c.Network.WithDefaults().AZCount
	if db.Instances > 1 && azs < 2 {
		p.Addf(key("dbInstances"), "readers fail over to another AZ, but azCount is %d: use at least 2 AZs or a single instance", azs)
	}
	if ca.MultiAZ && azs < 2 {
		p.Addf(key("cacheMultiAz"), "Multi-AZ needs at least 2 AZs, got azCount %d", azs)
	}
	if c.Environment != Prod {
		return
	}
	if d.Database.AllowDeletion {
		p.Addf(key("allowDataDeletion"), "must be false in prod: databases keep deletion protection and a final snapshot, buckets refuse deletion while they hold objects")
	}
	if !d.Database.Protect {
		p.Addf(key("protectData"), "must be true in prod: Pulumi must refuse to delete or replace the databases, caches and buckets")
	}
	if db.BackupRetentionDays < 7 {
		p.Addf(key("dbBackupRetentionDays"), "prod keeps at least 7 days of point-in-time recovery, got %d (allowed 7 to 35)", db.BackupRetentionDays)
	}
	if !st.Replicate {
		p.Addf(key("s3Replicate"), "must be true in prod: user files are replicated to the DR region %s", c.DRRegion)
	}
	if c.AllowReducedHA {
		return
	}
	if want := min(azs, 3); db.Instances < want {
		p.Addf(key("dbInstances"), "prod needs an instance in each of %d AZs (a writer plus %d readers to fail over to), got %d (set %s: true to accept less)", want, want-1, db.Instances, key("allowReducedHa"))
	}
	if !ca.MultiAZ || ca.Nodes < 2 {
		p.Addf(key("cacheMultiAz"), "prod needs Multi-AZ with automatic failover and cacheNodes >= 2, got cacheMultiAz %t, cacheNodes %d (set %s: true to accept less)", ca.MultiAZ, ca.Nodes, key("allowReducedHa"))
	}
}

// buildData creates the data tier's components: storage first (its log
// bucket receives the others' logs), then the database and the cache in
// the isolated subnets, reachable only from the application tier.
func buildData(ctx *pulumi.Context, p *Platform) error {
	c, t, net := p.Config, p.Data, p.Network
	var err error
	sa := c.Data.Storage
	sa.DRProvider = p.DRProvider
	if t.Storage, err = storage.NewStorage(ctx, c.Name()+"-storage", &sa); err != nil {
		return err
	}
	app := []pulumi.StringInput{net.AppSecurityGroupId}
	da := c.Data.Database
	da.VpcId, da.SubnetIds, da.AvailabilityZones, da.AllowedSecurityGroupIds = net.VpcId, net.IsolatedSubnetIds, net.Zones, app
	if t.Database, err = database.NewDatabase(ctx, c.Name()+"-db", &da); err != nil {
		return err
	}
	ca := c.Data.Cache
	ca.VpcId, ca.SubnetIds, ca.AvailabilityZones, ca.AllowedSecurityGroupIds = net.VpcId, net.IsolatedSubnetIds, net.Zones, app
	if t.Cache, err = cache.NewCache(ctx, c.Name()+"-cache", &ca); err != nil {
		return err
	}
	return nil
}

// outputs adds the data tier's stack outputs. Secret values never appear:
// the outputs name the secrets, not their contents.
func (t *DataTier) outputs(out map[string]pulumi.Input) {
	if t.Database == nil {
		return
	}
	out["dbWriterEndpoint"] = t.Database.WriterEndpoint
	out["dbReaderEndpoint"] = t.Database.ReaderEndpoint
	out["dbPort"] = t.Database.Port
	out["dbSecretArn"] = t.Database.SecretArn
	out["dbSecurityGroupId"] = t.Database.SecurityGroupId
	out["cachePrimaryEndpoint"] = t.Cache.PrimaryEndpoint
	out["cacheReaderEndpoint"] = t.Cache.ReaderEndpoint
	out["cachePort"] = t.Cache.Port
	out["cacheSecretArn"] = t.Cache.SecretArn
	out["cacheSecurityGroupId"] = t.Cache.SecurityGroupId
	out["filesBucketName"] = t.Storage.FilesBucketName
	out["assetsBucketName"] = t.Storage.AssetsBucketName
	out["logBucketName"] = t.Storage.LogBucketName
	out["filesReplicaBucketArn"] = t.Storage.ReplicaBucketArn
}

// summary lists the data tier's key settings for the offline plan.
func (t *DataTier) summary() []Setting {
	if t.Database == nil {
		return nil
	}
	db, ca, st := t.Database.Args, t.Cache.Args, t.Storage.Args
	scaling := "fixed"
	if db.MaxReaders > 0 {
		scaling = fmt.Sprintf("autoscaling to %d readers at %d%% CPU", db.MaxReaders, db.ReaderTargetCPU)
	}
	mode := "cluster mode off"
	if ca.Shards > 1 {
		mode = fmt.Sprintf("cluster mode, %d shards", ca.Shards)
	}
	return []Setting{
		{"data", "database", fmt.Sprintf("Aurora PostgreSQL %s, %d x %s (writer + %d readers, %s)", db.EngineVersion, db.Instances, db.InstanceClass, db.Instances-1, scaling)},
		{"data", "database backups", fmt.Sprintf("%d days point-in-time recovery, window %s", db.BackupRetentionDays, db.BackupWindow)},
		{"data", "database protection", fmt.Sprintf("deletion protection %t, final snapshot %t, pulumi protect %t", !db.AllowDeletion, !db.AllowDeletion, db.Protect)},
		{"data", "cache", fmt.Sprintf("%s %s, %d x %s per shard, %s, Multi-AZ failover %t", ca.Engine, ca.EngineVersion, ca.Nodes, ca.NodeType, mode, ca.MultiAZ)},
		{"data", "cache snapshots", fmt.Sprintf("%d days", ca.SnapshotRetentionDays)},
		{"data", "buckets", fmt.Sprintf("files, assets, logs; noncurrent versions %d days, logs %d days, DR replication %t", st.NoncurrentVersionDays, st.LogRetentionDays, st.Replicate)},
	}
}
