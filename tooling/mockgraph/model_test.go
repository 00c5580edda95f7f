package mockgraph

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sgURN = "urn:pulumi:prod::webplatform::webplatform:database:Database$aws:rds/subnetGroup:SubnetGroup::web-db"

func TestAutoNameIsDeterministicAndFitsTheType(t *testing.T) {
	_, a, ok, err := AutoName("aws:rds/subnetGroup:SubnetGroup", "Web-DB", sgURN, resource.PropertyMap{})
	require.NoError(t, err)
	require.True(t, ok)
	_, b, _, _ := AutoName("aws:rds/subnetGroup:SubnetGroup", "Web-DB", sgURN, resource.PropertyMap{})
	assert.Equal(t, a, b, "a hash of the URN, not random")
	assert.Regexp(t, `^web-db-[0-9a-f]{7}$`, a, "lowercased where the service wants it")

	_, other, _, _ := AutoName("aws:rds/subnetGroup:SubnetGroup", "Web-DB", sgURN+"-2", resource.PropertyMap{})
	assert.NotEqual(t, a, other, "another URN, another name")

	key, longest, ok, err := AutoName("aws:s3/bucketV2:BucketV2", strings.Repeat("a", 55), "urn:x", resource.PropertyMap{})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "bucket", key)
	assert.Len(t, longest, 63, "the longest logical name that leaves room for the suffix")
	_, _, ok, err = AutoName("aws:s3/bucketV2:BucketV2", strings.Repeat("a", 56), "urn:x", resource.PropertyMap{})
	assert.False(t, ok)
	assert.EqualError(t, err, "could not make instance of 'aws:s3/bucketV2:BucketV2': name '"+strings.Repeat("a", 56)+"-' plus 7 random chars is longer than maximum length 63",
		"the bridge refuses, it does not cut (resource.NewUniqueName)")

	_, _, ok, _ = AutoName("aws:rds/subnetGroup:SubnetGroup", "web-db", sgURN, resource.NewPropertyMapFromMap(map[string]any{"name": "mine"}))
	assert.False(t, ok, "a name the program sets stays")
	_, _, ok, _ = AutoName("aws:secretsmanager/secret:Secret", "auth", "urn:x", resource.NewPropertyMapFromMap(map[string]any{"namePrefix": "auth-"}))
	assert.False(t, ok, "a prefix replaces auto-naming")
	unknown := resource.PropertyMap{"name": resource.MakeComputed(resource.NewStringProperty(""))}
	_, _, ok, _ = AutoName("aws:rds/subnetGroup:SubnetGroup", "web-db", sgURN, unknown)
	assert.False(t, ok, "an unknown name is set, just not known yet")
	_, _, ok, _ = AutoName("aws:kms/key:Key", "k", "urn:x", resource.PropertyMap{})
	assert.False(t, ok, "types without a name are not named")
}

func TestPrefixedName(t *testing.T) {
	in := resource.NewPropertyMapFromMap(map[string]any{"namePrefix": "web-auth-"})
	key, v, ok := PrefixedName("aws:secretsmanager/secret:Secret", "urn:a", in)
	require.True(t, ok)
	assert.Equal(t, "name", key)
	assert.Regexp(t, `^web-auth-[0-9]{26}$`, v)
	_, w, _ := PrefixedName("aws:secretsmanager/secret:Secret", "urn:a", in)
	assert.Equal(t, v, w)

	_, _, ok, _ = AutoName("aws:eks/nodeGroup:NodeGroup", "nodes", "urn:n", resource.PropertyMap{})
	assert.False(t, ok, "Pulumi auto-names only properties called name")
	key, v, ok = PrefixedName("aws:eks/nodeGroup:NodeGroup", "urn:n", resource.PropertyMap{})
	require.True(t, ok)
	assert.Equal(t, "nodeGroupName", key)
	assert.Regexp(t, `^terraform-[0-9]{26}$`, v, "the Terraform provider names it at create")
	_, _, ok = PrefixedName("aws:rds/subnetGroup:SubnetGroup", "urn:n", resource.PropertyMap{})
	assert.False(t, ok, "no prefix, no default: auto-named in Check instead")
}

