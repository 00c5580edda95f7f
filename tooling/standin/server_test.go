package standin

import (
	"context"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// recorder replaces Provider.Sleep and records the waits.
type recorder struct{ waits []time.Duration }

func (r *recorder) sleep(_ context.Context, d time.Duration) { r.waits = append(r.waits, d) }

func newTestProvider(t *testing.T, scale time.Duration) (*Provider, *recorder) {
	p := New("aws", scale)
	rec := &recorder{}
	p.Sleep = rec.sleep
	_, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{Variables: map[string]string{"aws:config:region": "eu-west-1"}})
	require.NoError(t, err)
	return p, rec
}

func mustStruct(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	s, err := marshalMap(m)
	require.NoError(t, err)
	return s
}

func mustMap(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	m, err := unmarshal(s)
	require.NoError(t, err)
	return m
}

const subnetGroupURN = "urn:pulumi:prod::webplatform::webplatform:database:Database$aws:rds/subnetGroup:SubnetGroup::web-db"

func TestPluginInfoAndPackage(t *testing.T) {
	assert.Equal(t, "aws", PackageFromBinary("/home/u/.pulumi/plugins/resource-aws-v6.83.2/pulumi-resource-aws"))
	assert.Equal(t, "kubernetes", PackageFromBinary("pulumi-resource-kubernetes"))
	assert.Equal(t, "", PackageFromBinary("standin-provider"))
	for pkg, v := range Versions {
		info, err := New(pkg, 0).GetPluginInfo(context.Background(), &emptypb.Empty{})
		require.NoError(t, err)
		assert.Equal(t, v, info.GetVersion())
	}
	hs, err := New("aws", 0).Handshake(context.Background(), &pulumirpc.ProviderHandshakeRequest{})
	require.NoError(t, err)
	assert.True(t, hs.GetAcceptSecrets())
	assert.True(t, hs.GetAcceptResources())
}

func TestConfigureTakesTheRegion(t *testing.T) {
	p := New("aws", 0)
	args := mustStruct(t, props(map[string]any{"region": "us-east-1"}))
	_, err := p.Configure(context.Background(), &pulumirpc.ConfigureRequest{Args: args, Variables: map[string]string{"aws:config:region": "eu-west-1"}})
	require.NoError(t, err)
	assert.Equal(t, "us-east-1", p.Region(), "the provider resource's region wins")
	p, _ = newTestProvider(t, 0)
	assert.Equal(t, "eu-west-1", p.Region())
}

func TestCheckAutoNamesAndRefuses(t *testing.T) {
	p, _ := newTestProvider(t, 0)
	resp, err := p.Check(context.Background(), &pulumirpc.CheckRequest{
		Urn: subnetGroupURN, Type: "aws:rds/subnetGroup:SubnetGroup", Name: "web-db",
		News: mustStruct(t, props(map[string]any{"subnetIds": []any{"subnet-a"}})),
	})
	require.NoError(t, err)
	assert.Empty(t, resp.GetFailures())
	name := mustMap(t, resp.GetInputs())["name"]
	require.True(t, name.IsString(), "an unnamed subnet group gets a name")
	assert.Regexp(t, `^web-db-[0-9a-f]{7}$`, name.StringValue())

	resp, err = p.Check(context.Background(), &pulumirpc.CheckRequest{
		Urn: subnetGroupURN, News: mustStruct(t, props(map[string]any{"name": "Web_DB"})),
	})
	require.NoError(t, err)
	require.Len(t, resp.GetFailures(), 2, "missing subnetIds and a bad name")
	assert.Equal(t, "subnetIds", resp.GetFailures()[0].GetProperty())
}

func TestCreateIsDeterministicAndKeepsSecrets(t *testing.T) {
	p, rec := newTestProvider(t, 10*time.Millisecond)
	in := props(map[string]any{"replicationGroupId": "web-cache", "description": "c"})
	in["authToken"] = resource.MakeSecret(resource.NewStringProperty("0123456789abcdef-token"))
	req := &pulumirpc.CreateRequest{
		Urn: "urn:pulumi:prod::webplatform::aws:elasticache/replicationGroup:ReplicationGroup::web-cache", Type: "aws:elasticache/replicationGroup:ReplicationGroup", Name: "web-cache",
		Properties: mustStruct(t, in),
	}
	a, err := p.Create(context.Background(), req)
	require.NoError(t, err)
	b, err := p.Create(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "web-cache-id", a.GetId(), "the mock monitor's id")
	assert.Equal(t, a.GetId(), b.GetId())
	out := mustMap(t, a.GetProperties())
	assert.True(t, out.DeepEquals(mustMap(t, b.GetProperties())), "outputs are deterministic")
	assert.True(t, out["authToken"].IsSecret(), "a secret input stays secret")
	assert.Equal(t, "master.web-cache.abc123.euw1.cache.amazonaws.com", out["primaryEndpointAddress"].StringValue())
	assert.Equal(t, mockgraph.Outputs(req.Type, req.Name, req.Urn, in, "eu-west-1").Mappable(), out.Mappable(), "the one output model")
	want := time.Duration(CreateSeconds(req.Type) * float64(10*time.Millisecond))
	assert.Equal(t, []time.Duration{want, want}, rec.waits, "create takes the AWS time, scaled")
}

