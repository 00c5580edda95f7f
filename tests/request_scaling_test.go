package tests

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Request scaling is a path: the load balancer forwards a service's
// requests to a target group, the TargetGroupBinding fills that group with
// the pods of the service's Kubernetes Service, whose Deployment the
// ScaledObject scales on that same group's RequestCount, read by KEDA's
// operator with an IRSA role that may read CloudWatch. These tests walk
// that path on the registered graph.

const (
	computeTTriggerAuth = "kubernetes:keda.sh/v1alpha1:ClusterTriggerAuthentication"
	requestTrigger      = "aws-cloudwatch"
)

// requestTriggerOf returns the aws-cloudwatch trigger of a ScaledObject.
func requestTriggerOf(t *testing.T, so *mockgraph.Resource) map[string]any {
	t.Helper()
	for _, tr := range so.List("spec.triggers") {
		if computeGet(tr, "type") == requestTrigger {
			return tr.(map[string]any)
		}
	}
	t.Fatalf("%s has no %s trigger", so.Name, requestTrigger)
	return nil
}

// configuredRPS reads targetRequestsPerSecond of each service from the
// stack's config, as written.
func configuredRPS(t *testing.T, stack string) map[string]int {
	t.Helper()
	var services []struct {
		Name string `json:"name"`
		RPS  int    `json:"targetRequestsPerSecond"`
	}
	require.NoError(t, json.Unmarshal([]byte(harness.LoadStack(t, stack).Config["webplatform:services"]), &services))
	out := map[string]int{}
	for _, s := range services {
		if s.RPS > 0 {
			out[s.Name] = s.RPS
		}
	}
	return out
}

// servedTargetGroup follows a Deployment to the target group its pods
// serve and the load balancer forwarding to it: the Service selecting the
// pods, the TargetGroupBinding of that Service, its target group, a
// listener rule forwarding to the group, and that listener's ALB.
func servedTargetGroup(t *testing.T, g *mockgraph.Graph, d *mockgraph.Resource) (tg, alb *mockgraph.Resource) {
	t.Helper()
	ns, pods := d.Str("metadata.namespace"), d.Map("spec.template.metadata.labels")
	var svc string
	for _, s := range g.ByType(computeTService) {
		if s.Str("metadata.namespace") != ns {
			continue
		}
		sel := s.Map("spec.selector")
		match := len(sel) > 0
		for k, v := range sel {
			match = match && pods[k] == v
		}
		if match {
			svc = s.Str("metadata.name")
		}
	}
	require.NotEmpty(t, svc, "%s: no Service selects its pods", d.Name)
	for _, b := range g.ByType(computeTTGB) {
		if b.Str("metadata.namespace") == ns && b.Str("spec.serviceRef.name") == svc {
			tg = byOutput(g, computeTTG, "arn", b.Str("spec.targetGroupARN"))
		}
	}
	require.NotNil(t, tg, "%s: no TargetGroupBinding binds Service %s/%s to a target group", d.Name, ns, svc)
	for _, r := range g.ByType(computeTRule) {
		for _, a := range r.List("actions") {
			if computeGet(a, "targetGroupArn") == tg.Output("arn") {
				l := byOutput(g, computeTListener, "arn", r.Str("listenerArn"))
				require.NotNil(t, l, "%s: listener of %s", d.Name, r.Name)
				alb = byOutput(g, computeTLB, "arn", l.Str("loadBalancerArn"))
			}
		}
	}
	require.NotNil(t, alb, "%s: no load balancer forwards to %s", d.Name, tg.Name)
	return tg, alb
}

