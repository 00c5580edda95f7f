package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// computeSvc returns an edit that sets `services` to the given entries.
func computeSvc(services ...map[string]any) func(*stackconfig.Stack) {
	b, _ := json.Marshal(services)
	return set("services", string(b))
}

// computeConfigCases adds this file's cases to the shared tables (see cases).
func computeConfigCases(c *testCases) {
	web := func(edits map[string]any) map[string]any { return computeWeb("web", edits) }
	c.invalid = append(c.invalid, []invalidConfig{
		{"compute: min replicas above max", "staging", edits(computeSvc(web(map[string]any{"minReplicas": 5, "maxReplicas": 2}))),
			[]string{"webplatform:services[web].maxReplicas: must be at least MinReplicas (5), got 2"}},
		{"compute: cpu limit below request", "dev", edits(computeSvc(web(map[string]any{"cpuRequest": "500m", "cpuLimit": "250m"}))),
			[]string{"webplatform:services[web].cpuLimit: 250m is below the request 500m"}},
		{"compute: memory limit below request", "dev", edits(computeSvc(web(map[string]any{"memoryRequest": "1Gi", "memoryLimit": "512Mi"}))),
			[]string{"webplatform:services[web].memoryLimit: 512Mi is below the request 1Gi"}},
		{"compute: unknown kubernetes version", "dev", edits(set("kubernetesVersion", "1.20")),
			[]string{"webplatform:kubernetesVersion: must be one of 1.32, 1.33, 1.34, got \"1.20\""}},
		{"compute: duplicate service names", "dev", edits(computeSvc(web(nil), web(nil))),
			[]string{"webplatform:services[web].name: duplicate service name \"web\""}},
		{"compute: port out of range", "dev", edits(computeSvc(web(map[string]any{"port": 80}))),
			[]string{"webplatform:services[web].port: must be between 1024 and 65535, got 80"}},
		{"compute: latest image", "dev", edits(computeSvc(web(map[string]any{"image": "web:latest"}))),
			[]string{"webplatform:services[web].image: \"web:latest\" uses the mutable tag latest"}},
		{"compute: untagged image", "dev", edits(computeSvc(web(map[string]any{"image": "registry.example.com:5000/web"}))),
			[]string{"webplatform:services[web].image: \"registry.example.com:5000/web\" has no tag or digest"}},
		{"compute: services missing", "dev", edits(unset("services")),
			[]string{"webplatform:services: is required"}},
		{"compute: unknown service field", "dev", edits(computeSvc(web(map[string]any{"replicas": 3}))),
			[]string{"webplatform:services: must be a list of service objects", "unknown field \"replicas\""}},
		{"compute: bad cpu quantity", "dev", edits(computeSvc(web(map[string]any{"cpuRequest": "lots"}))),
			[]string{"webplatform:services[web].cpuRequest: \"lots\" is not a CPU quantity"}},
		{"compute: public endpoint in prod", "prod", edits(set("publicEndpointCidrs", `["203.0.113.0/24"]`)),
			[]string{"webplatform:publicEndpointCidrs: only dev may expose the Kubernetes API publicly"}},
		{"compute: public endpoint open to the internet", "dev", edits(set("publicEndpointCidrs", `["0.0.0.0/0"]`)),
			[]string{"webplatform:publicEndpointCidrs: \"0.0.0.0/0\" opens the API to the whole internet"}},
		{"compute: spot in prod", "prod", edits(set("nodeCapacityType", "SPOT")),
			[]string{"webplatform:nodeCapacityType: prod runs on ON_DEMAND nodes"}},
		{"compute: capacity type unknown", "dev", edits(set("nodeCapacityType", "RESERVED")),
			[]string{"webplatform:nodeCapacityType: must be one of ON_DEMAND, SPOT"}},
		{"compute: node max below min", "staging", edits(set("nodeMin", "4"), set("nodeMax", "3"), set("nodeDesired", "4")),
			[]string{"webplatform:nodeMax: must be at least NodeMin (4), got 3"}},
		{"compute: prod nodes fewer than AZs", "prod", edits(set("nodeMin", "2"), set("nodeDesired", "2")),
			[]string{"webplatform:nodeMin: prod needs at least one node per AZ (3), got 2"}},
		{"compute: prod single replica", "prod", edits(computeSvc(web(map[string]any{"minReplicas": 1}))),
			[]string{"webplatform:services[web].minReplicas: prod needs at least 2 replicas"}},
		{"compute: prod alb without deletion protection", "prod", edits(set("albDeletionProtection", "false")),
			[]string{"webplatform:albDeletionProtection: must be true in prod"}},
		{"compute: admin role not an ARN", "staging", edits(set("clusterAdminRoleArns", `["admin"]`)),
			[]string{"webplatform:clusterAdminRoleArns: \"admin\" is not an IAM role ARN"}},
		{"compute: add-on version not pinned", "dev", edits(set("addonVersions", `{"coredns":"latest"}`)),
			[]string{"webplatform:addonVersions: coredns: \"latest\" is not a pinned add-on version"}},
		{"compute: unknown chart", "dev", edits(set("chartVersions", `{"karpenter":"1.0.0"}`)),
			[]string{"webplatform:chartVersions: unknown chart \"karpenter\""}},
		{"compute: duplicate ALB paths", "dev", edits(computeSvc(web(nil), computeWeb("api", nil))),
			[]string{"webplatform:services[api].paths: \"/*\" is already routed to web"}},
		{"compute: service named after a system namespace", "dev", edits(computeSvc(computeWeb("kube-system", nil))),
			[]string{"webplatform:services[kube-system].name: \"kube-system\" is a system namespace"}},
		{"compute: reader host env var reserved", "dev", edits(computeSvc(web(map[string]any{"env": map[string]string{"DATABASE_READER_HOST": "x"}}))),
			[]string{"webplatform:services[web].env: \"DATABASE_READER_HOST\" is set by the component"}},
		{"compute: image outside the container registry", "dev", edits(set("containerRegistry", "ghcr.io/acme"), computeSvc(web(map[string]any{"image": "docker.io/web:1.0.0"}))),
			[]string{"webplatform:services[web].image: \"docker.io/web:1.0.0\" is in registry docker.io, not in ExternalRegistry ghcr.io/acme"}},
		{"compute: request rate per pod out of range", "staging", edits(computeSvc(web(map[string]any{"targetRequestsPerSecond": 200000}))),
			[]string{"webplatform:services[web].targetRequestsPerSecond: must be between 1 and 100000, got 200000"}},
		{"compute: request scaling without a path to CloudWatch", "dev", edits(set("natStrategy", "none"), set("interfaceEndpoints", `["ecr.api","ecr.dkr","sts","secretsmanager","logs"]`),
			computeSvc(web(map[string]any{"targetRequestsPerSecond": 50}))),
			[]string{`webplatform:interfaceEndpoints: service web scales on requests (targetRequestsPerSecond): KEDA reads them from CloudWatch, and with webplatform:natStrategy "none" it needs the interface endpoints [monitoring]`}},
		{"compute: env var reserved", "dev", edits(computeSvc(web(map[string]any{"env": map[string]string{"DATABASE_HOST": "x"}}))),
			[]string{"webplatform:services[web].env: \"DATABASE_HOST\" is set by the component"}},
	}...)
}

