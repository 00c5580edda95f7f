package monitoring

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/irsa"
)

// Names the amazon-cloudwatch-observability add-on uses.
const (
	ObservabilityAddon          = "amazon-cloudwatch-observability"
	ObservabilityNamespace      = "amazon-cloudwatch"
	ObservabilityServiceAccount = "cloudwatch-agent"
)

// ContainerInsightsLogGroups are the log groups
// /aws/containerinsights/<cluster>/<kind> the add-on writes to. They are
// created here first, so they get retention and the KMS key instead of
// being created by the agents without either.
var ContainerInsightsLogGroups = []string{"application", "dataplane", "host", "performance"}

// ObservabilityPolicies are the AWS managed policies of the agent's role:
// metrics and logs (CloudWatchAgentServerPolicy) and traces
// (AWSXrayWriteOnlyAccess).
var ObservabilityPolicies = []string{"CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"}

// AgentConfig is the CloudWatch agent configuration the add-on runs:
// Container Insights with enhanced observability, and OTLP (gRPC 4317, HTTP
// 4318) and X-Ray trace receivers on all interfaces so pods can reach them
// through the cloudwatch-agent service.
func AgentConfig() (string, error) {
	cfg := map[string]any{
		"agent": map[string]any{"config": map[string]any{
			"logs": map[string]any{"metrics_collected": map[string]any{
				"kubernetes": map[string]any{"enhanced_container_insights": true},
			}},
			"traces": map[string]any{"traces_collected": map[string]any{
				"otlp": map[string]any{"grpc_endpoint": "0.0.0.0:4317", "http_endpoint": "0.0.0.0:4318"},
				"xray": map[string]any{"bind_address": "0.0.0.0:2000"},
			}},
		}},
		"containerLogs": map[string]any{"enabled": true},
	}
	out, err := json.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("%s configuration: %w", ObservabilityAddon, err)
	}
	return string(out), nil
}

// cluster installs the observability add-on with its IRSA role and log
// groups, and the Container Insights alarms.
func (b *builder) cluster() error {
	c := b.w.Cluster
	if c == nil {
		return nil
	}
	deps, err := b.logGroups(c)
	if err != nil {
		return err
	}
	rn := b.child("cloudwatch-agent")
	role, err := irsa.NewRole(b.ctx, rn, irsa.RoleArgs{
		ProviderArn: c.OidcProviderArn, IssuerURL: c.OidcProviderUrl,
		Namespace: ObservabilityNamespace, ServiceAccount: ObservabilityServiceAccount,
		Description: "CloudWatch agent and Fluent Bit of " + b.prefix,
		Tags:        b.tagged(b.physical("cloudwatch-agent")),
	}, b.home.opts...)
	if err != nil {
		return err
	}
	for _, p := range ObservabilityPolicies {
		att, err := iam.NewRolePolicyAttachment(b.ctx, rn+"-"+p, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", b.home.env.Partition, p)),
		}, b.home.opts...)
		if err != nil {
			return fmt.Errorf("policy %s: %w", p, err)
		}
		deps = append(deps, att)
	}

	an := b.child(ObservabilityAddon)
	cfg, err := AgentConfig()
	if err != nil {
		return err
	}
	if _, err := eks.NewAddon(b.ctx, an, &eks.AddonArgs{
		ClusterName:              c.ClusterName,
		AddonName:                pulumi.String(ObservabilityAddon),
		AddonVersion:             pulumi.String(b.s.ObservabilityAddonVersion),
		ServiceAccountRoleArn:    role.Arn,
		ConfigurationValues:      pulumi.String(cfg),
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("PRESERVE"),
		Tags:                     b.tagged(b.physical(ObservabilityAddon)),
	}, append(b.home.opts, pulumi.DependsOn(deps))...); err != nil {
		return fmt.Errorf("add-on %s: %w", ObservabilityAddon, err)
	}

	t := b.s.Thresholds
	dims := pulumi.StringMap{"ClusterName": c.ClusterName}
	for _, ns := range sortedKeys(c.Workloads) {
		// Fewer running pods than the HPA minimum: crash loops, failed
		// scheduling or an evicted zone. No data means no pod reports.
		if err := b.alarm(alarmSpec{
			suffix: AlarmPodsPrefix + ns, description: fmt.Sprintf("fewer than %d pods running in namespace %s", c.Workloads[ns], ns),
			metric: metric{namespace: "ContainerInsights", name: "namespace_number_of_running_pods", stat: "Minimum",
				dims: pulumi.StringMap{"ClusterName": c.ClusterName, "Namespace": pulumi.String(ns)}},
			evaluations: 2, comparison: below, threshold: float64(c.Workloads[ns]), missing: "breaching", composite: true,
		}); err != nil {
			return err
		}
	}
	return b.alarmsOf(
		alarmSpec{suffix: AlarmNodeCPU, description: fmt.Sprintf("EKS node CPU above %d%%", t.NodeCPUPercent),
			metric:      metric{namespace: "ContainerInsights", name: "node_cpu_utilization", stat: "Average", dims: dims},
			evaluations: 3, comparison: above, threshold: float64(t.NodeCPUPercent)},
		alarmSpec{suffix: AlarmFailedNodes, description: "EKS nodes failing (or Container Insights not reporting)",
			metric:      metric{namespace: "ContainerInsights", name: "cluster_failed_node_count", stat: "Maximum", dims: dims},
			evaluations: 2, comparison: above, threshold: 0,
			// The agent reports this every minute, 0 when all is well: no
			// data means the agent (or the cluster) is broken.
			missing: "breaching"},
	)
}

// logGroups creates the Container Insights log groups of the cluster
// before the add-on does, with retention and the KMS key.
func (b *builder) logGroups(c *ClusterTarget) ([]pulumi.Resource, error) {
	var deps []pulumi.Resource
	for _, kind := range ContainerInsightsLogGroups {
		n := b.child("ci-" + kind)
		g, err := cloudwatch.NewLogGroup(b.ctx, n, &cloudwatch.LogGroupArgs{
			Name:            pulumi.Sprintf("/aws/containerinsights/%s/%s", c.ClusterName, kind),
			RetentionInDays: pulumi.Int(b.s.LogRetentionDays),
			KmsKeyId:        b.home.keyArn,
			Tags:            b.tagged(b.physical("ci-" + kind)),
		}, b.home.opts...)
		if err != nil {
			return nil, fmt.Errorf("log group %s: %w", kind, err)
		}
		deps = append(deps, g)
	}
	return deps, nil
}
