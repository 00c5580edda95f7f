package workload

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MaxTargetRequestsPerSecond bounds Service.TargetRequestsPerSecond.
const MaxTargetRequestsPerSecond = 100000

// KEDA's ScaledObject and the annotation by which an HPA tells KEDA's
// admission webhook not to refuse a ScaledObject for the same Deployment
// (kedacore/keda apis/keda/v1alpha1 scaledobject_types.go and
// scaledobject_webhook.go verifyHpas, v2.18.1 and v2.19.0).
const (
	ScaledObjectAPIVersion     = "keda.sh/v1alpha1"
	ScaledObjectKind           = "ScaledObject"
	KEDAHPAOwnershipAnnotation = "validations.keda.sh/hpa-ownership"
)

// The request trigger's CloudWatch query: the ALB target group's
// RequestCount summed per minute, the newest complete minute of the last
// five (the current minute is still filling: an offset of one period).
const (
	RequestMetricNamespace = "AWS/ApplicationELB"
	RequestMetricName      = "RequestCount"
	RequestMetricPeriod    = 60
	requestMetricWindow    = 300
)

// ScalesOnRequests says whether the service scales on requests per pod
// (TargetRequestsPerSecond set): a ScaledObject, not an HPA.
func (s Service) ScalesOnRequests() bool { return s.TargetRequestsPerSecond > 0 }

// RequestScaling is the cluster's KEDA, for services that scale on
// requests (Service.TargetRequestsPerSecond).
type RequestScaling struct {
	// TriggerAuthentication is the name of the ClusterTriggerAuthentication
	// whose AWS identity reads CloudWatch (cluster.KEDATriggerAuthenticationName).
	// Required.
	TriggerAuthentication string `pulumi:"triggerAuthentication"`
	// DependsOn are what the ScaledObjects wait for: KEDA's CRDs and
	// admission webhook (the trigger authentication, after the chart).
	// Default none.
	DependsOn []pulumi.Resource
}

// RequestMetric names a service's load balancer target group in
// CloudWatch (the RequestCount dimensions LoadBalancer and TargetGroup).
type RequestMetric struct {
	// LoadBalancer is the ALB's ARN suffix ("app/<name>/<id>"). Required.
	LoadBalancer pulumi.StringInput
	// TargetGroup is the target group's ARN suffix
	// ("targetgroup/<name>/<id>"). Required.
	TargetGroup pulumi.StringInput
}

// autoscaler scales the Deployment on CPU and memory with an HPA; a
// service that scales on requests gets a ScaledObject instead, once its
// target group is known (ScaleOnRequests).
func (v *svc) autoscaler() error {
	if v.s.ScalesOnRequests() {
		v.pendingScale[v.s.Name] = v
		return nil
	}
	resource := func(name string, target int) autoscalingv2.MetricSpecArgs {
		return autoscalingv2.MetricSpecArgs{Type: pulumi.String("Resource"), Resource: &autoscalingv2.ResourceMetricSourceArgs{
			Name:   pulumi.String(name),
			Target: autoscalingv2.MetricTargetArgs{Type: pulumi.String("Utilization"), AverageUtilization: pulumi.Int(target)},
		}}
	}
	set := v.set
	meta := v.meta(v.s.Name)
	// Turning TargetRequestsPerSecond on later creates the ScaledObject
	// before this HPA is deleted: without the annotation KEDA's webhook
	// refuses it ("already managed by the hpa"). For the few seconds both
	// exist the HPA controller sees two HPAs on one Deployment and holds
	// the replicas (AmbiguousSelector) until this one goes.
	meta.Annotations = pulumi.StringMap{KEDAHPAOwnershipAnnotation: pulumi.String("false")}
	if _, err := autoscalingv2.NewHorizontalPodAutoscaler(v.ctx, v.n, &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: meta,
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReferenceArgs{
				ApiVersion: pulumi.String("apps/v1"), Kind: pulumi.String("Deployment"), Name: pulumi.String(v.s.Name),
			},
			MinReplicas: pulumi.Int(v.s.MinReplicas),
			MaxReplicas: pulumi.Int(v.s.MaxReplicas),
			Metrics:     autoscalingv2.MetricSpecArray{resource("cpu", set.CPUTargetPercent), resource("memory", set.MemoryTargetPercent)},
			Behavior: &autoscalingv2.HorizontalPodAutoscalerBehaviorArgs{
				ScaleDown: &autoscalingv2.HPAScalingRulesArgs{StabilizationWindowSeconds: pulumi.Int(*set.ScaleDownStabilizationSeconds)},
			},
		},
	}, v.parent, v.kube, pulumi.DependsOn([]pulumi.Resource{v.dep})); err != nil {
		return fmt.Errorf("hpa: %w", err)
	}
	return nil
}

// RequestScaled lists the services that scale on requests
// (TargetRequestsPerSecond), in config order: ScaleOnRequests needs a
// RequestMetric for each.
func (w *Workload) RequestScaled() []string {
	var out []string
	for _, s := range w.Services {
		if s.ScalesOnRequests() {
			out = append(out, s.Name)
		}
	}
	return out
}