// A second service in config gets its own namespace, Deployment, HPA, PDB,
// Service, NetworkPolicies, IAM role, ECR repository, target group, rule and
// TargetGroupBinding, without code changes.
func TestComputeSecondServiceFromConfigOnly(t *testing.T) {
	one := harness.RunStack(t, "staging")
	two := harness.RunStack(t, "staging", computeSvc(
		computeWeb("web", map[string]any{"paths": []string{"/*"}, "targetRequestsPerSecond": 100}),
		computeWeb("api", map[string]any{"port": 9090, "paths": []string{"/api/*"}, "readinessPath": "/api/ready"}),
	))
	perService := map[string]int{
		computeTNamespace: 1, computeTSA: 1, computeTDeployment: 1, computeTHPA: 1, computeTPDB: 1,
		computeTService: 1, computeTNetPol: 2, computeTTG: 1, computeTRule: 2, computeTTGB: 1, computeTECR: 1, // rules: web and API
	}
	for token, n := range perService {
		assert.Equal(t, len(one.ByType(token))+n, len(two.ByType(token)), "%s per service", token)
	}
	ns := two.Named(computeTNamespace, "webplatform-staging-app-api")
	require.NotNil(t, ns)
	assert.Equal(t, "api", ns.Str("metadata.name"))
	for _, mode := range []string{"enforce", "audit", "warn"} {
		assert.Equal(t, "restricted", ns.Map("metadata.labels")["pod-security.kubernetes.io/"+mode], "PSA %s", mode)
	}
	tgb := two.Named(computeTTGB, "webplatform-staging-alb-api-binding")
	require.NotNil(t, tgb)
	assert.Equal(t, "api", tgb.Str("metadata.namespace"))
	assert.Equal(t, 9090, tgb.Int("spec.serviceRef.port"))
	tg := two.Named(computeTTG, "webplatform-staging-alb-api")
	require.NotNil(t, tg)
	assert.Equal(t, "/api/ready", tg.Str("healthCheck.path"))
	assert.Equal(t, 9090, tg.Int("port"))
	assert.True(t, tgb.DependsOn(two.Named(computeTService, "webplatform-staging-app-api")), "binding waits for its Service")
	var ports []int
	for _, r := range two.ByType(computeTEgress) {
		if c := two.Component(r); c != nil && c.Type == "webplatform:loadbalancer:LoadBalancer" {
			ports = append(ports, r.Int("fromPort"))
		}
	}
	assert.ElementsMatch(t, []int{8080, 9090}, ports, "ALB egress per service port")
	role := two.Named(tRole, "webplatform-staging-app-api")
	require.NotNil(t, role)
	assert.Contains(t, role.Str("assumeRolePolicy"), "system:serviceaccount:api:api")
}

