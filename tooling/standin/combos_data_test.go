package standin

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// dataComboCases: inputs that satisfy and break each data Combo (keyed by
// Combo.Name), with the property the failure must name.
var dataComboCases = map[string]struct {
	good, bad []map[string]any
	prop      string
}{
	"engineVersion offered for engine": {
		good: []map[string]any{{"engine": "redis", "engineVersion": "6.2"}, {"engine": "valkey", "engineVersion": "8.1"}},
		bad:  []map[string]any{{"engine": "redis", "engineVersion": "7.2"}, {"engine": "valkey", "engineVersion": "6.2"}},
		prop: "engineVersion",
	},
	"parameterGroupName is the default group of the version's family": {
		good: []map[string]any{
			{"engine": "redis", "engineVersion": "6.2", "parameterGroupName": "default.redis6.x"},
			{"engine": "valkey", "engineVersion": "8.0", "parameterGroupName": "default.valkey8.cluster.on", "clusterMode": "enabled", "numNodeGroups": 2},
		},
		bad: []map[string]any{
			{"engine": "redis", "engineVersion": "6.2", "parameterGroupName": "default.redis6"},
			{"engine": "redis", "engineVersion": "7.1", "parameterGroupName": "default.redis7.1"},
			{"engine": "valkey", "engineVersion": "8.0", "parameterGroupName": "default.valkey8", "clusterMode": "enabled", "numNodeGroups": 2},
		},
		prop: "parameterGroupName",
	},
	"nodeType offered for the engine version": {
		good: []map[string]any{{"engine": "redis", "engineVersion": "6.2", "nodeType": "cache.r7g.large"}, {"engine": "valkey", "engineVersion": "7.2", "nodeType": "cache.t4g.micro"}},
		bad: []map[string]any{
			{"engine": "redis", "engineVersion": "6.0", "nodeType": "cache.m7g.large"},
			{"engine": "valkey", "engineVersion": "8.0", "nodeType": "cache.r6gd.large"},
			{"engine": "valkey", "engineVersion": "8.0", "nodeType": "cache.t2.micro"},
		},
		prop: "nodeType",
	},
	"r6gd nodes need dataTieringEnabled, other nodes refuse it": {
		good: []map[string]any{{"nodeType": "cache.r6gd.xlarge", "dataTieringEnabled": true}, {"nodeType": "cache.r7g.large"}},
		bad:  []map[string]any{{"nodeType": "cache.r6gd.xlarge"}, {"nodeType": "cache.r7g.large", "dataTieringEnabled": true}},
		prop: "dataTieringEnabled",
	},
	"multiAzEnabled needs automaticFailoverEnabled and a replica": {
		good: []map[string]any{{"multiAzEnabled": true, "automaticFailoverEnabled": true, "numCacheClusters": 2}, {"multiAzEnabled": false, "numCacheClusters": 1}},
		bad:  []map[string]any{{"multiAzEnabled": true, "automaticFailoverEnabled": true, "numCacheClusters": 1}, {"multiAzEnabled": true, "numCacheClusters": 3}},
		prop: "multiAzEnabled",
	},
	"engine-log delivery needs Redis OSS 6.2": {
		good: []map[string]any{{"engine": "redis", "engineVersion": "6.2", "logDeliveryConfigurations": []any{map[string]any{"logType": "engine-log"}}}},
		bad:  []map[string]any{{"engine": "redis", "engineVersion": "6.0", "logDeliveryConfigurations": []any{map[string]any{"logType": "engine-log"}}}},
		prop: "logDeliveryConfigurations",
	},
	"at most 500 nodes per replication group": {
		good: []map[string]any{{"numNodeGroups": 90, "replicasPerNodeGroup": 4}, {"numCacheClusters": 6}},
		bad:  []map[string]any{{"numNodeGroups": 90, "replicasPerNodeGroup": 5}},
		prop: "numNodeGroups",
	},
	"aurora-postgresql engineVersion offered": {
		good: []map[string]any{{"engine": "aurora-postgresql", "engineVersion": "16.6"}, {"engine": "aurora-postgresql", "engineVersion": "17.7"}, {"engine": "aurora-postgresql", "engineVersion": "16"}},
		bad:  []map[string]any{{"engine": "aurora-postgresql", "engineVersion": "16.5"}, {"engine": "aurora-postgresql", "engineVersion": "13.9"}, {"engine": "aurora-postgresql", "engineVersion": "13"}, {"engine": "aurora-postgresql", "engineVersion": "16."}},
		prop: "engineVersion",
	},
	"instanceClass offered for the aurora-postgresql engineVersion": {
		good: []map[string]any{{"engine": "aurora-postgresql", "engineVersion": "16.6", "instanceClass": "db.t3.medium"}, {"engine": "aurora-postgresql", "engineVersion": "17.4", "instanceClass": "db.r8g.48xlarge"},
			{"engine": "aurora-postgresql", "engineVersion": "14.3", "instanceClass": "db.serverless"}},
		bad: []map[string]any{
			{"engine": "aurora-postgresql", "engineVersion": "16.6", "instanceClass": "db.serverless.large"},
			{"engine": "aurora-postgresql", "engineVersion": "17.4", "instanceClass": "db.t3.medium"},
			{"engine": "aurora-postgresql", "engineVersion": "16.6", "instanceClass": "db.t3.micro"},
			{"engine": "aurora-postgresql", "engineVersion": "16.2", "instanceClass": "db.r8g.large"},
			{"engine": "aurora-postgresql", "engineVersion": "16.6", "instanceClass": "db.t4g.small"},
		},
		prop: "instanceClass",
	},
	"serverlessv2ScalingConfiguration within Aurora's limits for the engineVersion": {
		good: []map[string]any{
			{"engineVersion": "16", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0, "maxCapacity": 2, "secondsUntilAutoPause": 300}},
			{"engineVersion": "16.1", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0.5, "maxCapacity": 256}},
			{"engineVersion": "16.3", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0, "maxCapacity": 1}},
		},
		bad: []map[string]any{
			{"engineVersion": "16.2", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0, "maxCapacity": 4}},
			{"engineVersion": "16", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0.25, "maxCapacity": 4}},
			{"engineVersion": "16", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 2, "maxCapacity": 1.5}},
			{"engineVersion": "16", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0, "maxCapacity": 0.5}},
			{"engineVersion": "16", "serverlessv2ScalingConfiguration": map[string]any{"minCapacity": 0, "maxCapacity": 4, "secondsUntilAutoPause": 60}},
		},
		prop: "serverlessv2ScalingConfiguration",
	},
	"family is an aurora-postgresql family AWS offers": {
		good: []map[string]any{{"family": "aurora-postgresql16"}},
		bad:  []map[string]any{{"family": "aurora-postgresql13"}, {"family": "aurora-postgresql16.6"}},
		prop: "family",
	},
}

func TestDataCombosRefuseTheirBadAndAcceptTheirGoodInputs(t *testing.T) {
	assert.Len(t, dataComboCases, len(dataCombos), "every data Combo has cases")
	for _, c := range dataCombos {
		assert.NotEmpty(t, c.Source, c.Name)
		tc, ok := dataComboCases[c.Name]
		if !assert.True(t, ok, "no cases for %q", c.Name) {
			continue
		}
		for _, in := range tc.good {
			assert.Empty(t, c.Check("r", props(in)), "%s: good %v", c.Name, in)
		}
		for _, in := range tc.bad {
			fs := c.Check("r", props(in))
			if assert.NotEmpty(t, fs, "%s: bad %v", c.Name, in) {
				assert.Equal(t, tc.prop, fs[0].Property, c.Name)
			}
			// Check (the stand-in's entry point) refuses it too.
			assert.NotEmpty(t, Check(c.Type, "r", props(in)), "%s: Check %v", c.Name, in)
		}
	}
}
