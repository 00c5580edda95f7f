package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens of the data tier.
const (
	dataTCluster     = "aws:rds/cluster:Cluster"
	dataTInstance    = "aws:rds/clusterInstance:ClusterInstance"
	dataTParams      = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
	dataTRG          = "aws:elasticache/replicationGroup:ReplicationGroup"
	dataTBucket      = "aws:s3/bucketV2:BucketV2"
	dataTSSE         = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	dataTPAB         = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	dataTOwnership   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	dataTVersioning  = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	dataTLifecycle   = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	dataTLogging     = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	dataTPolicy      = "aws:s3/bucketPolicy:BucketPolicy"
	dataTReplication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	dataTSecret      = "aws:secretsmanager/secret:Secret"
	dataTSecretVer   = "aws:secretsmanager/secretVersion:SecretVersion"
	dataTPassword    = "random:index/randomPassword:RandomPassword"
)

// dataUnitsCases adds this file's cases to the shared tables (see cases).
func dataUnitsCases(c *testCases) {
	c.untaggable[dataTSecretVer] = secretsmanager.SecretVersionArgs{}
	c.untaggable[dataTSSE] = s3.BucketServerSideEncryptionConfigurationV2Args{}
	c.untaggable[dataTPAB] = s3.BucketPublicAccessBlockArgs{}
	c.untaggable[tObjectLock] = s3.BucketObjectLockConfigurationV2Args{}
	c.untaggable[dataTOwnership] = s3.BucketOwnershipControlsArgs{}
	c.untaggable[dataTVersioning] = s3.BucketVersioningV2Args{}
	c.untaggable[dataTLifecycle] = s3.BucketLifecycleConfigurationV2Args{}
	c.untaggable[dataTLogging] = s3.BucketLoggingV2Args{}
	c.untaggable[dataTReplication] = s3.BucketReplicationConfigArgs{}
	c.untaggable["aws:appautoscaling/policy:Policy"] = appautoscaling.PolicyArgs{}
}

// dataWiring are the network inputs every data store needs in unit tests.
func dataWiring() (pulumi.StringInput, pulumi.StringArrayInput, []pulumi.StringInput) {
	return pulumi.String("vpc-1"), pulumi.ToStringArray([]string{"subnet-a", "subnet-b", "subnet-c"}), []pulumi.StringInput{pulumi.String("sg-app")}
}

// runDatabase runs a Database "shop-db" of settings s, wired to the unit
// test network and, when given, zones.
func runDatabase(t *testing.T, s database.Settings, zones ...string) (*mockgraph.Graph, error) {
	t.Helper()
	a := database.DatabaseArgs{Settings: s}
	a.VpcId, a.SubnetIds, a.AllowedSecurityGroupIds = dataWiring()
	if len(zones) > 0 {
		a.AvailabilityZones = pulumi.ToStringArray(zones)
	}
	if a.Tags == nil {
		a.Tags = unitTags
	}
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := database.NewDatabase(ctx, "shop-db", &a)
		return err
	})
}

