package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// DataConfig is the data tier's configuration: the settings of its three
// components (buildData wires them to the network and the DR region).
type DataConfig struct {
	Database database.Settings
	Cache    cache.Settings
	Storage  storage.Settings
}

// DataTier holds the data tier's components.
type DataTier struct {
	Database *database.Database
	Cache    *cache.Cache
	Storage  *storage.Storage
}

// loadData reads the data tier's config keys.
func (c *Config) loadData(l *loader) {
	db, ca, st := &c.Data.Database, &c.Data.Cache, &c.Data.Storage
	l.bool("allowDataDeletion", &db.AllowDeletion, &st.AllowDeletion)
	l.bool("protectData", &db.Protect, &ca.Protect, &st.Protect)
	l.count("dataLogRetentionDays", &db.LogRetentionDays, &ca.LogRetentionDays)
	l.str("dbEngineVersion", &db.EngineVersion)
	l.bool("dbAllowMajorVersionUpgrade", &db.AllowMajorVersionUpgrade)
	l.str("dbInstanceClass", &db.InstanceClass)
	l.strict("dbServerless", &db.Serverless, "an object such as {minAcu: 0, maxAcu: 4, autoPauseMinutes: 5}")
	l.count("dbInstances", &db.Instances)
	l.nonNegative("dbMaxReaders", &db.MaxReaders)
	l.count("dbReaderTargetCpu", &db.ReaderTargetCPU)
	l.count("dbBackupRetentionDays", &db.BackupRetentionDays)
	l.str("dbBackupWindow", &db.BackupWindow)
	l.str("dbMaintenanceWindow", &db.MaintenanceWindow)
	l.count("dbMonitoringInterval", &db.MonitoringInterval)
	l.str("dbSnapshotIdentifier", &db.SnapshotIdentifier)

	l.str("cacheEngine", &ca.Engine)
	l.str("cacheEngineVersion", &ca.EngineVersion)
	l.str("cacheNodeType", &ca.NodeType)
	l.count("cacheNodes", &ca.Nodes)
	l.count("cacheShards", &ca.Shards)
	l.bool("cacheMultiAz", &ca.MultiAZ)
	l.count("cacheSnapshotRetentionDays", &ca.SnapshotRetentionDays)
	l.str("cacheSnapshotWindow", &ca.SnapshotWindow)
	l.str("cacheMaintenanceWindow", &ca.MaintenanceWindow)

	l.count("s3NoncurrentVersionDays", &st.NoncurrentVersionDays)
	tiering := l.count("s3TieringAfterDays")
	st.TieringAfterDays = &tiering
	l.record("s3TieringAfterDays", &st.TieringAfterDays)
	l.count("s3LogRetentionDays", &st.LogRetentionDays)
	l.bool("s3Replicate", &st.Replicate)
	l.nonNegative("s3ReplicaLockDays", &st.ReplicaLockDays)
	// The CDN writes the assets bucket's policy (only its distribution
	// may read), so the storage component leaves it alone.
	st.ExternalAssetsPolicy = true
}

