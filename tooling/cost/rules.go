package cost

import (
	"fmt"
	"strings"

	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// rule prices one resource: it adds the resource's lines to the estimate.
// A rule may add none where the resource's configuration is free (a
// gateway endpoint, an add-on other than the observability one).
type rule func(c *calc, r *mockgraph.Resource)

// rules are the billable resource types: what AWS bills each for and how
// much of it the stack uses. Usage that is not a resource's own capacity
// comes from the stack's costAssumptions (stacks.CostUsage).
var rules = map[string]rule{
	"aws:ec2/natGateway:NatGateway": func(c *calc, r *mockgraph.Resource) {
		u := c.e.Inputs.Usage
		c.add(r, "NAT gateway hours", c.hours, "vpc.nat-gateway", 1)
		data := u.NATDataGB
		if c.endpoints == 0 {
			data += u.AWSServiceDataGB // no interface endpoints: AWS APIs go through NAT too
		}
		c.add(r, "NAT data processed", share(data, c.natGateways), "vpc.nat-gateway-data", 1)
	},
	"aws:ec2/eip:Eip": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "public IPv4 address", c.hours, "ec2.public-ipv4", 1)
	},
	"aws:ec2/vpcEndpoint:VpcEndpoint": func(c *calc, r *mockgraph.Resource) {
		if r.Str("vpcEndpointType") != "Interface" {
			return // gateway endpoints (S3) are free
		}
		c.add(r, "interface endpoint AZ-hours", c.hours*float64(len(r.List("subnetIds"))), "vpc.interface-endpoint", 1)
		c.add(r, "interface endpoint data", share(c.e.Inputs.Usage.AWSServiceDataGB, c.endpoints), "vpc.interface-endpoint-data", 1)
	},
	"aws:cloudwatch/logGroup:LogGroup": priceLogGroup,
	"aws:cloudwatch/metricAlarm:MetricAlarm": func(c *calc, r *mockgraph.Resource) {
		metrics := 0
		for _, q := range r.List("metricQueries") {
			if m, ok := q.(map[string]any); ok && m["metric"] != nil {
				metrics++
			}
		}
		c.add(r, "alarm metrics", float64(max(metrics, 1)), "cloudwatch.alarm", 1)
	},
	"aws:cloudwatch/compositeAlarm:CompositeAlarm": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "composite alarm", 1, "cloudwatch.composite-alarm", 1)
	},
	"aws:cloudwatch/dashboard:Dashboard": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "dashboard", 1, "cloudwatch.dashboard", 1)
	},
	"aws:cloudwatch/logMetricFilter:LogMetricFilter": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "custom metrics", float64(max(len(r.List("metricTransformation")), 1)), "cloudwatch.metric", 1)
	},
	"aws:eks/cluster:Cluster": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "EKS control plane hours", c.hours, "eks.cluster", 1)
	},
	"aws:eks/nodeGroup:NodeGroup": priceNodeGroup,
	"aws:eks/addon:Addon": func(c *calc, r *mockgraph.Resource) {
		if r.Str("addonName") != "amazon-cloudwatch-observability" {
			return // add-ons are free; they run on the nodes
		}
		u := c.e.Inputs.Usage
		c.add(r, "Container Insights observations", c.nodes*u.ContainerInsightsObservationsMillions, "cloudwatch.container-insights", 1)
		c.add(r, fmt.Sprintf("X-Ray traces (sample ratio %g)", c.e.Inputs.TraceSampleRatio),
			u.APIRequestsMillions*c.e.Inputs.TraceSampleRatio, "xray.traces", 1)
	},
	"aws:lb/loadBalancer:LoadBalancer": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "load balancer hours", c.hours, "alb.hour", 1)
		c.add(r, "load balancer capacity units", c.hours*c.e.Inputs.Usage.ALBLCUs, "alb.lcu", 1)
	},
	"aws:rds/clusterInstance:ClusterInstance": func(c *calc, r *mockgraph.Resource) {
		class := r.Str("instanceClass")
		if class == catalog.AuroraServerless {
			// Billed for the capacity it runs at, nothing while paused.
			c.add(r, "Aurora Serverless v2 capacity", c.e.Inputs.Usage.DBACUHours, r.Str("engine")+".acu", 1)
			return
		}
		c.add(r, "Aurora instance "+class, c.hours, r.Str("engine")+".instance:"+class, 1)
	},
	"aws:rds/cluster:Cluster": func(c *calc, r *mockgraph.Resource) {
		u := c.e.Inputs.Usage
		c.add(r, "Aurora storage", u.DBStorageGB, "aurora.storage", 1)
		if r.Str("storageType") != "aurora-iopt1" {
			c.add(r, "Aurora I/O", u.DBIOMillions, "aurora.io", 1)
		}
	},
	"aws:elasticache/replicationGroup:ReplicationGroup": func(c *calc, r *mockgraph.Resource) {
		nodes := r.Int("numCacheClusters")
		if groups := r.Int("numNodeGroups"); groups > 0 {
			nodes = groups * (r.Int("replicasPerNodeGroup") + 1)
		}
		nodeType := r.Str("nodeType")
		c.add(r, "cache nodes "+nodeType, c.hours*float64(nodes),
			"elasticache.node:"+r.Str("engine")+":"+nodeType, 1)
	},
	"aws:kms/key:Key": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "KMS key", 1, "kms.key", 1)
		c.add(r, "KMS requests", share(c.e.Inputs.Usage.KMSRequestsMillions, c.kmsKeys), "kms.requests", 1)
	},
	"aws:secretsmanager/secret:Secret": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "secret", 1, "secretsmanager.secret", 1)
	},
	"aws:cloudfront/distribution:Distribution": func(c *calc, r *mockgraph.Resource) {
		u := c.e.Inputs.Usage
		c.add(r, "CloudFront HTTPS requests", u.CDNRequestsMillions, "cloudfront.https-requests", 1)
		c.add(r, "CloudFront data out", u.CDNDataOutGB, "cloudfront.data-out", 1)
		for i := range r.List("origins") {
			if r.Bool(fmt.Sprintf("origins.%d.originShield.enabled", i)) {
				// Cached responses stop at the edge; the dynamic (API)
				// requests are the ones that reach the shield.
				c.add(r, "Origin Shield requests", u.APIRequestsMillions, "cloudfront.origin-shield", 1)
				break
			}
		}
	},
	"aws:cloudfront/function:Function": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "CloudFront Functions invocations", c.e.Inputs.Usage.CDNRequestsMillions, "cloudfront.function", 1)
	},
	"aws:cloudfront/monitoringSubscription:MonitoringSubscription": func(c *calc, r *mockgraph.Resource) {
		// Additional distribution metrics are billed as 8 custom metrics.
		c.add(r, "additional CloudFront metrics", 8, "cloudwatch.metric", 1)
	},
	"aws:wafv2/webAcl:WebAcl": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "web ACL", 1, "waf.web-acl", 1)
		c.add(r, "WAF rules", float64(len(r.List("rules"))), "waf.rule", 1)
		requests := c.e.Inputs.Usage.CDNRequestsMillions
		if r.Str("scope") != "CLOUDFRONT" {
			requests = c.wafRequests[outStr(r, "arn")]
		}
		c.add(r, "WAF requests", requests, "waf.requests", 1)
	},
	"aws:apigatewayv2/api:Api": func(c *calc, r *mockgraph.Resource) {
		if r.Str("protocolType") != "HTTP" {
			c.missing("%s: only HTTP APIs are priced, got %s", r.Name, r.Str("protocolType"))
			return
		}
		c.add(r, "API Gateway requests", c.e.Inputs.Usage.APIRequestsMillions, "apigateway.http-requests", 1)
	},
	"aws:cognito/userPool:UserPool": func(c *calc, r *mockgraph.Resource) {
		tier := r.Str("userPoolTier")
		if tier == "" {
			tier = "ESSENTIALS" // the tier AWS gives new pools
		}
		c.add(r, "Cognito monthly active users ("+strings.ToLower(tier)+")", c.e.Inputs.Usage.MonthlyActiveUsers, "cognito.mau:"+tier, 1)
	},
	"aws:ecr/repository:Repository": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "ECR image storage", share(c.e.Inputs.Usage.ECRStorageGB, c.repositories), "ecr.storage", 1)
	},
	"aws:backup/vault:Vault": func(c *calc, r *mockgraph.Resource) {
		u := c.e.Inputs.Usage
		gb, item := u.BackupStorageGB, "backup storage"
		if c.region(r) != c.e.Inputs.Region {
			gb, item = u.DRBackupStorageGB, "backup copies (DR region)"
		}
		c.add(r, item, gb, "backup.warm-storage", 1)
	},
	"aws:backup/plan:Plan": func(c *calc, r *mockgraph.Resource) {
		if hasCopies(r) {
			c.add(r, "backup copies to the DR region", share(c.e.Inputs.Usage.DRTransferGB, c.drCopies), "transfer.inter-region", 1)
		}
	},
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig": func(c *calc, r *mockgraph.Resource) {
		c.add(r, "replication to the DR region", share(c.e.Inputs.Usage.DRTransferGB, c.drCopies), "transfer.inter-region", 1)
	},
	"aws:s3/bucketV2:BucketV2": priceBucket,
	"aws:guardduty/detector:Detector": func(c *calc, r *mockgraph.Resource) {
		u := c.e.Inputs.Usage
		c.add(r, "GuardDuty CloudTrail events", u.CloudTrailEventsMillions, "guardduty.cloudtrail-events", 1)
		c.add(r, "GuardDuty flow and DNS logs", u.FlowLogIngestGB, "guardduty.flow-dns-logs", 1)
	},
	"aws:guardduty/detectorFeature:DetectorFeature": func(c *calc, r *mockgraph.Resource) {
		switch r.Str("name") {
		case "EKS_AUDIT_LOGS":
			c.add(r, "GuardDuty EKS audit logs", c.e.Inputs.Usage.EKSAuditEventsMillions, "guardduty.eks-audit-logs", 1)
		case "RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING":
			c.add(r, "GuardDuty runtime monitoring", c.nodeVCPUs, "guardduty.eks-runtime", 1)
		default:
			c.missing("%s: GuardDuty feature %s is not priced", r.Name, r.Str("name"))
		}
	},
}