func TestDataDatabaseProdLike(t *testing.T) {
	g, err := runDatabase(t, database.Settings{Instances: 3, MaxReaders: 6, BackupRetentionDays: 35, Protect: true},
		"eu-west-1a", "eu-west-1b", "eu-west-1c")
	require.NoError(t, err)
	c := edgeOne(t, g, dataTCluster)
	key := edgeOne(t, g, tKmsKey)
	assert.True(t, c.Bool("storageEncrypted"))
	assert.Equal(t, key.Output("arn"), c.Str("kmsKeyId"), "storage under the component's CMK")
	assert.Equal(t, key.Output("arn"), c.Str("masterUserSecretKmsKeyId"), "credentials secret under the CMK")
	assert.True(t, c.Bool("manageMasterUserPassword"), "RDS manages the password in Secrets Manager")
	assert.False(t, c.Has("masterPassword"), "no password in the program or state")
	assert.True(t, c.Bool("iamDatabaseAuthenticationEnabled"))
	assert.Equal(t, 35, c.Int("backupRetentionPeriod"))
	assert.True(t, c.Bool("copyTagsToSnapshot"))
	assert.True(t, c.Bool("deletionProtection"))
	assert.False(t, c.Bool("skipFinalSnapshot"))
	assert.NotEmpty(t, c.Str("finalSnapshotIdentifier"))
	assert.Equal(t, []string{"postgresql"}, c.Strings("enabledCloudwatchLogsExports"))
	assert.True(t, c.Protect && c.RetainOnDelete, "protect + retain on delete when asked")
	assert.Equal(t, "true", c.Tags()["backup"], "selected by the backup plan")

	params := edgeOne(t, g, dataTParams)
	assert.Equal(t, "aurora-postgresql16", params.Str("family"))
	var forceSSL bool
	for _, p := range params.List("parameters") {
		m := edgeObj(t, p)
		forceSSL = forceSSL || (m["name"] == "rds.force_ssl" && m["value"] == "1")
	}
	assert.True(t, forceSSL, "rds.force_ssl=1")

	instances := g.ByType(dataTInstance)
	require.Len(t, instances, 3)
	zones := map[string]bool{}
	tiers := map[int]bool{}
	for _, in := range instances {
		assert.False(t, in.Bool("publiclyAccessible"), in.Name)
		assert.True(t, in.Bool("performanceInsightsEnabled"), in.Name)
		assert.Equal(t, key.Output("arn"), in.Str("performanceInsightsKmsKeyId"), in.Name)
		assert.Equal(t, 60, in.Int("monitoringInterval"), in.Name)
		assert.NotEmpty(t, in.Str("monitoringRoleArn"), in.Name)
		assert.True(t, in.Bool("autoMinorVersionUpgrade"), in.Name)
		assert.True(t, in.Protect, "%s protected", in.Name)
		zones[in.Str("availabilityZone")] = true
		tiers[in.Int("promotionTier")] = true
	}
	assert.Len(t, zones, 3, "writer and readers in three AZs")
	assert.Len(t, tiers, 3, "distinct promotion tiers, so failover order is defined")

	target := edgeOne(t, g, "aws:appautoscaling/target:Target")
	assert.Equal(t, 2, target.Int("minCapacity"), "the fixed readers are the floor")
	assert.Equal(t, 6, target.Int("maxCapacity"))
	assert.Equal(t, "rds:cluster:ReadReplicaCount", target.Str("scalableDimension"))

	lg := edgeOne(t, g, tLogGroup)
	assert.Equal(t, "/aws/rds/cluster/shop-db/postgresql", lg.Str("name"), "the group RDS exports to")
	assert.Equal(t, key.Output("arn"), lg.Str("kmsKeyId"))
	assert.True(t, c.DependsOn(lg), "the log group exists before RDS would create it without retention")
}

func TestDataDatabaseDevLike(t *testing.T) {
	g, err := runDatabase(t, database.Settings{Instances: 1, InstanceClass: "db.t4g.medium", BackupRetentionDays: 1, AllowDeletion: true})
	require.NoError(t, err)
	c := edgeOne(t, g, dataTCluster)
	assert.False(t, c.Bool("deletionProtection"))
	assert.True(t, c.Bool("skipFinalSnapshot"))
	assert.False(t, c.Protect)
	assert.Len(t, g.ByType(dataTInstance), 1)
	assert.Empty(t, g.ByType("aws:appautoscaling/target:Target"), "no reader autoscaling without readers")
}

