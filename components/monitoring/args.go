package monitoring

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Defaults of Settings.
const (
	// DefaultAvailabilityTarget is the availability SLO in percent.
	DefaultAvailabilityTarget = 99.9
	// DefaultLogRetentionDays is how long created log groups keep events.
	DefaultLogRetentionDays = 365
	// DefaultObservabilityAddonVersion pins the amazon-cloudwatch-observability
	// EKS add-on. It must be a build published for the cluster's Kubernetes
	// version (aws eks describe-addon-versions --addon-name
	// amazon-cloudwatch-observability --kubernetes-version 1.33).
	DefaultObservabilityAddonVersion = "v4.1.0-eksbuild.1"
)

// LogRetentionValues are the retention periods CloudWatch Logs accepts.
var LogRetentionValues = validate.LogRetentionValues

// LoadBalancerTarget is an Application Load Balancer to watch.
type LoadBalancerTarget struct {
	// ArnSuffix is the load balancer's ARN suffix ("app/<name>/<id>"), the
	// value of the LoadBalancer metric dimension. Required.
	ArnSuffix pulumi.StringInput
	// TargetGroups maps a short name (lowercase letters, digits, hyphens;
	// it becomes part of the alarm name) to a target group's ARN suffix
	// ("targetgroup/<name>/<id>"). Each gets an UnHealthyHostCount alarm.
	// Default none.
	TargetGroups map[string]pulumi.StringInput
}

// DatabaseTarget is an Aurora cluster to watch.
type DatabaseTarget struct {
	// ClusterIdentifier is the DB cluster identifier (DBClusterIdentifier
	// dimension). Required.
	ClusterIdentifier pulumi.StringInput
}

// CacheTarget is an ElastiCache (Valkey/Redis OSS, cluster mode disabled)
// replication group to watch.
//
// ElastiCache publishes the engine and host metrics per node, under the
// CacheClusterId dimension ("<replication group id>-001", "-002", ...), not
// per replication group, so every alarm takes the maximum over the Nodes
// member clusters with metric math.
type CacheTarget struct {
	// ReplicationGroupId is the replication group id. Required.
	ReplicationGroupId pulumi.StringInput
	// Nodes is how many member clusters (primary plus replicas) the group
	// has, 1 to 6. Default 2 (applied by NewMonitoring: the count comes
	// from the cache component, so it is wiring, not a setting).
	Nodes int
}

// CDNTarget is a CloudFront distribution to watch. Its metrics exist only
// in us-east-1, so Wiring.EdgeProvider is required.
type CDNTarget struct {
	// DistributionId is the distribution id. Required.
	DistributionId pulumi.StringInput
}

// WAFTarget is a CLOUDFRONT-scope web ACL to watch. Its metrics exist only
// in us-east-1, so Wiring.EdgeProvider is required.
type WAFTarget struct {
	// WebACLName is the web ACL's name (WebACL metric dimension). Required.
	WebACLName pulumi.StringInput
}

// ClusterTarget is an EKS cluster to ship logs, metrics and traces from.
type ClusterTarget struct {
	// ClusterName is the EKS cluster's name. Required.
	ClusterName pulumi.StringInput
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider.
	// Required.
	OidcProviderArn pulumi.StringInput
	// OidcProviderUrl is the cluster's OIDC issuer URL. Required.
	OidcProviderUrl pulumi.StringInput
	// Workloads maps a namespace to the fewest pods that must be running
	// in it (a service's minimum replicas); each gets an alarm when
	// Container Insights counts fewer. Default none.
	Workloads map[string]int
}

// CloudTrailArgs switch on an account trail. A trail records every API
// call of the account: create it in one Monitoring instance per account
// (see Settings).
type CloudTrailArgs struct {
	// BucketName is an existing S3 bucket the trail writes to. Its owner
	// must grant cloudtrail.amazonaws.com s3:GetBucketAcl on the bucket and
	// s3:PutObject on AWSLogs/<account>/* (with s3:x-amz-acl
	// bucket-owner-full-control); this component does not manage the
	// bucket's policy. Required.
	BucketName pulumi.StringInput
	// KeyPrefix is the S3 key prefix of the log files (the bucket policy
	// then admits <KeyPrefix>/AWSLogs/<account>/*). Default "" (none).
	KeyPrefix string
}

