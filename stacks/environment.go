package stacks

import "github.com/webplatform-dev/webplatform/components/backup"

// Environment is the kind of stack: it selects the defaults profile and the
// policies (prod must be highly available unless explicitly waived).
type Environment string

// The environments.
const (
	Dev     Environment = "dev"
	Staging Environment = "staging"
	Prod    Environment = "prod"
)

// Environments lists the allowed values, for validation messages.
var Environments = []string{string(Dev), string(Staging), string(Prod)}

// Profile holds every per-environment default in one place. A stack file
// overrides any of them; Pulumi.yaml documents them.
type Profile struct {
	VpcCidr              string
	AZCount              int
	NatStrategy          string
	PublicSubnetPrefix   int
	PrivateSubnetPrefix  int
	IsolatedSubnetPrefix int
	InterfaceEndpoints   []string
	FlowLogRetentionDays int

	// Each tier's defaults, set by the tier's function below.
	Data    DataProfile
	Compute ComputeProfile
	Edge    EdgeProfile
	Ops     OpsProfile
}

// baseProfile holds the defaults shared by all environments.
var baseProfile = Profile{
	PublicSubnetPrefix:   24,
	PrivateSubnetPrefix:  20,
	IsolatedSubnetPrefix: 24,
}

// ProfileFor returns the defaults of env (the dev profile for an unknown
// env; validation reports the unknown value).
func ProfileFor(env Environment) Profile {
	p := networkProfile(env)
	p.Data = dataProfile(env)
	p.Compute = computeProfile(env)
	p.Edge = edgeProfile(env)
	p.Ops = opsProfile(env)
	return p
}

// ---------------------------------------------------------------------
// network tier
// ---------------------------------------------------------------------

func networkProfile(env Environment) Profile {
	p := baseProfile
	switch env {
	case Prod:
		// Three AZs with a NAT each: losing an AZ costs a third of capacity,
		// never egress. Endpoints keep AWS API traffic off the NATs.
		p.VpcCidr = "10.30.0.0/16"
		p.AZCount = 3
		p.NatStrategy = "one-per-az"
		p.InterfaceEndpoints = []string{"ecr.api", "ecr.dkr", "sts", "logs", "secretsmanager", "kms"}
		p.FlowLogRetentionDays = 365
	case Staging:
		// Prod-shaped across three AZs, but one NAT gateway to save cost.
		p.VpcCidr = "10.20.0.0/16"
		p.AZCount = 3
		p.NatStrategy = "single"
		p.InterfaceEndpoints = []string{"ecr.api", "ecr.dkr", "sts"}
		p.FlowLogRetentionDays = 30
	default:
		// Cheap: two AZs (EKS and ALB need two), one NAT, no paid endpoints.
		p.VpcCidr = "10.10.0.0/16"
		p.AZCount = 2
		p.NatStrategy = "single"
		p.FlowLogRetentionDays = 14
	}
	return p
}

// ---------------------------------------------------------------------
// data tier: database, cache, storage, keys and secrets
// ---------------------------------------------------------------------

// DataProfile holds the data tier's per-environment defaults.
type DataProfile struct {
	DBInstanceClass       string
	DBInstances           int
	DBMaxReaders          int
	DBBackupRetentionDays int
	CacheNodeType         string
	CacheNodes            int
	CacheMultiAZ          bool
	CacheSnapshotDays     int
	S3NoncurrentDays      int
	S3Replicate           bool
	S3LogRetentionDays    int
	DataLogRetentionDays  int
	// AllowDataDeletion drops deletion protection, final snapshots and
	// lets buckets with objects be destroyed (dev only).
	AllowDataDeletion bool
	// ProtectData marks stateful resources protect + retain-on-delete.
	ProtectData bool
}