func TestDataDatabaseSecurityGroupAdmitsOnlyTheAppTier(t *testing.T) {
	g, err := runDatabase(t, database.Settings{})
	require.NoError(t, err)
	sg := edgeOne(t, g, tSG)
	assert.Empty(t, sg.List("ingress"), "no inline rules: clients are rule resources")
	rules := g.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
	require.Len(t, rules, 1)
	rule := rules[0]
	assert.Equal(t, mockID(sg), rule.Str("securityGroupId"))
	assert.Equal(t, "sg-app", rule.Str("referencedSecurityGroupId"))
	assert.Equal(t, 5432, rule.Int("fromPort"))
	assert.Equal(t, 5432, rule.Int("toPort"))
	assert.False(t, rule.Has("cidrIpv4"), "no CIDR source")
	assert.Empty(t, sg.List("egress"), "a data store opens no connections")
}

// runCache runs a Cache "shop-cache" of settings s, wired to the unit test
// network and, when given, zones.
func runCache(t *testing.T, s cache.Settings, zones ...string) (*mockgraph.Graph, error) {
	t.Helper()
	a := cache.CacheArgs{Settings: s}
	a.VpcId, a.SubnetIds, a.AllowedSecurityGroupIds = dataWiring()
	if len(zones) > 0 {
		a.AvailabilityZones = pulumi.ToStringArray(zones)
	}
	if a.Tags == nil {
		a.Tags = unitTags
	}
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := cache.NewCache(ctx, "shop-cache", &a)
		return err
	})
}

func TestDataCacheProdLike(t *testing.T) {
	g, err := runCache(t, cache.Settings{Nodes: 3, MultiAZ: true, Protect: true}, "eu-west-1a", "eu-west-1b", "eu-west-1c")
	require.NoError(t, err)
	rg := edgeOne(t, g, dataTRG)
	key := edgeOne(t, g, tKmsKey)
	assert.True(t, rg.Bool("automaticFailoverEnabled"))
	assert.True(t, rg.Bool("multiAzEnabled"))
	assert.Equal(t, 3, rg.Int("numCacheClusters"))
	assert.Equal(t, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, rg.Strings("preferredCacheClusterAzs"), "replicas in other AZs than the primary")
	assert.True(t, rg.Bool("atRestEncryptionEnabled"))
	assert.Equal(t, key.Output("arn"), rg.Str("kmsKeyId"))
	assert.True(t, rg.Bool("transitEncryptionEnabled"))
	assert.Equal(t, "required", rg.Str("transitEncryptionMode"))
	assert.True(t, rg.IsSecret("authToken"), "the AUTH token is a secret in state")
	assert.True(t, rg.Protect && rg.RetainOnDelete)
	assert.Equal(t, "valkey", rg.Str("engine"))
	assert.Equal(t, "default.valkey8", rg.Str("parameterGroupName"))
	kinds := map[string]bool{}
	for _, l := range rg.List("logDeliveryConfigurations") {
		kinds[edgeObj(t, l)["logType"].(string)] = true
	}
	assert.Equal(t, map[string]bool{"engine-log": true, "slow-log": true}, kinds)

	pw := edgeOne(t, g, dataTPassword)
	assert.GreaterOrEqual(t, pw.Int("length"), 16, "ElastiCache needs 16-128 characters")
	assert.LessOrEqual(t, pw.Int("length"), 128)
	for _, c := range pw.Str("overrideSpecial") {
		assert.NotContains(t, `"/@ `, string(c), "ElastiCache forbids %q in AUTH tokens", c)
	}
	secret := edgeOne(t, g, dataTSecret)
	assert.Equal(t, key.Output("arn"), secret.Str("kmsKeyId"))
	assert.True(t, edgeOne(t, g, dataTSecretVer).IsSecret("secretString"))
}

func TestDataCacheClusterModeAndDevNode(t *testing.T) {
	g, err := runCache(t, cache.Settings{Nodes: 2, Shards: 3, MultiAZ: true})
	require.NoError(t, err)
	rg := edgeOne(t, g, dataTRG)
	assert.Equal(t, "enabled", rg.Str("clusterMode"))
	assert.Equal(t, 3, rg.Int("numNodeGroups"))
	assert.Equal(t, 1, rg.Int("replicasPerNodeGroup"))
	assert.Equal(t, "default.valkey8.cluster.on", rg.Str("parameterGroupName"))

	g, err = runCache(t, cache.Settings{Nodes: 1, NodeType: "cache.t4g.small"})
	require.NoError(t, err)
	rg = edgeOne(t, g, dataTRG)
	assert.False(t, rg.Bool("automaticFailoverEnabled"))
	assert.Equal(t, 1, rg.Int("numCacheClusters"))
}

