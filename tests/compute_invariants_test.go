package tests

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// computeInvariantsCases adds this file's cases to the shared tables (see cases).
func computeInvariantsCases(c *testCases) {
	c.invariants = append(c.invariants,
		invariant{"compute: no public EKS endpoint in prod and staging", computeCheckEndpoint},
		invariant{"compute: control-plane logs go to a log group created first", computeCheckClusterLogs},
		invariant{"compute: containers have a startup probe and pinned images", computeCheckContainers},
		invariant{"compute: HPA bounds and PDBs are consistent", computeCheckHPA},
		invariant{"compute: prod replicas spread over at least two zones", computeCheckSpread},
		invariant{"compute: node volumes are gp3 and nodes carry only the cluster security group", computeCheckNodes},
		invariant{"compute: the ALB is reachable only from CloudFront's prefix list and the API's VPC link, on 443", computeCheckALBIngress},
		invariant{"compute: listeners use the program's TLS policy and answer 403, rules need the web or API origin headers", computeCheckListeners},
		invariant{"compute: no secret values in Kubernetes objects", computeCheckNoSecrets},
		invariant{"compute: workload IAM policies name their resources", computeCheckWorkloadPolicies},
	)
}

func computeCheckEndpoint(t *testing.T, stack string, g *mockgraph.Graph) {
	clusters := g.ByType(computeTCluster)
	require.Len(t, clusters, 1)
	if stack == "prod" || stack == "staging" {
		assert.False(t, clusters[0].Bool("vpcConfig.endpointPublicAccess"), "%s: public endpoint must be off", stack)
	}
}

func computeCheckClusterLogs(t *testing.T, _ string, g *mockgraph.Graph) {
	for _, c := range g.ByType(computeTCluster) {
		want := "/aws/eks/" + c.Str("name") + "/cluster"
		var found bool
		for _, lg := range g.ByType(tLogGroup) {
			if lg.Str("name") == want {
				found = true
				assert.True(t, c.DependsOn(lg), "cluster must depend on its log group %s", want)
			}
		}
		assert.True(t, found, "log group %s", want)
	}
}

func computeCheckContainers(t *testing.T, _ string, g *mockgraph.Graph) {
	deps := g.ByType(computeTDeployment)
	require.NotEmpty(t, deps)
	for _, d := range deps {
		for _, c := range computeContainers(d) {
			name := fmt.Sprintf("%s/%v", d.Name, c["name"])
			assert.NotNil(t, c["startupProbe"], "%s startupProbe", name)
			image, _ := c["image"].(string)
			_, _, err := workload.SplitImage(image)
			assert.NoError(t, err, "%s image", name)
		}
	}
}

// computeByNamespace indexes k8s objects of a type by namespace.
func computeByNamespace(g *mockgraph.Graph, token string) map[string]*mockgraph.Resource {
	out := map[string]*mockgraph.Resource{}
	for _, r := range g.ByType(token) {
		out[r.Str("metadata.namespace")] = r
	}
	return out
}

func computeCheckHPA(t *testing.T, stack string, g *mockgraph.Graph) {
	pdbs := computeByNamespace(g, computeTPDB)
	scalers := computeAutoscalers(g)
	deployments := g.ByType(computeTDeployment)
	require.Len(t, scalers, len(deployments), "one autoscaler (HPA or ScaledObject) per Deployment")
	for _, d := range deployments {
		require.NotNil(t, computeAutoscalerOf(g, d), "%s: no HPA or ScaledObject scales it", d.Name)
	}
	for _, h := range scalers {
		lo, hi := h.min, h.max
		assert.LessOrEqual(t, lo, hi, "%s min <= max", h.r.Name)
		assert.GreaterOrEqual(t, lo, 1)
		want := []string{"cpu", "memory"}
		if h.r.Type == computeTScaledObject {
			want = append(want, "aws-cloudwatch")
		}
		assert.ElementsMatch(t, want, h.metrics, "%s metrics", h.r.Name)
		assert.Positive(t, h.stabilization, "%s scale-down stabilisation", h.r.Name)
		pdb := pdbs[h.r.Str("metadata.namespace")]
		require.NotNil(t, pdb, "%s has a PDB", h.r.Name)
		// At every size the autoscaler may reach, a drain may evict at
		// least one pod and at most a quarter of them (rounded up), and in
		// prod at least one pod stays.
		for n := lo; n <= hi; n++ {
			evict := pdbAllowedEvictions(t, pdb, n)
			assert.GreaterOrEqual(t, evict, 1, "%s at %d replicas: the PDB blocks every drain", h.r.Name, n)
			assert.LessOrEqual(t, evict, (n+3)/4, "%s at %d replicas: the PDB lets a drain evict %d pods at once", h.r.Name, n, evict)
			if stack == "prod" {
				assert.Less(t, evict, n, "%s at %d replicas: a drain may evict every pod", h.r.Name, n)
			}
		}
	}
}

