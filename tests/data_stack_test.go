package tests

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/plan"
)

// dataStackCases adds this file's cases to the shared tables (see cases).
func dataStackCases(c *testCases) {
	c.invalid = append(c.invalid, []invalidConfig{
		{"readers with a single AZ", "dev", edits(set("azCount", "1"), set("dbInstances", "2")), []string{"webplatform:dbInstances: readers fail over to another AZ, but azCount is 1"}},
		{"prod with fewer instances than AZs", "prod", edits(set("dbInstances", "2")), []string{"webplatform:dbInstances: prod needs an instance in each of 3 AZs", "webplatform:allowReducedHa"}},
		{"db retention out of range", "staging", edits(set("dbBackupRetentionDays", "40")), []string{"webplatform:dbBackupRetentionDays: must be between 1 and 35, got 40"}},
		{"prod retention below a week", "prod", edits(set("dbBackupRetentionDays", "3")), []string{"webplatform:dbBackupRetentionDays: prod keeps at least 7 days"}},
		{"db engine major unknown", "dev", edits(set("dbEngineVersion", "13.9")), []string{"webplatform:dbEngineVersion: major version must be one of 14, 15, 16, 17"}},
		{"db instance family unknown", "dev", edits(set("dbInstanceClass", "db.z1.large")), []string{"webplatform:dbInstanceClass: must be db.<family>.<size>"}},
		{"db autoscaling below the fixed readers", "prod", edits(set("dbMaxReaders", "1")), []string{"webplatform:dbMaxReaders: must be 0 (off) or between the fixed readers (2) and 15"}},
		{"db serverless capacity on a sized class", "staging", edits(set("dbServerless", `{"maxAcu": 4}`)), []string{"webplatform:dbServerless: applies only to InstanceClass db.serverless, got InstanceClass \"db.r6g.large\""}},
		{"db serverless floor below half an ACU", "dev", edits(set("dbServerless", `{"minAcu": 0.25}`)), []string{"webplatform:dbServerless.minAcu: must be 0 (pause when idle) or 0.5 to 256 in steps of 0.5, got 0.25"}},
		{"db serverless ceiling below the floor", "dev", edits(set("dbServerless", `{"minAcu": 4, "maxAcu": 2}`)), []string{"webplatform:dbServerless.maxAcu: must be at least MinACU (4), got 2"}},
		{"db serverless pause with a floor", "dev", edits(set("dbServerless", `{"minAcu": 1, "autoPauseMinutes": 10}`)), []string{"webplatform:dbServerless.autoPauseMinutes: applies only with MinACU 0"}},
		{"db serverless pause on a version without it", "dev", edits(set("dbEngineVersion", "16.2")), []string{"webplatform:dbServerless.minAcu: 0 ACUs needs Aurora PostgreSQL 14.12, 15.7, 16.3, 17.4 or later, got EngineVersion \"16.2\""}},
		{"db max readers negative", "dev", edits(set("dbMaxReaders", "-1")), []string{"webplatform:dbMaxReaders: must be 0 (off) or a positive integer"}},
		{"db backup window malformed", "staging", edits(set("dbBackupWindow", "25:00-26:00")), []string{"webplatform:dbBackupWindow: must be hh:mm-hh:mm"}},
		{"cache node family unknown", "dev", edits(set("cacheNodeType", "cache.q5.large")), []string{"webplatform:cacheNodeType: must be cache.<family>.<size> with family one of"}},
		{"cache failover with one node", "staging", edits(set("cacheNodes", "1")), []string{"webplatform:cacheMultiAz: automatic failover needs a replica"}},
		{"cache engine unknown", "dev", edits(set("cacheEngine", "memcached")), []string{"webplatform:cacheEngine: must be one of valkey, redis"}},
		{"prod cache without failover", "prod", edits(set("cacheMultiAz", "false")), []string{"webplatform:cacheMultiAz: prod needs Multi-AZ with automatic failover"}},
		{"prod data deletable", "prod", edits(set("allowDataDeletion", "true")), []string{"webplatform:allowDataDeletion: must be false in prod"}},
		{"prod data unprotected in pulumi", "prod", edits(set("protectData", "false")), []string{"webplatform:protectData: must be true in prod"}},
		{"prod files not replicated", "prod", edits(set("s3Replicate", "false")), []string{"webplatform:s3Replicate: must be true in prod"}},
		{"cluster without admin roles", "staging", edits(unset("clusterAdminRoleArns")), []string{"webplatform:clusterAdminRoleArns: is required: list at least the IAM role Pulumi deploys with"}},
		{"data log retention not a CloudWatch value", "staging", edits(set("dataLogRetentionDays", "10")), []string{"webplatform:dataLogRetentionDays: must be one of [1 3 5 7 14"}},
		{"s3 noncurrent days out of range", "dev", edits(set("s3NoncurrentVersionDays", "5000")), []string{"webplatform:s3NoncurrentVersionDays: must be between 1 and 3650"}},
		// An optional (pointer) setting keeps its key in problems.
		{"s3 tiering days out of range", "dev", edits(set("s3TieringAfterDays", "5000")), []string{"webplatform:s3TieringAfterDays: must be between 0 and 3650, got 5000"}},
	}...)

	c.invariants = append(c.invariants,
		invariant{"the log bucket uses SSE-S3 (ALB and CloudFront cannot write to SSE-KMS)", dataCheckLogBucketSSE},
		invariant{"prod data stores fail over across AZs and are retained on delete", dataCheckProdDurability},
		invariant{"database backup retention is the one the stack configures", dataCheckRetention},
	)
}