func dataProfile(env Environment) DataProfile {
	switch env {
	case Prod:
		// Writer plus a reader in each other AZ, readers autoscale to 5;
		// 35 days of point-in-time recovery; cache failover across AZs;
		// files replicated to the DR region; nothing deletable by accident.
		return DataProfile{
			DBInstanceClass: "db.r6g.xlarge", DBInstances: 3, DBMaxReaders: 5, DBBackupRetentionDays: 35,
			CacheNodeType: "cache.r7g.large", CacheNodes: 3, CacheMultiAZ: true, CacheSnapshotDays: 7,
			S3NoncurrentDays: 90, S3Replicate: true, S3LogRetentionDays: 365, DataLogRetentionDays: 365, ProtectData: true,
		}
	case Staging:
		// Prod-shaped (failover works and can be rehearsed) but smaller.
		return DataProfile{
			DBInstanceClass: "db.r6g.large", DBInstances: 2, DBBackupRetentionDays: 7,
			CacheNodeType: "cache.t4g.medium", CacheNodes: 2, CacheMultiAZ: true, CacheSnapshotDays: 3,
			S3NoncurrentDays: 30, S3LogRetentionDays: 90, DataLogRetentionDays: 30,
		}
	default:
		// Cheap and disposable: one burstable instance, one cache node.
		return DataProfile{
			DBInstanceClass: "db.t4g.medium", DBInstances: 1, DBBackupRetentionDays: 3,
			CacheNodeType: "cache.t4g.small", CacheNodes: 1, CacheSnapshotDays: 1,
			S3NoncurrentDays: 7, S3LogRetentionDays: 30, DataLogRetentionDays: 14, AllowDataDeletion: true,
		}
	}
}

// ---------------------------------------------------------------------
// compute tier: EKS cluster, workloads, load balancer
// ---------------------------------------------------------------------

// ComputeProfile holds the compute tier's per-environment defaults.
type ComputeProfile struct {
	KubernetesVersion     string
	NodeInstanceTypes     []string
	NodeCapacityType      string
	NodeMin               int
	NodeDesired           int
	NodeMax               int
	ClusterLogRetention   int
	AlbDeletionProtection bool
	// ServiceMinReplicas and ServiceMaxReplicas are the replica bounds of
	// a service that does not set its own.
	ServiceMinReplicas int
	ServiceMaxReplicas int
}

func computeProfile(env Environment) ComputeProfile {
	p := ComputeProfile{KubernetesVersion: "1.33"}
	switch env {
	case Prod:
		// On-demand, at least one node per AZ, room to triple; every service
		// keeps three replicas, one per zone.
		p.NodeInstanceTypes = []string{"m6i.xlarge"}
		p.NodeCapacityType = "ON_DEMAND"
		p.NodeMin, p.NodeDesired, p.NodeMax = 3, 3, 12
		p.ClusterLogRetention = 365
		p.AlbDeletionProtection = true
		p.ServiceMinReplicas, p.ServiceMaxReplicas = 3, 12
	case Staging:
		// Prod-shaped (on-demand, three AZs) but smaller nodes.
		p.NodeInstanceTypes = []string{"m6i.large"}
		p.NodeCapacityType = "ON_DEMAND"
		p.NodeMin, p.NodeDesired, p.NodeMax = 3, 3, 6
		p.ClusterLogRetention = 30
		p.AlbDeletionProtection = true
		p.ServiceMinReplicas, p.ServiceMaxReplicas = 2, 6
	default:
		// Cheap: small Spot nodes of several types (fewer interruptions).
		p.NodeInstanceTypes = []string{"t3.large", "t3a.large", "m5.large"}
		p.NodeCapacityType = "SPOT"
		p.NodeMin, p.NodeDesired, p.NodeMax = 2, 2, 4
		p.ClusterLogRetention = 14
		p.ServiceMinReplicas, p.ServiceMaxReplicas = 1, 3
	}
	return p
}

// ---------------------------------------------------------------------
// edge tier: CDN, WAF, TLS, API authentication and rate limits
// ---------------------------------------------------------------------

// EdgeProfile holds the edge tier's per-environment defaults. Rate limits
// of WAF rules are requests per client per 300-second window; API limits
// are requests per second (rate) and token-bucket size (burst).
type EdgeProfile struct {
	PriceClass           string
	OriginShield         bool
	GeoRestrictionType   string
	WafRateLimitPerIP    int
	WafAuthRateLimit     int
	WafRateLimitPerToken int
	WafAuthPaths         []string
	WafAnonymousIPList   bool
	WafLogRetentionDays  int
	APIAuthEnabled       bool
	APIMFA               string
	APIAdvancedSecurity  string
	APIDefaultBurstLimit int
	APIDefaultRateLimit  int
	APILogRetentionDays  int
}

