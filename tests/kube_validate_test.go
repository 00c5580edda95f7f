package tests

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/kubevalidate"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

var (
	kubeOnce   sync.Once
	kubeShared *kubevalidate.Client
	kubeErr    error
)

// kubeClient returns the client for the server started by
// scripts/kube-apiserver.sh; a missing server FAILS the test (never skips).
func kubeClient(t *testing.T) *kubevalidate.Client {
	t.Helper()
	kubeOnce.Do(func() { kubeShared, kubeErr = kubevalidate.FromEnv() })
	if kubeErr != nil {
		t.Fatalf("kube validation needs a real API server: %v", kubeErr)
	}
	return kubeShared
}

// kubeValidate validates every Kubernetes object of g and returns the report.
func kubeValidate(t *testing.T, g *mockgraph.Graph) *kubevalidate.Report {
	t.Helper()
	objs, skipped := kubevalidate.Manifests(g)
	rep, err := kubeClient(t).Validate(objs, skipped)
	if err != nil {
		t.Fatalf("validating: %v", err)
	}
	return rep
}

// Every Kubernetes object of every stack is accepted by the API server
// (server-side dry run, strict field validation).
func TestKubeStacksValidateAgainstAPIServer(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			rep := kubeValidate(t, g)
			t.Logf("stack %s: %s", stack, rep.Summary())
			for _, f := range rep.Failures {
				t.Errorf("stack %s: rejected by kube-apiserver: %s", stack, f)
			}
			objs, skipped := kubevalidate.Manifests(g)
			if got := len(rep.Validated) + len(rep.Failures) + len(rep.NotValidated); got != len(objs)+len(skipped) {
				t.Errorf("stack %s: %d objects + %d skipped, but the report accounts for %d", stack, len(objs), len(skipped), got)
			}
			for _, s := range rep.NotValidated {
				if s.Reason == "" {
					t.Errorf("stack %s: %s %s not validated without a reason", stack, s.Type, s.Name)
				}
			}
		})
	}
}

// kubeLabels are the selector labels of the sample workload.
var kubeLabels = pulumi.StringMap{"app": pulumi.String("web")}

// kubeSampleWorkload declares the kinds the compute tier uses.
func kubeSampleWorkload(ctx *pulumi.Context) error {
	ns, err := corev1.NewNamespace(ctx, "kv-app", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("kv-app")},
	})
	if err != nil {
		return err
	}
	meta := func(name string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: ns.Metadata.Name(), Labels: kubeLabels}
	}
	if _, err := corev1.NewServiceAccount(ctx, "kv-sa", &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("web"), Namespace: ns.Metadata.Name(),
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": pulumi.String("arn:aws:iam::123456789012:role/web")}},
		AutomountServiceAccountToken: pulumi.Bool(false),
	}); err != nil {
		return err
	}
	if _, err := corev1.NewSecret(ctx, "kv-secret", &corev1.SecretArgs{
		Metadata:   meta("web-db"),
		StringData: pulumi.StringMap{"password": pulumi.ToSecret(pulumi.String("s3cr3t")).(pulumi.StringOutput)},
	}); err != nil {
		return err
	}
	if _, err := appsv1.NewDeployment(ctx, "kv-web", &appsv1.DeploymentArgs{
		Metadata: meta("web"),
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas: pulumi.Int(2),
			Selector: &metav1.LabelSelectorArgs{MatchLabels: kubeLabels},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: kubeLabels},
				Spec: &corev1.PodSpecArgs{
					ServiceAccountName: pulumi.String("web"),
					SecurityContext:    &corev1.PodSecurityContextArgs{RunAsNonRoot: pulumi.Bool(true)},
					Containers: corev1.ContainerArray{&corev1.ContainerArgs{
						Name:  pulumi.String("web"),
						Image: pulumi.String("public.ecr.aws/nginx/nginx:1.27"),
						Ports: corev1.ContainerPortArray{&corev1.ContainerPortArgs{ContainerPort: pulumi.Int(8080)}},
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String("250m"), "memory": pulumi.String("256Mi")},
						},
					}},
				},
			},
		},
	}); err != nil {
		return err
	}
	if _, err := corev1.NewService(ctx, "kv-svc", &corev1.ServiceArgs{
		Metadata: meta("web"),
		Spec: &corev1.ServiceSpecArgs{Selector: kubeLabels, Ports: corev1.ServicePortArray{
			&corev1.ServicePortArgs{Port: pulumi.Int(80), TargetPort: pulumi.Int(8080)}}},
	}); err != nil {
		return err
	}
	if _, err := autoscalingv2.NewHorizontalPodAutoscaler(ctx, "kv-hpa", &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: meta("web"),
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: &autoscalingv2.CrossVersionObjectReferenceArgs{ApiVersion: pulumi.String("apps/v1"), Kind: pulumi.String("Deployment"), Name: pulumi.String("web")},
			MinReplicas:    pulumi.Int(2), MaxReplicas: pulumi.Int(6),
		},
	}); err != nil {
		return err
	}
	if _, err := policyv1.NewPodDisruptionBudget(ctx, "kv-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta("web"),
		Spec:     &policyv1.PodDisruptionBudgetSpecArgs{MinAvailable: pulumi.Int(1), Selector: &metav1.LabelSelectorArgs{MatchLabels: kubeLabels}},
	}); err != nil {
		return err
	}
	if _, err := networkingv1.NewNetworkPolicy(ctx, "kv-netpol", &networkingv1.NetworkPolicyArgs{
		Metadata: meta("default-deny"),
		Spec: &networkingv1.NetworkPolicySpecArgs{PodSelector: &metav1.LabelSelectorArgs{},
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress")}},
	}); err != nil {
		return err
	}
	if _, err := apiextensions.NewCustomResource(ctx, "kv-tgb", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("elbv2.k8s.aws/v1beta1"), Kind: pulumi.String("TargetGroupBinding"),
		Metadata: meta("web"),
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"serviceRef":     pulumi.Map{"name": pulumi.String("web"), "port": pulumi.Int(80)},
			"targetGroupARN": pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"),
			"targetType":     pulumi.String("ip"),
		}},
	}); err != nil {
		return err
	}
	if _, err := helmv3.NewRelease(ctx, "kv-lbc", &helmv3.ReleaseArgs{
		Chart: pulumi.String("aws-load-balancer-controller"), Version: pulumi.String("1.13.3"),
		Namespace:      pulumi.String("kube-system"),
		RepositoryOpts: &helmv3.RepositoryOptsArgs{Repo: pulumi.String("https://aws.github.io/eks-charts")},
	}); err != nil {
		return err
	}
	// A release that creates its namespace, and an object placed in it.
	if _, err := helmv3.NewRelease(ctx, "kv-metrics", &helmv3.ReleaseArgs{
		Chart: pulumi.String("metrics-server"), Version: pulumi.String("3.12.2"),
		Namespace: pulumi.String("kv-monitoring"), CreateNamespace: pulumi.Bool(true),
	}); err != nil {
		return err
	}
	_, err = corev1.NewConfigMap(ctx, "kv-dashboards", &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("dashboards"), Namespace: pulumi.String("kv-monitoring")},
		Data:     pulumi.StringMap{"web.json": pulumi.String("{}")},
	})
	return err
}

