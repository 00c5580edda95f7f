package standin

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Versions are the plugin versions the stand-in reports per package: the
// versions of the SDKs the program is built with (go.mod), so the engine
// loads it in place of the real plugins.
var Versions = map[string]string{
	"aws":        "6.83.2",
	"kubernetes": "4.25.0",
	"random":     "4.21.2",
}

// PackageFromBinary returns the package a plugin binary serves, from its
// name as the engine installs it: ".../pulumi-resource-aws" -> "aws". It
// returns "" for any other name.
func PackageFromBinary(path string) string {
	pkg, ok := strings.CutPrefix(filepath.Base(path), "pulumi-resource-")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(pkg, ".exe")
}

// Provider is one plugin instance: one provider resource of the program.
type Provider struct {
	pulumirpc.UnimplementedResourceProviderServer

	pkg string // served package; "" means: take it from the type tokens

	mu     sync.Mutex
	region string

	// Scale is the wall time per second AWS takes (STANDIN_TIME_SCALE).
	Scale time.Duration
	// Sleep waits for d or until ctx ends; tests replace it.
	Sleep func(ctx context.Context, d time.Duration)
}

// New returns a provider serving pkg ("aws", "kubernetes", "random", or ""
// to take the package from the type tokens) with deploy times scaled by
// scale.
func New(pkg string, scale time.Duration) *Provider {
	return &Provider{pkg: pkg, Scale: scale, Sleep: sleepCtx, region: "us-east-1"}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Region is the region this instance was configured with.
func (p *Provider) Region() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.region
}

var marshal = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: false}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	if s == nil {
		return resource.PropertyMap{}, nil
	}
	return plugin.UnmarshalProperties(s, marshal)
}

func marshalMap(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, marshal)
}

// GetPluginInfo reports the version of the package this instance serves.
func (p *Provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Versions[p.pkg]}, nil
}

// Handshake accepts secrets and resource references, as the real bridged
// providers do.
func (p *Provider) Handshake(context.Context, *pulumirpc.ProviderHandshakeRequest) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true}, nil
}

// Configure records the region (config aws:region, the provider
// resource's region input).
func (p *Provider) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	// Variables are deprecated in the protocol but still sent; a region in
	// args (an explicit provider's input) wins below.
	region := req.GetVariables()["aws:config:region"] //nolint:staticcheck // SA1019: see above
	if args, err := unmarshal(req.GetArgs()); err == nil {
		if v, known := mockgraph.Unwrap(args["region"]); known && v.IsString() && v.StringValue() != "" {
			region = v.StringValue()
		}
	}
	if region != "" {
		p.mu.Lock()
		p.region = region
		p.mu.Unlock()
	}
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, AcceptResources: true, SupportsPreview: true}, nil
}

// CheckConfig accepts the provider configuration as given.
func (p *Provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig reports whether the provider configuration changed; a change
// never replaces the provider (and so never its resources).
func (p *Provider) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	delete(olds, "version")
	delete(news, "version")
	changed := changedKeys(olds, news)
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: changed}, nil
}

// Check enforces the provider's input rules (rules.go) and names the
// resources the program leaves unnamed, as the bridged provider does.
func (p *Provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	typ, name := ident(req.GetUrn(), req.GetType(), req.GetName())
	key, v, ok, err := mockgraph.AutoName(typ, name, req.GetUrn(), news)
	if err != nil {
		return nil, err // the bridge fails Check when the auto-name cannot fit
	}
	if ok {
		news[resource.PropertyKey(key)] = resource.NewStringProperty(v)
	}
	inputs, err := marshalMap(news)
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.CheckResponse{Inputs: inputs}
	for _, f := range Check(typ, name, news) {
		resp.Failures = append(resp.Failures, &pulumirpc.CheckFailure{Property: f.Property, Reason: f.Reason})
	}
	return resp, nil
}