// Thresholds of the alarms. A nil or zero field means its default; the
// two pointer fields take 0 as a real threshold ("alarm on any").
type Thresholds struct {
	// ALB5xxPercent: (target 5xx + ALB 5xx) / requests, percent over 5
	// minutes, 1 to 100. Default 5.
	ALB5xxPercent int `json:"alb5xxPercent,omitempty"`
	// LatencyP99Ms: p99 TargetResponseTime in milliseconds, positive.
	// Default 200.
	LatencyP99Ms int `json:"latencyP99Ms,omitempty"`
	// DBCPUPercent: Aurora CPUUtilization percent, 1 to 100. Default 80.
	DBCPUPercent int `json:"dbCpuPercent,omitempty"`
	// DBFreeableMemoryMiB: alarm when FreeableMemory falls below it, MiB,
	// positive. Default 256.
	DBFreeableMemoryMiB int `json:"dbFreeableMemoryMiB,omitempty"`
	// DBFreeLocalStorageMiB: alarm when FreeLocalStorage falls below it,
	// MiB, positive. Default 1024.
	DBFreeLocalStorageMiB int `json:"dbFreeLocalStorageMiB,omitempty"`
	// DBReplicaLagMs: AuroraReplicaLagMaximum in milliseconds, positive.
	// Default 1000.
	DBReplicaLagMs int `json:"dbReplicaLagMs,omitempty"`
	// DBMaxConnections: DatabaseConnections, positive. Default 500.
	DBMaxConnections int `json:"dbMaxConnections,omitempty"`
	// CacheCPUPercent: EngineCPUUtilization percent, 1 to 100. Default 80.
	CacheCPUPercent int `json:"cacheCpuPercent,omitempty"`
	// CacheMemoryPercent: DatabaseMemoryUsagePercentage, 1 to 100.
	// Default 85.
	CacheMemoryPercent int `json:"cacheMemoryPercent,omitempty"`
	// CacheEvictions: alarm when more keys than this are evicted per 5
	// minutes, 0 or more; 0 alarms on any eviction. Default (nil) 100.
	CacheEvictions *int `json:"cacheEvictions,omitempty"`
	// CacheReplicationLagSeconds: replica ReplicationLag in seconds,
	// positive. Default 5.
	CacheReplicationLagSeconds int `json:"cacheReplicationLagSeconds,omitempty"`
	// CDN5xxPercent: CloudFront 5xxErrorRate percent, 1 to 100. Default 5.
	CDN5xxPercent int `json:"cdn5xxPercent,omitempty"`
	// WAFBlockedPerFiveMinutes: alarm when the web ACL blocks more
	// requests than this per 5 minutes (all rules), 0 or more; 0 alarms on
	// any blocked request. Default (nil) 1000.
	WAFBlockedPerFiveMinutes *int `json:"wafBlockedPerFiveMinutes,omitempty"`
	// NodeCPUPercent: Container Insights node_cpu_utilization percent, 1 to
	// 100. Default 80.
	NodeCPUPercent int `json:"nodeCpuPercent,omitempty"`
}

// Settings are the plain values Monitoring is built from.
//
// Account-level singletons: a GuardDuty detector exists at most once per
// account and region, and a CloudTrail trail records the whole account
// (a second multi-region trail only duplicates every event, and AWS
// allows five trails per region). Both are switched on through Wiring
// (GuardDuty, CloudTrail); in a program with several Monitoring instances
// in one account, enable them on one instance only. Every other resource
// is named after NamePrefix, so instances with distinct prefixes coexist.
type Settings struct {
	// NamePrefix starts the physical name of every alarm, topic, key
	// alias, dashboard, trail and event rule ("<NamePrefix>-alerts", ...).
	// Default: the component's name argument.
	NamePrefix string
	// AlarmEmails subscribe by email (each must confirm). Default none.
	AlarmEmails []string
	// AlarmHttpsEndpoints subscribe over HTTPS (must start with https://;
	// the endpoint must confirm). Default none.
	AlarmHttpsEndpoints []string
	// Thresholds of the alarms. Default: see each field.
	Thresholds Thresholds
	// AvailabilityTarget is the availability SLO in percent of requests
	// answered without a 5xx, 90 <= x < 100. Default 99.9.
	AvailabilityTarget float64
	// ObservabilityAddonVersion pins the amazon-cloudwatch-observability
	// add-on (installed when Wiring.Cluster is set); it must match the
	// cluster's Kubernetes version. Default DefaultObservabilityAddonVersion.
	ObservabilityAddonVersion string
	// LogRetentionDays applies to every log group created here; one of
	// LogRetentionValues. Default 365.
	LogRetentionDays int
	// Tags go on every taggable resource, with component=monitoring added.
	// Default none.
	Tags map[string]string
}