// The kinds the compute tier uses are accepted; the custom resource is
// validated when its CRD is installed, or listed with the reason; the Helm
// release is listed as not validated with its chart and version; the
// Secret's value never reaches the manifest.
func TestKubeSampleWorkloadAccepted(t *testing.T) {
	g := harness.MustRun(t, "us-east-1", kubeSampleWorkload)
	rep := kubeValidate(t, g)
	t.Log(rep.Summary())
	for _, f := range rep.Failures {
		t.Errorf("rejected: %s", f)
	}
	accepted := map[string]bool{}
	for _, o := range rep.Validated {
		accepted[o.Kind] = true
	}
	for _, kind := range []string{"Namespace", "ServiceAccount", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ConfigMap"} {
		if !accepted[kind] {
			t.Errorf("%s was not accepted by the server", kind)
		}
	}
	var helm, tgb *kubevalidate.Skipped
	for i, s := range rep.NotValidated {
		switch {
		case s.Type == kubevalidate.HelmReleaseType && s.Chart == "aws-load-balancer-controller":
			helm = &rep.NotValidated[i]
		case strings.HasSuffix(s.Type, "/TargetGroupBinding"):
			tgb = &rep.NotValidated[i]
		}
	}
	if helm == nil || helm.Chart != "aws-load-balancer-controller" || helm.Version != "1.13.3" {
		t.Errorf("Helm release not listed as not validated with chart and version: %+v", helm)
	}
	switch {
	case accepted["TargetGroupBinding"] && tgb != nil:
		t.Error("TargetGroupBinding both validated and not validated")
	case !accepted["TargetGroupBinding"] && tgb == nil:
		t.Error("TargetGroupBinding neither validated nor listed as not validated")
	case tgb != nil && !strings.Contains(tgb.Reason, "CRD"):
		t.Errorf("TargetGroupBinding not validated without a CRD reason: %q", tgb.Reason)
	case lbcCRDInstalled(kubeClient(t).CRDFiles) && !accepted["TargetGroupBinding"]:
		t.Errorf("CRD files %v installed but TargetGroupBinding not validated: %+v", kubeClient(t).CRDFiles, tgb)
	}
	for _, body := range rep.Sent {
		if strings.Contains(string(body), "s3cr3t") {
			t.Errorf("a secret value was sent in a manifest: %s", body)
		}
	}
}

// lbcCRDInstalled reports whether one of the installed CRD files is the
// AWS Load Balancer Controller's (which defines TargetGroupBinding); the
// SecurityGroupPolicy CRD may be installed without it.
func lbcCRDInstalled(files []string) bool {
	return slices.ContainsFunc(files, func(f string) bool { return strings.Contains(filepath.Base(f), "aws-load-balancer-controller") })
}

