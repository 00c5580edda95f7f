package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Catches: log groups the agents would create themselves (no retention,
// no key), a key CloudWatch Logs may not use for them, the add-on created
// before its log groups or policies, a role trusting the wrong service
// account, a traces endpoint that does not match the agent's receiver.
func TestMonitoringClusterTelemetry(t *testing.T) {
	g := monAll(t, func(a *monitoring.MonitoringArgs) { a.LogRetentionDays = 90 })
	home, _ := monTopics(t, g)
	keyArn := home.Str("kmsMasterKeyId")
	groups := g.ByType(tLogGroup)
	var names []string
	for _, lg := range groups {
		names = append(names, lg.Str("name"))
		assert.Equal(t, 90, lg.Int("retentionInDays"), lg.Name)
		assert.Equal(t, keyArn, lg.Str("kmsKeyId"), "%s uses the monitoring key", lg.Name)
	}
	assert.ElementsMatch(t, []string{
		"/aws/containerinsights/" + monCluster + "/application", "/aws/containerinsights/" + monCluster + "/dataplane",
		"/aws/containerinsights/" + monCluster + "/host", "/aws/containerinsights/" + monCluster + "/performance",
	}, names)
	assert.Contains(t, monKeyOf(t, g, keyArn).Str("policy"), "log-group:/aws/containerinsights/*", "the key admits CloudWatch Logs for these groups")

	addon := edgeOne(t, g, monTAddon)
	assert.Equal(t, monitoring.ObservabilityAddon, addon.Str("addonName"))
	assert.Equal(t, monitoring.DefaultObservabilityAddonVersion, addon.Str("addonVersion"))
	assert.Equal(t, monCluster, addon.Str("clusterName"))
	for _, lg := range groups {
		assert.True(t, addon.DependsOn(lg), "add-on must wait for %s", lg.Name)
	}
	role := g.Named(tRole, monName+"-cloudwatch-agent")
	require.NotNil(t, role)
	assert.Equal(t, role.Output("arn"), addon.Str("serviceAccountRoleArn"), "the agent uses IRSA")
	assert.Contains(t, role.Str("assumeRolePolicy"), "system:serviceaccount:amazon-cloudwatch:cloudwatch-agent")
	var policies []string
	for _, att := range g.ByType(monTAttachment) {
		assert.Equal(t, role.Output("name"), att.Str("role"))
		assert.True(t, addon.DependsOn(att), "add-on must wait for %s", att.Name)
		policies = append(policies, att.Str("policyArn"))
	}
	assert.ElementsMatch(t, []string{"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"}, policies)

	var cfg struct {
		Agent struct {
			Config struct {
				Traces struct {
					TracesCollected struct {
						OTLP struct {
							GRPC string `json:"grpc_endpoint"`
						} `json:"otlp"`
					} `json:"traces_collected"`
				} `json:"traces"`
			} `json:"config"`
		} `json:"agent"`
		ContainerLogs struct {
			Enabled bool `json:"enabled"`
		} `json:"containerLogs"`
	}
	require.NoError(t, json.Unmarshal([]byte(addon.Str("configurationValues")), &cfg))
	assert.True(t, cfg.ContainerLogs.Enabled, "container logs are shipped")
	_, port, _ := strings.Cut(cfg.Agent.Config.Traces.TracesCollected.OTLP.GRPC, ":")
	assert.True(t, strings.HasPrefix(cfg.Agent.Config.Traces.TracesCollected.OTLP.GRPC, "0.0.0.0:"), "the receiver must listen beyond localhost")
	assert.True(t, strings.HasSuffix(monitoring.TracesEndpoint, ":"+port), "TracesEndpoint %s must hit the OTLP gRPC receiver port %s", monitoring.TracesEndpoint, port)

	g = monAll(t, func(a *monitoring.MonitoringArgs) { a.Cluster = nil; a.ObservabilityAddonVersion = "v4.2.0-eksbuild.1" })
	assert.Empty(t, g.ByType(monTAddon))
	assert.Empty(t, g.ByType(tRole))
}

// Catches: a single-region trail, no log validation, an unencrypted trail
// or a key CloudTrail may not use, GuardDuty without EKS protection, all
// findings (or none) paged, EventBridge not admitted to the topic, and any
// of it created when switched off.
func TestMonitoringSecuritySwitches(t *testing.T) {
	g := monAll(t, nil)
	trail := edgeOne(t, g, monTTrail)
	assert.True(t, trail.Bool("isMultiRegionTrail"))
	assert.True(t, trail.Bool("includeGlobalServiceEvents"))
	assert.True(t, trail.Bool("enableLogFileValidation"))
	assert.Equal(t, monTrailBucketName, trail.Str("s3BucketName"))
	require.NotEmpty(t, trail.Str("kmsKeyId"))
	key := monKeyOf(t, g, trail.Str("kmsKeyId"))
	var cloudTrailMayEncrypt bool
	for _, s := range monStatements(t, monPolicy(t, key, "policy")) {
		p, _ := s["Principal"].(map[string]any)
		if p["Service"] == "cloudtrail.amazonaws.com" && s["Action"] == "kms:GenerateDataKey*" {
			like := edgeObj(t, edgeObj(t, s["Condition"])["StringLike"])
			cloudTrailMayEncrypt = strings.HasSuffix(like["kms:EncryptionContext:aws:cloudtrail:arn"].(string), ":"+mockgraph.Account+":trail/"+trail.Str("name"))
		}
	}
	assert.True(t, cloudTrailMayEncrypt, "the trail key must admit CloudTrail for this trail's encryption context")

	det := edgeOne(t, g, monTDetector)
	assert.True(t, det.Bool("enable"))
	assert.Equal(t, "FIFTEEN_MINUTES", det.Str("findingPublishingFrequency"))
	features := map[string]*mockgraph.Resource{}
	for _, f := range g.ByType(monTDetectorFeat) {
		features[f.Str("name")] = f
		assert.Equal(t, mockID(det), f.Str("detectorId"))
		assert.Equal(t, "ENABLED", f.Str("status"))
	}
	require.Contains(t, features, "EKS_AUDIT_LOGS")
	require.Contains(t, features, "RUNTIME_MONITORING")
	assert.Equal(t, "EKS_ADDON_MANAGEMENT", features["RUNTIME_MONITORING"].Str("additionalConfigurations.0.name"))
	assert.Equal(t, "ENABLED", features["RUNTIME_MONITORING"].Str("additionalConfigurations.0.status"))

	rule := edgeOne(t, g, monTEventRule)
	var pattern struct {
		Source []string `json:"source"`
		Detail struct {
			Severity []struct {
				Numeric []any `json:"numeric"`
			} `json:"severity"`
		} `json:"detail"`
	}
	require.NoError(t, json.Unmarshal([]byte(rule.Str("eventPattern")), &pattern))
	assert.Equal(t, []string{"aws.guardduty"}, pattern.Source)
	require.Len(t, pattern.Detail.Severity, 1)
	assert.Equal(t, []any{">=", 7.0}, pattern.Detail.Severity[0].Numeric)
	target := edgeOne(t, g, monTEventTarget)
	home, _ := monTopics(t, g)
	assert.Equal(t, home.Output("arn"), target.Str("arn"))
	assert.Equal(t, rule.Output("name"), target.Str("rule"))
	policy := g.Named(monTTopicPolicy, monName+"-alerts")
	require.NotNil(t, policy)
	assert.Contains(t, policy.Str("policy"), "events.amazonaws.com", "EventBridge must be allowed to publish")
	assert.Contains(t, monKeyOf(t, g, home.Str("kmsMasterKeyId")).Str("policy"), "events.amazonaws.com", "EventBridge needs the topic key")

	g = monAll(t, func(a *monitoring.MonitoringArgs) { a.CloudTrail, a.GuardDuty = nil, false })
	for _, typ := range []string{monTTrail, monTDetector, monTDetectorFeat, monTEventRule, monTEventTarget} {
		assert.Empty(t, g.ByType(typ), "%s exists although switched off", typ)
	}
	assert.NotContains(t, g.Named(monTTopicPolicy, monName+"-alerts").Str("policy"), "events.amazonaws.com", "no EventBridge publisher without GuardDuty")
}

// Catches: a child not parented (it would escape the component and its
// provider), names not derived from the component's (two instances
// collide in URNs or in CloudWatch alarm, topic or dashboard names).
func TestMonitoringTwoInstancesParentedAndDistinct(t *testing.T) {
	names := []string{"mon-a", "mon-b"}
	g := harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		for i, n := range names {
			a := monAllTargets(east)
			a.GuardDuty = i == 0 // one detector per account and region
			if _, err := monitoring.NewMonitoring(ctx, n, &a); err != nil {
				return err
			}
		}
		return nil
	})
	comps := g.ByType(monitoring.TypeToken)
	require.Len(t, comps, 2)
	for _, r := range customResources(g) {
		c := g.Component(r)
		if assert.NotNil(t, c, "%s %s escapes the component", r.Type, r.Name) {
			assert.Equal(t, monitoring.TypeToken, c.Type, "%s %s", r.Type, r.Name)
		}
	}
	physical := map[string]string{}
	for _, c := range comps {
		for _, r := range g.Descendants(c) {
			assert.Equal(t, c.URN, r.Parent, "%s %s must be a direct child of %s", r.Type, r.Name, c.Name)
			assert.True(t, strings.HasPrefix(r.Name, c.Name+"-") || r.Name == c.Name, "%s %s is not named after %s", r.Type, r.Name, c.Name)
			for _, key := range []string{"name", "alarmName", "dashboardName"} {
				if v := r.Str(key); v != "" && !strings.HasPrefix(v, "/aws/containerinsights/") {
					id := r.Type + " " + v
					assert.Empty(t, physical[id], "%s used by %s and %s", id, physical[id], r.Name)
					physical[id] = r.Name
				}
			}
		}
	}
	assert.Len(t, monAlarmNames(g), 2*len(monAlarmNames(monAll(t, nil))))
}