func TestOutputsNameTheUnnamedAndLeaveInputsAlone(t *testing.T) {
	in := resource.NewPropertyMapFromMap(map[string]any{
		"subnetIds": []any{"subnet-a"},
		"vpcConfig": map[string]any{"subnetIds": []any{"subnet-a"}},
	})
	before := in.Copy()
	out := Outputs("aws:rds/subnetGroup:SubnetGroup", "web-db", sgURN, in, "eu-west-1")
	assert.Regexp(t, `^web-db-[0-9a-f]{7}$`, out["name"].StringValue(), "the program reads subnetGroup.Name")
	assert.Equal(t, "web-db-id", out["id"].StringValue())
	assert.True(t, in.DeepEquals(before), "inputs untouched")
	assert.True(t, out.DeepEquals(Outputs("aws:rds/subnetGroup:SubnetGroup", "web-db", sgURN, in, "eu-west-1")), "deterministic")

	eks := Outputs("aws:eks/cluster:Cluster", "web", "urn:eks", resource.NewPropertyMapFromMap(map[string]any{
		"name": "web", "vpcConfig": map[string]any{"subnetIds": []any{"subnet-a"}},
	}), "eu-west-1")
	assert.Equal(t, "sg-web-cluster", eks["vpcConfig"].ObjectValue()["clusterSecurityGroupId"].StringValue(), "computed fields merge into an input object")
	assert.Equal(t, "subnet-a", eks["vpcConfig"].ObjectValue()["subnetIds"].ArrayValue()[0].StringValue())

	secret := resource.PropertyMap{"secretString": resource.MakeSecret(resource.NewStringProperty("s"))}
	assert.True(t, Outputs("aws:secretsmanager/secretVersion:SecretVersion", "v", "urn:v", secret, "eu-west-1")["secretString"].IsSecret())
}

func TestInvokeResult(t *testing.T) {
	got, err := InvokeResult("aws:index/getCallerIdentity:getCallerIdentity", resource.PropertyMap{}, "eu-west-1")
	require.NoError(t, err)
	assert.Equal(t, Account, got["accountId"].StringValue())
	_, err = InvokeResult("aws:index/getNothing:getNothing", resource.PropertyMap{}, "eu-west-1")
	assert.Error(t, err)
}

func TestEmptyWiredInputs(t *testing.T) {
	g := NewGraph()
	g.add(&Resource{Type: "aws:rds/cluster:Cluster", Name: "db", URN: "urn:db", Custom: true,
		Inputs: resource.NewPropertyMapFromMap(map[string]any{
			"dbSubnetGroupName": "", "engine": "aurora-postgresql", "tags": map[string]any{"a": ""},
			"logs": []any{map[string]any{"destination": "", "format": "json"}}, "vpcSecurityGroupIds": []any{"sg-1", ""},
		}),
		PropertyDependencies: map[string][]string{"dbSubnetGroupName": {"urn:sg"}, "vpcSecurityGroupIds": {"urn:sg2"}, "vpcSecurityGroupIds2": {"urn:sg3"}, "logs": {"urn:lg"}, "engine": {"urn:x"}},
	})
	g.add(&Resource{Type: "aws:rds/subnetGroup:SubnetGroup", Name: "sg", URN: "urn:sg", Custom: true,
		Inputs: resource.NewPropertyMapFromMap(map[string]any{"subnetIds": []any{"subnet-a"}}), PropertyDependencies: map[string][]string{"subnetIds": {"urn:subnet"}}})
	assert.Equal(t, []string{
		"aws:rds/cluster:Cluster db: dbSubnetGroupName from [urn:sg]",
		"aws:rds/cluster:Cluster db: vpcSecurityGroupIds.1 from [urn:sg2]",
		"aws:rds/cluster:Cluster db: vpcSecurityGroupIds2 from [urn:sg3]",
	}, EmptyWiredInputs(g), "empty and missing wired inputs, empty ids in lists; object fields (logs, tags) mix literals and are left alone")
}
