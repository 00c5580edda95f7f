package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/network"
)

// Platform is one environment's components.
type Platform struct {
	Config  *Config
	Network *network.Network
}

// Run is the Pulumi program: load and validate the config (registering
// nothing when it is invalid), build the platform, export its outputs.
func Run(ctx *pulumi.Context) error {
	_, err := Deploy(ctx)
	return err
}

// Deploy is Run that also returns the platform, for the offline plan.
func Deploy(ctx *pulumi.Context) (*Platform, error) {
	cfg, err := Load(ctx)
	if err != nil {
		return nil, err
	}
	p, err := Build(ctx, cfg)
	if err != nil {
		return nil, err
	}
	for name, value := range p.Outputs() {
		ctx.Export(name, value)
	}
	return p, nil
}

// Build composes the components of one environment from a validated config.
func Build(ctx *pulumi.Context, cfg *Config) (*Platform, error) {
	p := &Platform{Config: cfg}
	var err error
	if p.Network, err = network.NewNetwork(ctx, cfg.Name(), &cfg.Network); err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	return p, nil
}

// Outputs are the stack outputs a user needs.
func (p *Platform) Outputs() map[string]pulumi.Input {
	return map[string]pulumi.Input{
		"environment":       pulumi.String(string(p.Config.Environment)),
		"region":            pulumi.String(p.Config.Region),
		"vpcId":             p.Network.VpcId,
		"vpcCidr":           p.Network.VpcCidr,
		"availabilityZones": p.Network.AvailabilityZones,
		"publicSubnetIds":   p.Network.PublicSubnetIds,
		"privateSubnetIds":  p.Network.PrivateSubnetIds,
		"isolatedSubnetIds": p.Network.IsolatedSubnetIds,
		"natGatewayIds":     p.Network.NatGatewayIds,
	}
}
