package analyzer

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/webplatform-dev/webplatform/policy"
)

const logRule = "log-groups-encrypted-and-retained"

// client serves a new analyzer on a loopback port, as the plugin does.
func client(t *testing.T) pulumirpc.AnalyzerClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := grpc.NewServer()
	pulumirpc.RegisterAnalyzerServer(srv, New())
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewAnalyzerClient(conn)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestHandshakeAndPluginInfo(t *testing.T) {
	c := client(t)
	_, err := c.Handshake(ctx(t), &pulumirpc.AnalyzerHandshakeRequest{EngineAddress: "127.0.0.1:1"})
	require.NoError(t, err)
	info, err := c.GetPluginInfo(ctx(t), &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, "0.0.0-dev", info.GetVersion())
	resp, err := c.Analyze(ctx(t), &pulumirpc.AnalyzeRequest{Type: "aws:cloudwatch/logGroup:LogGroup"})
	require.NoError(t, err)
	assert.Empty(t, resp.GetDiagnostics())
}

func TestAnalyzerInfoListsEveryRule(t *testing.T) {
	info, err := client(t).GetAnalyzerInfo(ctx(t), &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, PackName, info.GetName())
	assert.True(t, info.GetSupportsConfig())
	rules := policy.Rules()
	require.Len(t, info.GetPolicies(), len(rules))
	for i, r := range rules {
		p := info.GetPolicies()[i]
		assert.Equal(t, r.Name, p.GetName())
		assert.Equal(t, r.Description, p.GetDescription())
		assert.Equal(t, r.Remediation, p.GetMessage())
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, p.GetEnforcementLevel())
		assert.Equal(t, pulumirpc.PolicyType_POLICY_TYPE_STACK, p.GetPolicyType())
		assert.Equal(t, string(r.Severity), map[pulumirpc.PolicySeverity]string{
			pulumirpc.PolicySeverity_POLICY_SEVERITY_LOW:      "low",
			pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM:   "medium",
			pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH:     "high",
			pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL: "critical",
		}[p.GetSeverity()], r.Name)
		assert.Equal(t, r.Equivalents, p.GetTags(), r.Name)
		schema := p.GetConfigSchema().GetProperties().AsMap()
		assert.Equal(t, "string", schema["reason"].(map[string]any)["type"])
		exceptions := schema["exceptions"].(map[string]any)
		assert.Equal(t, "array", exceptions["type"])
		assert.ElementsMatch(t, []any{"resource", "reason"}, exceptions["items"].(map[string]any)["required"])
		assert.NotContains(t, schema, "enforcementLevel", "the CLI adds it")
	}
}

// policyConfig is one entry of the CLI's Configure request.
func policyConfig(t *testing.T, level pulumirpc.EnforcementLevel, props map[string]any) *pulumirpc.PolicyConfig {
	s, err := structpb.NewStruct(props)
	require.NoError(t, err)
	return &pulumirpc.PolicyConfig{EnforcementLevel: level, Properties: s}
}

func TestConfigureRefusesBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  map[string]*pulumirpc.PolicyConfig
		want string
	}{
		{"unknown rule", map[string]*pulumirpc.PolicyConfig{
			"no-such-rule": policyConfig(t, pulumirpc.EnforcementLevel_MANDATORY, nil),
		}, `"no-such-rule": no such rule`},
		{"invalid level", map[string]*pulumirpc.PolicyConfig{
			logRule: policyConfig(t, pulumirpc.EnforcementLevel_REMEDIATE, map[string]any{"reason": "r"}),
		}, logRule + `.enforcementLevel: "remediate" is not one of [mandatory advisory disabled]`},
		{"advisory without reason", map[string]*pulumirpc.PolicyConfig{
			logRule: policyConfig(t, pulumirpc.EnforcementLevel_ADVISORY, nil),
		}, logRule + ": a rule made advisory needs a reason"},
		{"exception without reason", map[string]*pulumirpc.PolicyConfig{
			logRule: policyConfig(t, pulumirpc.EnforcementLevel_MANDATORY, map[string]any{
				"exceptions": []any{map[string]any{"resource": "app-logs"}},
			}),
		}, logRule + ".exceptions[0]: needs a resource and a reason"},
		{"unknown property", map[string]*pulumirpc.PolicyConfig{
			logRule: policyConfig(t, pulumirpc.EnforcementLevel_ADVISORY, map[string]any{"reasn": "typo"}),
		}, logRule + `: json: unknown field "reasn"`},
		{"all", map[string]*pulumirpc.PolicyConfig{
			"all": policyConfig(t, pulumirpc.EnforcementLevel_ADVISORY, nil),
		}, `"all": only "mandatory" is supported`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client(t).Configure(ctx(t), &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: tc.cfg})
			require.Error(t, err)
			assert.Equal(t, codes.InvalidArgument, status.Code(err))
			assert.Contains(t, status.Convert(err).Message(), tc.want)
		})
	}
}

// cliConfig is what the CLI passes after reconciling the config file with
// the policies' defaults: every policy, mandatory unless overridden.
func cliConfig(t *testing.T, overrides map[string]*pulumirpc.PolicyConfig) map[string]*pulumirpc.PolicyConfig {
	out := map[string]*pulumirpc.PolicyConfig{}
	for _, r := range policy.Rules() {
		out[r.Name] = policyConfig(t, pulumirpc.EnforcementLevel_MANDATORY, nil)
	}
	for k, v := range overrides {
		out[k] = v
	}
	return out
}

const (
	stackURN    = "urn:pulumi:dev::webplatform::pulumi:pulumi:Stack::webplatform-dev"
	defaultProv = "urn:pulumi:dev::webplatform::pulumi:providers:aws::default_6_83_2"
	usEast1Prov = "urn:pulumi:dev::webplatform::pulumi:providers:aws::us-east-1"
	keyURN      = "urn:pulumi:dev::webplatform::aws:kms/key:Key::app-key"
	goodLogsURN = "urn:pulumi:dev::webplatform::aws:cloudwatch/logGroup:LogGroup::good-logs"
	badLogsURN  = "urn:pulumi:dev::webplatform::aws:cloudwatch/logGroup:LogGroup::bad-logs"
	edgeLogsURN = "urn:pulumi:dev::webplatform::aws:cloudwatch/logGroup:LogGroup::edge-logs"
)

// props marshals a property map the way the engine does for AnalyzeStack.
func props(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	s, err := plugin.MarshalProperties(m, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: true})
	require.NoError(t, err)
	return s
}

func provider(t *testing.T, urn, region string) *pulumirpc.AnalyzerProviderResource {
	return &pulumirpc.AnalyzerProviderResource{
		Urn: urn, Type: "pulumi:providers:aws", Name: resource.URN(urn).Name(),
		Properties: props(t, resource.PropertyMap{
			"region":    resource.NewProperty(region),
			"secretKey": resource.MakeSecret(resource.NewProperty("not-a-real-key")),
		}),
	}
}

