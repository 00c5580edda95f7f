package workload

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/irsa"
)

// RunAsUser is the uid (and gid) containers run as.
const RunAsUser = 10001

// ZoneKey is the node label replicas are spread over.
const ZoneKey = "topology.kubernetes.io/zone"

// service creates everything one service needs.
func (b *builder) service(s Service) (*serviceOut, error) {
	n := b.name + "-" + s.Name
	ns := s.Name
	labels := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(s.Name), "app.kubernetes.io/part-of": pulumi.String(b.name)}
	selector := &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(s.Name)}}
	meta := func(name string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: pulumi.String(ns), Labels: labels}
	}

	image, repoURL, err := b.repository(s)
	if err != nil {
		return nil, err
	}
	namespace, err := corev1.NewNamespace(b.ctx, n, &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(ns),
			Labels: pulumi.StringMap{
				"app.kubernetes.io/part-of":          pulumi.String(b.name),
				"pod-security.kubernetes.io/enforce": pulumi.String("restricted"),
				"pod-security.kubernetes.io/audit":   pulumi.String("restricted"),
				"pod-security.kubernetes.io/warn":    pulumi.String("restricted"),
			},
		},
	}, b.parent, b.kube, pulumi.DependsOn(b.args.KubeDependsOn))
	if err != nil {
		return nil, fmt.Errorf("namespace: %w", err)
	}
	inNS := pulumi.DependsOn([]pulumi.Resource{namespace})

	role, err := b.role(s, n, ns)
	if err != nil {
		return nil, err
	}
	sa, err := corev1.NewServiceAccount(b.ctx, n, &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(s.Name), Namespace: pulumi.String(ns), Labels: labels,
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": role.Arn},
		},
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, b.parent, b.kube, inNS)
	if err != nil {
		return nil, fmt.Errorf("service account: %w", err)
	}

	probe := func(path string, period, failures int) *corev1.ProbeArgs {
		return &corev1.ProbeArgs{
			HttpGet:          &corev1.HTTPGetActionArgs{Path: pulumi.String(path), Port: pulumi.String("http")},
			PeriodSeconds:    pulumi.Int(period),
			TimeoutSeconds:   pulumi.Int(2),
			FailureThreshold: pulumi.Int(failures),
		}
	}
	podLabels := pulumi.StringMap{}
	for k, v := range labels {
		podLabels[k] = v
	}
	dep, err := appsv1.NewDeployment(b.ctx, n, &appsv1.DeploymentArgs{
		Metadata: meta(s.Name),
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas:             pulumi.Int(s.MinReplicas),
			RevisionHistoryLimit: pulumi.Int(5),
			Selector:             selector,
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type: pulumi.String("RollingUpdate"),
				// Never below capacity: new pods come up before old ones go.
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{MaxUnavailable: pulumi.Int(0), MaxSurge: pulumi.String("25%")},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: podLabels},
				Spec: &corev1.PodSpecArgs{
					ServiceAccountName:            sa.Metadata.Name().Elem(),
					AutomountServiceAccountToken:  pulumi.Bool(false),
					TerminationGracePeriodSeconds: pulumi.Int(b.args.TerminationGracePeriodSeconds),
					SecurityContext: &corev1.PodSecurityContextArgs{
						RunAsNonRoot:   pulumi.Bool(true),
						RunAsUser:      pulumi.Int(RunAsUser),
						RunAsGroup:     pulumi.Int(RunAsUser),
						FsGroup:        pulumi.Int(RunAsUser),
						SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
					},
					TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{
						corev1.TopologySpreadConstraintArgs{
							MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String(ZoneKey),
							WhenUnsatisfiable: pulumi.String("DoNotSchedule"), LabelSelector: selector,
						},
						corev1.TopologySpreadConstraintArgs{
							MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String("kubernetes.io/hostname"),
							WhenUnsatisfiable: pulumi.String("ScheduleAnyway"), LabelSelector: selector,
						},
					},
					Volumes: corev1.VolumeArray{corev1.VolumeArgs{
						Name:     pulumi.String("tmp"),
						EmptyDir: &corev1.EmptyDirVolumeSourceArgs{SizeLimit: pulumi.String("256Mi")},
					}},
					Containers: corev1.ContainerArray{corev1.ContainerArgs{
						Name:            pulumi.String(s.Name),
						Image:           image,
						ImagePullPolicy: pulumi.String("IfNotPresent"),
						Ports: corev1.ContainerPortArray{corev1.ContainerPortArgs{
							Name: pulumi.String("http"), ContainerPort: pulumi.Int(s.Port), Protocol: pulumi.String("TCP"),
						}},
						Env: b.envVars(s),
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String(s.CPURequest), "memory": pulumi.String(s.MemoryRequest)},
							Limits:   pulumi.StringMap{"cpu": pulumi.String(s.CPULimit), "memory": pulumi.String(s.MemoryLimit)},
						},
						StartupProbe:   probe(s.StartupPath, 5, 30),
						LivenessProbe:  probe(s.LivenessPath, 10, 3),
						ReadinessProbe: probe(s.ReadinessPath, 5, 3),
						Lifecycle: &corev1.LifecycleArgs{PreStop: &corev1.LifecycleHandlerArgs{
							Sleep: &corev1.SleepActionArgs{Seconds: pulumi.Int(b.args.PreStopSleepSeconds)},
						}},
						SecurityContext: &corev1.SecurityContextArgs{
							RunAsNonRoot:             pulumi.Bool(true),
							ReadOnlyRootFilesystem:   pulumi.Bool(true),
							AllowPrivilegeEscalation: pulumi.Bool(false),
							Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
							SeccompProfile:           &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
						},
						VolumeMounts: corev1.VolumeMountArray{corev1.VolumeMountArgs{Name: pulumi.String("tmp"), MountPath: pulumi.String("/tmp")}},
					}},
				},
			},
		},
	}, b.parent, b.kube, inNS, pulumi.IgnoreChanges([]string{"spec.replicas"}))
	if err != nil {
		return nil, fmt.Errorf("deployment: %w", err)
	}

	resource := func(name string, target int) autoscalingv2.MetricSpecArgs {
		return autoscalingv2.MetricSpecArgs{Type: pulumi.String("Resource"), Resource: &autoscalingv2.ResourceMetricSourceArgs{
			Name:   pulumi.String(name),
			Target: autoscalingv2.MetricTargetArgs{Type: pulumi.String("Utilization"), AverageUtilization: pulumi.Int(target)},
		}}
	}
	if _, err := autoscalingv2.NewHorizontalPodAutoscaler(b.ctx, n, &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: meta(s.Name),
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReferenceArgs{
				ApiVersion: pulumi.String("apps/v1"), Kind: pulumi.String("Deployment"), Name: pulumi.String(s.Name),
			},
			MinReplicas: pulumi.Int(s.MinReplicas),
			MaxReplicas: pulumi.Int(s.MaxReplicas),
			Metrics:     autoscalingv2.MetricSpecArray{resource("cpu", b.args.CPUTargetPercent), resource("memory", b.args.MemoryTargetPercent)},
			Behavior: &autoscalingv2.HorizontalPodAutoscalerBehaviorArgs{
				ScaleDown: &autoscalingv2.HPAScalingRulesArgs{StabilizationWindowSeconds: pulumi.Int(b.args.ScaleDownStabilizationSeconds)},
			},
		},
	}, b.parent, b.kube, pulumi.DependsOn([]pulumi.Resource{dep})); err != nil {
		return nil, fmt.Errorf("hpa: %w", err)
	}
	if _, err := policyv1.NewPodDisruptionBudget(b.ctx, n, &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(s.Name),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MinAvailable: pulumi.Int(PDBMinAvailable(s.MinReplicas)),
			Selector:     selector,
		},
	}, b.parent, b.kube, inNS); err != nil {
		return nil, fmt.Errorf("pdb: %w", err)
	}
	svc, err := corev1.NewService(b.ctx, n, &corev1.ServiceArgs{
		Metadata: meta(s.Name),
		Spec: &corev1.ServiceSpecArgs{
			Type:     pulumi.String("ClusterIP"),
			Selector: selector.MatchLabels,
			Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
				Name: pulumi.String("http"), Port: pulumi.Int(s.Port), TargetPort: pulumi.String("http"), Protocol: pulumi.String("TCP"),
			}},
		},
	}, b.parent, b.kube, inNS)
	if err != nil {
		return nil, fmt.Errorf("service: %w", err)
	}
	b.w.KubeServices[s.Name] = svc
	if err := b.networkPolicies(s, n, ns, labels, selector, inNS); err != nil {
		return nil, err
	}
	return &serviceOut{namespace: namespace.Metadata.Name().Elem(), roleArn: role.Arn, repoURL: repoURL}, nil
}

