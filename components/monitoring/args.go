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
	ArnSuffix pulumi.StringInput `pulumi:"arnSuffix"`
	// TargetGroups maps a short name (lowercase letters, digits, hyphens;
	// it becomes part of the alarm name) to a target group's ARN suffix
	// ("targetgroup/<name>/<id>"). Each gets an UnHealthyHostCount alarm.
	// Default none.
	TargetGroups map[string]pulumi.StringInput `pulumi:"targetGroups,optional"`
}

// APITarget is an API Gateway HTTP API (APIs of type HTTP publish 4xx, 5xx,
// Count, Latency and IntegrationLatency under AWS/ApiGateway with the ApiId
// and Stage dimensions, and no throttling metric).
type APITarget struct {
	// ApiId is the HTTP API's id. Required.
	ApiId pulumi.StringInput `pulumi:"apiId"`
	// Stage is the stage name ("$default" for an auto-deployed default
	// stage). Required.
	Stage pulumi.StringInput `pulumi:"stage,optional"`
	// AccessLogGroupName is the stage's access log group, whose JSON lines
	// carry "apiId", "stage" and "status": a metric filter counts the 429
	// (throttled) responses per API and stage from it. Required.
	AccessLogGroupName pulumi.StringInput `pulumi:"accessLogGroupName"`
}

// NATTarget are the NAT gateways of a VPC.
type NATTarget struct {
	// GatewayIds are the NAT gateway ids, one alarm pair per element, so
	// the count must be known; each element may be an output. At least
	// one.
	GatewayIds []pulumi.StringInput `pulumi:"gatewayIds"`
}

// ReplicationTarget is an S3 replication rule whose replication metrics
// are enabled (the rule's Destination.Metrics status Enabled; S3 publishes
// nothing otherwise).
type ReplicationTarget struct {
	// SourceBucket is the source bucket's name; with DestinationBucket and
	// RuleId, the dimensions of the AWS/S3 replication metrics. Required.
	SourceBucket pulumi.StringInput `pulumi:"sourceBucket"`
	// DestinationBucket is the replica bucket's name. Required.
	DestinationBucket pulumi.StringInput `pulumi:"destinationBucket"`
	// RuleId is the replication rule's id. Required.
	RuleId pulumi.StringInput `pulumi:"ruleId"`
}

// DatabaseTarget is an Aurora cluster to watch.
type DatabaseTarget struct {
	// ClusterIdentifier is the DB cluster identifier (DBClusterIdentifier
	// dimension). Required.
	ClusterIdentifier pulumi.StringInput `pulumi:"clusterIdentifier"`
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
	ReplicationGroupId pulumi.StringInput `pulumi:"replicationGroupId"`
	// Nodes is how many member clusters (primary plus replicas) the group
	// has, per shard in cluster mode, 1 to 6. Default 2 (applied by
	// NewMonitoring: the count comes from the cache component, so it is
	// wiring, not a setting).
	Nodes int `pulumi:"nodes,optional"`
	// Shards is the number of shards (node groups), 1 to 90; above 1 the
	// group is in cluster mode and its nodes are "<group>-<shard:04d>-<node:03d>".
	// Each shard then gets its own alarms, since a metric-math alarm reads
	// at most 10 metrics. Default 1.
	Shards int `pulumi:"shards,optional"`
}

// CDNTarget is a CloudFront distribution to watch. Its metrics exist only
// in us-east-1, so Wiring.EdgeProvider is required.
type CDNTarget struct {
	// DistributionId is the distribution id. Required.
	DistributionId pulumi.StringInput `pulumi:"distributionId"`
	// AdditionalMetrics must be true: the distribution publishes
	// CloudFront's additional metrics (a MonitoringSubscription, as package
	// cdn creates), without which OriginLatency, the edge p99 alarm's
	// metric, does not exist.
	AdditionalMetrics bool `pulumi:"additionalMetrics"`
}

// WAFTarget is a CLOUDFRONT-scope web ACL to watch. Its metrics exist only
// in us-east-1, so Wiring.EdgeProvider is required.
type WAFTarget struct {
	// WebACLName is the web ACL's name (WebACL metric dimension). Required.
	WebACLName pulumi.StringInput `pulumi:"webAclName"`
	// RateLimitRule is the metric name of a rate-based rule (the Rule
	// dimension): its blocks mean clients reach the rate limit, the web
	// ACL's saturation signal. Default nil (no rate-limit alarm).
	RateLimitRule pulumi.StringInput `pulumi:"rateLimitRule,optional"`
}