// Wiring is what Monitoring watches: every target is optional, nil meaning
// not monitored.
type Wiring struct {
	// EdgeProvider is an AWS provider for us-east-1. Required when CDN or
	// WAF is set: their metrics exist only in us-east-1, and CloudWatch
	// alarm actions must be in the alarm's region, so a second topic (with
	// its key, policy and subscriptions) is created there. Default nil.
	EdgeProvider *aws.Provider
	// LoadBalancer adds ALB 5xx rate, p99 latency, unhealthy-host and SLO
	// burn-rate alarms. Default nil.
	LoadBalancer *LoadBalancerTarget
	// Database adds Aurora CPU, memory, storage, replica lag and
	// connection alarms. Default nil.
	Database *DatabaseTarget
	// Cache adds ElastiCache CPU, memory, eviction and replication lag
	// alarms. Default nil.
	Cache *CacheTarget
	// CDN adds a CloudFront 5xx error rate alarm (us-east-1). Default nil.
	CDN *CDNTarget
	// WAF adds a blocked-requests alarm (us-east-1). Default nil.
	WAF *WAFTarget
	// Cluster installs the amazon-cloudwatch-observability add-on (Container
	// Insights, container logs, OTLP/X-Ray traces) and node alarms.
	// Default nil.
	Cluster *ClusterTarget
	// CloudTrail, when set, creates a multi-region trail: one per account
	// (see Settings). Default nil (off).
	CloudTrail *CloudTrailArgs
	// GuardDuty enables a GuardDuty detector with EKS audit-log and runtime
	// monitoring, and sends findings of severity >= 7 to the topic. Only
	// one detector may exist per account and region (see Settings).
	// Default false.
	GuardDuty bool
}

// MonitoringArgs configure Monitoring: its Settings and its Wiring.
type MonitoringArgs struct {
	Settings
	Wiring
}

// WithDefaults returns a copy of s with every unset field set to its
// default.
func (s Settings) WithDefaults() Settings {
	t := &s.Thresholds
	defaults.Set(&t.ALB5xxPercent, 5)
	defaults.Set(&t.LatencyP99Ms, 200)
	defaults.Set(&t.DBCPUPercent, 80)
	defaults.Set(&t.DBFreeableMemoryMiB, 256)
	defaults.Set(&t.DBFreeLocalStorageMiB, 1024)
	defaults.Set(&t.DBReplicaLagMs, 1000)
	defaults.Set(&t.DBMaxConnections, 500)
	defaults.Set(&t.CacheCPUPercent, 80)
	defaults.Set(&t.CacheMemoryPercent, 85)
	defaults.SetNil(&t.CacheEvictions, 100)
	defaults.Set(&t.CacheReplicationLagSeconds, 5)
	defaults.Set(&t.CDN5xxPercent, 5)
	defaults.SetNil(&t.WAFBlockedPerFiveMinutes, 1000)
	defaults.Set(&t.NodeCPUPercent, 80)
	defaults.Set(&s.LogRetentionDays, DefaultLogRetentionDays)
	defaults.Set(&s.AvailabilityTarget, DefaultAvailabilityTarget)
	defaults.Set(&s.ObservabilityAddonVersion, DefaultObservabilityAddonVersion)
	return s
}

// MaxKeyLen is the longest target group key and workload namespace the
// monitoring takes: each names alarms (<name>-unhealthy-hosts-<key>,
// <name>-running-pods-<namespace>), so a stack that keys them by service
// must keep its service names this short.
const MaxKeyLen = 32