func computeCheckSpread(t *testing.T, stack string, g *mockgraph.Graph) {
	for _, d := range g.ByType(computeTDeployment) {
		var zone map[string]any
		for _, c := range d.List("spec.template.spec.topologySpreadConstraints") {
			if computeGet(c, "topologyKey") == workload.ZoneKey {
				zone = c.(map[string]any)
			}
		}
		require.NotNil(t, zone, "%s spreads over zones", d.Name)
		if stack != "prod" {
			continue
		}
		assert.Equal(t, "DoNotSchedule", zone["whenUnsatisfiable"], "%s: prod spread is enforced", d.Name)
		assert.Equal(t, 1, computeNum(zone["maxSkew"]))
		h := computeAutoscalerOf(g, d)
		require.NotNil(t, h, "%s has an autoscaler", d.Name)
		assert.GreaterOrEqual(t, h.min, 2, "%s: prod needs replicas in two zones", d.Name)
		assert.GreaterOrEqual(t, d.Int("spec.replicas"), 2)
	}
}

func computeCheckNodes(t *testing.T, _ string, g *mockgraph.Graph) {
	ngs := g.ByType(computeTNodeGroup)
	require.NotEmpty(t, ngs)
	for _, ng := range ngs {
		lt := byID(g, computeTLaunchTpl, ng.Str("launchTemplate.id"))
		require.NotNil(t, lt, "%s uses a launch template of this program", ng.Name)
		for _, b := range lt.List("blockDeviceMappings") {
			assert.Equal(t, "gp3", computeGet(b, "ebs", "volumeType"), "%s volume type", lt.Name)
		}
		sgs := lt.Strings("vpcSecurityGroupIds")
		assert.Len(t, sgs, 1, "only the cluster SG: data stores admit the pods' own groups, not the nodes'")
		assert.Contains(t, sgs, "sg-"+g.ByType(computeTCluster)[0].Str("name")+"-cluster")
	}
}

func computeCheckALBIngress(t *testing.T, _ string, g *mockgraph.Graph) {
	albs := g.ByType(computeTLB)
	require.Len(t, albs, 1)
	sgIDs := albs[0].Strings("securityGroups")
	require.Len(t, sgIDs, 1)
	// Sources: CloudFront's origin-facing prefix list, and the API
	// Gateway VPC links of the edge tier (JWT-authenticated, throttled).
	vpcLinkSGs := map[string]bool{}
	for _, sg := range g.ByType(tSG) {
		if c := g.Component(sg); c != nil && c.Type == "webplatform:apigateway:API" {
			vpcLinkSGs[mockID(sg)] = true
		}
	}
	var fromCloudFront int
	for _, r := range g.ByType(computeTIngress) {
		if r.Str("securityGroupId") != sgIDs[0] {
			continue
		}
		if ref := r.Str("referencedSecurityGroupId"); ref != "" {
			assert.True(t, vpcLinkSGs[ref], "%s: only an API Gateway VPC link's group may be referenced, got %s", r.Name, ref)
		} else {
			assert.Equal(t, "pl-4fa04526", r.Str("prefixListId"), "%s: only the CloudFront prefix list", r.Name)
			fromCloudFront++
		}
		assert.Equal(t, 443, r.Int("fromPort"))
		assert.Equal(t, 443, r.Int("toPort"))
	}
	assert.Equal(t, 1, fromCloudFront)
	var vpcCidr string
	for _, v := range g.ByType(tVpc) {
		vpcCidr = v.Str("cidrBlock")
	}
	podSGs := map[string]bool{}
	for _, sg := range g.ByType(tSG) {
		if c := g.Component(sg); c != nil && c.Type == "webplatform:workload:Workload" {
			podSGs[mockID(sg)] = true
		}
	}
	for _, r := range g.ByType(computeTEgress) {
		if r.Str("securityGroupId") == sgIDs[0] {
			if ref := r.Str("referencedSecurityGroupId"); ref != "" {
				assert.True(t, podSGs[ref], "%s: egress only to the pods' own groups, got %s", r.Name, ref)
			} else {
				assert.Equal(t, vpcCidr, r.Str("cidrIpv4"), "%s: egress only into the VPC", r.Name)
			}
			assert.Equal(t, r.Int("fromPort"), r.Int("toPort"))
		}
	}
	found := false
	for _, inv := range g.Invokes() {
		if inv.Token == "aws:ec2/getManagedPrefixList:getManagedPrefixList" {
			found = mockgraph.PlainMap(inv.Args)["name"] == loadbalancer.CloudFrontPrefixList
		}
	}
	assert.True(t, found, "looked up the CloudFront origin-facing prefix list")
}