// runStorage runs a Storage "shop-st" of settings s; replicate turns on
// Replicate with a DR provider (s.Replicate alone leaves the provider out).
func runStorage(t *testing.T, s storage.Settings, replicate bool) (*mockgraph.Graph, error) {
	t.Helper()
	a := storage.StorageArgs{Settings: s}
	if a.Tags == nil {
		a.Tags = unitTags
	}
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		if replicate {
			dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
			if err != nil {
				return err
			}
			a.Replicate, a.DRProvider = true, dr
		}
		_, err := storage.NewStorage(ctx, "shop-st", &a)
		return err
	})
}

// dataBucketConfig returns the resource of a type that configures bucket b.
func dataBucketConfig(t *testing.T, g *mockgraph.Graph, token string, b *mockgraph.Resource) *mockgraph.Resource {
	t.Helper()
	for _, r := range g.ByType(token) {
		if r.Str("bucket") == mockID(b) {
			return r
		}
	}
	return nil
}

func dataPolicyDoc(t *testing.T, r *mockgraph.Resource) awsutil.PolicyDocument {
	t.Helper()
	var doc awsutil.PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(r.Str("policy")), &doc), r.Name)
	return doc
}

func TestDataStorageBucketsAreLockedDown(t *testing.T) {
	g, err := runStorage(t, storage.Settings{}, false)
	require.NoError(t, err)
	buckets := g.ByType(dataTBucket)
	require.Len(t, buckets, 3, "files, assets, logs")
	for _, b := range buckets {
		pab := dataBucketConfig(t, g, dataTPAB, b)
		require.NotNil(t, pab, "%s public access block", b.Name)
		for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			assert.True(t, pab.Bool(k), "%s %s", b.Name, k)
		}
		v := dataBucketConfig(t, g, dataTVersioning, b)
		require.NotNil(t, v, b.Name)
		assert.Equal(t, "Enabled", v.Str("versioningConfiguration.status"), b.Name)
		lc := dataBucketConfig(t, g, dataTLifecycle, b)
		require.NotNil(t, lc, b.Name)
		ids := map[string]map[string]any{}
		for _, r := range lc.List("rules") {
			m := edgeObj(t, r)
			ids[m["id"].(string)] = m
		}
		assert.Contains(t, ids, "abort-incomplete-uploads", b.Name)
		assert.Equal(t, float64(storage.Settings{}.WithDefaults().NoncurrentVersionDays), ids["expire-noncurrent-versions"]["noncurrentVersionExpiration"].(map[string]any)["noncurrentDays"], b.Name)
		policy := dataBucketConfig(t, g, dataTPolicy, b)
		require.NotNil(t, policy, "%s has a TLS-only policy when nobody else writes it", b.Name)
		doc := dataPolicyDoc(t, policy)
		assert.Equal(t, "DenyInsecureTransport", doc.Statement[0].Sid, b.Name)
		for _, st := range doc.Statement {
			if st.Effect == "Allow" {
				assert.NotEqual(t, "*", st.Principal["AWS"], "%s %s grants to everyone", b.Name, st.Sid)
				assert.True(t, st.Principal["Service"] != nil || st.Principal["AWS"] != nil, "%s %s names its principal", b.Name, st.Sid)
			}
		}
		sse := dataBucketConfig(t, g, dataTSSE, b)
		require.NotNil(t, sse, b.Name)
		own := dataBucketConfig(t, g, dataTOwnership, b)
		require.NotNil(t, own, b.Name)
		switch {
		case strings.HasSuffix(b.Name, "-logs"):
			// Documented exception: ALB logs need SSE-S3, CloudFront logs ACLs.
			assert.Equal(t, "AES256", sse.Str("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"))
			assert.Equal(t, "BucketOwnerPreferred", own.Str("rule.objectOwnership"))
			assert.Nil(t, dataBucketConfig(t, g, dataTLogging, b), "the log bucket does not log into itself")
			assert.Contains(t, ids, "expire-objects")
		default:
			assert.Equal(t, "aws:kms", sse.Str("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"), b.Name)
			keyArn := sse.Str("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId")
			key := g.Filter(func(r *mockgraph.Resource) bool { return r.Type == tKmsKey && r.Output("arn") == keyArn })
			assert.Len(t, key, 1, "%s is encrypted with a CMK of the component", b.Name)
			assert.True(t, sse.Bool("rules.0.bucketKeyEnabled"), b.Name)
			assert.Equal(t, "BucketOwnerEnforced", own.Str("rule.objectOwnership"), "%s: ACLs off", b.Name)
			lg := dataBucketConfig(t, g, dataTLogging, b)
			require.NotNil(t, lg, "%s access logging", b.Name)
			assert.Equal(t, mockID(g.Named(dataTBucket, "shop-st-logs")), lg.Str("targetBucket"))
			assert.Contains(t, ids, "intelligent-tiering", b.Name)
		}
	}
	assert.Equal(t, "true", g.Named(dataTBucket, "shop-st-files").Tags()["backup"], "files are backed up")
	assert.Empty(t, g.ByType(dataTReplication), "replication is opt-in")
}

