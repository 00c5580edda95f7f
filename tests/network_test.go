package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

var unitTags = map[string]string{"project": "p", "environment": "test", "owner": "o"}

func runNetwork(t *testing.T, args network.NetworkArgs) (*mockgraph.Graph, *network.Network) {
	t.Helper()
	var n *network.Network
	if args.Tags == nil {
		args.Tags = unitTags
	}
	g := harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		var err error
		n, err = network.NewNetwork(ctx, "net", &args)
		return err
	})
	return g, n
}

func TestNetworkNatStrategies(t *testing.T) {
	cases := []struct {
		strategy network.NatStrategy
		nats     int
	}{{network.NatNone, 0}, {network.NatSingle, 1}, {network.NatPerAZ, 3}}
	for _, c := range cases {
		t.Run(string(c.strategy), func(t *testing.T) {
			g, _ := runNetwork(t, network.NetworkArgs{Settings: network.Settings{AZCount: 3, NatStrategy: c.strategy}})
			nats := g.ByType(tNat)
			require.Len(t, nats, c.nats)
			assert.Len(t, g.ByType(tEip), c.nats, "one EIP per NAT gateway")

			for _, subnet := range subnetsOfTier(g, network.TierPrivate) {
				routes := internetRoutes(g, routeTableOf(t, g, subnet))
				if c.nats == 0 {
					assert.Empty(t, routes, "NAT none: private subnet %s must have no default route", subnet.Name)
					continue
				}
				require.Len(t, routes, 1, "private subnet %s", subnet.Name)
				nat := byID(g, tNat, routes[0].Str("natGatewayId"))
				require.NotNil(t, nat, "private default route goes to a NAT gateway of this network")
				natSubnet := byID(g, tSubnet, nat.Str("subnetId"))
				require.NotNil(t, natSubnet)
				assert.Equal(t, network.TierPublic, natSubnet.Tags()["tier"], "NAT gateways live in public subnets")
				if c.strategy == network.NatPerAZ {
					assert.Equal(t, subnet.Str("availabilityZone"), natSubnet.Str("availabilityZone"),
						"one-per-az: %s must egress through the NAT in its own AZ", subnet.Name)
				}
			}
			for _, nat := range nats {
				assert.True(t, nat.DependsOn(g.ByType(tIgw)[0]), "NAT %s must wait for the internet gateway", nat.Name)
			}
		})
	}
}

func TestNetworkSpreadsEveryTierOverEachAZ(t *testing.T) {
	for az := 1; az <= 6; az++ {
		t.Run(fmt.Sprintf("%d-azs", az), func(t *testing.T) {
			g, n := runNetwork(t, network.NetworkArgs{Settings: network.Settings{Cidr: "10.1.0.0/16", AZCount: az, NatStrategy: network.NatPerAZ}})
			vpc := mustPrefix(t, "10.1.0.0/16")
			require.Len(t, n.Zones, az)
			var cidrs []string
			for _, tier := range []string{network.TierPublic, network.TierPrivate, network.TierIsolated} {
				subnets := subnetsOfTier(g, tier)
				require.Len(t, subnets, az, "tier %s", tier)
				zones := map[string]bool{}
				for _, s := range subnets {
					zones[s.Str("availabilityZone")] = true
					p := mustPrefix(t, s.Str("cidrBlock"))
					assert.True(t, vpc.Contains(p.Addr()), "%s outside VPC", p)
					assert.False(t, s.Bool("mapPublicIpOnLaunch"), "%s must not hand out public IPs", s.Name)
					cidrs = append(cidrs, s.Str("cidrBlock"))
				}
				assert.Len(t, zones, az, "tier %s must use %d distinct AZs", tier, az)
			}
			for i := range cidrs {
				for j := i + 1; j < len(cidrs); j++ {
					assert.False(t, mustPrefix(t, cidrs[i]).Overlaps(mustPrefix(t, cidrs[j])), "%s overlaps %s", cidrs[i], cidrs[j])
				}
			}
			assert.Len(t, g.ByType(tNat), az)
			assert.Len(t, subnetsOfTier(g, network.TierPrivate), len(g.Filter(func(r *mockgraph.Resource) bool {
				return r.Type == tRouteTable && strings.Contains(r.Name, "-private-rt-")
			})), "one private route table per AZ")
		})
	}
}

