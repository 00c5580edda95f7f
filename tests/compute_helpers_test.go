package tests

import (
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