// stackRequest is a preview's AnalyzeStack request: a key whose ARN is
// still unknown, a log group encrypted with it (kmsKeyId unknown, but its
// property dependency names the key), one with neither retention nor key,
// and one in us-east-1 through an explicit provider.
func stackRequest(t *testing.T) *pulumirpc.AnalyzeStackRequest {
	def, use1 := provider(t, defaultProv, "eu-west-1"), provider(t, usEast1Prov, "us-east-1")
	res := func(urn string, p *pulumirpc.AnalyzerProviderResource, m resource.PropertyMap) *pulumirpc.AnalyzerResource {
		u := resource.URN(urn)
		return &pulumirpc.AnalyzerResource{
			Urn: urn, Type: string(u.Type()), Name: u.Name(), Parent: stackURN,
			Properties: props(t, m), Provider: p, Options: &pulumirpc.AnalyzerResourceOptions{Parent: stackURN},
		}
	}
	stack := res(stackURN, nil, resource.PropertyMap{})
	stack.Parent, stack.Options.Parent = "", ""
	key := res(keyURN, def, resource.PropertyMap{
		"enableKeyRotation": resource.NewProperty(true),
		"policy":            resource.MakeComputed(resource.NewProperty("")),
		"arn":               resource.MakeComputed(resource.NewProperty("")),
	})
	key.Options.Protect = true
	good := res(goodLogsURN, def, resource.PropertyMap{
		"retentionInDays": resource.NewProperty(30.0),
		"kmsKeyId":        resource.MakeComputed(resource.NewProperty("")),
	})
	good.PropertyDependencies = map[string]*pulumirpc.AnalyzerPropertyDependencies{"kmsKeyId": {Urns: []string{keyURN}}}
	good.Dependencies = []string{keyURN}
	bad := res(badLogsURN, def, resource.PropertyMap{
		"retentionInDays": resource.NewProperty(0.0),
		"name":            resource.MakeSecret(resource.NewProperty("bad-logs-1234")),
	})
	edge := res(edgeLogsURN, use1, resource.PropertyMap{"retentionInDays": resource.NewProperty(7.0)})
	provRes := func(p *pulumirpc.AnalyzerProviderResource) *pulumirpc.AnalyzerResource {
		return &pulumirpc.AnalyzerResource{Urn: p.Urn, Type: p.Type, Name: p.Name, Properties: p.Properties}
	}
	return &pulumirpc.AnalyzeStackRequest{Resources: []*pulumirpc.AnalyzerResource{
		stack, provRes(def), provRes(use1), key, good, bad, edge,
	}}
}

func TestStackOfKeepsTheEnginesView(t *testing.T) {
	s, err := stackOf(stackRequest(t).GetResources())
	require.NoError(t, err)
	g := s.Graph
	assert.Equal(t, 7, g.Len())
	assert.Equal(t, "eu-west-1", s.DefaultRegion)

	key, good, bad, edge := g.ByURN(keyURN), g.ByURN(goodLogsURN), g.ByURN(badLogsURN), g.ByURN(edgeLogsURN)
	require.NotNil(t, key)
	assert.True(t, key.Custom)
	assert.True(t, key.Protect)
	assert.Equal(t, "", key.Provider, "the default provider, as under the mock monitor")
	assert.Equal(t, "eu-west-1", s.Region(key))
	assert.Equal(t, usEast1Prov+"::unknown", edge.Provider)
	assert.Equal(t, g.ByURN(usEast1Prov), g.ProviderOf(edge))
	assert.Equal(t, "us-east-1", s.Region(edge))

	assert.True(t, good.Inputs["kmsKeyId"].IsComputed(), "unknowns stay unknown")
	assert.Equal(t, []string{keyURN}, good.PropertyDependencies["kmsKeyId"])
	assert.Equal(t, []*policy.Resource{key}, s.Refs(good, "kmsKeyId", "aws:kms/key:Key"))
	assert.Equal(t, []string{keyURN}, good.Dependencies)
	assert.True(t, bad.IsSecret("name"), "secrets stay secret")
	assert.Equal(t, "bad-logs-1234", bad.Str("name"))
	assert.True(t, g.ByURN(defaultProv).IsSecret("secretKey"))
	assert.False(t, g.ByURN(stackURN).Custom)
	assert.True(t, g.TopLevel(bad))
}

