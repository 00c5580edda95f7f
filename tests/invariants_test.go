package tests

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/internal/release"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// untaggable are the AWS resource types the program uses that have no tags
// argument. TestUntaggableTypesReallyHaveNoTags checks each entry against
// the SDK, so a taggable type cannot hide here. Later tiers add theirs.
var baseUntaggable = map[string]any{
	"aws:ec2/route:Route": ec2.RouteArgs{},
	"aws:ec2/routeTableAssociation:RouteTableAssociation": ec2.RouteTableAssociationArgs{},
	"aws:kms/alias:Alias":                               kms.AliasArgs{},
	"aws:iam/rolePolicy:RolePolicy":                     iam.RolePolicyArgs{},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": iam.RolePolicyAttachmentArgs{},
}

func TestUntaggableTypesReallyHaveNoTags(t *testing.T) {
	for token, args := range cases().untaggable {
		_, has := reflect.TypeOf(args).FieldByName("Tags")
		assert.False(t, has, "%s has a Tags argument: remove it from untaggable and tag it", token)
	}
}

// invariant is a property every stack's graph must have.
type invariant struct {
	name  string
	check func(t *testing.T, stack string, g *mockgraph.Graph)
}

// invariants are checked on dev, staging and prod. Each tier adds its own in its files (see cases)
// from init functions in files of their own.
//
// Rules any stack of these components must follow are the policy pack's (policy/, run by tests/policy_test.go); these invariants are this program's specifics.
func baseInvariants() []invariant {
	return []invariant{
		{"every resource belongs to a component and is named after it", func(t *testing.T, _ string, g *mockgraph.Graph) {
			for _, r := range g.All() {
				if r.Type == "pulumi:pulumi:Stack" || strings.HasPrefix(r.Type, "pulumi:providers:") {
					continue
				}
				if g.TopLevel(r) {
					assert.False(t, r.Custom, "%s %s sits directly under the stack: parent it to its component", r.Type, r.Name)
					continue
				}
				parent := g.ByURN(r.Parent)
				require.NotNil(t, parent, "%s %s has no registered parent", r.Type, r.Name)
				assert.True(t, strings.HasPrefix(r.Name, parent.Name), "%s %s is not named after its parent %s", r.Type, r.Name, parent.Name)
			}
		}},
		{"every taggable AWS resource carries the standard tags", func(t *testing.T, stack string, g *mockgraph.Graph) {
			for _, r := range customResources(g) {
				if !strings.HasPrefix(r.Type, "aws:") {
					continue
				}
				if _, ok := cases().untaggable[r.Type]; ok {
					continue
				}
				tags := r.Tags()
				comp := g.Component(r)
				require.NotNil(t, comp, "%s has no component", r.Name)
				assert.Equal(t, "webplatform", tags["project"], "%s %s project tag", r.Type, r.Name)
				assert.Equal(t, stack, tags["environment"], "%s %s environment tag", r.Type, r.Name)
				assert.NotEmpty(t, tags["owner"], "%s %s owner tag", r.Type, r.Name)
				assert.NotEmpty(t, tags["component"], "%s %s component tag", r.Type, r.Name)
				assert.NotEmpty(t, tags["Name"], "%s %s Name tag", r.Type, r.Name)
				// The run under test sets no release: the version is Unreleased.
				assert.Equal(t, release.Unreleased, tags[release.Tag], "%s %s %s tag", r.Type, r.Name, release.Tag)
			}
		}},
		{"URNs are unique", func(t *testing.T, _ string, g *mockgraph.Graph) {
			seen := map[string]bool{}
			for _, r := range g.All() {
				assert.False(t, seen[r.URN], "duplicate %s", r.URN)
				seen[r.URN] = true
			}
		}},
		{"isolated subnets have no route to the internet", func(t *testing.T, _ string, g *mockgraph.Graph) {
			iso := subnetsOfTier(g, network.TierIsolated)
			require.NotEmpty(t, iso)
			for _, s := range iso {
				assert.Empty(t, internetRoutes(g, routeTableOf(t, g, s)), "isolated subnet %s", s.Name)
			}
		}},
		{"prod has one NAT gateway per AZ, used by that AZ", func(t *testing.T, stack string, g *mockgraph.Graph) {
			if stack != "prod" {
				return
			}
			private := subnetsOfTier(g, network.TierPrivate)
			require.Len(t, g.ByType(tNat), len(private))
			used := map[string]bool{}
			for _, s := range private {
				routes := internetRoutes(g, routeTableOf(t, g, s))
				require.Len(t, routes, 1)
				nat := byID(g, tNat, routes[0].Str("natGatewayId"))
				require.NotNil(t, nat)
				assert.Equal(t, s.Str("availabilityZone"), byID(g, tSubnet, nat.Str("subnetId")).Str("availabilityZone"))
				used[nat.Name] = true
			}
			assert.Len(t, used, len(private), "each AZ has its own NAT")
		}},
		{"every KMS key has exactly one alias", func(t *testing.T, _ string, g *mockgraph.Graph) {
			for _, k := range g.ByType(tKmsKey) {
				aliased := g.Filter(func(a *mockgraph.Resource) bool {
					return a.Type == "aws:kms/alias:Alias" && a.Str("targetKeyId") == k.Output("keyId")
				})
				assert.Len(t, aliased, 1, "%s has an alias", k.Name)
			}
		}},
	}
}

func TestGraphInvariants(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		for _, inv := range cases().invariants {
			t.Run(stack+"/"+inv.name, func(t *testing.T) { inv.check(t, stack, g) })
		}
	}
}
