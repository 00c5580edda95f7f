package tests

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens of the monitoring tier.
const (
	monTTopic          = "aws:sns/topic:Topic"
	monTTopicPolicy    = "aws:sns/topicPolicy:TopicPolicy"
	monTSubscription   = "aws:sns/topicSubscription:TopicSubscription"
	monTAlarm          = "aws:cloudwatch/metricAlarm:MetricAlarm"
	monTComposite      = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
	monTDashboard      = "aws:cloudwatch/dashboard:Dashboard"
	monTEventRule      = "aws:cloudwatch/eventRule:EventRule"
	monTEventTarget    = "aws:cloudwatch/eventTarget:EventTarget"
	monTAddon          = "aws:eks/addon:Addon"
	monTAttachment     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	monTTrail          = "aws:cloudtrail/trail:Trail"
	monTDetector       = "aws:guardduty/detector:Detector"
	monTDetectorFeat   = "aws:guardduty/detectorFeature:DetectorFeature"
	monTMetricFilter   = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
	monName            = "mon"
	monCluster         = "shop-test-eks"
	monCacheGroup      = "shop-test-cache"
	monEmail           = "oncall@example.com"
	monHook            = "https://hooks.example.com/alerts"
	monTrailBucketName = "shop-audit-logs"
)

// The monitoring tier's types without a Tags argument.
// monitoringHelpersCases adds this file's cases to the shared tables (see cases).
func monitoringHelpersCases(c *testCases) {
	c.untaggable[monTTopicPolicy] = sns.TopicPolicyArgs{}
	c.untaggable[monTSubscription] = sns.TopicSubscriptionArgs{}
	c.untaggable[monTDashboard] = cloudwatch.DashboardArgs{}
	c.untaggable[monTEventTarget] = cloudwatch.EventTargetArgs{}
	c.untaggable[monTDetectorFeat] = guardduty.DetectorFeatureArgs{}
	c.untaggable[monTMetricFilter] = cloudwatch.LogMetricFilterArgs{}
}

// monAllTargets monitors everything, with security monitoring on.
func monAllTargets(east *aws.Provider) monitoring.MonitoringArgs {
	return monitoring.MonitoringArgs{Settings: monitoring.Settings{
		AlarmEmails:         []string{monEmail},
		AlarmHttpsEndpoints: []string{monHook},
		Tags:                unitTags,
	}, Wiring: monitoring.Wiring{
		EdgeProvider: east,
		LoadBalancer: &monitoring.LoadBalancerTarget{
			ArnSuffix:    pulumi.String("app/shop-alb/50dc6c495c0c9188"),
			TargetGroups: map[string]pulumi.StringInput{"app": pulumi.String("targetgroup/shop-app/943f017f100becff")},
		},
		Database:   &monitoring.DatabaseTarget{ClusterIdentifier: pulumi.String("shop-test-db")},
		Cache:      &monitoring.CacheTarget{ReplicationGroupId: pulumi.String(monCacheGroup), Nodes: 3},
		CDN:        &monitoring.CDNTarget{DistributionId: pulumi.String("E2EXAMPLE"), AdditionalMetrics: true},
		WAF:        &monitoring.WAFTarget{WebACLName: pulumi.String("shop-test-waf")},
		Cluster:    &monitoring.ClusterTarget{ClusterName: pulumi.String(monCluster), OidcProviderArn: pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"), OidcProviderUrl: pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE")},
		CloudTrail: &monitoring.CloudTrailArgs{BucketName: pulumi.String(monTrailBucketName)},
		GuardDuty:  true,
	}}
}

// monRunErr runs one component named monName in eu-west-1. args gets the
// us-east-1 provider the program creates.
func monRunErr(t *testing.T, args func(east *aws.Provider) monitoring.MonitoringArgs) (*mockgraph.Graph, error) {
	t.Helper()
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		east, err := edgeEast(ctx)
		if err != nil {
			return err
		}
		a := args(east)
		_, err = monitoring.NewMonitoring(ctx, monName, &a)
		return err
	})
}

// monRun is monRunErr that fails the test on error.
func monRun(t *testing.T, args func(east *aws.Provider) monitoring.MonitoringArgs) *mockgraph.Graph {
	t.Helper()
	g, err := monRunErr(t, args)
	require.NoError(t, err)
	return g
}

// monAll runs with every target, edited by edit.
func monAll(t *testing.T, edit func(*monitoring.MonitoringArgs)) *mockgraph.Graph {
	t.Helper()
	return monRun(t, func(east *aws.Provider) monitoring.MonitoringArgs {
		a := monAllTargets(east)
		if edit != nil {
			edit(&a)
		}
		return a
	})
}

// monAlarm returns the metric alarm of the component with the suffix.
func monAlarm(t *testing.T, g *mockgraph.Graph, suffix string) *mockgraph.Resource {
	t.Helper()
	r := g.Named(monTAlarm, monName+"-"+suffix)
	require.NotNil(t, r, "alarm %s-%s missing", monName, suffix)
	return r
}

// monTopics returns the regional and the us-east-1 topic (nil if absent).
func monTopics(t *testing.T, g *mockgraph.Graph) (home, edge *mockgraph.Resource) {
	t.Helper()
	home = g.Named(monTTopic, monName+"-alerts")
	require.NotNil(t, home, "regional topic missing")
	return home, g.Named(monTTopic, monName+"-edge-alerts")
}

// monPolicy parses a JSON policy document input.
func monPolicy(t *testing.T, r *mockgraph.Resource, path string) map[string]any {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Str(path)), &doc), "%s %s: %s", r.Type, r.Name, path)
	return doc
}

// monStatements returns a policy's statements.
func monStatements(t *testing.T, doc map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range doc["Statement"].([]any) {
		out = append(out, edgeObj(t, s))
	}
	return out
}

// monStrings flattens a policy value (string or list) into strings.
func monStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, monStrings(e)...)
		}
		return out
	}
	return nil
}

// monKeyOf returns the KMS key whose ARN is arn.
func monKeyOf(t *testing.T, g *mockgraph.Graph, arn string) *mockgraph.Resource {
	t.Helper()
	for _, k := range g.ByType(tKmsKey) {
		if k.Output("arn") == arn {
			return k
		}
	}
	t.Fatalf("no KMS key with ARN %q", arn)
	return nil
}
