package tests

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// computeHelpersCases adds this file's cases to the shared tables (see cases).
func computeHelpersCases(c *testCases) {
	c.untaggable["aws:acm/certificateValidation:CertificateValidation"] = acm.CertificateValidationArgs{}
	c.untaggable["aws:route53/record:Record"] = route53.RecordArgs{}
	c.untaggable["aws:ecr/lifecyclePolicy:LifecyclePolicy"] = ecr.LifecyclePolicyArgs{}
	c.untaggable["aws:eks/accessPolicyAssociation:AccessPolicyAssociation"] = eks.AccessPolicyAssociationArgs{}
}

// Compute tier type tokens.
const (
	computeTCluster     = "aws:eks/cluster:Cluster"
	computeTNodeGroup   = "aws:eks/nodeGroup:NodeGroup"
	computeTLaunchTpl   = "aws:ec2/launchTemplate:LaunchTemplate"
	computeTAddon       = "aws:eks/addon:Addon"
	computeTAccessEntry = "aws:eks/accessEntry:AccessEntry"
	computeTAccessPol   = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
	computeTOIDC        = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	computeTRelease     = "kubernetes:helm.sh/v3:Release"
	computeTK8sProvider = "pulumi:providers:kubernetes"
	computeTNamespace   = "kubernetes:core/v1:Namespace"
	computeTSA          = "kubernetes:core/v1:ServiceAccount"
	computeTDeployment  = "kubernetes:apps/v1:Deployment"
	computeTHPA         = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
	computeTPDB         = "kubernetes:policy/v1:PodDisruptionBudget"
	computeTService     = "kubernetes:core/v1:Service"
	computeTNetPol      = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	computeTTGB         = "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding"
	computeTECR         = "aws:ecr/repository:Repository"
	computeTLB          = "aws:lb/loadBalancer:LoadBalancer"
	computeTListener    = "aws:lb/listener:Listener"
	computeTRule        = "aws:lb/listenerRule:ListenerRule"
	computeTTG          = "aws:lb/targetGroup:TargetGroup"
	computeTIngress     = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	computeTEgress      = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	computeTCert        = "aws:acm/certificate:Certificate"
	computeTPassword    = "random:index/randomPassword:RandomPassword"
)

// computeK8s are the Kubernetes objects of a graph (not providers).
func computeK8s(g *mockgraph.Graph) []*mockgraph.Resource {
	return g.Filter(func(r *mockgraph.Resource) bool {
		return r.Custom && strings.HasPrefix(r.Type, "kubernetes:") && r.Type != computeTRelease
	})
}

// computeContainers returns the containers of a Deployment.
func computeContainers(d *mockgraph.Resource) []map[string]any {
	var out []map[string]any
	for _, c := range d.List("spec.template.spec.containers") {
		out = append(out, c.(map[string]any))
	}
	return out
}

// computeGet walks a plain value by keys.
func computeGet(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// computeNum reads a JSON-ish number.
func computeNum(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	}
	return -1
}

// computeWeb is a valid service entry; edits override keys.
func computeWeb(name string, edits map[string]any) map[string]any {
	s := map[string]any{"name": name, "image": name + ":1.2.3", "port": 8080, "minReplicas": 3, "maxReplicas": 6}
	for k, v := range edits {
		if v == nil {
			delete(s, k)
			continue
		}
		s[k] = v
	}
	return s
}

// computeTScaledObject is KEDA's ScaledObject (a service that scales on
// requests gets one instead of the HPA).
const computeTScaledObject = "kubernetes:keda.sh/v1alpha1:ScaledObject"

// computeAutoscaler is what scales one Deployment: the program's HPA or a
// KEDA ScaledObject, read into one shape.
type computeAutoscaler struct {
	r             *mockgraph.Resource
	target        string // namespace/name of the scaled Deployment
	min, max      int
	metrics       []string // cpu, memory, aws-cloudwatch
	stabilization int      // scale-down stabilisation window, seconds
}

// computeAutoscalers lists every HPA and ScaledObject of g.
func computeAutoscalers(g *mockgraph.Graph) []computeAutoscaler {
	var out []computeAutoscaler
	for _, h := range g.ByType(computeTHPA) {
		a := computeAutoscaler{r: h, target: h.Str("metadata.namespace") + "/" + h.Str("spec.scaleTargetRef.name"),
			min: h.Int("spec.minReplicas"), max: h.Int("spec.maxReplicas"),
			stabilization: h.Int("spec.behavior.scaleDown.stabilizationWindowSeconds")}
		for _, m := range h.List("spec.metrics") {
			a.metrics = append(a.metrics, fmt.Sprint(computeGet(m, "resource", "name")))
		}
		out = append(out, a)
	}
	for _, so := range g.ByType(computeTScaledObject) {
		a := computeAutoscaler{r: so, target: so.Str("metadata.namespace") + "/" + so.Str("spec.scaleTargetRef.name"),
			min: so.Int("spec.minReplicaCount"), max: so.Int("spec.maxReplicaCount"),
			stabilization: so.Int("spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds")}
		for _, tr := range so.List("spec.triggers") {
			a.metrics = append(a.metrics, fmt.Sprint(computeGet(tr, "type")))
		}
		out = append(out, a)
	}
	return out
}

// computeAutoscalerOf returns the autoscaler of Deployment d, or nil.
func computeAutoscalerOf(g *mockgraph.Graph, d *mockgraph.Resource) *computeAutoscaler {
	for _, a := range computeAutoscalers(g) {
		if a.target == d.Str("metadata.namespace")+"/"+d.Str("metadata.name") {
			return &a
		}
	}
	return nil
}