func dataCheckLogBucketSSE(t *testing.T, _ string, g *mockgraph.Graph) {
	var logs int
	for _, sse := range g.ByType(dataTSSE) {
		if strings.HasSuffix(sse.Name, "-logs") {
			logs++
			assert.Equal(t, "AES256", sse.Str("rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"), "%s: the log bucket is the documented SSE-S3 exception", sse.Name)
		}
	}
	assert.Equal(t, 1, logs, "one log bucket encryption configuration")
}

func dataCheckProdDurability(t *testing.T, stack string, g *mockgraph.Graph) {
	if stack != "prod" {
		return
	}
	zones := map[string]bool{}
	for _, in := range g.ByType(dataTInstance) {
		zones[in.Str("availabilityZone")] = true
		assert.True(t, in.Protect, in.Name)
	}
	assert.GreaterOrEqual(t, len(zones), 3, "prod database instances in three AZs")
	for _, c := range g.ByType(dataTCluster) {
		assert.True(t, c.RetainOnDelete, "%s retained on delete", c.Name)
	}
	for _, rg := range g.ByType(dataTRG) {
		assert.True(t, rg.Bool("multiAzEnabled") && rg.Bool("automaticFailoverEnabled"), rg.Name)
		assert.GreaterOrEqual(t, rg.Int("numCacheClusters"), 2, rg.Name)
		assert.True(t, rg.RetainOnDelete, "%s retained on delete", rg.Name)
	}
	assert.Len(t, g.ByType(dataTReplication), 1, "prod replicates the files bucket")
}

func dataCheckRetention(t *testing.T, stack string, g *mockgraph.Graph) {
	want, err := strconv.Atoi(harness.LoadStack(t, stack).Config["webplatform:dbBackupRetentionDays"])
	require.NoError(t, err, "%s sets dbBackupRetentionDays", stack)
	for _, c := range g.ByType(dataTCluster) {
		assert.Equal(t, want, c.Int("backupRetentionPeriod"), c.Name)
	}
}

func TestDataTierPerEnvironment(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		g, p := edgeRunStack(t, stack)
		d := p.Config.Data
		assert.Len(t, g.ByType(dataTInstance), d.Database.Instances, "%s: dbInstances", stack)
		rg := edgeOne(t, g, dataTRG)
		assert.Equal(t, d.Cache.Nodes, rg.Int("numCacheClusters"), "%s: cacheNodes", stack)
		assert.Equal(t, d.Cache.MultiAZ, rg.Bool("multiAzEnabled"), "%s: cacheMultiAz", stack)
		c := edgeOne(t, g, dataTCluster)
		assert.Equal(t, d.Database.AllowDeletion, c.Bool("skipFinalSnapshot"), "%s: allowDataDeletion", stack)
		assert.Equal(t, !d.Database.AllowDeletion, c.Bool("deletionProtection"), "%s: allowDataDeletion", stack)
	}
}