func TestDataStorageLogBucketAdmitsOnlyThisAccountsLogDelivery(t *testing.T) {
	g, err := runStorage(t, storage.Settings{}, false)
	require.NoError(t, err)
	doc := dataPolicyDoc(t, dataBucketConfig(t, g, dataTPolicy, g.Named(dataTBucket, "shop-st-logs")))
	sids := map[string]bool{}
	for _, st := range doc.Statement {
		sids[st.Sid] = true
		if st.Sid == "ALBAccessLogs" {
			assert.Equal(t, "arn:aws:iam::156460612806:root", st.Principal["AWS"], "eu-west-1's ELB account")
			assert.Contains(t, st.Resource, "/AWSLogs/"+mockgraph.Account+"/", "only this account's log path")
		}
		if st.Sid == "CloudTrailWrite" {
			assert.Contains(t, st.Resource, "/"+storage.CloudTrailPrefix+"/AWSLogs/"+mockgraph.Account+"/")
		}
	}
	for _, sid := range []string{"DenyInsecureTransport", "S3ServerAccessLogs", "ALBAccessLogs", "CloudTrailAclCheck", "CloudTrailWrite"} {
		assert.True(t, sids[sid], "log bucket policy lacks %s", sid)
	}
}

func TestDataStorageExternalAssetsPolicyIsLeftToTheCaller(t *testing.T) {
	g, err := runStorage(t, storage.Settings{ExternalAssetsPolicy: true}, false)
	require.NoError(t, err)
	assert.Nil(t, dataBucketConfig(t, g, dataTPolicy, g.Named(dataTBucket, "shop-st-assets")),
		"two writers of one bucket policy would overwrite each other")
	assert.NotNil(t, dataBucketConfig(t, g, dataTPolicy, g.Named(dataTBucket, "shop-st-files")))
}