// priceLogGroup prices ingestion (the flow logs' as vended logs, every
// other group an equal share of logIngestGb) and storage at the group's
// retention, at ingested size: CloudWatch bills compressed bytes, so this
// is an upper bound.
func priceLogGroup(c *calc, r *mockgraph.Resource) {
	u := c.e.Inputs.Usage
	ingest, meter := share(u.LogIngestGB, c.logGroups), "logs.ingest"
	if c.flowLogGroups[r.Str("name")] {
		ingest, meter = u.FlowLogIngestGB, "logs.vended"
	}
	c.add(r, "log ingestion", ingest, meter, 1)
	days, what := retentionDays(r), fmt.Sprintf("%d days", r.Int("retentionInDays"))
	if r.Int("retentionInDays") == 0 {
		what = "never expires, counted at 365 days"
	}
	// In steady state a group holds its retention's worth of ingest.
	c.add(r, "log storage ("+what+")", ingest*(float64(days)/30), "logs.storage", 1)
}

// retentionDays is how long log group r keeps its events; a group that
// never expires is counted at a year.
func retentionDays(r *mockgraph.Resource) int {
	if days := r.Int("retentionInDays"); days > 0 {
		return days
	}
	return 365
}

// priceNodeGroup prices the desired nodes at the first instance type (the
// one a spot group's lowest-price allocation mostly lands on is unknown;
// the first is the preferred one) and their root volumes from the launch
// template.
func priceNodeGroup(c *calc, r *mockgraph.Resource) {
	nodes := float64(r.Int("scalingConfig.desiredSize"))
	typ := nodeType(r)
	factor, how := 1.0, "on-demand"
	if r.Str("capacityType") == "SPOT" {
		d := c.e.Inputs.Usage.SpotDiscountPercent
		factor, how = 1-d/100, fmt.Sprintf("spot, %g%% below on-demand", d)
	}
	c.add(r, fmt.Sprintf("nodes %s (%s)", typ, how), c.hours*nodes, "ec2.instance:"+typ, factor)
	size, volume := 20, "gp3" // EKS's default root volume
	if lt := c.launchTemplate(r); lt != nil && lt.Has("blockDeviceMappings.0.ebs.volumeSize") {
		size = lt.Int("blockDeviceMappings.0.ebs.volumeSize")
		if v := lt.Str("blockDeviceMappings.0.ebs.volumeType"); v != "" {
			volume = v
		}
	}
	c.add(r, "node volumes "+volume, nodes*float64(size), "ebs."+volume, 1)
}

