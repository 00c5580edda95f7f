package consumer_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/examples/consumer"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens the tests look at.
const (
	tVpc         = "aws:ec2/vpc:Vpc"
	tSubnet      = "aws:ec2/subnet:Subnet"
	tSG          = "aws:ec2/securityGroup:SecurityGroup"
	tSubnetGroup = "aws:rds/subnetGroup:SubnetGroup"
	tCluster     = "aws:rds/cluster:Cluster"
	tInstance    = "aws:rds/clusterInstance:ClusterInstance"
)

// run runs program under the mock monitor of the webplatform module
// (tooling/mockgraph: it answers the AWS lookups, eu-west-1 by default, and
// returns the outputs a provider would) and returns what it registered.
// stackOutputs answer every StackReference the program reads.
func run(program pulumi.RunFunc, stackOutputs map[string]any) (*mockgraph.Graph, error) {
	return mockgraph.Run(mockgraph.RunOptions{
		Project: "orders", Stack: "dev",
		Config:       map[string]string{"aws:region": "eu-west-1"},
		StackOutputs: stackOutputs,
	}, program)
}

// platformStack are the outputs of the platform stack the examples read
// through a StackReference, as its last deployment exported them.
var platformStack = map[string]any{
	"vpcId":                          "vpc-0a1b2c3d",
	"vpcCidr":                        "10.42.0.0/16",
	"availabilityZones":              []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
	"privateSubnetIds":               []any{"subnet-priv-a", "subnet-priv-b", "subnet-priv-c"},
	"privateSubnetCidrs":             []any{"10.42.64.0/20", "10.42.80.0/20", "10.42.96.0/20"},
	"isolatedSubnetIds":              []any{"subnet-iso-a", "subnet-iso-b", "subnet-iso-c"},
	"appSecurityGroupId":             "sg-app",
	"kubeconfig":                     "{}",
	"oidcProviderArn":                "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
	"oidcProviderUrl":                "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
	"clusterSecurityGroupId":         "sg-eks-cluster",
	"albArn":                         "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188",
	"albArnSuffix":                   "app/shop-alb/50dc6c495c0c9188",
	"albSecurityGroupId":             "sg-alb",
	"httpsListenerArn":               "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
	"gatewaySecret":                  "gateway-secret",
	"webOriginSecret":                "web-origin-secret",
	"apiOriginSecret":                "api-origin-secret",
	"apiHost":                        "shop-api.shop.example.com",
	"webAclArn":                      "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop-waf/abc",
	"assetsBucketName":               "shop-assets",
	"assetsBucketArn":                "arn:aws:s3:::shop-assets",
	"assetsBucketRegionalDomainName": "shop-assets.s3.eu-west-1.amazonaws.com",
	"logBucketDomainName":            "shop-logs.s3.amazonaws.com",
	"dbClusterIdentifier":            "shop-db",
	"cacheReplicationGroupId":        "shop-cache",
	"cdnDistributionId":              "E2EXAMPLE",
}

// example runs an Example's program as pulumi.Run would, under the mock
// monitor, its StackReferences reading platformStack. A program that
// fails fails the example: its error is printed to the example's output
// and to stderr (an example that then reads the component it did not get
// panics, which go test reports with the error above it).
func example(program pulumi.RunFunc) {
	if _, err := run(program, platformStack); err != nil {
		fmt.Println("error:", err)
		fmt.Fprintln(os.Stderr, "example program failed:", err)
	}
}

func mustRun(t *testing.T, program pulumi.RunFunc, stackOutputs map[string]any) *mockgraph.Graph {
	t.Helper()
	g, err := run(program, stackOutputs)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return g
}

// one returns the only resource of a type.
func one(t *testing.T, g *mockgraph.Graph, token string) *mockgraph.Resource {
	t.Helper()
	rs := g.ByType(token)
	if len(rs) != 1 {
		t.Fatalf("want one %s, got %d", token, len(rs))
	}
	return rs[0]
}

// ids are the mock ids of rs, sorted.
func ids(rs []*mockgraph.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return out
}