// The workloads get the data endpoints as plain values and an IAM role
// that names exactly the data tier's secrets, files bucket and keys.
func TestDataTierIsWiredIntoTheWorkloadsAndTheALB(t *testing.T) {
	g := harness.RunStack(t, "staging")
	cluster := edgeOne(t, g, dataTCluster)
	rg := edgeOne(t, g, dataTRG)
	files := g.Named(dataTBucket, "webplatform-staging-storage-files")
	require.NotNil(t, files)
	dep := edgeOne(t, g, "kubernetes:apps/v1:Deployment")
	env := map[string]string{}
	for _, e := range dep.List("spec.template.spec.containers.0.env") {
		m := edgeObj(t, e)
		if v, ok := m["value"].(string); ok {
			env[m["name"].(string)] = v
		}
	}
	assert.Equal(t, cluster.Output("endpoint"), env["DATABASE_HOST"])
	assert.Equal(t, cluster.Output("readerEndpoint"), env["DATABASE_READER_HOST"])
	assert.Equal(t, rg.Output("primaryEndpointAddress"), env["CACHE_HOST"])
	assert.Equal(t, files.Output("bucket"), env["BUCKET_NAME"])
	for _, v := range env {
		assert.NotContains(t, v, "AUTH", "no secret values in the Deployment")
	}

	var policy string
	for _, rp := range g.ByType(tRolePolicy) {
		if c := g.Component(rp); c != nil && c.Type == "webplatform:workload:Workload" {
			policy = rp.Str("policy")
		}
	}
	require.NotEmpty(t, policy, "the service role has a policy")
	dbSecret := cluster.Output("masterUserSecrets").([]any)[0].(map[string]any)["secretArn"].(string)
	for _, arn := range []string{edgeOne(t, g, dataTSecret).Output("arn").(string), files.Output("arn").(string)} {
		assert.Contains(t, policy, arn)
	}
	// The database is reached as the service's own IAM user, never with the master secret.
	assert.NotContains(t, policy, dbSecret)
	assert.NotContains(t, policy, `"Resource":"*"`)

	alb := edgeOne(t, g, computeTLB)
	logs := g.Named(dataTBucket, "webplatform-staging-storage-logs")
	assert.Equal(t, logs.Output("bucket"), alb.Str("accessLogs.bucket"), "ALB access logs go to the log bucket")
	assert.True(t, alb.Bool("accessLogs.enabled"))
}

func TestDataStackOutputsNameSecretsNotValues(t *testing.T) {
	r, err := plan.Run(harness.LoadStack(t, "prod"))
	require.NoError(t, err)
	outs := r.Platform.Outputs()
	for _, k := range []string{"dbWriterEndpoint", "dbReaderEndpoint", "dbSecretArn", "cachePrimaryEndpoint", "cacheSecretArn", "filesBucketName", "filesReplicaBucketArn"} {
		assert.Contains(t, outs, k, "stack output %s", k)
	}
	for k := range outs {
		assert.NotContains(t, strings.ToLower(k), "password", "no password output")
		assert.NotContains(t, strings.ToLower(k), "authtoken", "no AUTH token output")
	}
}

// With protectData (prod), everything that holds data or the key to it is
// protect + retain-on-delete: the engine refuses `pulumi destroy` only
// when it reaches a protected resource and deletes the unprotected ones
// before that, so an unprotected KMS key or AUTH token secret would be
// scheduled for deletion and leave the retained database, cache or files
// unreadable. Found when the real engine ran destroy on prod. The assets
// bucket and its key are the exception: CI rebuilds their content.
func TestProtectDataCoversKeysSecretsAndLogs(t *testing.T) {
	dataTypes := []string{
		"aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance",
		"aws:elasticache/replicationGroup:ReplicationGroup", "aws:s3/bucketV2:BucketV2",
		"aws:kms/key:Key", "aws:secretsmanager/secret:Secret", "aws:backup/vault:Vault",
	}
	dataKeys := map[string]bool{}
	prod := harness.RunStack(t, "prod")
	for _, r := range prod.All() {
		isDataKey := r.Name == "webplatform-prod-db" || r.Name == "webplatform-prod-cache" || strings.Contains(r.Name, "storage-files")
		if r.Type != "aws:kms/key:Key" || !isDataKey {
			continue
		}
		dataKeys[r.URN] = true
	}
	assert.Len(t, dataKeys, 4, "db, cache, files and files-dr keys")
	for _, typ := range dataTypes {
		for _, r := range prod.ByType(typ) {
			if typ == "aws:kms/key:Key" && !dataKeys[r.URN] || strings.Contains(r.Name, "storage-assets") {
				continue
			}
			assert.True(t, r.Protect && r.RetainOnDelete, "prod: %s %s must be protect + retain-on-delete", typ, r.Name)
		}
	}
	dev := harness.RunStack(t, "dev")
	for _, r := range dev.All() {
		assert.False(t, r.Protect, "dev (protectData false): %s %s is protected", r.Type, r.Name)
	}
}