// ClusterTarget is an EKS cluster to ship logs, metrics and traces from.
type ClusterTarget struct {
	// ClusterName is the EKS cluster's name. Required.
	ClusterName pulumi.StringInput `pulumi:"clusterName"`
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider.
	// Required.
	OidcProviderArn pulumi.StringInput `pulumi:"oidcProviderArn"`
	// OidcProviderUrl is the cluster's OIDC issuer URL. Required.
	OidcProviderUrl pulumi.StringInput `pulumi:"oidcProviderUrl"`
	// Workloads maps a namespace to the fewest pods that must be running
	// in it (a service's minimum replicas); each gets an alarm when
	// Container Insights counts fewer. Default none.
	Workloads map[string]int `pulumi:"workloads,optional"`
	// Services are graphed on the dashboard: requests, latency and running
	// pods against the HPA bounds. Default none.
	Services []ServiceScale `pulumi:"services,optional"`
	// NodeMin is the node autoscaler's lower bound, drawn with the node
	// count on the dashboard. Default 0: not drawn.
	NodeMin int `pulumi:"nodeMin,optional"`
	// NodeMax is the node autoscaler's upper bound, drawn likewise.
	// Default 0: not drawn.
	NodeMax int `pulumi:"nodeMax,optional"`
}

// ServiceScale is one service of the cluster for the dashboard.
type ServiceScale struct {
	// Name is the service (the Service dimension of Container Insights).
	// Required.
	Name string `pulumi:"name"`
	// Namespace is its Kubernetes namespace. Required.
	Namespace string `pulumi:"namespace"`
	// TargetGroup is its key in LoadBalancer.TargetGroups. Default "": it
	// has no target group.
	TargetGroup string `pulumi:"targetGroup,optional"`
	// MinReplicas is the HPA's lower bound. Default 0: not drawn.
	MinReplicas int `pulumi:"minReplicas,optional"`
	// MaxReplicas is the HPA's upper bound. Default 0: not drawn.
	MaxReplicas int `pulumi:"maxReplicas,optional"`
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
	BucketName pulumi.StringInput `pulumi:"bucketName"`
	// KeyPrefix is the S3 key prefix of the log files (the bucket policy
	// then admits <KeyPrefix>/AWSLogs/<account>/*). Default "" (none).
	KeyPrefix string `pulumi:"keyPrefix,optional"`
}