// TestRequestScalingReadsTheTargetGroupThatServesTheService: in staging
// and prod, each service with targetRequestsPerSecond is scaled by one
// ScaledObject (and no HPA) whose CloudWatch query names, by ARN suffix,
// the load balancer and target group that actually carry its requests,
// summed per minute against the configured rate times 60. It fails when
// the metric names another service's group (a map lookup by the wrong
// key yields ""), the rate per second is used as a rate per minute, or
// the HPA stays beside the ScaledObject.
func TestRequestScalingReadsTheTargetGroupThatServesTheService(t *testing.T) {
	for _, stack := range []string{"staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			rps := configuredRPS(t, stack)
			require.NotEmpty(t, rps, "%s scales a service on requests", stack)
			sos := g.ByType(computeTScaledObject)
			require.Len(t, sos, len(rps), "one ScaledObject per service with targetRequestsPerSecond")
			for _, so := range sos {
				d := g.Named(computeTDeployment, so.Name)
				require.NotNil(t, d, "%s scales a Deployment of the program", so.Name)
				require.Equal(t, d.Str("metadata.name"), so.Str("spec.scaleTargetRef.name"))
				for _, h := range g.ByType(computeTHPA) {
					assert.False(t, h.Str("metadata.namespace") == so.Str("metadata.namespace") && h.Str("spec.scaleTargetRef.name") == d.Str("metadata.name"),
						"%s: the HPA %s still scales the Deployment the ScaledObject scales", so.Name, h.Name)
				}
				tg, alb := servedTargetGroup(t, g, d)
				tr := requestTriggerOf(t, so)
				meta, _ := tr["metadata"].(map[string]any)
				names := strings.Split(fmt.Sprint(meta["dimensionName"]), ";")
				values := strings.Split(fmt.Sprint(meta["dimensionValue"]), ";")
				require.Equal(t, len(names), len(values), "%s: dimension names and values pair up", so.Name)
				dims := map[string]string{}
				for i := range names {
					dims[names[i]] = values[i]
				}
				assert.Equal(t, map[string]string{"LoadBalancer": fmt.Sprint(alb.Output("arnSuffix")), "TargetGroup": fmt.Sprint(tg.Output("arnSuffix"))}, dims,
					"%s reads the RequestCount of the group its pods serve", so.Name)
				assert.Equal(t, "AWS/ApplicationELB", meta["namespace"])
				assert.Equal(t, "RequestCount", meta["metricName"])
				assert.Equal(t, "Sum", meta["metricStat"], "RequestCount is a count: summed per period")
				assert.Equal(t, "AverageValue", tr["metricType"], "the total is divided by the replicas: requests per pod")
				name := d.Str("metadata.name")
				assert.Equal(t, fmt.Sprint(rps[name]*atoi(t, meta["metricStatPeriod"])), meta["targetMetricValue"],
					"%s: %d requests per second per pod over a %v s period", so.Name, rps[name], meta["metricStatPeriod"])
				assert.Equal(t, harness.LoadStack(t, stack).Config["aws:region"], meta["awsRegion"])
			}
		})
	}
}

// atoi reads a decimal string of a trigger's metadata.
func atoi(t *testing.T, v any) int {
	t.Helper()
	var n int
	_, err := fmt.Sscan(fmt.Sprint(v), &n)
	require.NoError(t, err, "%v is a number", v)
	return n
}

// kedaAdmits is KEDA's admission webhook rule for a new ScaledObject
// against the HPAs that exist when it is created (kedacore/keda v2.19.0,
// apis/keda/v1alpha1/scaledobject_webhook.go, verifyHpas): an HPA in the
// same namespace that scales the same workload refuses it ("the workload
// ... is already managed by the hpa ...") unless the HPA is annotated
// validations.keda.sh/hpa-ownership: "false", is owned by this
// ScaledObject, or the ScaledObject takes it over (annotation
// scaledobject.keda.sh/transfer-hpa-ownership: "true" and
// advanced.horizontalPodAutoscalerConfig.name naming it). It returns the
// refusal, or "".
func kedaAdmits(so *mockgraph.Resource, hpas []*mockgraph.Resource) string {
	for _, h := range hpas {
		if h.Str("metadata.namespace") != so.Str("metadata.namespace") || h.Map("metadata.annotations")["validations.keda.sh/hpa-ownership"] == "false" {
			continue
		}
		if h.Str("spec.scaleTargetRef.kind") != so.Str("spec.scaleTargetRef.kind") || h.Str("spec.scaleTargetRef.name") != so.Str("spec.scaleTargetRef.name") {
			continue
		}
		if so.Map("metadata.annotations")["scaledobject.keda.sh/transfer-hpa-ownership"] == "true" &&
			so.Str("spec.advanced.horizontalPodAutoscalerConfig.name") == h.Str("metadata.name") {
			continue
		}
		return fmt.Sprintf("the workload '%s' is already managed by the hpa '%s'", so.Str("spec.scaleTargetRef.name"), h.Str("metadata.name"))
	}
	return ""
}