func TestNetworkCidrPlanEdgeCases(t *testing.T) {
	t.Run("small VPC with small subnets fits exactly", func(t *testing.T) {
		// 3 tiers x 2 slots x /27 = 192 addresses of a /24's 256.
		g, n := runNetwork(t, network.NetworkArgs{Settings: network.Settings{Cidr: "192.168.5.0/24", AZCount: 2, AZSlots: 2,
			PublicSubnetPrefix: 27, PrivateSubnetPrefix: 27, IsolatedSubnetPrefix: 27, NatStrategy: network.NatNone}})
		assert.Len(t, g.ByType(tSubnet), 6)
		assert.Equal(t, []string{"192.168.5.0/27", "192.168.5.32/27"}, n.SubnetCidrs[network.TierPrivate])
	})
	t.Run("explicit zones set the AZ count", func(t *testing.T) {
		_, n := runNetwork(t, network.NetworkArgs{Settings: network.Settings{AvailabilityZones: []string{"eu-west-1b", "eu-west-1c"}, NatStrategy: network.NatSingle}})
		assert.Equal(t, []string{"eu-west-1b", "eu-west-1c"}, n.Zones)
		assert.Equal(t, 2, n.Settings.AZCount)
	})
	t.Run("growing the AZ count keeps existing subnets", func(t *testing.T) {
		_, two := runNetwork(t, network.NetworkArgs{Settings: network.Settings{AZCount: 2}})
		_, three := runNetwork(t, network.NetworkArgs{Settings: network.Settings{AZCount: 3}})
		for tier, cidrs := range two.SubnetCidrs {
			assert.Equal(t, cidrs, three.SubnetCidrs[tier][:2], "tier %s", tier)
		}
	})
	bad := []struct {
		name  string
		args  network.NetworkArgs
		field string
	}{
		{"plan larger than VPC", network.NetworkArgs{Settings: network.Settings{Cidr: "10.0.0.0/20"}}, "Cidr: subnet plan does not fit"},
		{"subnet larger than VPC", network.NetworkArgs{Settings: network.Settings{Cidr: "10.0.0.0/24", PublicSubnetPrefix: 16}}, "Cidr: subnet plan does not fit"},
		{"host bits set", network.NetworkArgs{Settings: network.Settings{Cidr: "10.0.0.1/16"}}, "Cidr: must be a network address"},
		{"public range", network.NetworkArgs{Settings: network.Settings{Cidr: "52.0.0.0/16"}}, "Cidr: must lie in private address space"},
		{"too many AZs", network.NetworkArgs{Settings: network.Settings{AZCount: 7}}, "AZCount: must be between 1 and 6"},
		{"slots below AZ count", network.NetworkArgs{Settings: network.Settings{AZCount: 3, AZSlots: 2}}, "AZSlots"},
		{"zones disagree with count", network.NetworkArgs{Settings: network.Settings{AZCount: 3, AvailabilityZones: []string{"a", "b"}}}, "AvailabilityZones"},
		{"unknown NAT strategy", network.NetworkArgs{Settings: network.Settings{NatStrategy: "two"}}, "NatStrategy: must be one of none, single, one-per-az"},
		{"bad retention", network.NetworkArgs{Settings: network.Settings{FlowLogRetentionDays: 10}}, "FlowLogRetentionDays"},
		{"s3 as interface endpoint", network.NetworkArgs{Settings: network.Settings{InterfaceEndpoints: []string{"s3"}}}, "InterfaceEndpoints"},
		{"name prefix with a slash", network.NetworkArgs{Settings: network.Settings{NamePrefix: "shop/blue"}}, "NamePrefix: must be letters, digits, hyphens and underscores"},
		{"duplicate endpoint", network.NetworkArgs{Settings: network.Settings{InterfaceEndpoints: []string{"sts", "sts"}}}, "InterfaceEndpoints: lists \"sts\" twice"},
	}
	for _, c := range bad {
		t.Run("rejects "+c.name, func(t *testing.T) {
			g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
				_, err := network.NewNetwork(ctx, "net", &c.args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.field)
			assert.Empty(t, customResources(g), "nothing may be registered for invalid args")
			assert.Empty(t, g.ByType(tNetworkComp), "not even the component")
		})
	}
}

func TestNetworkIsolatedTierHasNoInternetPath(t *testing.T) {
	g, _ := runNetwork(t, network.NetworkArgs{Settings: network.Settings{AZCount: 3, NatStrategy: network.NatPerAZ, Cidr: "10.9.0.0/16"}})
	iso := subnetsOfTier(g, network.TierIsolated)
	require.Len(t, iso, 3)
	for _, s := range iso {
		assert.Empty(t, internetRoutes(g, routeTableOf(t, g, s)), "isolated subnet %s routes to the internet", s.Name)
	}
	nacls := g.ByType(tNacl)
	require.Len(t, nacls, 1)
	assert.Len(t, nacls[0].List("subnetIds"), 3, "the isolated NACL covers every isolated subnet")
	for _, dir := range []string{"ingress", "egress"} {
		for _, rule := range nacls[0].List(dir) {
			m := rule.(map[string]any)
			assert.Equal(t, "10.9.0.0/16", m["cidrBlock"], "isolated NACL %s may only allow the VPC CIDR", dir)
		}
	}
}

