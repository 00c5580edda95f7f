package stacks

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/internal/iamguard"
	"github.com/webplatform-dev/webplatform/internal/release"
)

// Platform is one environment's components. Build creates the network,
// the EKS cluster (the longest chain of a deploy, so it starts first), then
// the data, compute, edge and operations tiers; each may use the ones
// built before it.
type Platform struct {
	Config *Config
	// DRProvider deploys into the disaster-recovery region (replicas,
	// backup copies).
	DRProvider *aws.Provider
	// Guard is the account's IAM guard rails resolved to ARNs.
	Guard   iamguard.Guard
	Network *network.Network
	Data    *DataTier
	Compute *ComputeTier
	Edge    *EdgeTier
	Ops     *OpsTier
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
	// Only a valid config is compared with the previous deployment, and
	// before any resource is registered.
	prev, err := previous(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTransitions(cfg, prev.Deployed); err != nil {
		return nil, err
	}
	if err := cfg.applyRelease(prev.Release); err != nil {
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
	p := &Platform{Config: cfg, Data: &DataTier{}, Compute: &ComputeTier{}, Edge: &EdgeTier{}, Ops: &OpsTier{}}
	var err error
	if p.Guard, err = guardIAM(ctx, cfg); err != nil {
		return nil, err
	}
	if p.DRProvider, err = aws.NewProvider(ctx, cfg.Name()+"-dr", &aws.ProviderArgs{Region: pulumi.String(cfg.DRRegion)}); err != nil {
		return nil, fmt.Errorf("dr provider: %w", err)
	}
	if p.Network, err = network.NewNetwork(ctx, cfg.Name(), &network.NetworkArgs{Settings: cfg.Network}); err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	tiers := []struct {
		name  string
		build func(*pulumi.Context, *Platform) error
	}{{"cluster", buildCluster}, {"data", buildData}, {"compute", buildCompute}, {"edge", buildEdge}, {"operations", buildOps}}
	for _, t := range tiers {
		if err := t.build(ctx, p); err != nil {
			return nil, fmt.Errorf("%s tier: %w", t.name, err)
		}
	}
	return p, nil
}

// Outputs are the stack outputs a user needs.
func (p *Platform) Outputs() map[string]pulumi.Input {
	out := map[string]pulumi.Input{
		"environment":       pulumi.String(string(p.Config.Environment)),
		"region":            pulumi.String(p.Config.Region),
		"vpcId":             p.Network.VpcId,
		"vpcCidr":           p.Network.VpcCidr,
		"availabilityZones": p.Network.AvailabilityZones,
		"publicSubnetIds":   p.Network.PublicSubnetIds,
		"privateSubnetIds":  p.Network.PrivateSubnetIds,
		"isolatedSubnetIds": p.Network.IsolatedSubnetIds,
		"natGatewayIds":     p.Network.NatGatewayIds,
		// The values the next deployment checks its changes against.
		DeployedOutput: pulumi.ToStringMap(p.Config.deployed()),
		// What this deployment deployed, and when (the deploy job's rollback
		// target for the next one).
		release.Output: releaseOutput(p.Config.Release),
	}
	p.Data.outputs(out)
	p.Compute.outputs(out)
	p.Edge.outputs(out)
	p.Ops.outputs(out)
	return out
}