func TestDataStorageReplicatesFilesToTheDRRegion(t *testing.T) {
	g, err := runStorage(t, storage.Settings{Protect: true}, true)
	require.NoError(t, err)
	files, replica := g.Named(dataTBucket, "shop-st-files"), g.Named(dataTBucket, "shop-st-files-dr")
	require.NotNil(t, replica)
	assert.Equal(t, "eu-central-1", g.ProviderOf(replica).Str("region"), "replica in the DR region")
	assert.True(t, files.Protect && replica.Protect, "files and replica protected")
	drKey := g.Named(tKmsKey, "shop-st-files-dr")
	require.NotNil(t, drKey)
	assert.Equal(t, "eu-central-1", g.ProviderOf(drKey).Str("region"), "the replica's key lives in the DR region")
	assert.Equal(t, drKey.Output("arn"), dataBucketConfig(t, g, dataTSSE, replica).Str("rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId"))
	rep := edgeOne(t, g, dataTReplication)
	assert.Equal(t, mockID(files), rep.Str("bucket"))
	assert.Equal(t, replica.Output("arn"), rep.Str("rules.0.destination.bucket"))
	assert.Equal(t, drKey.Output("arn"), rep.Str("rules.0.destination.encryptionConfiguration.replicaKmsKeyId"))
	assert.Equal(t, "Enabled", rep.Str("rules.0.sourceSelectionCriteria.sseKmsEncryptedObjects.status"), "KMS objects replicate")
	assert.Equal(t, "Disabled", rep.Str("rules.0.deleteMarkerReplication.status"), "a delete in the source never hides the DR copy")
	assert.True(t, rep.DependsOn(dataBucketConfig(t, g, dataTVersioning, files)), "replication needs versioning first")

	doc := storage.ReplicationPolicy("arn:src", "arn:dst", "arn:k1", "arn:k2")
	for _, st := range doc.Statement {
		assert.NotEqual(t, "*", st.Resource, "%s: replication role scoped to its buckets and keys", st.Sid)
	}
}

func TestDataComponentsRejectInvalidArgsBeforeAnyResource(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T) (*mockgraph.Graph, error)
		want string
	}{
		{"db engine major unknown", func(t *testing.T) (*mockgraph.Graph, error) {
			return runDatabase(t, database.Settings{EngineVersion: "12.4"})
		}, "EngineVersion: major version must be one of 14, 15, 16, 17"},
		{"db instance family unknown", func(t *testing.T) (*mockgraph.Graph, error) {
			return runDatabase(t, database.Settings{InstanceClass: "db.m1.small"})
		}, "InstanceClass: must be db.<family>.<size>"},
		{"db retention above 35", func(t *testing.T) (*mockgraph.Graph, error) {
			return runDatabase(t, database.Settings{BackupRetentionDays: 40})
		}, "BackupRetentionDays: must be between 1 and 35, got 40"},
		{"db autoscaling without a reader", func(t *testing.T) (*mockgraph.Graph, error) {
			return runDatabase(t, database.Settings{Instances: 1, MaxReaders: 3})
		}, "MaxReaders: reader autoscaling needs at least one fixed reader"},
		{"db window malformed", func(t *testing.T) (*mockgraph.Graph, error) {
			return runDatabase(t, database.Settings{BackupWindow: "2am"})
		}, "BackupWindow: must be hh:mm-hh:mm"},
		{"cache failover with one node", func(t *testing.T) (*mockgraph.Graph, error) {
			return runCache(t, cache.Settings{Nodes: 1, MultiAZ: true})
		}, "MultiAZ: automatic failover needs a replica"},
		{"cache node family unknown", func(t *testing.T) (*mockgraph.Graph, error) {
			return runCache(t, cache.Settings{NodeType: "cache.x9.large"})
		}, "NodeType: must be cache.<family>.<size> with family one of"},
		{"cache redis version for valkey", func(t *testing.T) (*mockgraph.Graph, error) {
			return runCache(t, cache.Settings{EngineVersion: "6.2"})
		}, "EngineVersion: for valkey must be one of 7.2, 8.0, 8.1"},
		{"cache shards without failover", func(t *testing.T) (*mockgraph.Graph, error) {
			return runCache(t, cache.Settings{Shards: 2, Nodes: 2})
		}, "MultiAZ: cluster mode (Shards 2) requires automatic failover"},
		{"storage replicate without provider", func(t *testing.T) (*mockgraph.Graph, error) {
			return runStorage(t, storage.Settings{Replicate: true}, false)
		}, "DRProvider: is required when Replicate is true"},
		{"storage tiering days negative", func(t *testing.T) (*mockgraph.Graph, error) {
			return runStorage(t, storage.Settings{TieringAfterDays: defaults.Of(-1)}, false)
		}, "TieringAfterDays: must be between 0 and 3650, got -1"},
		{"db name prefix not an identifier", func(t *testing.T) (*mockgraph.Graph, error) {
			return runDatabase(t, database.Settings{NamePrefix: "1db"})
		}, "NamePrefix: must be an RDS identifier prefix"},
		{"cache name prefix upper case", func(t *testing.T) (*mockgraph.Graph, error) {
			return runCache(t, cache.Settings{NamePrefix: "Shop-Cache"})
		}, "NamePrefix: must be a replication group id"},
		{"cache name prefix too long", func(t *testing.T) (*mockgraph.Graph, error) {
			return runCache(t, cache.Settings{NamePrefix: strings.Repeat("c", 41)})
		}, "NamePrefix: must be a replication group id"},
		{"storage name prefix too long for a bucket prefix", func(t *testing.T) (*mockgraph.Graph, error) {
			return runStorage(t, storage.Settings{NamePrefix: strings.Repeat("s", 28)}, false)
		}, "NamePrefix: must be lower-case letters"},
		{"storage noncurrent days out of range", func(t *testing.T) (*mockgraph.Graph, error) {
			return runStorage(t, storage.Settings{NoncurrentVersionDays: 4000}, false)
		}, "NoncurrentVersionDays: must be between 1 and 3650"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := c.run(t)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, customResources(g), "nothing registered for invalid args")
		})
	}
}