// TestConsumerDatabaseSitsInTheConsumersNetwork: the database is built
// from the network's outputs. Its subnet group holds exactly the
// network's isolated subnets (not the private or public ones), its
// security group is in the network's VPC, its two instances are spread
// over the network's two zones (given as an output), and each component
// registered what it should, under itself.
func TestConsumerDatabaseSitsInTheConsumersNetwork(t *testing.T) {
	g := mustRun(t, consumer.Run, nil)

	vpc := one(t, g, tVpc)
	if got := vpc.Str("cidrBlock"); got != "10.60.0.0/16" {
		t.Errorf("VPC CIDR %q, want the consumer's 10.60.0.0/16", got)
	}
	tiers := map[string][]*mockgraph.Resource{}
	for _, s := range g.ByType(tSubnet) {
		tiers[s.Tags()["tier"]] = append(tiers[s.Tags()["tier"]], s)
		if s.Str("vpcId") != vpc.ID {
			t.Errorf("subnet %s is in %q, not in the VPC %s", s.Name, s.Str("vpcId"), vpc.ID)
		}
	}
	for _, tier := range []string{"public", "private", "isolated"} {
		if len(tiers[tier]) != 2 {
			t.Errorf("%d %s subnets, want one per AZ (2)", len(tiers[tier]), tier)
		}
	}

	group := one(t, g, tSubnetGroup)
	got := group.Strings("subnetIds")
	slices.Sort(got)
	if want := ids(tiers["isolated"]); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("DB subnet group subnets %v, want the network's isolated subnets %v", got, want)
	}
	cluster := one(t, g, tCluster)
	if cluster.Str("dbSubnetGroupName") != group.Output("name") {
		t.Errorf("cluster subnet group %q, want %v", cluster.Str("dbSubnetGroupName"), group.Output("name"))
	}
	var dbSG *mockgraph.Resource
	for _, sg := range g.ByType(tSG) {
		if c := g.Component(sg); c != nil && c.Type == database.TypeToken {
			dbSG = sg
		}
	}
	if dbSG == nil {
		t.Fatal("no security group under the database")
	}
	if dbSG.Str("vpcId") != vpc.ID {
		t.Errorf("DB security group in %q, want the network's VPC %s", dbSG.Str("vpcId"), vpc.ID)
	}
	if sgs := cluster.Strings("vpcSecurityGroupIds"); !slices.Equal(sgs, []string{dbSG.ID}) {
		t.Errorf("cluster security groups %v, want only the database's %s", sgs, dbSG.ID)
	}

	// Instance i in zone i mod 2, writer first, zones from the network's
	// AvailabilityZones output.
	zones := []string{"eu-west-1a", "eu-west-1b"}
	instances := g.ByType(tInstance)
	if len(instances) != 2 {
		t.Fatalf("%d instances, want 2", len(instances))
	}
	for _, in := range instances {
		i := slices.Index([]string{"orders-db-1", "orders-db-2"}, in.Name)
		if i < 0 {
			t.Fatalf("unexpected instance %s", in.Name)
		}
		if az := in.Str("availabilityZone"); az != zones[i] {
			t.Errorf("instance %s in %q, want %s", in.Name, az, zones[i])
		}
		if in.Str("instanceClass") != "db.t4g.medium" {
			t.Errorf("instance %s class %q", in.Name, in.Str("instanceClass"))
		}
	}

	for token, comp := range map[string]string{tVpc: network.TypeToken, tSubnet: network.TypeToken, tSubnetGroup: database.TypeToken, tCluster: database.TypeToken, tInstance: database.TypeToken} {
		for _, r := range g.ByType(token) {
			if c := g.Component(r); c == nil || c.Type != comp {
				t.Errorf("%s %s is not under its %s component", token, r.Name, comp)
			}
		}
	}
	if names := g.ExportNames(); !slices.Contains(names, "dbWriterEndpoint") || !slices.Contains(names, "isolatedSubnetIds") {
		t.Errorf("exports %v lack the endpoint or the subnets", names)
	}
}

