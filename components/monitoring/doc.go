// Package monitoring provides Monitoring: alerting, alarms, availability
// SLO burn-rate alerts, a dashboard, EKS telemetry and optional account
// security monitoring for one environment of the web platform.
//
//   - Alerting: an SNS topic encrypted with a customer-managed key whose
//     policy lets CloudWatch (and EventBridge, with GuardDuty) use it; a
//     topic policy that admits only CloudWatch/EventBridge of this account
//     and the account itself, and denies publishing without TLS; email and
//     HTTPS subscriptions. Alarm actions must be in the alarm's region, so
//     when CloudFront or WAF is monitored a second topic (same setup) is
//     created in us-east-1 through EdgeProvider.
//   - Alarms, each optional with its target (nil = not monitored): ALB 5xx
//     rate (metric math), p99 latency, traffic drop, unhealthy hosts and
//     p99 per target group; API Gateway (HTTP API) 5xx rate, p99 latency
//     and 429s (a metric filter on the access log); Aurora CPU, memory,
//     local storage, volume, replica lag, connections; ElastiCache engine
//     CPU, memory, evictions, replication lag (maximum over the member
//     clusters, per shard in cluster mode); S3 replication latency and
//     failures; per NAT gateway port allocation errors and dropped
//     packets; CloudFront 5xx rate and origin p99 and WAF blocked and
//     rate-limited requests in us-east-1 (a REGIONAL web ACL in the home
//     region); EKS node CPU and failed nodes (Container Insights).
//     Thresholds are in Thresholds with documented defaults. Every alarm
//     notifies its region's topic on ALARM and OK, except the SLO windows.
//   - Classification: MetricClasses and NamespaceTiers give every alarm a
//     class (Health or Saturation) and a tier from its metrics;
//     Monitoring.Alarms lists them (TierSummary prints them per tier). An
//     alarm on an unclassified metric is an error.
//   - SLO: per burn rate a long and a short window alarm on the ALB 5xx
//     ratio, which notify nobody, and a composite that fires when both burn
//     (see BurnRate for the maths); a composite "service unhealthy" alarm.
//   - A dashboard with an alarm status widget per region, a graph per
//     alarm, and scaling and performance graphs (see performanceGraphs):
//     per service requests, 5xx rate, p50/p99 and pods against the HPA
//     bounds; the edge's requests, errors and p50/p99; nodes against the
//     autoscaler bounds; database and cache load.
//   - EKS: the amazon-cloudwatch-observability managed add-on (CloudWatch
//     agent for Container Insights and OTLP/X-Ray traces, Fluent Bit for
//     container logs) with an IRSA role, after its log groups were created
//     with retention and the KMS key. Workloads export traces to
//     TracesEndpoint.
//   - Security (opt-in): a multi-region CloudTrail trail with log file
//     validation and its own key into an existing bucket; a GuardDuty
//     detector with EKS audit-log and runtime monitoring whose high and
//     critical findings go to the topic.
//
// Settings are plain values (validated without a Pulumi context, and
// decodable from stack config); Wiring holds the targets, which are other
// components' outputs. A GuardDuty detector and a CloudTrail trail are
// per account: in a program with two Monitoring instances in one account,
// switch them on in one (see Settings). NamePrefix (default: the name
// argument) starts every physical name, so instances coexist.
//
// Usage:
//
//	east, _ := aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
//	mon, err := monitoring.NewMonitoring(ctx, "shop-prod-monitoring", &monitoring.MonitoringArgs{
//		Settings: monitoring.Settings{
//			AlarmEmails:        []string{"oncall@example.com"},
//			AvailabilityTarget: 99.9,
//			Thresholds:         monitoring.Thresholds{LatencyP99Ms: 300, CacheEvictions: defaults.Of(0)},
//			Tags:               map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//		},
//		Wiring: monitoring.Wiring{
//			EdgeProvider: east,
//			LoadBalancer: &monitoring.LoadBalancerTarget{
//				ArnSuffix:    alb.ArnSuffix,
//				TargetGroups: map[string]pulumi.StringInput{"app": tg.ArnSuffix},
//			},
//			Database: &monitoring.DatabaseTarget{ClusterIdentifier: db.ClusterIdentifier},
//			Cache:    &monitoring.CacheTarget{ReplicationGroupId: cache.ReplicationGroupId, Nodes: 3},
//			CDN:      &monitoring.CDNTarget{DistributionId: cdn.DistributionId, AdditionalMetrics: cdn.AdditionalMetrics},
//			API:      &monitoring.APITarget{ApiId: api.ApiId, Stage: pulumi.String(apigateway.StageName), AccessLogGroupName: api.AccessLogGroupName},
//			WAF:      &monitoring.WAFTarget{WebACLName: pulumi.String("shop-prod-waf")},
//			Cluster: &monitoring.ClusterTarget{
//				ClusterName: eks.ClusterName, OidcProviderArn: eks.OidcProviderArn, OidcProviderUrl: eks.OidcProviderUrl,
//			},
//			CloudTrail: &monitoring.CloudTrailArgs{BucketName: pulumi.String("shop-audit-logs")},
//			GuardDuty:  true,
//		},
//	})
//	// workloads: OTEL_EXPORTER_OTLP_ENDPOINT = mon.TracesEndpoint
//
// A compiled example that go test runs: Example_monitoring in
// examples/consumer/example_edge_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package monitoring