// envVars are the service's plain variables plus its data endpoints.
// Secret values never appear: SECRET_ARNS names the secrets, the app reads
// them from Secrets Manager with its IAM role.
func (b *builder) envVars(s Service) corev1.EnvVarArray {
	var env corev1.EnvVarArray
	keys := make([]string, 0, len(s.Env))
	for k := range s.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(s.Env[k])})
	}
	add := func(name string, v pulumi.StringInput) {
		if v != nil {
			env = append(env, corev1.EnvVarArgs{Name: pulumi.String(name), Value: v})
		}
	}
	add("AWS_REGION", pulumi.String(b.env.Region))
	add("DATABASE_HOST", s.DatabaseEndpoint)
	add("DATABASE_READER_HOST", s.DatabaseReaderEndpoint)
	add("CACHE_HOST", s.CacheEndpoint)
	add("BUCKET_NAME", s.BucketName)
	if len(s.SecretArns) > 0 {
		arns := make([]any, len(s.SecretArns))
		for i, a := range s.SecretArns {
			arns[i] = a
		}
		add("SECRET_ARNS", pulumi.All(arns...).ApplyT(func(v []any) string {
			out := make([]string, len(v))
			for i, a := range v {
				out[i] = a.(string)
			}
			return strings.Join(out, ",")
		}).(pulumi.StringOutput))
	}
	return env
}