// The stack wires the network and the cluster into the compute components.
func TestComputeStackWiring(t *testing.T) {
	g := harness.RunStack(t, "prod")
	var private, public []string
	for _, s := range subnetsOfTier(g, "private") {
		private = append(private, mockID(s))
	}
	for _, s := range subnetsOfTier(g, "public") {
		public = append(public, mockID(s))
	}
	c := g.ByType(computeTCluster)[0]
	assert.ElementsMatch(t, private, c.Strings("vpcConfig.subnetIds"), "control plane in the private subnets")
	// One node group per AZ, each in its own private subnet, so the
	// autoscaler can add nodes in a chosen zone; together they hold the
	// stack's node counts.
	var nodeSubnets []string
	minSum, maxSum := 0, 0
	for _, ng := range g.ByType(computeTNodeGroup) {
		require.Len(t, ng.Strings("subnetIds"), 1, "%s spans one AZ", ng.Name)
		nodeSubnets = append(nodeSubnets, ng.Strings("subnetIds")[0])
		minSum += ng.Int("scalingConfig.minSize")
		maxSum += ng.Int("scalingConfig.maxSize")
	}
	assert.ElementsMatch(t, private, nodeSubnets, "one node group per private subnet")
	assert.Equal(t, 3, minSum, "prod nodeMin 3 spread over the groups")
	assert.GreaterOrEqual(t, maxSum, 12, "prod nodeMax 12 reachable")
	assert.ElementsMatch(t, private, g.ByType(computeTLB)[0].Strings("subnets"), "the internal ALB in the private subnets")
	assert.NotEmpty(t, public)
	assert.Equal(t, []string{"sg-" + c.Str("name") + "-cluster"}, g.ByType(computeTLaunchTpl)[0].Strings("vpcSecurityGroupIds"),
		"nodes carry only the cluster group: data stores admit the pods' own groups")

	prov := g.ByType(computeTK8sProvider)
	require.Len(t, prov, 1)
	for _, r := range computeK8s(g) {
		assert.True(t, strings.HasPrefix(r.Provider, prov[0].URN), "%s %s uses the cluster's provider", r.Type, r.Name)
	}
	lbc := g.Named(computeTRelease, "webplatform-prod-eks-lb-controller")
	require.NotNil(t, lbc)
	for _, b := range g.ByType(computeTTGB) {
		assert.True(t, b.DependsOn(lbc), "%s waits for the controller that serves its CRD", b.Name)
	}
	oidc := g.ByType(computeTOIDC)[0]
	role := g.Named(tRole, "webplatform-prod-app-web")
	require.NotNil(t, role)
	assert.Contains(t, role.Str("assumeRolePolicy"), oidc.Output("arn").(string), "service role trusts the cluster's OIDC provider")
	assert.Contains(t, role.Str("assumeRolePolicy"), "system:serviceaccount:web:web")
}