// Thresholds of the alarms. A nil or zero field means its default; the
// two pointer fields take 0 as a real threshold ("alarm on any").
type Thresholds struct {
	// ALB5xxPercent: (target 5xx + ALB 5xx) / requests, percent over 5
	// minutes, 1 to 100. Default 5.
	ALB5xxPercent int `json:"alb5xxPercent,omitempty" pulumi:"alb5xxPercent,optional"`
	// LatencyP99Ms: p99 TargetResponseTime in milliseconds, positive.
	// Default 200.
	LatencyP99Ms int `json:"latencyP99Ms,omitempty" pulumi:"latencyP99Ms,optional"`
	// DBCPUPercent: Aurora CPUUtilization percent, 1 to 100. Default 80.
	DBCPUPercent int `json:"dbCpuPercent,omitempty" pulumi:"dbCpuPercent,optional"`
	// DBFreeableMemoryMiB: alarm when FreeableMemory falls below it, MiB,
	// positive. Default 256.
	DBFreeableMemoryMiB int `json:"dbFreeableMemoryMiB,omitempty" pulumi:"dbFreeableMemoryMiB,optional"`
	// DBFreeLocalStorageMiB: alarm when FreeLocalStorage falls below it,
	// MiB, positive. Default 1024.
	DBFreeLocalStorageMiB int `json:"dbFreeLocalStorageMiB,omitempty" pulumi:"dbFreeLocalStorageMiB,optional"`
	// DBReplicaLagMs: AuroraReplicaLagMaximum in milliseconds, positive.
	// Default 1000.
	DBReplicaLagMs int `json:"dbReplicaLagMs,omitempty" pulumi:"dbReplicaLagMs,optional"`
	// DBMaxConnections: DatabaseConnections, positive. Default 500.
	DBMaxConnections int `json:"dbMaxConnections,omitempty" pulumi:"dbMaxConnections,optional"`
	// CacheCPUPercent: EngineCPUUtilization percent, 1 to 100. Default 80.
	CacheCPUPercent int `json:"cacheCpuPercent,omitempty" pulumi:"cacheCpuPercent,optional"`
	// CacheMemoryPercent: DatabaseMemoryUsagePercentage, 1 to 100.
	// Default 85.
	CacheMemoryPercent int `json:"cacheMemoryPercent,omitempty" pulumi:"cacheMemoryPercent,optional"`
	// CacheEvictions: alarm when more keys than this are evicted per 5
	// minutes, 0 or more; 0 alarms on any eviction. Default (nil) 100.
	CacheEvictions *int `json:"cacheEvictions,omitempty" pulumi:"cacheEvictions,optional"`
	// CacheReplicationLagSeconds: replica ReplicationLag in seconds,
	// positive. Default 5.
	CacheReplicationLagSeconds int `json:"cacheReplicationLagSeconds,omitempty" pulumi:"cacheReplicationLagSeconds,optional"`
	// CDN5xxPercent: CloudFront 5xxErrorRate percent, 1 to 100. Default 5.
	CDN5xxPercent int `json:"cdn5xxPercent,omitempty" pulumi:"cdn5xxPercent,optional"`
	// WAFBlockedPerFiveMinutes: alarm when the web ACL blocks more
	// requests than this per 5 minutes (all rules), 0 or more; 0 alarms on
	// any blocked request. Default (nil) 1000.
	WAFBlockedPerFiveMinutes *int `json:"wafBlockedPerFiveMinutes,omitempty" pulumi:"wafBlockedPerFiveMinutes,optional"`
	// NodeCPUPercent: Container Insights node_cpu_utilization percent, 1 to
	// 100. Default 80.
	NodeCPUPercent int `json:"nodeCpuPercent,omitempty" pulumi:"nodeCpuPercent,optional"`
	// TrafficFloorPerFiveMinutes: alarm when the load balancer serves
	// fewer requests than this in each of three 5-minute periods (traffic
	// dropped to near zero: DNS, CDN or routing broken upstream); no data
	// counts as breaching. 0 turns the alarm off (a dev stack idles).
	// Default (nil) 10.
	TrafficFloorPerFiveMinutes *int `json:"trafficFloorPerFiveMinutes,omitempty" pulumi:"trafficFloorPerFiveMinutes,optional"`
	// API5xxPercent: API Gateway 5xx / Count, percent over 5 minutes, 1 to
	// 100. Default 5.
	API5xxPercent int `json:"api5xxPercent,omitempty" pulumi:"api5xxPercent,optional"`
	// APILatencyP99Ms: p99 API Gateway Latency in milliseconds, positive.
	// Default 500.
	APILatencyP99Ms int `json:"apiLatencyP99Ms,omitempty" pulumi:"apiLatencyP99Ms,optional"`
	// APIThrottledPerFiveMinutes: alarm when the API answers more 429s
	// (throttled) than this per 5 minutes, 0 or more. Default (nil) 50.
	APIThrottledPerFiveMinutes *int `json:"apiThrottledPerFiveMinutes,omitempty" pulumi:"apiThrottledPerFiveMinutes,optional"`
	// CDNOriginLatencyP99Ms: p99 CloudFront OriginLatency in milliseconds
	// (the edge's wait for the origin, what users see on uncached
	// requests), positive. Default 500.
	CDNOriginLatencyP99Ms int `json:"cdnOriginLatencyP99Ms,omitempty" pulumi:"cdnOriginLatencyP99Ms,optional"`
	// DBVolumeUsedGiB: alarm when the Aurora cluster volume
	// (VolumeBytesUsed) exceeds it, GiB, positive: Aurora storage grows by
	// itself, so this catches runaway growth and cost. Default 1024.
	DBVolumeUsedGiB int `json:"dbVolumeUsedGiB,omitempty" pulumi:"dbVolumeUsedGiB,optional"`
	// NATPacketsDroppedPerFiveMinutes: PacketsDropCount per NAT gateway per
	// 5 minutes, 0 or more. Default (nil) 100.
	NATPacketsDroppedPerFiveMinutes *int `json:"natPacketsDroppedPerFiveMinutes,omitempty" pulumi:"natPacketsDroppedPerFiveMinutes,optional"`
	// S3ReplicationLatencySeconds: maximum S3 ReplicationLatency in
	// seconds, positive. Default 900 (the 15 minutes of S3 RTC).
	S3ReplicationLatencySeconds int `json:"s3ReplicationLatencySeconds,omitempty" pulumi:"s3ReplicationLatencySeconds,optional"`
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
	NamePrefix string `pulumi:"namePrefix,optional"`
	// AlarmEmails subscribe by email (each must confirm). Default none.
	AlarmEmails []string `pulumi:"alarmEmails,optional"`
	// AlarmHttpsEndpoints subscribe over HTTPS (must start with https://;
	// the endpoint must confirm). Default none.
	AlarmHttpsEndpoints []string `pulumi:"alarmHttpsEndpoints,optional"`
	// Thresholds of the alarms. Default: see each field. (No `pulumi` tag:
	// the provider's schema takes it as an optional object, which needs a
	// pointer; provider.MonitoringArgs carries it.)
	Thresholds Thresholds
	// AvailabilityTarget is the availability SLO in percent of requests
	// answered without a 5xx, 90 <= x < 100. Default 99.9.
	AvailabilityTarget float64 `pulumi:"availabilityTarget,optional"`
	// ObservabilityAddonVersion pins the amazon-cloudwatch-observability
	// add-on (installed when Wiring.Cluster is set); it must match the
	// cluster's Kubernetes version. Default DefaultObservabilityAddonVersion.
	ObservabilityAddonVersion string `pulumi:"observabilityAddonVersion,optional"`
	// LogRetentionDays applies to every log group created here; one of
	// LogRetentionValues. Default 365.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// Tags go on every taggable resource, with component=monitoring added.
	// Default none.
	Tags map[string]string `pulumi:"tags,optional"`
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
	LoadBalancer *LoadBalancerTarget `pulumi:"loadBalancer,optional"`
	// Database adds Aurora CPU, memory, storage, replica lag and
	// connection alarms. Default nil.
	Database *DatabaseTarget `pulumi:"database,optional"`
	// Cache adds ElastiCache CPU, memory, eviction and replication lag
	// alarms. Default nil.
	Cache *CacheTarget `pulumi:"cache,optional"`
	// CDN adds a CloudFront 5xx error rate alarm (us-east-1). Default nil.
	CDN *CDNTarget `pulumi:"cdn,optional"`
	// CDN also adds the edge p99 (OriginLatency) alarm. WAF adds a
	// blocked-requests alarm and, with RateLimitRule, a rate-limit alarm
	// (us-east-1). Default nil.
	WAF *WAFTarget `pulumi:"waf,optional"`
	// RegionalWAF is a REGIONAL web ACL in the component's region (the
	// same alarms as WAF, with the Region dimension). Default nil.
	RegionalWAF *WAFTarget `pulumi:"regionalWaf,optional"`
	// API adds API Gateway 5xx rate, p99 latency and throttled (429)
	// alarms. Default nil.
	API *APITarget `pulumi:"api,optional"`
	// NAT adds, per NAT gateway, port allocation error and dropped packet
	// alarms. Default nil.
	NAT *NATTarget `pulumi:"nat,optional"`
	// Replication adds S3 replication latency and failed operation
	// alarms. Default nil.
	Replication *ReplicationTarget `pulumi:"replication,optional"`
	// Cluster installs the amazon-cloudwatch-observability add-on (Container
	// Insights, container logs, OTLP/X-Ray traces) and node alarms.
	// Default nil.
	Cluster *ClusterTarget `pulumi:"cluster,optional"`
	// CloudTrail, when set, creates a multi-region trail: one per account
	// (see Settings). Default nil (off).
	CloudTrail *CloudTrailArgs `pulumi:"cloudTrail,optional"`
	// GuardDuty enables a GuardDuty detector with EKS audit-log and runtime
	// monitoring, and sends findings of severity >= 7 to the topic. Only
	// one detector may exist per account and region (see Settings).
	// Default false.
	GuardDuty bool `pulumi:"guardDuty,optional"`
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
	defaults.SetNil(&t.TrafficFloorPerFiveMinutes, 10)
	defaults.Set(&t.API5xxPercent, 5)
	defaults.Set(&t.APILatencyP99Ms, 500)
	defaults.SetNil(&t.APIThrottledPerFiveMinutes, 50)
	defaults.Set(&t.CDNOriginLatencyP99Ms, 500)
	defaults.Set(&t.DBVolumeUsedGiB, 1024)
	defaults.SetNil(&t.NATPacketsDroppedPerFiveMinutes, 100)
	defaults.Set(&t.S3ReplicationLatencySeconds, 900)
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
		{"API5xxPercent", t.API5xxPercent},
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
		{"APILatencyP99Ms", t.APILatencyP99Ms}, {"CDNOriginLatencyP99Ms", t.CDNOriginLatencyP99Ms},
		{"DBVolumeUsedGiB", t.DBVolumeUsedGiB}, {"S3ReplicationLatencySeconds", t.S3ReplicationLatencySeconds},
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
		{"TrafficFloorPerFiveMinutes", t.TrafficFloorPerFiveMinutes}, {"APIThrottledPerFiveMinutes", t.APIThrottledPerFiveMinutes},
		{"NATPacketsDroppedPerFiveMinutes", t.NATPacketsDroppedPerFiveMinutes},
	} {
		if f.v != nil && *f.v < 0 {
			p.Addf("Thresholds."+f.name, "must be 0 (alarm on any) or more, got %d", *f.v)
		}
	}
}

