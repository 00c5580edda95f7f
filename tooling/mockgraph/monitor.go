package mockgraph

import (
	"context"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Account is the AWS account id the mocks report.
const Account = "123456789012"

// Monitor implements pulumi.MockResourceMonitor and records into a Graph.
type Monitor struct {
	Project, Stack string
	// Region is the region of the default AWS provider (from aws:region).
	Region string
	Graph  *Graph
	// StackOutputs answer a StackReference read (see StackReferenceType):
	// the outputs of the referenced stack's last deployment, nil for a
	// stack never deployed.
	StackOutputs map[string]any

	mu        sync.Mutex
	providers map[string]string // provider URN -> region
}

var _ pulumi.MockResourceMonitor = (*Monitor)(nil)

// NewResource records the registration and returns mock outputs: the inputs
// plus the names and computed attributes a real provider would return (see
// Outputs). The recorded Inputs stay what the program passed.
func (m *Monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	r := &Resource{
		Type:   args.TypeToken,
		Name:   args.Name,
		Custom: args.Custom,
		Inputs: args.Inputs.Copy(),
	}
	if rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = rpc.GetDependencies()
		r.Provider = rpc.GetProvider()
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.PropertyDependencies = map[string][]string{}
		for k, deps := range rpc.GetPropertyDependencies() {
			if urns := deps.GetUrns(); len(urns) > 0 {
				r.PropertyDependencies[k] = urns
			}
		}
	}
	if read := args.ReadRPC; read != nil {
		r.Parent = read.GetParent()
		r.Dependencies = read.GetDependencies()
		r.Provider = read.GetProvider()
	}
	r.URN = m.urn(r.Parent, r.Type, r.Name)
	r.ID = ID(args.Name)
	if !args.Custom {
		r.ID = ""
	}
	if strings.HasPrefix(r.Type, "pulumi:providers:") {
		region := m.Region
		if v, ok := args.Inputs["region"]; ok && v.IsString() {
			region = v.StringValue()
		}
		m.mu.Lock()
		if m.providers == nil {
			m.providers = map[string]string{}
		}
		m.providers[r.URN] = region
		m.mu.Unlock()
	}
	switch {
	case r.Type == StackReferenceType:
		// A read of a stack's outputs: what the engine's built-in provider
		// answers (name, outputs), from the previous deployment given.
		r.ID = args.ID
		r.Outputs = resource.NewPropertyMapFromMap(map[string]any{
			"name": args.ID, "outputs": stackOutputs(m.StackOutputs),
		})
	case args.Custom && !strings.HasPrefix(r.Type, "pulumi:providers:"):
		if _, _, _, err := AutoName(r.Type, r.Name, r.URN, r.Inputs); err != nil {
			return "", nil, err // the provider's Check refuses it: nothing is created
		}
		r.Outputs = Outputs(r.Type, r.Name, r.URN, r.Inputs, m.regionOf(r.Provider))
	default:
		r.Outputs = computeOutputs(r, m.regionOf(r.Provider))
	}
	m.Graph.add(r)
	return r.ID, r.Outputs, nil
}

// Call answers invokes (data sources). An invoke without a mock is an error,
// so a test never runs against silently empty data.
func (m *Monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.Graph.addInvoke(Invoke{Token: args.Token, Args: args.Args, Provider: args.Provider})
	return InvokeResult(args.Token, args.Args, m.regionOf(args.Provider))
}

func (m *Monitor) regionOf(providerRef string) string {
	if providerRef == "" {
		return m.Region
	}
	urn := providerRef
	if i := strings.LastIndex(providerRef, "::"); i > 0 {
		urn = providerRef[:i]
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if region, ok := m.providers[urn]; ok && region != "" {
		return region
	}
	return m.Region
}

// urn mirrors the SDK mock monitor's URN scheme so parents resolve.
func (m *Monitor) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), parentType, tokens.Type(typ), name))
}

// RunOptions describe the stack a program runs as.
type RunOptions struct {
	Project, Stack string
	// Config maps "namespace:key" to its value, as the engine passes it
	// (objects and arrays as JSON text).
	Config map[string]string
	// SecretKeys lists the config keys that are secret.
	SecretKeys []string
	// StackOutputs are the outputs of the stack's previous deployment, as
	// a StackReference to it reads them (nil: never deployed).
	StackOutputs map[string]any
}

// Run runs program under the mock monitor and returns the recorded graph.
// The graph is returned even when the program fails, so callers can check
// that nothing was registered.
func Run(opts RunOptions, program pulumi.RunFunc) (*Graph, error) {
	g := NewGraph()
	mon := &Monitor{Project: opts.Project, Stack: opts.Stack, Region: opts.Config["aws:region"], Graph: g, StackOutputs: opts.StackOutputs}
	if mon.Region == "" {
		mon.Region = "us-east-1"
	}
	ctx, err := pulumi.NewContext(context.Background(), pulumi.RunInfo{
		Project:          opts.Project,
		Stack:            opts.Stack,
		Config:           opts.Config,
		ConfigSecretKeys: opts.SecretKeys,
		Mocks:            mon,
	})
	if err != nil {
		return g, err
	}
	defer func() { _ = ctx.Close() }()
	err = pulumi.RunWithContext(ctx, program)
	g.setExports(ctx.GetCurrentExportMap())
	return g, err
}
