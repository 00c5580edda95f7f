package stacks

import (
	"fmt"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/apigateway"
	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/storage"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// OpsConfig is the operations tier's configuration: the backup plan, the
// monitoring (its targets are filled in by buildOps from the other tiers)
// and the recovery objectives the two must meet.
type OpsConfig struct {
	Backup     backup.Settings
	Monitoring monitoring.Settings
	// SecurityMonitoring turns on CloudTrail and GuardDuty for the account
	// and region of the stack.
	SecurityMonitoring bool
	Objectives         Objectives
	// TraceSampleRatio is the share of traces the workloads' OpenTelemetry
	// SDKs sample (parentbased_traceidratio: a request keeps its caller's
	// decision), 0 to 1.
	TraceSampleRatio float64
}

// OpsTier holds the operations tier's components.
type OpsTier struct {
	Backup     *backup.Backup
	Monitoring *monitoring.Monitoring

	recovery []Setting
}

// loadOps reads the operations tier's config keys.
func (c *Config) loadOps(l *loader) {
	o := &c.Ops
	// The selection takes only this stack's resources: the data tier tags
	// them with project and stack (Config.Tags), like everything else.
	o.Backup = backup.Settings{ScopeTags: map[string]string{"project": c.Project, "stack": c.Stack}}
	l.strict("backupRules", &o.Backup.Rules, "a list of rules ({name, schedule, retentionDays, coldStorageAfterDays, continuous, copyToDr, drRetentionDays})")
	l.strict("backupVaultLock", &o.Backup.VaultLock, "an object {minRetentionDays, maxRetentionDays, changeableForDays}, or {} for no lock")
	if lock := o.Backup.VaultLock; lock != nil && *lock == (backup.VaultLock{}) {
		o.Backup.VaultLock = nil // {} is the explicit opt-out
	}

	m := &o.Monitoring
	l.count("opsLogRetentionDays", &m.LogRetentionDays)
	l.str("observabilityAddonVersion", &m.ObservabilityAddonVersion)
	l.object("alarmEmails", &o.Monitoring.AlarmEmails)
	l.object("alarmHttpsEndpoints", &o.Monitoring.AlarmHttpsEndpoints)
	l.strict("alarmThresholds", &o.Monitoring.Thresholds, "an object of thresholds such as {latencyP99Ms: 200, dbCpuPercent: 80}")
	l.float("availabilityTarget", "a percentage such as 99.9", &m.AvailabilityTarget)
	l.float("traceSampleRatio", "a ratio from 0 to 1 such as 0.1", &o.TraceSampleRatio)
	l.bool("securityMonitoring", &o.SecurityMonitoring)
	ob := &o.Objectives
	ob.RPO, ob.RTO = minutes(l.count("rpoMinutes")), minutes(l.count("rtoMinutes"))
	ob.RegionRPO, ob.RegionRTO = minutes(l.nonNegative("regionRpoMinutes")), minutes(l.nonNegative("regionRtoMinutes"))
	l.record("rpoMinutes", &ob.RPO)
	l.record("rtoMinutes", &ob.RTO)
	l.record("regionRpoMinutes", &ob.RegionRPO)
	l.record("regionRtoMinutes", &ob.RegionRTO)
}

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }

// validateOps checks the operations tier's config, and that the backup and
// replication settings can meet the declared recovery objectives.
func (c *Config) validateOps(p *validate.Problems) {
	o := &c.Ops
	// A rule that copies to DR needs the DR provider Build creates from
	// drRegion, which validate requires on its own.
	bs := o.Backup.WithDefaults()
	p.Merge("", c.rename(&o.Backup, bs.Validate()))
	p.Merge("", c.rename(&o.Monitoring, o.Monitoring.WithDefaults().Validate()))
	if r := o.TraceSampleRatio; r < 0 || r > 1 {
		p.Addf(c.key(&o.TraceSampleRatio), "must be a ratio from 0 (no traces) to 1 (every trace), got %g", r)
	}
	c.validateObjectives(p, bs)
}

// buildOps creates the backup plan and the monitoring of everything the
// other tiers built.
func buildOps(ctx *pulumi.Context, p *Platform) error {
	c, t := p.Config, p.Ops
	name := c.Name()
	ba := backup.BackupArgs{Settings: c.Ops.Backup}
	ba.Protect = c.Data.Database.Protect
	if ba.WithDefaults().CopiesToDR() {
		ba.DRProvider = p.DRProvider
	}
	var err error
	if t.Backup, err = backup.NewBackup(ctx, name+"-backup", &ba); err != nil {
		return err
	}
	ma := monitoring.MonitoringArgs{Settings: c.Ops.Monitoring}
	monitorTargets(&ma.Wiring, p)
	if c.Ops.SecurityMonitoring && p.Data.Storage != nil {
		ma.CloudTrail = &monitoring.CloudTrailArgs{BucketName: p.Data.Storage.LogBucketName, KeyPrefix: storage.CloudTrailPrefix}
		ma.GuardDuty = true
	}
	if t.Monitoring, err = monitoring.NewMonitoring(ctx, name+"-monitoring", &ma); err != nil {
		return err
	}
	t.recovery = c.recoveryPlan(t.Backup.Settings)
	return nil
}