// Diff compares old and new inputs and reports the replacements the real
// provider reports (replace.go).
func (p *Provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	if len(olds) == 0 {
		if olds, err = unmarshal(req.GetOlds()); err != nil {
			return nil, err
		}
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	d := Diff(req.GetType(), req.GetName(), req.GetUrn(), olds, news, req.GetIgnoreChanges())
	return d.response(), nil
}

// Create returns the model's id and outputs after the time AWS takes to
// create the type (deploytime.go). A preview returns the inputs and leaves
// the computed outputs unknown, as the real provider does.
func (p *Provider) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	urn := req.GetUrn()
	typ, name := ident(urn, req.GetType(), req.GetName())
	outs := mockgraph.Outputs(typ, name, urn, inputs, p.Region())
	if req.GetPreview() {
		props, err := marshalMap(unknownComputed(inputs, outs))
		return &pulumirpc.CreateResponse{Properties: props}, err
	}
	p.Sleep(ctx, p.wait(CreateSeconds(typ)))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	props, err := marshalMap(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: mockgraph.ID(name), Properties: props}, nil
}

// Read returns the state as it is, so a refresh finds no drift; a read of
// a resource the engine has no state for (a get) returns the model's
// outputs.
func (p *Provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	state, inputs := req.GetProperties(), req.GetInputs()
	if len(state.GetFields()) == 0 {
		m, err := unmarshal(inputs)
		if err != nil {
			return nil, err
		}
		typ, name := ident(req.GetUrn(), req.GetType(), req.GetName())
		if state, err = marshalMap(mockgraph.Outputs(typ, name, req.GetUrn(), m, p.Region())); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: state, Inputs: inputs}, nil
}

// Update returns the new inputs plus the computed outputs; during a
// preview the computed outputs keep their old values.
func (p *Provider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var outs resource.PropertyMap
	if req.GetPreview() {
		olds, err := unmarshal(req.GetOlds())
		if err != nil {
			return nil, err
		}
		outs = news.Copy()
		for k, v := range olds {
			if _, ok := outs[k]; !ok {
				outs[k] = v
			}
		}
	} else {
		typ, name := ident(req.GetUrn(), req.GetType(), req.GetName())
		outs = mockgraph.Outputs(typ, name, req.GetUrn(), news, p.Region())
	}
	props, err := marshalMap(outs)
	return &pulumirpc.UpdateResponse{Properties: props}, err
}

// Delete takes the time AWS takes to delete the type.
func (p *Provider) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	typ, _ := ident(req.GetUrn(), req.GetType(), req.GetName())
	p.Sleep(ctx, p.wait(DeleteSeconds(typ)))
	return &emptypb.Empty{}, ctx.Err()
}

// Invoke answers the data sources the program calls from the model.
func (p *Provider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	ret, err := mockgraph.InvokeResult(req.GetTok(), args, p.Region())
	if err != nil {
		return nil, err
	}
	out, err := marshalMap(ret)
	return &pulumirpc.InvokeResponse{Return: out}, err
}

// Cancel acknowledges the engine's cancellation; sleeps end with their
// request context.
func (p *Provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (p *Provider) wait(awsSeconds float64) time.Duration {
	return time.Duration(awsSeconds * float64(p.Scale))
}

// unknownComputed returns inputs plus, as unknowns, the outputs the
// provider computes (what a preview cannot know yet).
func unknownComputed(inputs, outs resource.PropertyMap) resource.PropertyMap {
	m := inputs.Copy()
	for k := range outs {
		if _, ok := m[k]; !ok {
			m[k] = resource.MakeComputed(resource.NewStringProperty(""))
		}
	}
	return m
}

func typeAndName(urn string) (string, string) {
	u := resource.URN(urn)
	return string(u.Type()), u.Name()
}

// ident returns the type and name of a request, from the URN where the
// engine leaves them out.
func ident(urn, typ, name string) (string, string) {
	if typ == "" || name == "" {
		return typeAndName(urn)
	}
	return typ, name
}
