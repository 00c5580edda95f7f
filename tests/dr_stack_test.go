package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// drStackCases adds this file's cases to the shared tables (see cases).
func drStackCases(c *testCases) {
	c.invalid = append(c.invalid, []invalidConfig{
		{"db snapshot not an identifier", "prod", edits(set("dbSnapshotIdentifier", "s3://backups/db")), []string{"webplatform:dbSnapshotIdentifier: must be a DB cluster snapshot identifier or ARN"}},
		{"stack name not a DNS label", "dev", edits(func(s *stackconfig.Stack) { s.Name = "Dev_Test" }), []string{"stack: name \"Dev_Test\" must be a lower-case DNS label"}},
	}...)
}

// drStack is prod stood up again in its DR region after a region loss:
// its own stack (prod-dr), the regions swapped, the database restored from
// a recovery point copied there.
func drStack(snapshot string) func(*stackconfig.Stack) {
	return func(s *stackconfig.Stack) {
		s.Name = "prod-dr"
		s.Set("aws:region", "eu-central-1")
		s.Set("drRegion", "eu-west-1")
		s.Set("dbSnapshotIdentifier", snapshot)
	}
}

func TestDRStackRestoresTheDatabaseUnderItsOwnNames(t *testing.T) {
	const snap = "arn:aws:rds:eu-central-1:123456789012:cluster-snapshot:awsbackup:job-0123abcd"
	dr := harness.RunStack(t, "prod", drStack(snap))
	prod := harness.RunStack(t, "prod")

	c := edgeOne(t, dr, dataTCluster)
	assert.Equal(t, snap, c.Str("snapshotIdentifier"))
	assert.False(t, c.Has("masterUsername"), "the snapshot brings its master user")
	assert.True(t, c.Bool("manageMasterUserPassword"), "the password is still managed in Secrets Manager")
	assert.Equal(t, edgeOne(t, dr, dataTCluster).Str("kmsKeyId"), dr.Named(tKmsKey, "webplatform-prod-dr-db").Output("arn"), "re-encrypted with the DR stack's key")

	// Names in a global namespace (CloudFront, IAM) or in us-east-1, where
	// both stacks put their edge, must differ. The DNS records of the
	// domain are shared on purpose: the runbook moves them to prod-dr.
	names := func(g *mockgraph.Graph) map[string]bool {
		out := map[string]bool{}
		for _, r := range customResources(g) {
			global := strings.HasPrefix(r.Type, "aws:cloudfront/") || strings.HasPrefix(r.Type, "aws:iam/")
			if !global && opsRegion(g, r) != "us-east-1" {
				continue
			}
			for _, k := range []string{"name", "clusterIdentifier", "replicationGroupId", "identifier"} {
				if v := r.Str(k); v != "" {
					out[r.Type+" "+v] = true
				}
			}
		}
		return out
	}
	prodNames := names(prod)
	var shared []string
	for n := range names(dr) {
		if prodNames[n] {
			shared = append(shared, n)
		}
	}
	assert.Empty(t, shared, "prod-dr reuses prod's physical names")
	require.NotNil(t, prod.Named(dataTCluster, "webplatform-prod-db"))
}

func TestDataDatabaseRestoresFromASnapshot(t *testing.T) {
	g, err := runDatabase(t, database.Settings{SnapshotIdentifier: "shop-db-final"})
	require.NoError(t, err)
	c := edgeOne(t, g, dataTCluster)
	assert.Equal(t, "shop-db-final", c.Str("snapshotIdentifier"))
	assert.False(t, c.Has("databaseName"))
	assert.Equal(t, edgeOne(t, g, tKmsKey).Output("arn"), c.Str("kmsKeyId"))

	g, err = runDatabase(t, database.Settings{})
	require.NoError(t, err)
	c = edgeOne(t, g, dataTCluster)
	assert.False(t, c.Has("snapshotIdentifier"), "a new cluster unless asked")
	assert.Equal(t, database.MasterUsername, c.Str("masterUsername"))
}
