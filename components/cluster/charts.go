package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/irsa"
)

// Chart repositories.
const (
	eksChartsRepo      = "https://aws.github.io/eks-charts"
	metricsServerRepo  = "https://kubernetes-sigs.github.io/metrics-server/"
	autoscalerRepo     = "https://kubernetes.github.io/autoscaler"
	kedaRepo           = "https://kedacore.github.io/charts"
	kedaOperatorSA     = "keda-operator"
	lbControllerSA     = "aws-load-balancer-controller"
	autoscalerSA       = "cluster-autoscaler"
	controllerNamspace = "kube-system"
)

// charts installs the AWS Load Balancer Controller, metrics-server, the
// Cluster Autoscaler and, with Settings.KEDA, KEDA, with pinned chart
// versions (ChartVersionsFor the Kubernetes version: the autoscaler chart
// and image of its minor).
func (b *builder) charts() error {
	lbRole, err := b.irsaRole("lb-controller", lbControllerSA, LBControllerPolicy(b.env, b.s.Tags))
	if err != nil {
		return err
	}
	lbc, err := b.release("lb-controller", ChartLBController, eksChartsRepo, pulumi.Map{
		"clusterName":  b.cluster.Name,
		"region":       pulumi.String(b.env.Region),
		"vpcId":        b.w.VpcId,
		"replicaCount": pulumi.Int(2),
		"serviceAccount": pulumi.Map{
			"create":      pulumi.Bool(true),
			"name":        pulumi.String(lbControllerSA),
			"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": lbRole.Arn},
		},
		// Only TargetGroupBindings: the ALB itself is managed by Pulumi,
		// and the role (LBControllerPolicy) allows nothing else.
		"enableServiceMutatorWebhook": pulumi.Bool(false),
		"enableShield":                pulumi.Bool(false),
		"enableWaf":                   pulumi.Bool(false),
		"enableWafv2":                 pulumi.Bool(false),
	})
	if err != nil {
		return err
	}
	b.c.LBController = lbc
	if _, err := b.release("metrics-server", ChartMetrics, metricsServerRepo, pulumi.Map{
		"replicas": pulumi.Int(2),
	}); err != nil {
		return err
	}
	caRole, err := b.irsaRole("autoscaler", autoscalerSA, AutoscalerPolicy(b.env.Partition, b.phys))
	if err != nil {
		return err
	}
	_, err = b.release("autoscaler", ChartAutoscaler, autoscalerRepo, pulumi.Map{
		"autoDiscovery": pulumi.Map{"clusterName": b.cluster.Name},
		"awsRegion":     pulumi.String(b.env.Region),
		"image":         pulumi.Map{"tag": pulumi.String(AutoscalerImageTag(b.s.KubernetesVersion))},
		"rbac": pulumi.Map{"serviceAccount": pulumi.Map{
			"create":      pulumi.Bool(true),
			"name":        pulumi.String(autoscalerSA),
			"annotations": pulumi.Map{"eks.amazonaws.com/role-arn": caRole.Arn},
		}},
		"extraArgs": pulumi.Map{
			"balance-similar-node-groups": pulumi.Bool(true),
			"skip-nodes-with-system-pods": pulumi.Bool(false),
			"scale-down-unneeded-time":    pulumi.String("10m"),
			"expander":                    pulumi.String("least-waste"),
		},
	})
	if err != nil || !b.s.KEDA {
		return err
	}
	return b.keda()
}

func (b *builder) irsaRole(suffix, sa string, policy awsutil.PolicyDocument) (*iam.Role, error) {
	n := b.name + "-" + suffix
	role, err := irsa.NewRole(b.ctx, n, irsa.RoleArgs{
		ProviderArn: b.oidcArn, IssuerURL: b.oidcURL,
		Namespace: controllerNamspace, ServiceAccount: sa,
		Description: fmt.Sprintf("%s of %s", sa, b.phys),
		Tags:        b.tagged(n),
	}, b.parent)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(b.ctx, n, &iam.RolePolicyArgs{Role: role.Name, Policy: pulumi.String(policy.JSON())}, b.parent); err != nil {
		return nil, fmt.Errorf("%s policy: %w", sa, err)
	}
	return role, nil
}

func (b *builder) release(suffix, chart, repo string, values pulumi.Map) (*helmv3.Release, error) {
	n := b.name + "-" + suffix
	r, err := helmv3.NewRelease(b.ctx, n, &helmv3.ReleaseArgs{
		Name:           pulumi.String(chart),
		Chart:          pulumi.String(chart),
		Version:        pulumi.String(b.s.ChartVersions[chart]),
		Namespace:      pulumi.String(controllerNamspace),
		RepositoryOpts: helmv3.RepositoryOptsArgs{Repo: pulumi.String(repo)},
		Values:         values,
		Atomic:         pulumi.Bool(true),
		CleanupOnFail:  pulumi.Bool(true),
		MaxHistory:     pulumi.Int(10),
	}, b.parent, pulumi.Provider(b.c.Provider))
	if err != nil {
		return nil, fmt.Errorf("helm release %s: %w", chart, err)
	}
	return r, nil
}

// AutoscalerPolicy is the Cluster Autoscaler's IAM policy: read-only
// discovery everywhere (those actions have no resource-level permissions),
// scaling only of Auto Scaling groups (ARNs of partition) tagged as owned
// by the cluster named clusterName.
func AutoscalerPolicy(partition, clusterName string) awsutil.PolicyDocument {
	return awsutil.Policy(
		awsutil.Statement{
			Sid:    "Discover",
			Effect: "Allow",
			Action: []string{
				"autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
				"autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
				"autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
				"ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
				"eks:DescribeNodegroup",
			},
			Resource: "*",
		},
		awsutil.Statement{
			Sid:    "ScaleOwnGroups",
			Effect: "Allow",
			Action: []string{"autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"},
			// Both actions take resource-level permissions: Auto Scaling
			// groups only, not "*".
			Resource: fmt.Sprintf("arn:%s:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*", partition),
			Condition: map[string]map[string]any{"StringEquals": {
				"aws:ResourceTag/k8s.io/cluster-autoscaler/" + clusterName: "owned",
			}},
		},
	)
}