func TestAnalyzeStackReportsViolations(t *testing.T) {
	c := client(t)
	_, err := c.Configure(ctx(t), &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: cliConfig(t, nil)})
	require.NoError(t, err)
	resp, err := c.AnalyzeStack(ctx(t), stackRequest(t))
	require.NoError(t, err)
	var got []*pulumirpc.AnalyzeDiagnostic
	for _, d := range resp.GetDiagnostics() {
		assert.NotEqual(t, goodLogsURN, d.GetUrn(), "%s: %s", d.GetPolicyName(), d.GetMessage())
		if d.GetPolicyName() == logRule {
			got = append(got, d)
		}
	}
	rule, ok := policy.Find(logRule)
	require.True(t, ok)
	require.Len(t, got, 3, "bad-logs: retention and key; edge-logs: key")
	for _, d := range got {
		assert.Equal(t, PackName, d.GetPolicyPackName())
		assert.Equal(t, "0.0.0-dev", d.GetPolicyPackVersion())
		assert.Equal(t, rule.Description, d.GetDescription())
		assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, d.GetEnforcementLevel())
		assert.Equal(t, pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM, d.GetSeverity())
		assert.Contains(t, d.GetMessage(), ". To fix: "+rule.Remediation)
	}
	assert.Equal(t, badLogsURN, got[0].GetUrn())
	assert.Equal(t, badLogsURN, got[1].GetUrn())
	assert.Equal(t, edgeLogsURN, got[2].GetUrn())
	assert.Contains(t, got[0].GetMessage(), "no retention")
	assert.Empty(t, resp.GetNotApplicable())
}

func TestAnalyzeStackFollowsTheConfig(t *testing.T) {
	c := client(t)
	logs := func(resp *pulumirpc.AnalyzeResponse) (urns []string) {
		for _, d := range resp.GetDiagnostics() {
			if d.GetPolicyName() == logRule {
				assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, d.GetEnforcementLevel())
				urns = append(urns, d.GetUrn())
			}
		}
		return urns
	}
	_, err := c.Configure(ctx(t), &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: cliConfig(t, map[string]*pulumirpc.PolicyConfig{
		logRule: policyConfig(t, pulumirpc.EnforcementLevel_ADVISORY, map[string]any{
			"reason":     "dev logs are disposable",
			"exceptions": []any{map[string]any{"resource": "bad-logs", "reason": "a test"}},
		}),
	})})
	require.NoError(t, err)
	resp, err := c.AnalyzeStack(ctx(t), stackRequest(t))
	require.NoError(t, err)
	assert.Equal(t, []string{edgeLogsURN}, logs(resp), "bad-logs is excepted, edge-logs is advisory")

	_, err = c.Configure(ctx(t), &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: cliConfig(t, map[string]*pulumirpc.PolicyConfig{
		logRule: policyConfig(t, pulumirpc.EnforcementLevel_DISABLED, map[string]any{"reason": "logs are someone else's"}),
	})})
	require.NoError(t, err)
	resp, err = c.AnalyzeStack(ctx(t), stackRequest(t))
	require.NoError(t, err)
	assert.Empty(t, logs(resp))
	require.Len(t, resp.GetNotApplicable(), 1)
	assert.Equal(t, logRule, resp.GetNotApplicable()[0].GetPolicyName())
	assert.Contains(t, resp.GetNotApplicable()[0].GetReason(), "logs are someone else's")
}

// TestBinarySpeaksThePluginProtocol builds cmd/policy-pack and starts it as
// the CLI does a binary policy pack: the port on the first line of stdout,
// then gRPC on that port; SIGINT stops it cleanly.
func TestBinarySpeaksThePluginProtocol(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "webplatform-policy")
	build := exec.Command("go", "build", "-o", bin, "github.com/webplatform-dev/webplatform/cmd/policy-pack")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	port, err := strconv.Atoi(strings.TrimSpace(line))
	require.NoError(t, err, "first line %q is not a port", line)

	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	info, err := pulumirpc.NewAnalyzerClient(conn).GetAnalyzerInfo(ctx(t), &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, PackName, info.GetName())
	assert.Len(t, info.GetPolicies(), len(policy.Rules()))

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	select {
	case err := <-done:
		assert.NoError(t, err, "exit after SIGINT")
	case <-time.After(10 * time.Second):
		t.Fatal("the plugin did not stop after SIGINT")
	}
}