// validateData checks the data tier's config and the environment's policies for it.
func (c *Config) validateData(p *validate.Problems) {
	d := &c.Data
	db, ca, st := d.Database.WithDefaults(), d.Cache.WithDefaults(), d.Storage.WithDefaults()
	p.Merge("", c.rename(&d.Database, db.Validate()))
	p.Merge("", c.rename(&d.Cache, ca.Validate()))
	// Replicate needs the DR region's provider, which Run builds from
	// drRegion; drRegion is validated on its own.
	p.Merge("", c.rename(&d.Storage, st.Validate()))

	azs := c.Network.WithDefaults().AZCount
	if db.Instances > 1 && azs < 2 {
		p.Addf(c.key(&d.Database.Instances), "readers fail over to another AZ, but azCount is %d: use at least 2 AZs or a single instance", azs)
	}
	if ca.MultiAZ && azs < 2 {
		p.Addf(c.key(&d.Cache.MultiAZ), "Multi-AZ needs at least 2 AZs, got azCount %d", azs)
	}
	if c.Environment != Prod {
		return
	}
	if d.Database.AllowDeletion {
		p.Addf(c.key(&d.Database.AllowDeletion), "must be false in prod: databases keep deletion protection and a final snapshot, buckets refuse deletion while they hold objects")
	}
	if !d.Database.Protect {
		p.Addf(c.key(&d.Database.Protect), "must be true in prod: Pulumi must refuse to delete or replace the databases, caches and buckets")
	}
	if db.BackupRetentionDays < 7 {
		p.Addf(c.key(&d.Database.BackupRetentionDays), "prod keeps at least 7 days of point-in-time recovery, got %d (allowed 7 to 35)", db.BackupRetentionDays)
	}
	if !st.Replicate {
		p.Addf(c.key(&d.Storage.Replicate), "must be true in prod: user files are replicated to the DR region %s", c.DRRegion)
	}
	if st.ReplicaLockDays == 0 {
		p.Addf(c.key(&d.Storage.ReplicaLockDays), "must be at least 1 in prod: the DR replica is locked (S3 Object Lock, compliance mode) against malicious deletion")
	}
	if c.AllowReducedHA {
		return
	}
	if want := min(azs, 3); db.Instances < want {
		p.Addf(c.key(&d.Database.Instances), "prod needs an instance in each of %d AZs (a writer plus %d readers to fail over to), got %d (set %s: true to accept less)", want, want-1, db.Instances, c.key(&c.AllowReducedHA))
	}
	if !ca.MultiAZ || ca.Nodes < 2 {
		p.Addf(c.key(&d.Cache.MultiAZ), "prod needs Multi-AZ with automatic failover and cacheNodes >= 2, got cacheMultiAz %t, cacheNodes %d (set %s: true to accept less)", ca.MultiAZ, ca.Nodes, c.key(&c.AllowReducedHA))
	}
}

// buildData creates the data tier's components: storage first (its log
// bucket receives the others' logs), then the database and the cache in
// the isolated subnets, reachable only from the pods of the services that
// use them.
func buildData(ctx *pulumi.Context, p *Platform) error {
	c, t, net := p.Config, p.Data, p.Network
	var err error
	if t.Storage, err = storage.NewStorage(ctx, c.Name()+"-storage", &storage.StorageArgs{
		Settings: c.Data.Storage, Wiring: storage.Wiring{DRProvider: p.DRProvider},
	}); err != nil {
		return err
	}
	// The stores admit no one here: the workload admits the pods' security
	// groups of the services that use them (stacks.podNetwork).
	if t.Database, err = database.NewDatabase(ctx, c.Name()+"-db", &database.DatabaseArgs{
		Settings: c.Data.Database,
		Wiring:   database.Wiring{VpcId: net.VpcId, SubnetIds: net.IsolatedSubnetIds, AvailabilityZones: pulumi.ToStringArray(net.Zones)},
	}); err != nil {
		return err
	}
	if t.Cache, err = cache.NewCache(ctx, c.Name()+"-cache", &cache.CacheArgs{
		Settings: c.Data.Cache,
		Wiring:   cache.Wiring{VpcId: net.VpcId, SubnetIds: net.IsolatedSubnetIds, AvailabilityZones: pulumi.ToStringArray(net.Zones)},
	}); err != nil {
		return err
	}
	return nil
}

// databaseWiring lets the workload give each service its own IAM database
// user, created by a bootstrap Job that alone reads the master secret (nil
// without a data tier).
func databaseWiring(d *DataTier) *workload.DatabaseWiring {
	if d.Database == nil {
		return nil
	}
	return &workload.DatabaseWiring{
		ClusterResourceId: d.Database.ClusterResourceId, Endpoint: d.Database.WriterEndpoint, Port: database.Port,
		DatabaseName: database.DatabaseName, MasterSecretArn: d.Database.SecretArn, MasterSecretKeyArn: d.Database.KmsKeyArn,
	}
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
	db, ca, st := t.Database.Settings, t.Cache.Settings, t.Storage.Settings
	scaling := "fixed"
	if db.MaxReaders > 0 {
		scaling = fmt.Sprintf("autoscaling to %d readers at %d%% CPU", db.MaxReaders, db.ReaderTargetCPU)
	}
	mode := "cluster mode off"
	if ca.ClusterMode() {
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