// role is the service's IRSA role; its policy names only the service's
// own secrets, buckets and keys.
func (b *builder) role(s Service, n, ns string) (*iam.Role, error) {
	role, err := irsa.NewRole(b.ctx, n, irsa.RoleArgs{
		ProviderArn: b.args.OidcProviderArn, IssuerURL: b.args.OidcProviderUrl,
		Namespace: ns, ServiceAccount: s.Name,
		Description: fmt.Sprintf("Service %s of %s", s.Name, b.name),
		Tags:        b.tagged(n),
	}, b.parent)
	if err != nil {
		return nil, err
	}
	if len(s.SecretArns)+len(s.BucketArns)+len(s.KMSKeyArns) == 0 {
		return role, nil
	}
	var all []any
	for _, group := range [][]pulumi.StringInput{s.SecretArns, s.BucketArns, s.KMSKeyArns} {
		for _, a := range group {
			all = append(all, a)
		}
	}
	ns1, ns2 := len(s.SecretArns), len(s.SecretArns)+len(s.BucketArns)
	policy := pulumi.All(all...).ApplyT(func(v []any) string {
		strs := func(vs []any) []string {
			out := make([]string, len(vs))
			for i, x := range vs {
				out[i] = x.(string)
			}
			return out
		}
		return ServicePolicy(strs(v[:ns1]), strs(v[ns1:ns2]), strs(v[ns2:])).JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(b.ctx, n, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, b.parent); err != nil {
		return nil, fmt.Errorf("role policy: %w", err)
	}
	return role, nil
}

// ServicePolicy grants read access to secrets, object access to buckets and
// data-key use of KMS keys, each on exactly the ARNs given.
func ServicePolicy(secrets, buckets, keys []string) awsutil.PolicyDocument {
	var st []awsutil.Statement
	if len(secrets) > 0 {
		st = append(st, awsutil.Statement{Sid: "ReadOwnSecrets", Effect: "Allow",
			Action: []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, Resource: secrets})
	}
	if len(buckets) > 0 {
		objects := make([]string, len(buckets))
		for i, b := range buckets {
			objects[i] = b + "/*"
		}
		st = append(st,
			awsutil.Statement{Sid: "ListOwnBuckets", Effect: "Allow", Action: []string{"s3:ListBucket", "s3:GetBucketLocation"}, Resource: buckets},
			awsutil.Statement{Sid: "UseOwnObjects", Effect: "Allow", Action: []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}, Resource: objects})
	}
	if len(keys) > 0 {
		st = append(st, awsutil.Statement{Sid: "UseOwnKeys", Effect: "Allow",
			Action: []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"}, Resource: keys})
	}
	return awsutil.Policy(st...)
}

// networkPolicies deny everything in the namespace, then admit the load
// balancer (which targets pod IPs from inside the VPC) on the service port
// and let pods reach DNS, the VPC (data stores) and HTTPS (AWS APIs).
func (b *builder) networkPolicies(s Service, n, ns string, labels pulumi.StringMap, selector *metav1.LabelSelectorArgs, opts ...pulumi.ResourceOption) error {
	opts = append(opts, b.parent, b.kube)
	if _, err := networkingv1.NewNetworkPolicy(b.ctx, n+"-default-deny", &networkingv1.NetworkPolicyArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("default-deny"), Namespace: pulumi.String(ns), Labels: labels},
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{},
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		},
	}, opts...); err != nil {
		return fmt.Errorf("default-deny network policy: %w", err)
	}
	tcp, udp := pulumi.String("TCP"), pulumi.String("UDP")
	vpc := networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(b.args.VpcCidr)}}
	if _, err := networkingv1.NewNetworkPolicy(b.ctx, n+"-allow", &networkingv1.NetworkPolicyArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(s.Name + "-allow"), Namespace: pulumi.String(ns), Labels: labels},
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: selector,
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
			Ingress: networkingv1.NetworkPolicyIngressRuleArray{networkingv1.NetworkPolicyIngressRuleArgs{
				From:  networkingv1.NetworkPolicyPeerArray{vpc},
				Ports: networkingv1.NetworkPolicyPortArray{networkingv1.NetworkPolicyPortArgs{Protocol: tcp, Port: pulumi.Int(s.Port)}},
			}},
			Egress: networkingv1.NetworkPolicyEgressRuleArray{
				networkingv1.NetworkPolicyEgressRuleArgs{
					To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
						NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String("kube-system")}},
						PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"k8s-app": pulumi.String("kube-dns")}},
					}},
					Ports: networkingv1.NetworkPolicyPortArray{
						networkingv1.NetworkPolicyPortArgs{Protocol: udp, Port: pulumi.Int(53)},
						networkingv1.NetworkPolicyPortArgs{Protocol: tcp, Port: pulumi.Int(53)},
					},
				},
				networkingv1.NetworkPolicyEgressRuleArgs{To: networkingv1.NetworkPolicyPeerArray{vpc}},
				networkingv1.NetworkPolicyEgressRuleArgs{
					Ports: networkingv1.NetworkPolicyPortArray{networkingv1.NetworkPolicyPortArgs{Protocol: tcp, Port: pulumi.Int(443)}},
				},
			},
		},
	}, opts...); err != nil {
		return fmt.Errorf("allow network policy: %w", err)
	}
	return nil
}