// monitorTargets points the monitoring at every tier that exists.
func monitorTargets(ma *monitoring.Wiring, p *Platform) {
	if n := p.Network; n != nil && len(n.NatGateways) > 0 {
		ma.NAT = &monitoring.NATTarget{}
		for _, id := range n.NatGateways {
			ma.NAT.GatewayIds = append(ma.NAT.GatewayIds, id)
		}
	}
	monitorData(ma, p.Data)
	if cp := p.Compute; cp.Cluster != nil {
		cs := cp.Cluster.Settings
		ma.Cluster = &monitoring.ClusterTarget{
			ClusterName: cp.Cluster.ClusterName, OidcProviderArn: cp.Cluster.OidcProviderArn, OidcProviderUrl: cp.Cluster.OidcProviderUrl,
			Workloads: map[string]int{}, NodeMin: cs.NodeMin, NodeMax: cs.NodeMax,
		}
		groups := map[string]pulumi.StringInput{}
		for _, s := range cp.Workload.Services {
			ns := cp.Workload.ServiceNamespaces[s.Name]
			groups[s.Name] = cp.LoadBalancer.TargetGroupArnSuffixes.MapIndex(pulumi.String(s.Name))
			ma.Cluster.Workloads[ns] = s.MinReplicas
			ma.Cluster.Services = append(ma.Cluster.Services, monitoring.ServiceScale{
				Name: s.Name, Namespace: ns, TargetGroup: s.Name, MinReplicas: s.MinReplicas, MaxReplicas: s.MaxReplicas,
			})
		}
		ma.LoadBalancer = &monitoring.LoadBalancerTarget{ArnSuffix: cp.LoadBalancer.ArnSuffix, TargetGroups: groups}
	}
	if e := p.Edge; e.CDN != nil {
		ma.EdgeProvider = e.USEast1
		ma.CDN = &monitoring.CDNTarget{DistributionId: e.CDN.DistributionId, AdditionalMetrics: e.CDN.AdditionalMetrics}
		ma.WAF = &monitoring.WAFTarget{WebACLName: e.WAF.Name, RateLimitRule: pulumi.String(e.WAF.RateLimitMetricName)}
		if w := e.UserPoolWAF; w != nil {
			ma.RegionalWAF = &monitoring.WAFTarget{WebACLName: w.Name, RateLimitRule: pulumi.String(w.RateLimitMetricName)}
		}
		ma.API = &monitoring.APITarget{ApiId: e.API.ApiId, Stage: pulumi.String(apigateway.StageName), AccessLogGroupName: e.API.AccessLogGroupName}
	}
}

// monitorData points the monitoring at the data tier: the database, the
// cache (every shard) and the files bucket's replication.
func monitorData(ma *monitoring.Wiring, d *DataTier) {
	if d == nil || d.Database == nil {
		return
	}
	ma.Database = &monitoring.DatabaseTarget{ClusterIdentifier: d.Database.ClusterIdentifier}
	ca := d.Cache.Settings
	ma.Cache = &monitoring.CacheTarget{ReplicationGroupId: d.Cache.ReplicationGroupId, Nodes: ca.Nodes, Shards: ca.Shards}
	if st := d.Storage; st != nil && st.ReplicationRuleId != "" {
		ma.Replication = &monitoring.ReplicationTarget{
			SourceBucket: st.FilesBucketName, DestinationBucket: st.ReplicaBucketName, RuleId: pulumi.String(st.ReplicationRuleId),
		}
	}
}

// outputs adds the operations tier's stack outputs.
func (t *OpsTier) outputs(out map[string]pulumi.Input) {
	if t.Backup == nil {
		return
	}
	out["backupVaultArn"] = t.Backup.VaultArn
	out["backupDrVaultArn"] = t.Backup.DRVaultArn
	out["alarmTopicArn"] = t.Monitoring.TopicArn
	out["edgeAlarmTopicArn"] = t.Monitoring.EdgeTopicArn
	out["dashboardName"] = t.Monitoring.DashboardName
	// The deploy job's health gate watches this alarm after an up.
	out["serviceUnhealthyAlarmName"] = t.Monitoring.CompositeAlarmName
	out["tracesEndpoint"] = pulumi.String(monitoring.TracesEndpoint)
}

// summary lists the operations tier's key settings and, per failure, the
// mechanism that meets the declared objectives.
func (t *OpsTier) summary() []Setting {
	if t.Backup == nil {
		return nil
	}
	b, m := t.Backup.Settings, t.Monitoring.Settings
	var rules []string
	for _, r := range b.Rules {
		s := fmt.Sprintf("%s %s %dd", r.Name, r.Schedule, r.RetentionDays)
		if r.Continuous {
			s += " continuous"
		}
		if r.CopyToDR {
			s += fmt.Sprintf(" copied to DR %dd", r.DRRetentionDays)
		}
		rules = append(rules, s)
	}
	lock := "none"
	if v := b.VaultLock; v != nil {
		lock = fmt.Sprintf("compliance, %d-%d days", v.MinRetentionDays, v.MaxRetentionDays)
	}
	s := []Setting{
		{"operations", "backup rules", strings.Join(rules, "; ")},
		{"operations", "vault lock", lock},
		{"operations", "alarms", fmt.Sprintf("%d to %s (SLO %.2f%%, p99 %d ms)", len(t.Monitoring.AlarmNames), alarmRecipients(m), m.AvailabilityTarget, m.Thresholds.LatencyP99Ms)},
		{"operations", "security monitoring", fmt.Sprintf("CloudTrail %t, GuardDuty %t", t.Monitoring.TrailName != "", t.Monitoring.GuardDuty)},
		{"operations", "telemetry", "CloudWatch observability add-on: container logs, Container Insights, traces at " + monitoring.TracesEndpoint},
	}
	return append(s, t.recovery...)
}

func alarmRecipients(m monitoring.Settings) string {
	n := len(m.AlarmEmails) + len(m.AlarmHttpsEndpoints)
	if n == 0 {
		return "the alarm topic (no subscribers configured)"
	}
	return fmt.Sprintf("the alarm topic (%d subscribers)", n)
}