// withDefaults returns w with the defaults of its targets' plain fields
// (Cache.Nodes, Cache.Shards), copying what it changes.
func (w Wiring) withDefaults() Wiring {
	if w.Cache != nil {
		c := *w.Cache
		defaults.Set(&c.Nodes, 2)
		defaults.Set(&c.Shards, 1)
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
		p.Range("Cache.Shards", c.Shards, 1, 90)
	}
	if c := w.CDN; c != nil {
		required(&p, "CDN.DistributionId", c.DistributionId)
		if !c.AdditionalMetrics {
			p.Addf("CDN.AdditionalMetrics", "must be true: the edge p99 alarm reads OriginLatency, which CloudFront publishes only with additional metrics on (a cloudfront MonitoringSubscription, as package cdn creates)")
		}
	}
	if x := w.WAF; x != nil {
		required(&p, "WAF.WebACLName", x.WebACLName)
	}
	if x := w.RegionalWAF; x != nil {
		required(&p, "RegionalWAF.WebACLName", x.WebACLName)
	}
	w.checkMore(&p)
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

// checkMore reports the missing inputs of the API, NAT and replication
// targets, and services graphed against a target group that is not
// watched.
func (w Wiring) checkMore(p *validate.Problems) {
	if a := w.API; a != nil {
		required(p, "API.ApiId", a.ApiId)
		required(p, "API.Stage", a.Stage)
		required(p, "API.AccessLogGroupName", a.AccessLogGroupName)
	}
	if n := w.NAT; n != nil {
		if len(n.GatewayIds) == 0 {
			p.Addf("NAT.GatewayIds", "must list at least one NAT gateway (leave NAT nil without gateways)")
		}
		for i, id := range n.GatewayIds {
			required(p, fmt.Sprintf("NAT.GatewayIds[%d]", i), id)
		}
	}
	if c := w.Cluster; c != nil {
		for _, s := range c.Services {
			if _, ok := w.LoadBalancer.targetGroup(s.TargetGroup); s.TargetGroup != "" && !ok {
				p.Addf("Cluster.Services", "service %q: target group %q is not a key of LoadBalancer.TargetGroups", s.Name, s.TargetGroup)
			}
			if s.MinReplicas > s.MaxReplicas {
				p.Addf("Cluster.Services", "service %q: MinReplicas %d above MaxReplicas %d", s.Name, s.MinReplicas, s.MaxReplicas)
			}
		}
	}
	if r := w.Replication; r != nil {
		required(p, "Replication.SourceBucket", r.SourceBucket)
		required(p, "Replication.DestinationBucket", r.DestinationBucket)
		required(p, "Replication.RuleId", r.RuleId)
	}
}