// TestConsumerProviderReachesBothComponents: a provider the consumer
// passes in the options creates every AWS resource and answers every
// lookup of both components, in its own region.
func TestConsumerProviderReachesBothComponents(t *testing.T) {
	g := mustRun(t, func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "orders-aws", &aws.ProviderArgs{Region: pulumi.String("eu-north-1")})
		if err != nil {
			return err
		}
		_, err = consumer.New(ctx, "orders", pulumi.Provider(p))
		return err
	}, nil)
	provider := func(ref string) string {
		if i := strings.LastIndex(ref, "::"); i > 0 {
			ref = ref[:i]
		}
		if p := g.ByURN(ref); p != nil {
			return p.Name
		}
		return "default"
	}
	n := 0
	for _, r := range g.All() {
		if r.Custom && strings.HasPrefix(r.Type, "aws:") {
			n++
			if got := provider(r.Provider); got != "orders-aws" {
				t.Errorf("%s %s created with provider %s, want orders-aws", r.Type, r.Name, got)
			}
		}
	}
	if n < 20 {
		t.Errorf("%d AWS resources, want the network's and the database's", n)
	}
	for _, inv := range g.Invokes() {
		if got := provider(inv.Provider); got != "orders-aws" {
			t.Errorf("lookup %s asked provider %s, want orders-aws", inv.Token, got)
		}
	}
	for _, in := range g.ByType(tInstance) {
		if az := in.Str("availabilityZone"); !strings.HasPrefix(az, "eu-north-1") {
			t.Errorf("instance %s in %q, want a zone of the provider's region eu-north-1", in.Name, az)
		}
	}
}

// TestConsumerDatabaseFromAStackReference: another project feeds the
// database from the outputs of the stack that owns the network, read
// through a StackReference: every wiring input is an output there.
func TestConsumerDatabaseFromAStackReference(t *testing.T) {
	network := map[string]any{
		"vpcId":             "vpc-0a1b2c3d",
		"isolatedSubnetIds": []any{"subnet-iso-a", "subnet-iso-b", "subnet-iso-c"},
		"availabilityZones": []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
	}
	g := mustRun(t, func(ctx *pulumi.Context) error {
		ref, err := pulumi.NewStackReference(ctx, "acme/orders/dev", nil)
		if err != nil {
			return err
		}
		_, err = database.NewDatabase(ctx, "reports-db", &database.DatabaseArgs{
			Settings: database.Settings{Instances: 4, InstanceClass: "db.t4g.medium", AllowDeletion: true, Tags: consumer.Tags},
			Wiring: database.Wiring{
				VpcId:             ref.GetStringOutput(pulumi.String("vpcId")),
				SubnetIds:         ref.GetOutput(pulumi.String("isolatedSubnetIds")).AsStringArrayOutput(),
				AvailabilityZones: ref.GetOutput(pulumi.String("availabilityZones")).AsStringArrayOutput(),
			},
		})
		return err
	}, network)
	if got := one(t, g, tSubnetGroup).Strings("subnetIds"); !slices.Equal(got, []string{"subnet-iso-a", "subnet-iso-b", "subnet-iso-c"}) {
		t.Errorf("subnet group %v, want the referenced stack's isolated subnets", got)
	}
	for _, sg := range g.ByType(tSG) {
		if sg.Str("vpcId") != "vpc-0a1b2c3d" {
			t.Errorf("security group %s in %q, want the referenced VPC", sg.Name, sg.Str("vpcId"))
		}
	}
	want := map[string]string{"reports-db-1": "eu-west-1a", "reports-db-2": "eu-west-1b", "reports-db-3": "eu-west-1c", "reports-db-4": "eu-west-1a"}
	instances := g.ByType(tInstance)
	if len(instances) != len(want) {
		t.Fatalf("%d instances, want %d", len(instances), len(want))
	}
	for _, in := range instances {
		if az := in.Str("availabilityZone"); az != want[in.Name] {
			t.Errorf("instance %s in %q, want %s (round-robin over the referenced zones)", in.Name, az, want[in.Name])
		}
	}
}