// TieringAfterDays 0 (Intelligent-Tiering on upload, which S3 accepts) is
// kept; unset is the documented 30. Before it was a pointer, 0 became 30.
func TestDataStorageKeepsTieringAfterZeroDays(t *testing.T) {
	for _, c := range []struct {
		days *int
		want float64
	}{{nil, 30}, {defaults.Of(0), 0}, {defaults.Of(90), 90}} {
		g, err := runStorage(t, storage.Settings{TieringAfterDays: c.days}, false)
		require.NoError(t, err)
		for _, bucket := range []string{"shop-st-files", "shop-st-assets"} {
			lc := dataBucketConfig(t, g, dataTLifecycle, g.Named(dataTBucket, bucket))
			require.NotNil(t, lc, bucket)
			var days any
			for _, r := range lc.List("rules") {
				if m := edgeObj(t, r); m["id"] == "intelligent-tiering" {
					days = edgeObj(t, m["transitions"].([]any)[0])["days"]
				}
			}
			assert.Equal(t, c.want, days, "%s with TieringAfterDays %v", bucket, c.days)
		}
	}
}

// Replicate is a setting that Validate accepts on its own: the DR provider
// is wiring, checked by NewStorage. The stack used to pass an
// &aws.Provider{} placeholder to make Validate pass.
func TestDataStorageReplicateNeedsNoProviderToValidate(t *testing.T) {
	require.NoError(t, storage.Settings{Replicate: true}.WithDefaults().Validate())
	g, err := runStorage(t, storage.Settings{Replicate: true}, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "DRProvider: is required when Replicate is true")
	assert.Empty(t, customResources(g))
}

// Zero is a real value of MaxReaders (autoscaling off) and the default:
// no autoscaling target is created for it.
func TestDataDatabaseKeepsMaxReadersZero(t *testing.T) {
	g, err := runDatabase(t, database.Settings{Instances: 3, MaxReaders: 0})
	require.NoError(t, err)
	assert.Empty(t, g.ByType("aws:appautoscaling/target:Target"))
	assert.Len(t, g.ByType(dataTInstance), 3)
}