var (
	addonVersionRe = regexp.MustCompile(`^v\d+\.\d+\.\d+-eksbuild\.\d+$`)
	shortNameRe    = regexp.MustCompile(fmt.Sprintf(`^[a-z0-9][a-z0-9-]{0,%d}$`, MaxKeyLen-1))
	// prefixRe: alarm, topic and dashboard names allow more, but the
	// prefix also starts KMS aliases and trail names.
	prefixRe = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$`)
)

// Validate checks defaulted settings and reports every problem.
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" && !prefixRe.MatchString(s.NamePrefix) {
		p.Addf("NamePrefix", "must be 1 to 64 letters, digits, hyphens or underscores, starting with a letter or digit, got %q", s.NamePrefix)
	}
	s.Thresholds.check(&p)
	if s.AvailabilityTarget < 90 || s.AvailabilityTarget >= 100 {
		p.Addf("AvailabilityTarget", "must be at least 90 and below 100 (percent), got %g", s.AvailabilityTarget)
	}
	p.LogRetention("LogRetentionDays", s.LogRetentionDays)
	if !addonVersionRe.MatchString(s.ObservabilityAddonVersion) {
		p.Addf("ObservabilityAddonVersion", "%q is not an add-on version such as %s", s.ObservabilityAddonVersion, DefaultObservabilityAddonVersion)
	}
	for _, e := range s.AlarmEmails {
		if at := strings.Index(e, "@"); at < 1 || at == len(e)-1 || strings.ContainsAny(e, " ,;") {
			p.Addf("AlarmEmails", "%q is not an email address", e)
		}
	}
	for _, u := range s.AlarmHttpsEndpoints {
		if !strings.HasPrefix(u, "https://") || len(u) <= len("https://") {
			p.Addf("AlarmHttpsEndpoints", "%q must be an https:// URL (alerts are not sent in clear text)", u)
		}
	}
	return p.Err()
}

// check reports thresholds out of range.
func (t Thresholds) check(p *validate.Problems) {
	for _, f := range []struct {
		name string
		v    int
	}{
		{"ALB5xxPercent", t.ALB5xxPercent}, {"DBCPUPercent", t.DBCPUPercent},
		{"CacheCPUPercent", t.CacheCPUPercent}, {"CacheMemoryPercent", t.CacheMemoryPercent},
		{"CDN5xxPercent", t.CDN5xxPercent}, {"NodeCPUPercent", t.NodeCPUPercent},
	} {
		p.Range("Thresholds."+f.name, f.v, 1, 100)
	}
	for _, f := range []struct {
		name string
		v    int
	}{
		{"LatencyP99Ms", t.LatencyP99Ms}, {"DBFreeableMemoryMiB", t.DBFreeableMemoryMiB},
		{"DBFreeLocalStorageMiB", t.DBFreeLocalStorageMiB}, {"DBReplicaLagMs", t.DBReplicaLagMs},
		{"DBMaxConnections", t.DBMaxConnections}, {"CacheReplicationLagSeconds", t.CacheReplicationLagSeconds},
	} {
		if f.v <= 0 {
			p.Addf("Thresholds."+f.name, "must be a positive number, got %d", f.v)
		}
	}
	for _, f := range []struct {
		name string
		v    *int
	}{
		{"CacheEvictions", t.CacheEvictions}, {"WAFBlockedPerFiveMinutes", t.WAFBlockedPerFiveMinutes},
	} {
		if f.v != nil && *f.v < 0 {
			p.Addf("Thresholds."+f.name, "must be 0 (alarm on any) or more, got %d", *f.v)
		}
	}
}

// withDefaults returns w with the defaults of its targets' plain fields
// (Cache.Nodes), copying what it changes.
func (w Wiring) withDefaults() Wiring {
	if w.Cache != nil && w.Cache.Nodes == 0 {
		c := *w.Cache
		c.Nodes = 2
		w.Cache = &c
	}
	return w
}

// check reports missing or malformed wiring: required inputs of each
// target, the edge provider the us-east-1 targets need, and the plain
// fields of the targets.
func (w Wiring) check() error {
	var p validate.Problems
	if (w.CDN != nil || w.WAF != nil) && w.EdgeProvider == nil {
		p.Addf("EdgeProvider", "is required when CDN or WAF is monitored: CloudFront and CLOUDFRONT-scope WAF metrics exist only in us-east-1, and alarms must be created there")
	}
	if l := w.LoadBalancer; l != nil {
		required(&p, "LoadBalancer.ArnSuffix", l.ArnSuffix)
		for k, v := range l.TargetGroups {
			if !shortNameRe.MatchString(k) {
				p.Addf("LoadBalancer.TargetGroups", "key %q must be 1 to %d lowercase letters, digits or hyphens", k, MaxKeyLen)
			}
			required(&p, fmt.Sprintf("LoadBalancer.TargetGroups[%s]", k), v)
		}
	}
	if d := w.Database; d != nil {
		required(&p, "Database.ClusterIdentifier", d.ClusterIdentifier)
	}
	if c := w.Cache; c != nil {
		required(&p, "Cache.ReplicationGroupId", c.ReplicationGroupId)
		p.Range("Cache.Nodes", c.Nodes, 1, 6)
	}
	if c := w.CDN; c != nil {
		required(&p, "CDN.DistributionId", c.DistributionId)
	}
	if x := w.WAF; x != nil {
		required(&p, "WAF.WebACLName", x.WebACLName)
	}
	if c := w.Cluster; c != nil {
		c.check(&p)
	}
	if c := w.CloudTrail; c != nil {
		required(&p, "CloudTrail.BucketName", c.BucketName)
	}
	return p.Err()
}

// check reports the cluster target's missing inputs and bad workloads.
func (c *ClusterTarget) check(p *validate.Problems) {
	required(p, "Cluster.ClusterName", c.ClusterName)
	required(p, "Cluster.OidcProviderArn", c.OidcProviderArn)
	required(p, "Cluster.OidcProviderUrl", c.OidcProviderUrl)
	for ns, n := range c.Workloads {
		if !shortNameRe.MatchString(ns) {
			p.Addf("Cluster.Workloads", "namespace %q must be 1 to %d lowercase letters, digits or hyphens", ns, MaxKeyLen)
		}
		if n < 1 {
			p.Addf("Cluster.Workloads", "namespace %q: the minimum running pods must be at least 1, got %d", ns, n)
		}
	}
}

// required reports a missing input.
func required(p *validate.Problems, field string, v pulumi.Input) {
	if v == nil {
		p.Addf(field, "is required")
	}
}