func TestCreatePreviewLeavesComputedOutputsUnknown(t *testing.T) {
	p, rec := newTestProvider(t, time.Second)
	resp, err := p.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn: "urn:pulumi:prod::webplatform::aws:rds/cluster:Cluster::web-db", Type: "aws:rds/cluster:Cluster", Name: "web-db",
		Properties: mustStruct(t, props(map[string]any{"clusterIdentifier": "web-db"})), Preview: true,
	})
	require.NoError(t, err)
	out := mustMap(t, resp.GetProperties())
	assert.Equal(t, "web-db", out["clusterIdentifier"].StringValue())
	assert.True(t, out["endpoint"].IsComputed())
	assert.Empty(t, resp.GetId())
	assert.Empty(t, rec.waits, "a preview does not wait")
}

func TestReadReturnsTheStateAsIs(t *testing.T) {
	p, _ := newTestProvider(t, 0)
	state := mustStruct(t, props(map[string]any{"arn": "arn:aws:kms:eu-west-1:123456789012:key/k", "description": "d"}))
	inputs := mustStruct(t, props(map[string]any{"description": "d"}))
	resp, err := p.Read(context.Background(), &pulumirpc.ReadRequest{Id: "k-id", Urn: "urn:pulumi:s::p::aws:kms/key:Key::k", Properties: state, Inputs: inputs})
	require.NoError(t, err)
	assert.Equal(t, "k-id", resp.GetId())
	assert.True(t, mustMap(t, resp.GetProperties()).DeepEquals(mustMap(t, state)))
	assert.True(t, mustMap(t, resp.GetInputs()).DeepEquals(mustMap(t, inputs)))
}

func TestUpdateAndDelete(t *testing.T) {
	p, rec := newTestProvider(t, time.Millisecond)
	urn := "urn:pulumi:prod::webplatform::aws:kms/key:Key::data"
	resp, err := p.Update(context.Background(), &pulumirpc.UpdateRequest{
		Id: "data-id", Urn: urn, Type: "aws:kms/key:Key", Name: "data",
		Olds: mustStruct(t, props(map[string]any{"description": "old", "keyId": "data-key-id"})),
		News: mustStruct(t, props(map[string]any{"description": "new"})),
	})
	require.NoError(t, err)
	out := mustMap(t, resp.GetProperties())
	assert.Equal(t, "new", out["description"].StringValue())
	assert.Equal(t, "data-key-id", out["keyId"].StringValue(), "computed outputs are back")

	_, err = p.Delete(context.Background(), &pulumirpc.DeleteRequest{Id: "data-id", Urn: urn, Type: "aws:kms/key:Key"})
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{time.Duration(DeleteSeconds("aws:kms/key:Key") * float64(time.Millisecond))}, rec.waits)
}

func TestInvokeAnswersFromTheModel(t *testing.T) {
	p, _ := newTestProvider(t, 0)
	resp, err := p.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: "aws:index/getRegion:getRegion", Args: mustStruct(t, resource.PropertyMap{})})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", mustMap(t, resp.GetReturn())["name"].StringValue())
	_, err = p.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: "aws:index/getNothing:getNothing", Args: mustStruct(t, resource.PropertyMap{})})
	assert.Error(t, err, "an invoke the model does not know fails")
}

func TestDeployTimes(t *testing.T) {
	assert.Equal(t, 600.0, CreateSeconds("aws:eks/cluster:Cluster"))
	assert.Greater(t, CreateSeconds("aws:rds/clusterInstance:ClusterInstance"), CreateSeconds("aws:rds/cluster:Cluster"))
	assert.Equal(t, defaultDeployTime.Create, CreateSeconds("aws:iam/role:Role"))
	assert.Zero(t, CreateSeconds("random:index/randomPassword:RandomPassword"))
	for typ, d := range DeployTimes {
		assert.NotEmpty(t, d.Source, typ)
		assert.GreaterOrEqual(t, d.Create, 0.0, typ)
	}
	t.Setenv("STANDIN_TIME_SCALE", "10ms")
	assert.Equal(t, 10*time.Millisecond, ScaleFromEnv())
	t.Setenv("STANDIN_TIME_SCALE", "0")
	assert.Zero(t, ScaleFromEnv())
	t.Setenv("STANDIN_TIME_SCALE", "fast")
	assert.Zero(t, ScaleFromEnv())
}
