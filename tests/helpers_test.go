package tests

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens used across tests.
const (
	tVpc         = "aws:ec2/vpc:Vpc"
	tSubnet      = "aws:ec2/subnet:Subnet"
	tRouteTable  = "aws:ec2/routeTable:RouteTable"
	tRoute       = "aws:ec2/route:Route"
	tRTAssoc     = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tNat         = "aws:ec2/natGateway:NatGateway"
	tEip         = "aws:ec2/eip:Eip"
	tIgw         = "aws:ec2/internetGateway:InternetGateway"
	tEndpoint    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tNacl        = "aws:ec2/networkAcl:NetworkAcl"
	tDefaultSG   = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tSG          = "aws:ec2/securityGroup:SecurityGroup"
	tFlowLog     = "aws:ec2/flowLog:FlowLog"
	tLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	tKmsKey      = "aws:kms/key:Key"
	tRole        = "aws:iam/role:Role"
	tRolePolicy  = "aws:iam/rolePolicy:RolePolicy"
	tNetworkComp = "webplatform:network:Network"
)

// mockID is the id the mock monitor gives a resource: its name plus "-id".
func mockID(r *mockgraph.Resource) string { return r.Name + "-id" }

// byID finds the resource of a type whose mock id is id.
func byID(g *mockgraph.Graph, token, id string) *mockgraph.Resource {
	for _, r := range g.ByType(token) {
		if mockID(r) == id {
			return r
		}
	}
	return nil
}

// byOutput finds the resource of type token whose output path equals v.
func byOutput(g *mockgraph.Graph, token, path string, v any) *mockgraph.Resource {
	for _, r := range g.ByType(token) {
		if r.Output(path) == v {
			return r
		}
	}
	return nil
}

// subnetsOfTier returns the subnets tagged with the tier.
func subnetsOfTier(g *mockgraph.Graph, tier string) []*mockgraph.Resource {
	return g.Filter(func(r *mockgraph.Resource) bool { return r.Type == tSubnet && r.Tags()["tier"] == tier })
}

// routeTableOf returns the route table associated with a subnet.
func routeTableOf(t *testing.T, g *mockgraph.Graph, subnet *mockgraph.Resource) *mockgraph.Resource {
	t.Helper()
	for _, a := range g.ByType(tRTAssoc) {
		if a.Str("subnetId") == mockID(subnet) {
			rt := byID(g, tRouteTable, a.Str("routeTableId"))
			if rt == nil {
				t.Fatalf("association %s names unknown route table %s", a.Name, a.Str("routeTableId"))
			}
			return rt
		}
	}
	t.Fatalf("subnet %s has no route table association", subnet.Name)
	return nil
}

// routesOf returns the routes in a route table.
func routesOf(g *mockgraph.Graph, rt *mockgraph.Resource) []*mockgraph.Resource {
	return g.Filter(func(r *mockgraph.Resource) bool { return r.Type == tRoute && r.Str("routeTableId") == mockID(rt) })
}

// internetRoutes returns the routes of rt that lead out of the VPC (to an
// internet gateway, NAT gateway, egress-only gateway or any 0.0.0.0/0).
func internetRoutes(g *mockgraph.Graph, rt *mockgraph.Resource) []*mockgraph.Resource {
	var out []*mockgraph.Resource
	for _, r := range routesOf(g, rt) {
		if r.Str("gatewayId") != "" || r.Str("natGatewayId") != "" || r.Str("egressOnlyGatewayId") != "" ||
			r.Str("destinationCidrBlock") == "0.0.0.0/0" {
			out = append(out, r)
		}
	}
	// Inline routes on the table count too.
	for _, r := range rt.List("routes") {
		if m, ok := r.(map[string]any); ok && (m["cidrBlock"] == "0.0.0.0/0" || m["gatewayId"] != nil) {
			out = append(out, rt)
		}
	}
	return out
}

func mustPrefix(t *testing.T, s string) netip.Prefix {
	t.Helper()
	p, err := netip.ParsePrefix(s)
	if err != nil {
		t.Fatalf("bad CIDR %q: %v", s, err)
	}
	return p
}

// customResources are the cloud resources (not components, not providers).
func customResources(g *mockgraph.Graph) []*mockgraph.Resource {
	return g.Filter(func(r *mockgraph.Resource) bool {
		return r.Custom && !strings.HasPrefix(r.Type, "pulumi:providers:")
	})
}
