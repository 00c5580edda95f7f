package tests

// catalogComputeCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go): values of the compute tier that
// AWS or the charts refuse (internal/catalog: Kubernetes versions, add-on
// builds, chart versions, instance types), each refused in stacks.Load
// naming the key and the values allowed.
func catalogComputeCases(c *testCases) {
	families := "[m5 m5a m5n m6i m6a m7i m7a m6g m7g m8g c5 c5a c6i c6a c7i c7a c6g c7g c8g r5 r5a r6i r6a r7i r7a r6g r7g r8g]"
	c.invalid = append(c.invalid, []invalidConfig{
		{"compute catalog: x86 and Graviton types in one node group", "dev", edits(set("nodeInstanceTypes", `["m6i.large","m7g.large"]`)),
			[]string{"webplatform:nodeInstanceTypes: mixes architectures (m6i.large is x86_64, m7g.large is arm64): a node group runs one AMI type"}},
		{"compute catalog: Graviton type among the dev x86 types", "dev", edits(set("nodeInstanceTypes", `["m5a.large","m6g.large","m6a.large"]`)),
			[]string{"webplatform:nodeInstanceTypes: mixes architectures (m5a.large is x86_64, m6g.large is arm64)"}},
		{"compute catalog: instance family unknown", "dev", edits(set("nodeInstanceTypes", `["x9z.large"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"x9z.large\" is not an instance type of the catalog: use a family of " + families}},
		{"compute catalog: instance size unknown", "staging", edits(set("nodeInstanceTypes", `["m6i.huge"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"m6i.huge\": m6i has no size \"huge\": one of [large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal]"}},
		{"compute catalog: medium size of a family without one", "dev", edits(set("nodeInstanceTypes", `["m6i.medium"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"m6i.medium\": m6i has no size \"medium\""}},
		{"compute catalog: GPU instance type", "staging", edits(set("nodeInstanceTypes", `["g5.xlarge"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"g5.xlarge\" is a GPU instance type: the nodes run the standard Amazon Linux 2023 AMI, without GPU drivers; use a family of " + families}},
		{"compute catalog: Graviton GPU instance type", "dev", edits(set("nodeInstanceTypes", `["g5g.xlarge"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"g5g.xlarge\" is a GPU instance type"}},
		{"compute catalog: Graviton burstable type", "dev", edits(set("nodeInstanceTypes", `["t4g.large"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"t4g.large\" cannot carry security groups for pods (no trunk ENI); use a family of " + families}},
		{"compute catalog: kubernetes version past extended support", "dev", edits(set("kubernetesVersion", "1.28")),
			[]string{"webplatform:kubernetesVersion: 1.28 is no longer offered by EKS (extended support ended 2025-11-26): one of 1.32, 1.33, 1.34"}},
		{"compute catalog: kubernetes 1.31 retired days before", "staging", edits(set("kubernetesVersion", "1.31")),
			[]string{"webplatform:kubernetesVersion: 1.31 is no longer offered by EKS (extended support ended 2026-11-26): one of 1.32, 1.33, 1.34"}},
		{"compute catalog: kubernetes version not released", "dev", edits(set("kubernetesVersion", "1.40")),
			[]string{"webplatform:kubernetesVersion: must be one of 1.32, 1.33, 1.34, got \"1.40\""}},
		{"compute catalog: kubernetes patch version", "dev", edits(set("kubernetesVersion", "1.33.2")),
			[]string{"webplatform:kubernetesVersion: must be one of 1.32, 1.33, 1.34, got \"1.33.2\""}},
		{"compute catalog: kube-proxy build of another kubernetes minor", "dev", edits(set("kubernetesVersion", "1.32"), set("addonVersions", `{"kube-proxy":"v1.33.5-eksbuild.2"}`)),
			[]string{"webplatform:addonVersions: kube-proxy: v1.33.5-eksbuild.2 is not among the builds EKS publishes for Kubernetes 1.32: one of [v1.32.9-eksbuild.2 v1.32.13-eksbuild.16]"}},
		{"compute catalog: coredns build too new for kubernetes 1.32", "staging", edits(set("kubernetesVersion", "1.32"), set("addonVersions", `{"coredns":"v1.12.4-eksbuild.1"}`)),
			[]string{"webplatform:addonVersions: coredns: v1.12.4-eksbuild.1 is not among the builds EKS publishes for Kubernetes 1.32: one of [v1.11.4-eksbuild.24 v1.11.4-eksbuild.40]"}},
		{"compute catalog: vpc-cni build not published", "dev", edits(set("addonVersions", `{"vpc-cni":"v1.21.9-eksbuild.1"}`)),
			[]string{"webplatform:addonVersions: vpc-cni: v1.21.9-eksbuild.1 is not among the builds EKS publishes for Kubernetes 1.33: one of [v1.20.1-eksbuild.3 v1.20.4-eksbuild.1]"}},
		{"compute catalog: autoscaler chart of another kubernetes minor", "dev", edits(set("chartVersions", `{"cluster-autoscaler":"9.46.6"}`)),
			[]string{"webplatform:chartVersions: cluster-autoscaler: 9.46.6 installs Cluster Autoscaler 1.32.0, whose minor must be the Kubernetes minor 1.33: one of [9.47.0 9.48.0 9.49.0 9.50.0 9.50.1 9.51.0]"}},
		{"compute catalog: kubernetes raised, autoscaler pin kept", "prod", edits(set("kubernetesVersion", "1.34"), set("chartVersions", `{"cluster-autoscaler":"9.51.0"}`)),
			[]string{"webplatform:chartVersions: cluster-autoscaler: 9.51.0 installs Cluster Autoscaler 1.33.0, whose minor must be the Kubernetes minor 1.34: one of [9.52.0 9.52.1 9.53.0]"}},
		{"compute catalog: chart version unknown", "dev", edits(set("chartVersions", `{"metrics-server":"3.99.0"}`)),
			[]string{"webplatform:chartVersions: metrics-server: 3.99.0 is not a version of the chart catalog: for Kubernetes 1.33 one of [3.12.0 3.12.1 3.12.2 3.13.0]"}},
		{"compute catalog: capacity type in lower case", "dev", edits(set("nodeCapacityType", "spot")),
			[]string{"webplatform:nodeCapacityType: must be one of ON_DEMAND, SPOT, got \"spot\""}},
		{"compute catalog: capacity block capacity type", "staging", edits(set("nodeCapacityType", "CAPACITY_BLOCK")),
			[]string{"webplatform:nodeCapacityType: must be one of ON_DEMAND, SPOT, got \"CAPACITY_BLOCK\""}},
		{"compute catalog: observability add-on build not published", "dev", edits(set("observabilityAddonVersion", "v9.9.9-eksbuild.1")),
			[]string{"webplatform:observabilityAddonVersion: amazon-cloudwatch-observability v9.9.9-eksbuild.1 is not among the builds EKS publishes for Kubernetes 1.33 (webplatform:kubernetesVersion): one of [v4.1.0-eksbuild.1]"}},
	}...)
}