// TestTurningOnRequestScalingIsAdmittedByKEDA: a deployed service that
// switches to targetRequestsPerSecond gets its ScaledObject created while
// its HPA still exists (Pulumi deletes what a program dropped after it
// creates what it added). KEDA's webhook, modelled by kedaAdmits, must
// admit it then: without the HPA's ownership annotation the update fails
// halfway, after the ScaledObject's CRD and KEDA were installed.
func TestTurningOnRequestScalingIsAdmittedByKEDA(t *testing.T) {
	before := harness.RunStack(t, "staging", computeSvc(computeWeb("web", map[string]any{"minReplicas": 2, "maxReplicas": 6})))
	after := harness.RunStack(t, "staging")
	hpas := append(before.ByType(computeTHPA), after.ByType(computeTHPA)...) // mid-update: both generations
	require.NotEmpty(t, before.ByType(computeTHPA), "before: web is scaled by an HPA")
	sos := after.ByType(computeTScaledObject)
	require.NotEmpty(t, sos, "after: web is scaled by a ScaledObject")
	for _, so := range sos {
		assert.Empty(t, kedaAdmits(so, hpas), "KEDA refuses %s", so.Name)
	}
	// The model bites: the same HPA without the annotation is refused.
	bare := *before.ByType(computeTHPA)[0]
	meta := bare.Inputs["metadata"].ObjectValue().Copy()
	delete(meta, "annotations")
	bare.Inputs = bare.Inputs.Copy()
	bare.Inputs["metadata"] = resource.NewObjectProperty(meta)
	assert.Contains(t, kedaAdmits(sos[0], []*mockgraph.Resource{&bare}), "is already managed by the hpa", "KEDA refuses a ScaledObject beside an unannotated HPA")
}

// TestKEDAReadsTheMetricWithItsOwnRoleOnly: the request trigger's
// authentication reaches CloudWatch by a chain of names that must agree:
// the ScaledObject names a ClusterTriggerAuthentication of the aws pod
// identity provider (the KEDA operator's own role), created after the
// KEDA release that defines its CRD; that release runs the operator under
// a service account annotated with a role whose trust admits exactly that
// service account in the release's namespace, and whose policy allows
// cloudwatch:GetMetricData and nothing else. Dev, without request
// scaling, installs no KEDA at all.
func TestKEDAReadsTheMetricWithItsOwnRoleOnly(t *testing.T) {
	for _, stack := range []string{"staging", "prod"} {
		g := harness.RunStack(t, stack)
		var keda *mockgraph.Resource
		for _, r := range g.ByType(computeTRelease) {
			if r.Str("chart") == "keda" {
				keda = r
			}
		}
		require.NotNil(t, keda, "%s installs KEDA", stack)
		auths := g.ByType(computeTTriggerAuth)
		require.Len(t, auths, 1, "%s: one cluster trigger authentication", stack)
		auth := auths[0]
		assert.Equal(t, "aws", auth.Str("spec.podIdentity.provider"), "the operator's own identity")
		assert.True(t, auth.DependsOn(keda), "%s waits for KEDA's CRDs", auth.Name)
		for _, so := range g.ByType(computeTScaledObject) {
			ref, _ := requestTriggerOf(t, so)["authenticationRef"].(map[string]any)
			assert.Equal(t, map[string]any{"name": auth.Str("metadata.name"), "kind": "ClusterTriggerAuthentication"}, ref, "%s authenticates with the cluster's KEDA identity", so.Name)
			assert.True(t, so.DependsOn(auth), "%s waits for the authentication and KEDA's webhook", so.Name)
		}
		roleArn := keda.Str("values.podIdentity.aws.irsa.roleArn")
		require.True(t, keda.Bool("values.podIdentity.aws.irsa.enabled"), "the chart annotates the operator's service account")
		role := byOutput(g, tRole, "arn", roleArn)
		require.NotNil(t, role, "the operator's role %q is a role of the stack", roleArn)
		sa := fmt.Sprintf("system:serviceaccount:%s:%s", keda.Str("namespace"), keda.Str("values.serviceAccount.operator.name"))
		trust := parsePolicy(t, role.Name, role.Str("assumeRolePolicy"))
		require.Len(t, trust.Statement, 1)
		var subs []string
		for k, v := range trust.Statement[0].Condition["StringEquals"] {
			if strings.HasSuffix(k, ":sub") {
				subs = append(subs, list(v)...)
			}
		}
		assert.Equal(t, []string{sa}, subs, "%s trusts exactly the operator's service account", role.Name)
		var actions []string
		for _, rp := range g.ByType(tRolePolicy) {
			if rp.Str("role") == role.Output("name") || rp.Str("role") == role.Output("id") {
				for _, st := range parsePolicy(t, rp.Name, rp.Str("policy")).Statement {
					actions = append(actions, st.actions()...)
				}
			}
		}
		assert.Equal(t, []string{"cloudwatch:GetMetricData"}, actions, "%s may read metrics and do nothing else", role.Name)
	}
	dev := harness.RunStack(t, "dev")
	assert.Empty(t, dev.ByType(computeTTriggerAuth), "dev scales on CPU and memory only: no KEDA")
	for _, r := range dev.ByType(computeTRelease) {
		assert.NotEqual(t, "keda", r.Str("chart"), "dev installs no KEDA")
	}
}
