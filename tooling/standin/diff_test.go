package standin

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
)

// withPath returns inputs with v at the dotted path (objects created on
// the way).
func withPath(base map[string]any, path string, v any) map[string]any {
	out := overlay(base, nil)
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		out[head] = v
		return out
	}
	inner, _ := out[head].(map[string]any)
	if inner == nil {
		inner = map[string]any{}
	}
	out[head] = withPath(inner, rest, v)
	return out
}

func TestEveryReplacementRuleReplaces(t *testing.T) {
	for _, r := range Replacements {
		typ := r.Type
		if typ == "kubernetes:*" {
			typ = "kubernetes:core/v1:ConfigMap"
		}
		base := validInputs(typ)
		olds := props(withPath(base, r.Property, "old-value"))
		news := props(withPath(base, r.Property, "new-value"))
		d := Diff(typ, "web", "", olds, news, nil)
		top, _, _ := strings.Cut(r.Property, ".")
		assert.Contains(t, d.Replaces, top, "%s %s: a change must replace (%s)", typ, r.Property, r.Source)
		assert.NotEmpty(t, r.Source)
		resp := d.response()
		assert.Equal(t, pulumirpc.DiffResponse_DIFF_SOME, resp.GetChanges())
		assert.Equal(t, pulumirpc.PropertyDiff_UPDATE_REPLACE, resp.GetDetailedDiff()[top].GetKind())
	}
}

func TestReplacementTableCoversTheIssue(t *testing.T) {
	for _, typ := range []string{
		"aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:rds/subnetGroup:SubnetGroup",
		"aws:rds/clusterParameterGroup:ClusterParameterGroup", "aws:elasticache/replicationGroup:ReplicationGroup",
		"aws:elasticache/subnetGroup:SubnetGroup", "aws:elasticache/parameterGroup:ParameterGroup",
		"aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:kms/key:Key",
		"aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup",
	} {
		assert.NotEmpty(t, replacementsFor(typ), typ)
	}
	var bucket []string
	for _, r := range replacementsFor("aws:s3/bucketV2:BucketV2") {
		bucket = append(bucket, r.Property)
	}
	assert.ElementsMatch(t, []string{"bucket", "bucketPrefix"}, bucket)
}

func TestDiffUpdatesInPlace(t *testing.T) {
	olds := props(map[string]any{"engine": "aurora-postgresql", "backupRetentionPeriod": 7, "tags": map[string]any{"a": "1"}})
	news := props(map[string]any{"engine": "aurora-postgresql", "backupRetentionPeriod": 14, "tags": map[string]any{"a": "1"}, "__defaults": []any{}})
	d := Diff("aws:rds/cluster:Cluster", "web", "", olds, news, nil)
	assert.Equal(t, []string{"backupRetentionPeriod"}, d.Changed, "internal keys are ignored")
	assert.Empty(t, d.Replaces)
	assert.Contains(t, d.Stables, "engine")
	assert.Contains(t, d.Stables, "arn")
	assert.NotContains(t, d.Stables, "backupRetentionPeriod")

	same := Diff("aws:rds/cluster:Cluster", "web", "", olds, olds, nil)
	assert.Equal(t, pulumirpc.DiffResponse_DIFF_NONE, same.response().GetChanges())

	ignored := Diff("aws:rds/cluster:Cluster", "web", "", olds, news, []string{"backupRetentionPeriod"})
	assert.Empty(t, ignored.Changed, "ignoreChanges")

	secret := props(map[string]any{"engine": "aurora-postgresql", "backupRetentionPeriod": 7, "tags": map[string]any{"a": "1"}})
	secret["engine"] = resource.MakeSecret(secret["engine"])
	assert.Empty(t, Diff("aws:rds/cluster:Cluster", "web", "", olds, secret, nil).Changed, "a value turned secret is no change")
}

func TestUnknownForceNewValueReplaces(t *testing.T) {
	olds := props(map[string]any{"clusterIdentifier": "web-db"})
	news := props(map[string]any{})
	news["clusterIdentifier"] = resource.MakeComputed(resource.NewStringProperty(""))
	assert.Equal(t, []string{"clusterIdentifier"}, Diff("aws:rds/cluster:Cluster", "web", "", olds, news, nil).Replaces)
}

func TestDeleteBeforeReplaceWhenTheNameStays(t *testing.T) {
	urn := "urn:pulumi:dev::web::aws:rds/subnetGroup:SubnetGroup::web-db"
	typ := "aws:rds/subnetGroup:SubnetGroup"
	fixed := func(desc string, name string) resource.PropertyMap {
		return props(map[string]any{"name": name, "namePrefix": desc})
	}
	d := Diff(typ, "web-db", urn, fixed("a", "web-db"), fixed("b", "web-db"), nil)
	assert.True(t, d.DeleteBeforeReplace, "a user-chosen name that stays must be freed first")

	d = Diff(typ, "web-db", urn, fixed("a", "web-db"), fixed("b", "web-db-2"), nil)
	assert.False(t, d.DeleteBeforeReplace, "a new name can be created before the old one is deleted")

	_, auto, _ := autoNameFor(typ, "web-db", urn)
	d = Diff(typ, "web-db", urn, fixed("a", auto), fixed("b", auto), nil)
	assert.False(t, d.DeleteBeforeReplace, "an auto-name is the provider's; the replacement gets a new one")

	k8s := func(app string) resource.PropertyMap {
		return props(map[string]any{"metadata": map[string]any{"name": "web"}, "spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": app}}}})
	}
	d = Diff("kubernetes:apps/v1:Deployment", "web", "", k8s("a"), k8s("b"), nil)
	assert.Equal(t, []string{"spec"}, d.Replaces)
	assert.True(t, d.DeleteBeforeReplace, "a fixed metadata.name")
}