func edgeProfile(env Environment) EdgeProfile {
	// Shared: authentication on everywhere, no geo restriction, a strict
	// limit on the authentication paths against credential stuffing.
	p := EdgeProfile{
		GeoRestrictionType: "none",
		WafAuthRateLimit:   100,
		WafAuthPaths:       []string{"/api/auth/", "/login"},
		APIAuthEnabled:     true,
	}
	switch env {
	case Prod:
		// Every edge location, an Origin Shield in front of the ALB, MFA
		// required and Cognito threat protection enforcing.
		p.PriceClass = "PriceClass_All"
		p.OriginShield = true
		p.WafRateLimitPerIP = 2000
		p.WafRateLimitPerToken = 3000
		p.WafLogRetentionDays = 365
		p.APIMFA = "ON"
		p.APIAdvancedSecurity = "ENFORCED"
		p.APIDefaultBurstLimit = 1000
		p.APIDefaultRateLimit = 500
		p.APILogRetentionDays = 365
	case Staging:
		// Prod's shape at North America/Europe prices; threat protection
		// audits only.
		p.PriceClass = "PriceClass_100"
		p.WafRateLimitPerIP = 2000
		p.WafRateLimitPerToken = 3000
		p.WafLogRetentionDays = 30
		p.APIMFA = "OPTIONAL"
		p.APIAdvancedSecurity = "AUDIT"
		p.APIDefaultBurstLimit = 200
		p.APIDefaultRateLimit = 100
		p.APILogRetentionDays = 30
	default:
		// Cheap: the cheapest price class, the ESSENTIALS Cognito plan.
		p.PriceClass = "PriceClass_100"
		p.WafRateLimitPerIP = 1000
		p.WafRateLimitPerToken = 1000
		p.WafLogRetentionDays = 14
		p.APIMFA = "OPTIONAL"
		p.APIAdvancedSecurity = "OFF"
		p.APIDefaultBurstLimit = 50
		p.APIDefaultRateLimit = 25
		p.APILogRetentionDays = 14
	}
	return p
}

// ---------------------------------------------------------------------
// operations tier: monitoring, alerting, tracing, backup, RTO/RPO
// ---------------------------------------------------------------------

// OpsProfile holds the operations tier's per-environment defaults.
// Objectives are in minutes; a region objective of 0 means the
// environment declares none (it is not recovered after a region loss).
type OpsProfile struct {
	BackupRules        []backup.Rule
	VaultLock          *backup.VaultLock
	LogRetentionDays   int
	SecurityMonitoring bool
	RPOMinutes         int
	RTOMinutes         int
	RegionRPOMinutes   int
	RegionRTOMinutes   int
}

func opsProfile(env Environment) OpsProfile {
	daily := func(days int) backup.Rule {
		return backup.Rule{Name: "daily", Schedule: "cron(0 3 * * ? *)", RetentionDays: days}
	}
	switch env {
	case Prod:
		// Continuous backup for 5-minute recovery points, hourly copies to
		// the DR region (region RPO about 2 h), monthly points for a year,
		// all behind a compliance vault lock; security monitoring on.
		hourly := backup.Rule{Name: "hourly", Schedule: "cron(0 * * * ? *)", RetentionDays: 35, Continuous: true, CopyToDR: true, DRRetentionDays: 7}
		monthly := backup.Rule{Name: "monthly", Schedule: "cron(0 4 1 * ? *)", RetentionDays: 365}
		return OpsProfile{
			BackupRules:      []backup.Rule{hourly, daily(35), monthly},
			VaultLock:        &backup.VaultLock{MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 3},
			LogRetentionDays: 365, SecurityMonitoring: true,
			RPOMinutes: 15, RTOMinutes: 60, RegionRPOMinutes: 180, RegionRTOMinutes: 480,
		}
	case Staging:
		return OpsProfile{
			BackupRules: []backup.Rule{daily(14)}, LogRetentionDays: 30,
			RPOMinutes: 1440, RTOMinutes: 240,
		}
	default:
		return OpsProfile{
			BackupRules: []backup.Rule{daily(7)}, LogRetentionDays: 14,
			RPOMinutes: 1440, RTOMinutes: 480,
		}
	}
}
