package stacks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// runbookUpgrades is where every refusal below points for the safe way.
const runbookUpgrades = `docs/RUNBOOK.md "Upgrades and changes to deployed values"`

// transition is one config key whose change from the deployed value AWS
// refuses in place, or answers by replacing a stateful resource (the data
// in it lost). check returns "" for an allowed change, otherwise why it is
// refused and the safe way.
type transition struct {
	key    string // in the project namespace, or "aws:region"
	value  func(c *Config) string
	check  func(old, cur string, c *Config, prev Deployed) string
	source string // the AWS documentation or provider source of the rule (read 2026-12-02)
}

// transitions are the config keys the program records at each deployment
// (DeployedOutput) and checks the next deployment against.
var transitions = []transition{
	{"kubernetesVersion", func(c *Config) string { return c.Compute.Cluster.WithDefaults().KubernetesVersion }, kubernetesStep,
		"https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html (one minor version at a time; no downgrade)"},
	{"dbEngineVersion", func(c *Config) string { return c.Data.Database.WithDefaults().EngineVersion }, databaseStep,
		"https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html; " +
			"ModifyDBCluster AllowMajorVersionUpgrade (required for another major version); no downgrade"},
	{"cacheEngine", func(c *Config) string { return c.Data.Cache.WithDefaults().Engine }, cacheEngineStep,
		"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.HowTo.html (Redis OSS to Valkey in place); " +
			"terraform-provider-aws internal/service/elasticache/replication_group.go customizeDiffEngineForceNewOnDowngrade (valkey to redis replaces)"},
	{"cacheEngineVersion", func(c *Config) string { return c.Data.Cache.WithDefaults().EngineVersion }, cacheVersionStep,
		"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.Modify.html (no downgrade); " +
			"terraform-provider-aws internal/service/elasticache/replication_group.go customizeDiffEngineVersionForceNewOnDowngrade (a downgrade replaces)"},
	{"cacheShards", func(c *Config) string { return strconv.Itoa(c.Data.Cache.WithDefaults().Shards) }, cacheShardsStep,
		"https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/modify-cluster-mode.html (disabled to enabled in two steps through compatible; never back)"},
	{"dbSnapshotIdentifier", func(c *Config) string { return c.Data.Database.SnapshotIdentifier }, snapshotStep,
		"terraform-provider-aws internal/service/rds/cluster.go resourceCluster snapshot_identifier ForceNew"},
	{"vpcCidr", func(c *Config) string { return c.Network.WithDefaults().Cidr }, vpcCidrStep,
		"terraform-provider-aws internal/service/ec2/vpc_.go cidr_block ForceNew; " +
			"https://docs.aws.amazon.com/vpc/latest/userguide/modify-vpcs.html (a VPC's primary CIDR cannot change)"},
	{"securityMonitoring", func(c *Config) string { return strconv.FormatBool(c.Ops.SecurityMonitoring) }, securityMonitoringStep,
		"https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html (after a KMS key is deleted, data encrypted under it cannot be decrypted)"},
	{"containerRegistry", func(c *Config) string { return c.Compute.Workload.ExternalRegistry }, registryStep,
		"https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html (a repository that holds images is not deleted without force)"},
	{"aws:region", func(c *Config) string { return c.Region }, regionStep("every resource of the stack, the database, cache, buckets and keys included,"),
		"pulumi-aws provider region: a resource belongs to its provider's region; changing it replaces the resource (terraform-provider-aws has no region move)"},
	{"drRegion", func(c *Config) string { return c.DRRegion }, regionStep("the DR region's backup vault with its recovery points, the files replica bucket and the DR keys"),
		"pulumi-aws provider region (the DR provider): its resources are replaced in the new region"},
}

// checkTransitions refuses the changes from the previous deployment's
// values (old, nil for none) that AWS refuses or that replace a stateful
// resource. It runs after Load validated the config and before any
// resource is registered.
func checkTransitions(c *Config, old Deployed) error {
	if old == nil {
		return nil
	}
	if err := c.Transitions(old); err != nil {
		return &ConfigError{Stack: c.Stack, Err: err}
	}
	return nil
}

// Transitions checks the changes from the deployed values old (the
// DeployedOutput of the previous deployment) to c: every problem names the
// config key, the deployed and the new value, why the change is refused and
// where the safe way is described. A key old does not record is not checked.
func (c *Config) Transitions(old Deployed) error {
	var p validate.Problems
	for _, t := range transitions {
		prev, ok := old[t.key]
		cur := t.value(c)
		if !ok || prev == cur {
			continue
		}
		if why := t.check(prev, cur, c, old); why != "" {
			p.Addf(c.transitionKey(t.key), "%s -> %s: %s (%s)", quoteEmpty(prev), quoteEmpty(cur), why, runbookUpgrades)
		}
	}
	return p.Err()
}

func (c *Config) transitionKey(k string) string {
	if strings.Contains(k, ":") {
		return k
	}
	return c.Project + ":" + k
}

func quoteEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// majorMinor parses "1.33" or "16.6"; ok is false for anything else.
func majorMinor(v string) (major, minor int, ok bool) {
	a, b, found := strings.Cut(v, ".")
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	return x, y, found && err1 == nil && err2 == nil
}

// older reports whether version a is below b (both major.minor).
func older(a, b string) bool {
	am, an, ok1 := majorMinor(a)
	bm, bn, ok2 := majorMinor(b)
	return ok1 && ok2 && (am < bm || am == bm && an < bn)
}

func kubernetesStep(old, cur string, _ *Config, _ Deployed) string {
	om, on, ok1 := majorMinor(old)
	cm, cn, ok2 := majorMinor(cur)
	switch {
	case !ok1 || !ok2:
		return ""
	case older(cur, old):
		return "EKS cannot downgrade a cluster's Kubernetes version; keep " + old + ", or stand up a new stack at " + cur
	case cm == om && cn > on+1:
		next := fmt.Sprintf("%d.%d", om, on+1)
		return fmt.Sprintf("EKS upgrades the control plane one minor version at a time; deploy %s first, then each next minor version up to %s", next, cur)
	}
	return ""
}

// databaseStep: a version is a major ("16", AWS's minor) or a minor
// ("16.6"); between a major and a minor of it nothing is known to be
// older (the running minor is AWS's), so only majors are compared.
func databaseStep(old, cur string, c *Config, _ Deployed) string {
	om, err1 := strconv.Atoi(strings.SplitN(old, ".", 2)[0])
	cm, err2 := strconv.Atoi(strings.SplitN(cur, ".", 2)[0])
	switch {
	case err1 != nil || err2 != nil:
		return ""
	case cm < om || older(cur, old):
		return "Aurora cannot downgrade a cluster's engine version; keep " + old + ", or restore a snapshot into a new stack at " + cur
	case cm > om && !c.Data.Database.AllowMajorVersionUpgrade:
		return fmt.Sprintf("a major version upgrade (%d to %d) needs %s: true for this deployment (RDS refuses it otherwise); test it on a clone first", om, cm, c.key(&c.Data.Database.AllowMajorVersionUpgrade))
	}
	return ""
}

func cacheEngineStep(old, cur string, _ *Config, _ Deployed) string {
	if old == "valkey" && cur == "redis" {
		return "ElastiCache upgrades Redis OSS to Valkey in place but not back: the provider would replace the replication group, losing its data; keep valkey"
	}
	return ""
}

func cacheVersionStep(old, cur string, c *Config, prev Deployed) string {
	// Across engines (redis to valkey) the versions are not comparable:
	// the cacheEngine rule decides that change.
	if engine, ok := prev["cacheEngine"]; ok && engine != c.Data.Cache.WithDefaults().Engine {
		return ""
	}
	if older(cur, old) {
		return "ElastiCache cannot downgrade an engine version: the provider would replace the replication group, losing its data; keep " + old + " or a later version"
	}
	return ""
}

func cacheShardsStep(old, cur string, _ *Config, _ Deployed) string {
	o, err1 := strconv.Atoi(old)
	n, err2 := strconv.Atoi(cur)
	switch {
	case err1 != nil || err2 != nil:
		return ""
	case o > 1 && n == 1:
		return "ElastiCache cannot turn cluster mode off again; keep at least 2 shards, or move the data to a new cache"
	case o == 1 && n > 1:
		return "turning cluster mode on takes two modifications (cluster mode compatible, then enabled, with clients moved to the configuration endpoint in between), and the program would make it in one, which ElastiCache refuses"
	}
	return ""
}

func securityMonitoringStep(old, cur string, _ *Config, _ Deployed) string {
	if old == "true" && cur == "false" {
		return "the CloudTrail KMS key would be deleted with the trail, and the trail's log files kept in the log bucket, encrypted under it, could no longer be read; keep it on"
	}
	return ""
}

func registryStep(old, cur string, _ *Config, _ Deployed) string {
	if old == "" && cur != "" {
		return "the stack's ECR repositories, with their images, and their KMS key would be deleted; copy the images to " + cur + " first, then see the runbook for retiring the repositories"
	}
	return ""
}

func snapshotStep(_, _ string, _ *Config, _ Deployed) string {
	return "the Aurora cluster would be replaced (snapshot_identifier forces a new cluster), deleting the data written since; restore into a new stack instead, or set it back"
}

func vpcCidrStep(_, _ string, _ *Config, _ Deployed) string {
	return "a VPC's CIDR block cannot change in place: the VPC, its subnets and security groups would be replaced, and the database, cache and EKS cluster cannot move to another VPC; stand up a new stack with the new range"
}

func regionStep(what string) func(old, cur string, c *Config, prev Deployed) string {
	return func(_, _ string, _ *Config, _ Deployed) string {
		return what + " would be replaced in the new region, their data lost; stand up a new stack there and move the data"
	}
}