func TestNetworkSecurityDefaults(t *testing.T) {
	g, _ := runNetwork(t, network.NetworkArgs{Settings: network.Settings{InterfaceEndpoints: []string{"ecr.api", "sts"}}})

	sg := g.ByType(tDefaultSG)
	require.Len(t, sg, 1)
	assert.Empty(t, sg[0].List("ingress"), "default security group must have no ingress rules")
	assert.Empty(t, sg[0].List("egress"), "default security group must have no egress rules")

	vpc := g.ByType(tVpc)[0]
	assert.True(t, vpc.Bool("enableDnsHostnames"))
	assert.True(t, vpc.Bool("enableDnsSupport"))

	logs := g.ByType(tLogGroup)
	require.Len(t, logs, 1)
	assert.Equal(t, 90, logs[0].Int("retentionInDays"), "documented default retention")
	key := g.ByType(tKmsKey)
	require.Len(t, key, 1)
	assert.True(t, key[0].Bool("enableKeyRotation"))
	assert.Contains(t, logs[0].Str("kmsKeyId"), "arn:aws:kms:", "flow logs encrypted with the component's key")
	assert.Contains(t, key[0].Str("policy"), "logs.eu-west-1.amazonaws.com", "key policy admits CloudWatch Logs")
	assert.NotContains(t, key[0].Str("policy"), `"AWS":"*"`, "no wildcard principal")

	fl := g.ByType(tFlowLog)
	require.Len(t, fl, 1)
	assert.Equal(t, "ALL", fl[0].Str("trafficType"))
	assert.Equal(t, logs[0].Output("arn"), fl[0].Str("logDestination"))
	policy := g.ByType(tRolePolicy)[0].Str("policy")
	assert.Contains(t, policy, logs[0].Output("arn").(string), "flow log role scoped to its log group")
	assert.NotContains(t, policy, `"Resource":"*"`)

	var gateway, iface []*mockgraph.Resource
	for _, e := range g.ByType(tEndpoint) {
		if e.Str("vpcEndpointType") == "Gateway" {
			gateway = append(gateway, e)
		} else {
			iface = append(iface, e)
		}
	}
	require.Len(t, gateway, 1)
	assert.Equal(t, "com.amazonaws.eu-west-1.s3", gateway[0].Str("serviceName"))
	assert.Len(t, gateway[0].List("routeTableIds"), 4, "S3 gateway on 3 private tables + the isolated table")
	require.Len(t, iface, 2)
	for _, e := range iface {
		assert.True(t, e.Bool("privateDnsEnabled"))
		assert.Len(t, e.List("subnetIds"), 3, "interface endpoints in every private subnet")
	}
	endpointSG := g.Filter(func(r *mockgraph.Resource) bool { return r.Type == tSG && strings.HasSuffix(r.Name, "-endpoints") })
	require.Len(t, endpointSG, 1)
	ingress := endpointSG[0].List("ingress")
	require.Len(t, ingress, 1)
	assert.Equal(t, []any{"10.0.0.0/16"}, ingress[0].(map[string]any)["cidrBlocks"], "endpoints reachable only from the VPC")
}

func TestNetworkWithoutInterfaceEndpointsCreatesNoEndpointSecurityGroup(t *testing.T) {
	g, _ := runNetwork(t, network.NetworkArgs{})
	sgs := g.ByType(tSG)
	require.Len(t, sgs, 1, "only the app-tier security group")
	assert.Equal(t, "net-app", sgs[0].Name)
	assert.Empty(t, sgs[0].List("ingress"), "the app-tier group is an identity: no rules")
	assert.Len(t, g.ByType(tEndpoint), 1, "only the free S3 gateway endpoint")
}

func TestNetworkUsesAGivenFlowLogKey(t *testing.T) {
	g, _ := runNetwork(t, network.NetworkArgs{Wiring: network.Wiring{FlowLogKMSKeyArn: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/shared")}})
	assert.Empty(t, g.ByType(tKmsKey), "no key of its own when one is given")
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/shared", g.ByType(tLogGroup)[0].Str("kmsKeyId"))
}
