package tests

// podnetCases are the pod network's invalid configurations.
func podnetCases(c *testCases) {
	web := func(edits map[string]any) map[string]any {
		return computeWeb("web", edits)
	}
	c.invalid = append(c.invalid, []invalidConfig{
		{"pod network: unknown data store", "prod", edits(computeSvc(web(map[string]any{"dataStores": []string{"queue"}}))),
			[]string{"webplatform:services[web].dataStores: unknown data store \"queue\""}},
		{"pod network: node type without trunk ENI", "dev", edits(set("nodeInstanceTypes", `["t3.large"]`)),
			[]string{"webplatform:nodeInstanceTypes: \"t3.large\" cannot carry security groups for pods"}},
		{"pod network: no STS endpoint and no internet egress", "staging", edits(set("interfaceEndpoints", `["ecr.api","ecr.dkr"]`)),
			[]string{"webplatform:interfaceEndpoints: service web reaches AWS only through interface endpoints", "[sts secretsmanager]"}},
	}...)
}