// launchTemplate is the launch template r names by id, or nil.
func (c *calc) launchTemplate(r *mockgraph.Resource) *mockgraph.Resource {
	id := r.Str("launchTemplate.id")
	for _, lt := range c.g.ByType("aws:ec2/launchTemplate:LaunchTemplate") {
		if id != "" && lt.ID == id {
			return lt
		}
	}
	return nil
}

func nodeType(r *mockgraph.Resource) string {
	if types := r.Strings("instanceTypes"); len(types) > 0 {
		return types[0]
	}
	return "t3.medium" // EKS's default
}

// priceBucket prices a bucket's storage from the assumption for its role,
// which its name states (<prefix>-storage-<role>[-dr]-<suffix>), in the
// storage class objects land in (the replica's, from the replication
// rule that writes to it).
func priceBucket(c *calc, r *mockgraph.Resource) {
	u := c.e.Inputs.Usage
	roles := []struct {
		role string
		gb   float64
	}{{"files-dr", u.FileStorageGB}, {"files", u.FileStorageGB}, {"assets", u.AssetStorageGB}, {"logs", u.LogArchiveGB}}
	for _, b := range roles {
		if strings.HasSuffix(r.Name, "-"+b.role) {
			class := c.replicaClass(r)
			c.add(r, "S3 storage ("+class+")", b.gb, "s3."+class, 1)
			return
		}
	}
	c.missing("bucket %s: no usage assumption for its storage (a files, assets or logs bucket)", r.Name)
}

// replicaClass is the storage class replication writes to bucket r in,
// "standard" when nothing replicates to it.
func (c *calc) replicaClass(r *mockgraph.Resource) string {
	arn := outStr(r, "arn")
	for _, rc := range c.g.ByType("aws:s3/bucketReplicationConfig:BucketReplicationConfig") {
		for i := range rc.List("rules") {
			dest := fmt.Sprintf("rules.%d.destination.", i)
			if class := rc.Str(dest + "storageClass"); rc.Str(dest+"bucket") == arn && class != "" {
				return strings.ReplaceAll(strings.ToLower(class), "_", "-")
			}
		}
	}
	return "standard"
}

// hasCopies reports whether a backup plan copies recovery points to
// another vault.
func hasCopies(plan *mockgraph.Resource) bool {
	for i := range plan.List("rules") {
		if len(plan.List(fmt.Sprintf("rules.%d.copyActions", i))) > 0 {
			return true
		}
	}
	return false
}

// outStr is r's output at path as a string ("" if absent).
func outStr(r *mockgraph.Resource, path string) string {
	s, _ := r.Output(path).(string)
	return s
}
