package tests

import (
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

const (
	tReplication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	tObjectLock  = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	tBucket      = "aws:s3/bucketV2:BucketV2"
)

// replicaBuckets are the buckets replication rules of g write to.
func replicaBuckets(t *testing.T, g *mockgraph.Graph) []*mockgraph.Resource {
	t.Helper()
	var out []*mockgraph.Resource
	for _, rc := range g.ByType(tReplication) {
		for _, rule := range rc.List("rules") {
			m, _ := rule.(map[string]any)
			dest, _ := m["destination"].(map[string]any)
			arn, _ := dest["bucket"].(string)
			found := false
			for _, b := range g.ByType(tBucket) {
				if b.Output("arn") == arn {
					out, found = append(out, b), true
				}
			}
			if !found {
				t.Fatalf("replication %s writes to %q, which is no bucket of the graph", rc.Name, arn)
			}
		}
	}
	return out
}

// TestReplicaSurvivesMaliciousDeletion: no replication rule replicates
// delete markers (a delete in the source never hides the DR copy), and in
// every stack whose replica is protected (prod) the replica has S3 Object
// Lock with a default retention, so no version in it can be deleted early.
// Failed before the fix: the rule had DeleteMarkerReplication Enabled and
// prod's replica had no object lock configuration.
func TestReplicaSurvivesMaliciousDeletion(t *testing.T) {
	checkedLock := false
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		for _, rc := range g.ByType(tReplication) {
			for _, rule := range rc.List("rules") {
				m, _ := rule.(map[string]any)
				dm, _ := m["deleteMarkerReplication"].(map[string]any)
				if st, _ := dm["status"].(string); strings.EqualFold(st, "Enabled") {
					t.Errorf("stack %s: replication %s replicates delete markers to the DR copy", stack, rc.Name)
				}
			}
		}
		for _, replica := range replicaBuckets(t, g) {
			if !replica.Protect {
				continue
			}
			checkedLock = true
			var lock *mockgraph.Resource
			for _, l := range g.ByType(tObjectLock) {
				if l.Str("bucket") == replica.ID || l.Str("bucket") == replica.Str("bucket") {
					lock = l
				}
			}
			if lock == nil {
				t.Errorf("stack %s: protected replica %s has no object lock configuration", stack, replica.Name)
				continue
			}
			mode, days := lock.Str("rule.defaultRetention.mode"), lock.Int("rule.defaultRetention.days")
			if lock.Str("objectLockEnabled") != "Enabled" || (mode != "COMPLIANCE" && mode != "GOVERNANCE") || days < 1 {
				t.Errorf("stack %s: replica %s object lock is %q mode %q for %d days, want Enabled with a retention", stack, replica.Name, lock.Str("objectLockEnabled"), mode, days)
			}
		}
	}
	if !checkedLock {
		t.Fatal("no stack has a protected replica: the object lock check ran on nothing")
	}
}

// TestProdRefusesAnUnlockedReplica: prod's validation requires the lock.
func TestProdRefusesAnUnlockedReplica(t *testing.T) {
	g, err := harness.RunStackErr(t, "prod", harness.Set("s3ReplicaLockDays", "0"))
	if err == nil || !strings.Contains(err.Error(), "s3ReplicaLockDays") {
		t.Fatalf("prod with s3ReplicaLockDays 0: got %v, want a problem naming s3ReplicaLockDays", err)
	}
	if g != nil && len(customResources(g)) > 0 {
		t.Errorf("prod with an unlocked replica registered %d resources", len(customResources(g)))
	}
}