// Catches: a taggable resource without the component tag or the caller's
// tags.
func TestMonitoringTagsEveryTaggableResource(t *testing.T) {
	g := monAll(t, nil)
	for _, r := range customResources(g) {
		if _, ok := cases().untaggable[r.Type]; ok {
			continue
		}
		tags := r.Tags()
		assert.Equal(t, "monitoring", tags["component"], "%s %s", r.Type, r.Name)
		for k, v := range unitTags {
			assert.Equal(t, v, tags[k], "%s %s tag %s", r.Type, r.Name, k)
		}
	}
}

// Catches: invalid arguments accepted, or rejected only after resources
// were registered, or with an error that does not name the field.
func TestMonitoringRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		name string
		edit func(a *monitoring.MonitoringArgs)
		want string
	}{
		{"percentage above 100", func(a *monitoring.MonitoringArgs) { a.Thresholds.DBCPUPercent = 120 }, "Thresholds.DBCPUPercent: must be between 1 and 100"},
		{"negative latency", func(a *monitoring.MonitoringArgs) { a.Thresholds.LatencyP99Ms = -5 }, "Thresholds.LatencyP99Ms: must be a positive number"},
		{"negative evictions", func(a *monitoring.MonitoringArgs) { a.Thresholds.CacheEvictions = defaults.Of(-1) }, "Thresholds.CacheEvictions"},
		{"SLO target 100", func(a *monitoring.MonitoringArgs) { a.AvailabilityTarget = 100 }, "AvailabilityTarget: must be at least 90 and below 100"},
		{"SLO target too low", func(a *monitoring.MonitoringArgs) { a.AvailabilityTarget = 85 }, "AvailabilityTarget"},
		{"http endpoint", func(a *monitoring.MonitoringArgs) { a.AlarmHttpsEndpoints = []string{"http://hooks.example.com"} }, "AlarmHttpsEndpoints: \"http://hooks.example.com\" must be an https:// URL"},
		{"bad email", func(a *monitoring.MonitoringArgs) { a.AlarmEmails = []string{"oncall"} }, "AlarmEmails"},
		{"CDN without edge provider", func(a *monitoring.MonitoringArgs) { a.EdgeProvider, a.WAF = nil, nil }, "EdgeProvider: is required when CDN or WAF"},
		{"WAF without edge provider", func(a *monitoring.MonitoringArgs) { a.EdgeProvider, a.CDN = nil, nil }, "EdgeProvider: is required"},
		{"retention not a CloudWatch value", func(a *monitoring.MonitoringArgs) { a.LogRetentionDays = 10 }, "LogRetentionDays: must be one of"},
		{"database without identifier", func(a *monitoring.MonitoringArgs) { a.Database = &monitoring.DatabaseTarget{} }, "Database.ClusterIdentifier: is required"},
		{"cluster without OIDC", func(a *monitoring.MonitoringArgs) { a.Cluster.OidcProviderArn = nil }, "Cluster.OidcProviderArn: is required"},
		{"bad add-on version", func(a *monitoring.MonitoringArgs) { a.ObservabilityAddonVersion = "latest" }, "ObservabilityAddonVersion"},
		{"too many cache nodes", func(a *monitoring.MonitoringArgs) { a.Cache.Nodes = 9 }, "Cache.Nodes"},
		{"bad target group key", func(a *monitoring.MonitoringArgs) {
			a.LoadBalancer.TargetGroups = map[string]pulumi.StringInput{"App TG": pulumi.String("targetgroup/x/1")}
		}, "LoadBalancer.TargetGroups"},
		{"trail without bucket", func(a *monitoring.MonitoringArgs) { a.CloudTrail = &monitoring.CloudTrailArgs{} }, "CloudTrail.BucketName: is required"},
		{"workload without pods", func(a *monitoring.MonitoringArgs) { a.Cluster.Workloads = map[string]int{"web": 0} }, "Cluster.Workloads: namespace \"web\": the minimum running pods must be at least 1"},
		{"workload namespace not a label", func(a *monitoring.MonitoringArgs) { a.Cluster.Workloads = map[string]int{"Web App": 2} }, "Cluster.Workloads: namespace \"Web App\""},
		{"CDN without additional metrics", func(a *monitoring.MonitoringArgs) {
			a.CDN = &monitoring.CDNTarget{DistributionId: pulumi.String("E1")}
		}, "CDN.AdditionalMetrics: must be true"},
		{"too many cache shards", func(a *monitoring.MonitoringArgs) { a.Cache.Shards = 91 }, "Cache.Shards: must be between 1 and 90"},
		{"NAT without gateways", func(a *monitoring.MonitoringArgs) { a.NAT = &monitoring.NATTarget{} }, "NAT.GatewayIds: must list at least one"},
		{"API without stage", func(a *monitoring.MonitoringArgs) {
			a.API = &monitoring.APITarget{ApiId: pulumi.String("a1"), AccessLogGroupName: pulumi.String("/api")}
		}, "API.Stage: is required"},
		{"replication without rule", func(a *monitoring.MonitoringArgs) {
			a.Replication = &monitoring.ReplicationTarget{SourceBucket: pulumi.String("s"), DestinationBucket: pulumi.String("d")}
		}, "Replication.RuleId: is required"},
		{"service graphed on an unwatched target group", func(a *monitoring.MonitoringArgs) {
			a.Cluster.Services = []monitoring.ServiceScale{{Name: "web", Namespace: "web", TargetGroup: "web", MinReplicas: 2, MaxReplicas: 4}}
		}, "Cluster.Services: service \"web\": target group \"web\" is not a key of LoadBalancer.TargetGroups"},
		{"negative traffic floor", func(a *monitoring.MonitoringArgs) { a.Thresholds.TrafficFloorPerFiveMinutes = defaults.Of(-1) }, "Thresholds.TrafficFloorPerFiveMinutes: must be 0"},
		{"API 5xx above 100", func(a *monitoring.MonitoringArgs) { a.Thresholds.API5xxPercent = 101 }, "Thresholds.API5xxPercent: must be between 1 and 100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := monRunErr(t, func(east *aws.Provider) monitoring.MonitoringArgs {
				a := monAllTargets(east)
				cl := *a.Cluster
				a.Cluster = &cl
				ca := *a.Cache
				a.Cache = &ca
				lb := *a.LoadBalancer
				a.LoadBalancer = &lb
				c.edit(&a)
				return a
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, customResources(g), "nothing may be registered for invalid args")
			assert.Empty(t, g.ByType(monitoring.TypeToken))
		})
	}
	t.Run("edge provider outside us-east-1", func(t *testing.T) {
		g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
			west, err := aws.NewProvider(ctx, "euw1", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
			if err != nil {
				return err
			}
			_, err = monitoring.NewMonitoring(ctx, "m", &monitoring.MonitoringArgs{Wiring: monitoring.Wiring{
				EdgeProvider: west, CDN: &monitoring.CDNTarget{DistributionId: pulumi.String("E1"), AdditionalMetrics: true},
			}})
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "EdgeProvider: must be a us-east-1 provider")
		assert.Empty(t, customResources(g))
		assert.Empty(t, g.ByType(monitoring.TypeToken))
	})
}