// ScaleOnRequests creates the ScaledObjects of the services that scale on
// requests, from their target groups' metrics (by service name: exactly
// the services of RequestScaled). Their target groups come from the load
// balancer, which is built after the workload (it binds to the
// workload's Services), hence this second step; until it runs those
// services have no autoscaler. It may run once.
func (w *Workload) ScaleOnRequests(metrics map[string]RequestMetric) error {
	b := w.b
	if b.scaledOnRequests {
		return fmt.Errorf("workload %q: ScaleOnRequests already ran", b.name)
	}
	want := w.RequestScaled()
	for name := range metrics {
		if !slices.Contains(want, name) {
			return fmt.Errorf("workload %q: ScaleOnRequests: service %q does not scale on requests (TargetRequestsPerSecond): only %v do", b.name, name, want)
		}
	}
	for _, name := range want {
		m, ok := metrics[name]
		if !ok || m.LoadBalancer == nil || m.TargetGroup == nil {
			return fmt.Errorf("workload %q: ScaleOnRequests: service %s scales on requests and needs its LoadBalancer and TargetGroup ARN suffixes", b.name, name)
		}
		if err := b.pendingScale[name].scaledObject(m); err != nil {
			return fmt.Errorf("workload %q: service %s: %w", b.name, name, err)
		}
	}
	b.scaledOnRequests = true
	return nil
}

// scaledObject scales the Deployment on CPU, memory and the requests
// per pod at its target group, with KEDA (which creates and owns the HPA
// keda-hpa-<service>).
func (v *svc) scaledObject(m RequestMetric) error {
	s, set, rs := v.s, v.set, v.wiring.RequestScaling
	dims := pulumi.All(m.LoadBalancer, m.TargetGroup).ApplyT(func(x []any) string {
		return x[0].(string) + ";" + x[1].(string)
	}).(pulumi.StringOutput)
	utilization := func(resource string, percent int) pulumi.Map {
		return pulumi.Map{"type": pulumi.String(resource), "metricType": pulumi.String("Utilization"),
			"metadata": pulumi.StringMap{"value": pulumi.String(strconv.Itoa(percent))}}
	}
	requests := pulumi.Map{
		"type": pulumi.String("aws-cloudwatch"),
		// AverageValue: the HPA divides the target group's total by the
		// replicas, so each pod is held near TargetRequestsPerSecond.
		"metricType":        pulumi.String("AverageValue"),
		"authenticationRef": pulumi.Map{"name": pulumi.String(rs.TriggerAuthentication), "kind": pulumi.String("ClusterTriggerAuthentication")},
		"metadata": pulumi.StringMap{
			"namespace":            pulumi.String(RequestMetricNamespace),
			"metricName":           pulumi.String(RequestMetricName),
			"dimensionName":        pulumi.String("LoadBalancer;TargetGroup"),
			"dimensionValue":       dims,
			"metricStat":           pulumi.String("Sum"),
			"metricStatPeriod":     pulumi.String(strconv.Itoa(RequestMetricPeriod)),
			"metricCollectionTime": pulumi.String(strconv.Itoa(requestMetricWindow)),
			"metricEndTimeOffset":  pulumi.String(strconv.Itoa(RequestMetricPeriod)),
			"targetMetricValue":    pulumi.String(strconv.Itoa(s.TargetRequestsPerSecond * RequestMetricPeriod)),
			// No traffic reports no datapoint: read it as zero requests.
			"minMetricValue": pulumi.String("0"),
			"awsRegion":      pulumi.String(v.env.Region),
		},
	}
	deps := append([]pulumi.Resource{v.dep}, rs.DependsOn...)
	if _, err := apiextensions.NewCustomResource(v.ctx, v.n, &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(ScaledObjectAPIVersion),
		Kind:       pulumi.String(ScaledObjectKind),
		Metadata:   v.meta(s.Name),
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"scaleTargetRef":  pulumi.Map{"apiVersion": pulumi.String("apps/v1"), "kind": pulumi.String("Deployment"), "name": pulumi.String(s.Name)},
			"minReplicaCount": pulumi.Int(s.MinReplicas),
			"maxReplicaCount": pulumi.Int(s.MaxReplicas),
			"advanced": pulumi.Map{"horizontalPodAutoscalerConfig": pulumi.Map{"behavior": pulumi.Map{
				"scaleDown": pulumi.Map{"stabilizationWindowSeconds": pulumi.Int(*set.ScaleDownStabilizationSeconds)},
			}}},
			// CloudWatch unreadable for three polls: keep the replicas there
			// are (never fewer than the minimum) rather than scale down blind.
			"fallback": pulumi.Map{"failureThreshold": pulumi.Int(3), "replicas": pulumi.Int(s.MinReplicas),
				"behavior": pulumi.String("currentReplicasIfHigher")},
			"triggers": pulumi.Array{utilization("cpu", set.CPUTargetPercent), utilization("memory", set.MemoryTargetPercent), requests},
		}},
	}, v.parent, v.kube, pulumi.DependsOn(deps)); err != nil {
		return fmt.Errorf("scaled object: %w", err)
	}
	return nil
}