// kubeBrokenDeployment declares a Deployment with raw fields so a test can
// break it on purpose.
func kubeBrokenDeployment(spec pulumi.Map) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := apiextensions.NewCustomResource(ctx, "kv-broken", &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String("apps/v1"), Kind: pulumi.String("Deployment"),
			Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String("broken"), Namespace: pulumi.String("default")},
			OtherFields: kubernetes.UntypedArgs{"spec": spec},
		})
		return err
	}
}

func kubeDeploymentSpec(extra pulumi.Map) pulumi.Map {
	spec := pulumi.Map{
		"replicas": pulumi.Int(1),
		"selector": pulumi.Map{"matchLabels": pulumi.Map{"app": pulumi.String("b")}},
		"template": pulumi.Map{
			"metadata": pulumi.Map{"labels": pulumi.Map{"app": pulumi.String("b")}},
			"spec": pulumi.Map{"containers": pulumi.Array{pulumi.Map{
				"name": pulumi.String("b"), "image": pulumi.String("busybox:1.36")}}},
		},
	}
	for k, v := range extra {
		spec[k] = v
	}
	return spec
}

// The validator can fail: the server rejects broken objects with its own
// message, and accepts the same Deployment when it is correct.
func TestKubeValidatorRejectsBrokenObjects(t *testing.T) {
	cases := []struct {
		name  string
		extra pulumi.Map
		want  string // substring of the server's message; "" = accepted
	}{
		{"correct", nil, ""},
		{"unknown field", pulumi.Map{"replicaz": pulumi.Int(3)}, `unknown field "spec.replicaz"`},
		{"wrong type", pulumi.Map{"replicas": pulumi.String("three")}, "spec.replicas"},
		{"missing selector match", pulumi.Map{"selector": pulumi.Map{"matchLabels": pulumi.Map{"app": pulumi.String("other")}}}, "selector"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := harness.MustRun(t, "us-east-1", kubeBrokenDeployment(kubeDeploymentSpec(tc.extra)))
			rep := kubeValidate(t, g)
			if tc.want == "" {
				if !rep.OK() || len(rep.Validated) != 1 {
					t.Fatalf("correct Deployment not accepted: %s", rep.Summary())
				}
				return
			}
			if len(rep.Failures) != 1 {
				t.Fatalf("broken Deployment (%s) not rejected: %s", tc.name, rep.Summary())
			}
			if f := rep.Failures[0]; !strings.Contains(f.Message, tc.want) || f.Object.Kind != "Deployment" || f.Object.Name != "broken" {
				t.Errorf("rejection %q: want the server's message containing %q for Deployment broken", f, tc.want)
			}
		})
	}
}

// kubeWidgetCRD is a small CRD in a test-only group, installed from a file
// the way the Load Balancer Controller's CRDs are (KUBE_CRD_FILES).
const kubeWidgetCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.kubevalidate.test
spec:
  group: kubevalidate.test
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
`

// Custom resources are validated against the schema of CRDs installed from
// files: a correct one is accepted, an unknown field and a value below the
// schema's minimum are rejected.
func TestKubeCustomResourcesValidatedAfterCRDInstall(t *testing.T) {
	shared := kubeClient(t)
	file := filepath.Join(t.TempDir(), "crds.yaml")
	if err := os.WriteFile(file, []byte(kubeWidgetCRD), 0o600); err != nil {
		t.Fatal(err)
	}
	c := kubevalidate.New(shared.URL, shared.Token)
	c.CRDFiles = []string{file}
	widget := func(spec pulumi.Map) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			_, err := apiextensions.NewCustomResource(ctx, "kv-widget", &apiextensions.CustomResourceArgs{
				ApiVersion: pulumi.String("kubevalidate.test/v1"), Kind: pulumi.String("Widget"),
				Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String("w"), Namespace: pulumi.String("default")},
				OtherFields: kubernetes.UntypedArgs{"spec": spec},
			})
			return err
		}
	}
	for _, tc := range []struct {
		name string
		spec pulumi.Map
		want string
	}{
		{"correct", pulumi.Map{"size": pulumi.Int(2)}, ""},
		{"unknown field", pulumi.Map{"size": pulumi.Int(2), "colour": pulumi.String("red")}, `unknown field "spec.colour"`},
		{"below minimum", pulumi.Map{"size": pulumi.Int(0)}, "spec.size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			objs, skipped := kubevalidate.Manifests(harness.MustRun(t, "us-east-1", widget(tc.spec)))
			rep, err := c.Validate(objs, skipped)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.NotValidated) != 0 {
				t.Fatalf("Widget not validated although its CRD was installed: %s", rep.Summary())
			}
			switch {
			case tc.want == "" && (!rep.OK() || len(rep.Validated) != 1):
				t.Errorf("correct Widget not accepted: %s", rep.Summary())
			case tc.want != "" && (len(rep.Failures) != 1 || !strings.Contains(rep.Failures[0].Message, tc.want)):
				t.Errorf("Widget (%s) not rejected with %q: %s", tc.name, tc.want, rep.Summary())
			}
		})
	}
}
