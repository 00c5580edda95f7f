package tests

import (
	"fmt"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// deployed makes a case the next deployment of a stack whose previous
// deployment recorded these values (stacks.DeployedOutput).
var deployed = harness.Deployed

// isOwnStackRead: the program's read of its own stack's previous
// deployment (a StackReference named organization/<project>/<stack>), the
// one thing a run may record before it refuses a config: a read of the
// backend's checkpoint, no resource the stack creates. Anything else,
// another StackReference included, counts as registered.
func isOwnStackRead(r *mockgraph.Resource, stack string) bool {
	return r.Type == mockgraph.StackReferenceType && r.Name == stacks.DeployedOutput &&
		r.Str("name") == "organization/webplatform/"+stack
}

// transitionCases are changes from a deployed value that AWS refuses in
// place or answers by replacing a stateful resource (stacks/transitions.go):
// each is refused before anything is registered, naming the key, the
// deployed and the new value, why, and the runbook section with the safe way.
func transitionCases(c *testCases) {
	const runbook = `(docs/RUNBOOK.md "Upgrades and changes to deployed values")`
	// The Kubernetes cases run at the default version (whatever the
	// catalog offers, it accepts its default) with a deployed value around it.
	cur := cluster.DefaultVersion
	var major, minor int
	_, _ = fmt.Sscanf(cur, "%d.%d", &major, &minor) // not major.minor: the cases below fail, naming it
	k8s := func(d int) string { return fmt.Sprintf("%d.%d", major, minor+d) }
	c.invalid = append(c.invalid,
		invalidConfig{"kubernetes two minor versions up", "dev", edits(deployed("kubernetesVersion", k8s(-2))),
			[]string{"webplatform:kubernetesVersion: " + k8s(-2) + " -> " + cur + ": EKS upgrades the control plane one minor version at a time; deploy " + k8s(-1) + " first, then each next minor version up to " + cur + " " + runbook}},
		invalidConfig{"kubernetes downgrade", "staging", edits(deployed("kubernetesVersion", k8s(1))),
			[]string{"webplatform:kubernetesVersion: " + k8s(1) + " -> " + cur + ": EKS cannot downgrade a cluster's Kubernetes version; keep " + k8s(1) + ", or stand up a new stack at " + cur}},
		invalidConfig{"aurora downgrade", "prod", edits(deployed("dbEngineVersion", "16.8"), set("dbEngineVersion", "16.6")),
			[]string{"webplatform:dbEngineVersion: 16.8 -> 16.6: Aurora cannot downgrade a cluster's engine version; keep 16.8, or restore a snapshot into a new stack at 16.6"}},
		invalidConfig{"aurora major upgrade without the opt-in", "dev", edits(deployed("dbEngineVersion", "15.10"), set("dbEngineVersion", "16.6")),
			[]string{"webplatform:dbEngineVersion: 15.10 -> 16.6: a major version upgrade (15 to 16) needs webplatform:dbAllowMajorVersionUpgrade: true for this deployment (RDS refuses it otherwise)"}},
		invalidConfig{"cache valkey back to redis", "staging", edits(deployed("cacheEngine", "valkey", "cacheEngineVersion", "8.0"), set("cacheEngine", "redis"), set("cacheEngineVersion", "7.1")),
			[]string{"webplatform:cacheEngine: valkey -> redis: ElastiCache upgrades Redis OSS to Valkey in place but not back: the provider would replace the replication group, losing its data; keep valkey"}},
		invalidConfig{"cache engine version downgrade", "prod", edits(deployed("cacheEngine", "valkey", "cacheEngineVersion", "8.1"), set("cacheEngineVersion", "8.0")),
			[]string{"webplatform:cacheEngineVersion: 8.1 -> 8.0: ElastiCache cannot downgrade an engine version: the provider would replace the replication group, losing its data; keep 8.1 or a later version"}},
		invalidConfig{"cache cluster mode off again", "prod", edits(deployed("cacheShards", "3")),
			[]string{"webplatform:cacheShards: 3 -> 1: ElastiCache cannot turn cluster mode off again; keep at least 2 shards, or move the data to a new cache"}},
		invalidConfig{"cache cluster mode on in one step", "prod", edits(deployed("cacheShards", "1"), set("cacheShards", "2")),
			[]string{"webplatform:cacheShards: 1 -> 2: turning cluster mode on takes two modifications (cluster mode compatible, then enabled, with clients moved to the configuration endpoint in between), and the program would make it in one, which ElastiCache refuses"}},
		invalidConfig{"restore from a snapshot into a deployed stack", "staging", edits(deployed("dbSnapshotIdentifier", ""), set("dbSnapshotIdentifier", "restore-1")),
			[]string{`webplatform:dbSnapshotIdentifier: "" -> restore-1: the Aurora cluster would be replaced (snapshot_identifier forces a new cluster), deleting the data written since; restore into a new stack instead, or set it back`}},
		invalidConfig{"snapshot identifier removed after a restore", "dev", edits(deployed("dbSnapshotIdentifier", "restore-1")),
			[]string{`webplatform:dbSnapshotIdentifier: restore-1 -> "": the Aurora cluster would be replaced`}},
		invalidConfig{"vpc cidr changed", "dev", edits(deployed("vpcCidr", "10.10.0.0/16"), set("vpcCidr", "10.20.0.0/16")),
			[]string{"webplatform:vpcCidr: 10.10.0.0/16 -> 10.20.0.0/16: a VPC's CIDR block cannot change in place: the VPC, its subnets and security groups would be replaced, and the database, cache and EKS cluster cannot move to another VPC; stand up a new stack with the new range"}},
		invalidConfig{"security monitoring turned off", "prod", edits(deployed("securityMonitoring", "true"), set("securityMonitoring", "false")),
			[]string{"webplatform:securityMonitoring: true -> false: the CloudTrail KMS key would be deleted with the trail, and the trail's log files kept in the log bucket, encrypted under it, could no longer be read; keep it on"}},
		invalidConfig{"external registry replaces the stack's repositories", "staging", edits(deployed("containerRegistry", ""), set("containerRegistry", "ghcr.io/acme")),
			[]string{`webplatform:containerRegistry: "" -> ghcr.io/acme: the stack's ECR repositories, with their images, and their KMS key would be deleted; copy the images to ghcr.io/acme first`}},
		invalidConfig{"region changed", "dev", edits(deployed("aws:region", "eu-west-1"), set("aws:region", "eu-north-1")),
			[]string{"aws:region: eu-west-1 -> eu-north-1: every resource of the stack, the database, cache, buckets and keys included, would be replaced in the new region, their data lost; stand up a new stack there and move the data"}},
		invalidConfig{"dr region changed", "prod", edits(deployed("drRegion", "eu-central-1"), set("drRegion", "eu-north-1")),
			[]string{"webplatform:drRegion: eu-central-1 -> eu-north-1: the DR region's backup vault with its recovery points, the files replica bucket and the DR keys would be replaced in the new region, their data lost"}},
	)
}