func computeCheckListeners(t *testing.T, _ string, g *mockgraph.Graph) {
	ls := g.ByType(computeTListener)
	require.NotEmpty(t, ls)
	for _, l := range ls {
		switch l.Str("protocol") {
		case "HTTPS":
			assert.Equal(t, loadbalancer.SSLPolicy, l.Str("sslPolicy"), l.Name)
			assert.NotEmpty(t, l.Str("certificateArn"))
			assert.Equal(t, "403", l.Str("defaultActions.0.fixedResponse.statusCode"), "%s default action", l.Name)
		}
	}
	// A web rule needs CloudFront's web secret (A); an API rule needs the
	// gateway's (B) and CloudFront's API secret (C).
	for _, r := range g.ByType(computeTRule) {
		has := map[any]bool{}
		for _, c := range r.List("conditions") {
			if name := computeGet(c, "httpHeader", "httpHeaderName"); name != nil {
				has[name] = len(computeGet(c, "httpHeader", "values").([]any)) == 1
			}
		}
		web := has[loadbalancer.OriginHeaderName]
		api := has[loadbalancer.GatewayHeaderName] && has[loadbalancer.APIOriginHeaderName]
		assert.True(t, web || api, "%s forwards only with the origin header (or the gateway's and the API origin's)", r.Name)
	}
}

func computeCheckNoSecrets(t *testing.T, _ string, g *mockgraph.Graph) {
	var secrets []string
	for _, p := range g.ByType(computeTPassword) {
		secrets = append(secrets, "mock-origin-secret-"+p.Name)
	}
	for _, r := range computeK8s(g) {
		assert.NotEqual(t, "Secret", r.Str("kind"), "%s: no Kubernetes Secrets; pass ARNs", r.Name)
		text := fmt.Sprint(mockgraph.PlainMap(r.Inputs))
		for _, s := range secrets {
			assert.NotContains(t, text, s, "%s carries the origin secret", r.Name)
		}
	}
	for _, d := range g.ByType(computeTDeployment) {
		for _, c := range computeContainers(d) {
			envs, _ := c["env"].([]any)
			for _, e := range envs {
				name := fmt.Sprint(computeGet(e, "name"))
				assert.Nil(t, computeGet(e, "valueFrom", "secretKeyRef"), "%s: no secretKeyRef", name)
				upper := strings.ToUpper(name)
				if strings.Contains(upper, "PASSWORD") || strings.Contains(upper, "TOKEN") || (strings.Contains(upper, "SECRET") && name != "SECRET_ARNS") {
					t.Errorf("%s: env var %s looks like a secret value", d.Name, name)
				}
			}
		}
	}
}

func computeCheckWorkloadPolicies(t *testing.T, _ string, g *mockgraph.Graph) {
	for _, comp := range g.ByType("webplatform:workload:Workload") {
		for _, r := range g.Descendants(comp) {
			if r.Type != tRolePolicy {
				continue
			}
			p := r.Str("policy")
			assert.NotContains(t, p, `"Resource":"*"`, r.Name)
			assert.NotContains(t, p, `"*"`, r.Name)
		}
		for _, r := range g.Descendants(comp) {
			if r.Type == tRole {
				assert.Contains(t, r.Str("assumeRolePolicy"), "system:serviceaccount:", r.Name)
			}
		}
	}
}

// pdbAllowedEvictions is how many of n healthy pods a drain may evict
// under the PodDisruptionBudget, as the disruption controller computes it
// (kubernetes pkg/controller/disruption: getExpectedPodCount scales a
// percentage with intstr.GetScaledValueFromIntOrPercent, rounding up, for
// minAvailable and maxUnavailable alike).
func pdbAllowedEvictions(t *testing.T, pdb *mockgraph.Resource, n int) int {
	t.Helper()
	scaled := func(v any) int {
		switch x := v.(type) {
		case float64:
			return int(x)
		case string:
			p, err := strconv.Atoi(strings.TrimSuffix(x, "%"))
			require.NoError(t, err, "PDB value %q", x)
			return (p*n + 99) / 100
		}
		t.Fatalf("PDB value %#v", v)
		return 0
	}
	if v := pdb.Input("spec.maxUnavailable"); v != nil {
		return min(scaled(v), n)
	}
	return max(n-scaled(pdb.Input("spec.minAvailable")), 0)
}
