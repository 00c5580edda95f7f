package analyzer

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/webplatform-dev/webplatform/policy"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// providerPrefix starts the type token of every provider resource.
const providerPrefix = "pulumi:providers:"

// configOf converts the CLI's policy config (each entry's enforcement
// level, and the rest of its entry in the config file as properties) into
// a policy.Config, refusing properties the pack does not know.
func configOf(pc map[string]*pulumirpc.PolicyConfig) (policy.Config, error) {
	cfg := policy.Config{}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(pc)) {
		if name == "all" {
			// The CLI has set every policy's level from it already (before
			// each policy's own entry); a downgrade of all rules has no
			// room for the reason each one needs.
			if pc[name].GetEnforcementLevel() != pulumirpc.EnforcementLevel_MANDATORY || len(pc[name].GetProperties().GetFields()) > 0 {
				errs = append(errs, errors.New(`"all": only "mandatory" is supported: give each rule its own enforcementLevel and reason`))
			}
			continue
		}
		entry := pc[name].GetProperties().AsMap()
		entry["enforcementLevel"] = strings.ToLower(pc[name].GetEnforcementLevel().String())
		b, err := json.Marshal(entry)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		var rc policy.RuleConfig
		if err := json.Unmarshal(b, &rc); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		cfg[name] = rc
	}
	return cfg, errors.Join(errs...)
}

// stackOf rebuilds the engine's view of a stack as a policy.Stack.
func stackOf(ars []*pulumirpc.AnalyzerResource) (*policy.Stack, error) {
	var rs []*mockgraph.Resource
	// Providers first, each once (every resource names its provider): one
	// that is also in the list replaces its copy.
	seen := map[string]bool{}
	for _, ar := range ars {
		if p := ar.GetProvider(); p != nil && !seen[p.GetUrn()] {
			seen[p.GetUrn()] = true
			r, err := providerOf(p)
			if err != nil {
				return nil, err
			}
			rs = append(rs, r)
		}
	}
	for _, ar := range ars {
		r, err := resourceOf(ar)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	g := mockgraph.FromResources(rs)
	return &policy.Stack{Graph: g, DefaultRegion: defaultRegion(g)}, nil
}

// resourceOf converts one resource. Its properties are the engine's
// outputs of the resource, taken as its inputs too (the engine passes
// nothing else). A resource on its default provider has no Provider, as
// under the mock monitor (Graph.ProviderOf is nil for it, and
// Stack.Region falls back to the default provider's region); the provider
// reference carries no ID.
func resourceOf(ar *pulumirpc.AnalyzerResource) (*mockgraph.Resource, error) {
	props, err := properties(ar.GetUrn(), ar)
	if err != nil {
		return nil, err
	}
	opts := ar.GetOptions()
	r := &mockgraph.Resource{
		URN:                  ar.GetUrn(),
		Type:                 ar.GetType(),
		Name:                 ar.GetName(),
		Custom:               strings.HasPrefix(ar.GetType(), providerPrefix) || ar.GetProvider() != nil,
		Parent:               ar.GetParent(),
		Dependencies:         ar.GetDependencies(),
		Protect:              opts.GetProtect(),
		DeleteBeforeReplace:  opts.GetDeleteBeforeReplace(),
		IgnoreChanges:        opts.GetIgnoreChanges(),
		PropertyDependencies: map[string][]string{},
		Inputs:               props,
		Outputs:              props,
	}
	if r.Parent == "" {
		r.Parent = opts.GetParent()
	}
	if p := ar.GetProvider(); p != nil && !isDefaultProvider(p.GetName()) {
		r.Provider = p.GetUrn() + "::unknown"
	}
	for k, deps := range ar.GetPropertyDependencies() {
		if urns := deps.GetUrns(); len(urns) > 0 {
			r.PropertyDependencies[k] = urns
		}
	}
	return r, nil
}

// providerOf converts the provider a resource names, with its inputs.
func providerOf(p *pulumirpc.AnalyzerProviderResource) (*mockgraph.Resource, error) {
	props, err := properties(p.GetUrn(), p)
	if err != nil {
		return nil, err
	}
	return &mockgraph.Resource{
		URN:                  p.GetUrn(),
		Type:                 p.GetType(),
		Name:                 p.GetName(),
		Custom:               true,
		PropertyDependencies: map[string][]string{},
		Inputs:               props,
		Outputs:              props,
	}, nil
}

// properties unmarshals a resource's properties, keeping unknown values
// (a preview's computed outputs) and secrets as such.
func properties(urn string, r interface {
	GetProperties() *structpb.Struct
},
) (resource.PropertyMap, error) {
	props, err := plugin.UnmarshalProperties(r.GetProperties(), plugin.MarshalOptions{
		Label: urn, KeepUnknowns: true, KeepSecrets: true,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: properties: %w", urn, err)
	}
	return props, nil
}

// isDefaultProvider reports whether a provider is one the engine made for
// the resources that name none ("default", "default_6_83_2").
func isDefaultProvider(name string) bool { return strings.HasPrefix(name, "default") }

// defaultRegion is the region of the default aws provider, else
// $AWS_REGION.
func defaultRegion(g *mockgraph.Graph) string {
	for _, p := range g.ByType(providerPrefix + "aws") {
		if region := p.Str("region"); isDefaultProvider(p.Name) && region != "" {
			return region
		}
	}
	return os.Getenv("AWS_REGION")
}
