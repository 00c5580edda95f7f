package tests

import (
	"fmt"
	"github.com/webplatform-dev/webplatform/internal/catalog"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
	"github.com/webplatform-dev/webplatform/tooling/standin"
)

// namingLongestStack is the longest stack name validation takes (a DNS
// label of 20: stacks/validate.go), which with the project reaches
// stacks.MaxNamePrefix or less.
const namingLongestStack = "abcdefghij-klmnopqrs"

// namingLongest pushes every value names are built from to the longest
// validation accepts: the stack name, two services of the longest name
// the monitoring takes, and the longest domain whose API host and its
// certificate's DNS validation record still fit in 253 characters.
func namingLongest() []func(*stackconfig.Stack) {
	prefix := "webplatform-" + namingLongestStack
	svc := func(c byte) map[string]any {
		return computeWeb(string(c)+strings.Repeat("s", monitoring.MaxKeyLen-1), map[string]any{"minReplicas": 3, "paths": []string{"/" + string(c) + "/*"}})
	}
	return edits(stackName(namingLongestStack), computeSvc(svc('a'), svc('b')),
		set("domainName", namingDomain(253-catalog.ACMValidationLabel.Max-len(prefix+"-api."))))
}

// namingPlans are the plans the naming tests check: every stack as
// committed and prod at the longest values.
func namingPlans(t *testing.T) map[string]*mockgraph.Graph {
	t.Helper()
	plans := map[string]*mockgraph.Graph{}
	for _, s := range harness.Stacks(t) {
		plans[s] = harness.RunStack(t, s)
	}
	plans["prod at the longest values"] = harness.RunStack(t, "prod", namingLongest()...)
	return plans
}

// providerNames are the inputs of r as the provider checks them: the
// program's inputs and the name Pulumi gives an unnamed resource (Check),
// then the same with a prefix replaced by the name the Terraform
// provider generates from it (create).
func providerNames(t *testing.T, r *mockgraph.Resource) (check, create resource.PropertyMap) {
	t.Helper()
	check = r.Inputs.Copy()
	key, v, ok, err := mockgraph.AutoName(r.Type, r.Name, r.URN, check)
	require.NoError(t, err, r.URN)
	if ok {
		check[resource.PropertyKey(key)] = resource.NewStringProperty(v)
	}
	create = check.Copy()
	if key, v, ok := mockgraph.PrefixedName(r.Type, r.URN, check); ok {
		create[resource.PropertyKey(key)] = resource.NewStringProperty(v)
		if n := mockgraph.Namings[r.Type]; n.Prefix != "" {
			delete(create, resource.PropertyKey(n.Prefix))
		}
	}
	return check, create
}

// TestEveryPhysicalNameSatisfiesAWSNamingRules runs the stand-in's naming
// rules (tooling/standin rules_names.go and the name rules of rules.go,
// each citing its provider validator or AWS page) on every name the
// program derives, for every stack and at the longest values validation
// accepts: a name that passes validation and that AWS refuses is a
// deployment that fails halfway. Catches a missing catalog.Fit (the
// bucket prefix passes 37 at the longest stack), a limit in stacks/names.go
// set too high, a component deriving a new name that breaks a rule.
func TestEveryPhysicalNameSatisfiesAWSNamingRules(t *testing.T) {
	for stack, g := range namingPlans(t) {
		checked := 0
		var bad []string
		for _, r := range g.All() {
			if _, named := standin.NameProperties[r.Type]; !named {
				continue
			}
			checked++
			check, create := providerNames(t, r)
			for _, f := range append(standin.CheckNames(r.Type, r.Name, check), standin.CheckNames(r.Type, r.Name, create)...) {
				bad = append(bad, fmt.Sprintf("%s %s: %s", r.Type, r.Name, f.Reason))
			}
		}
		sort.Strings(bad)
		assert.Empty(t, slices.Compact(bad), "%s: names AWS refuses", stack)
		assert.Greater(t, checked, 80, "%s: the naming rules ran on too few resources to mean anything", stack)
	}
}

// notPhysicalNames are name-like properties that name no resource of
// the account: AWS's own catalog names.
var notPhysicalNames = map[string]string{
	"aws:eks/addon:Addon":                           "addonName is the EKS add-on's catalog name",
	"aws:guardduty/detectorFeature:DetectorFeature": "name is a GuardDuty feature (enum)",
}

// namedTypes are the types of g that carry a name the program sets or
// the provider generates: a name or name prefix property, a property
// named after the type (alarmName on a CompositeAlarm), an auto-named
// type (mockgraph.Namings) or one whose name fixes its identity
// (standin.PhysicalNames).
func namedTypes(g *mockgraph.Graph) map[string]string {
	out := map[string]string{}
	for _, r := range g.All() {
		if !strings.HasPrefix(r.Type, "aws:") || !r.Custom {
			continue
		}
		if n, ok := mockgraph.Namings[r.Type]; ok {
			out[r.Type] = n.Property
		}
		if p, ok := standin.PhysicalNames[r.Type]; ok {
			out[r.Type] = p
		}
		own := strings.ToLower(r.Type[strings.LastIndex(r.Type, ":")+1:])
		for k := range r.Inputs {
			key := string(k)
			stem := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(key, "Prefix"), "Name"))
			if key == "name" || key == "namePrefix" || (strings.HasSuffix(key, "Name") && (strings.HasSuffix(own, stem) || own == strings.ToLower(key))) {
				out[r.Type] = key
			}
		}
	}
	return out
}

// TestEveryPhysicallyNamedTypeHasANamingRule: every type the plans hold
// that carries a physical name has naming rules in the stand-in, or is
// listed, with what is missing, in standin.UnsourcedNames. A new named
// type fails here until its rules (with their source) are written.
func TestEveryPhysicallyNamedTypeHasANamingRule(t *testing.T) {
	named := map[string]string{}
	for _, g := range namingPlans(t) {
		for typ, prop := range namedTypes(g) {
			named[typ] = prop
		}
	}
	ruled := map[string]int{}
	for _, r := range standin.Rules {
		if standin.IsNameRule(r) {
			ruled[r.Type]++
		}
	}
	for typ, prop := range named {
		_, unsourced := standin.UnsourcedNames[typ]
		_, exempt := notPhysicalNames[typ]
		switch {
		case exempt:
		case ruled[typ] == 0 && !unsourced:
			t.Errorf("%s carries the name %s and has no naming rule: add one with its source to tooling/standin/rules_names.go (or say in UnsourcedNames why none can be)", typ, prop)
		case ruled[typ] > 0 && unsourced:
			t.Errorf("%s has naming rules and is listed in standin.UnsourcedNames: drop it from the list", typ)
		}
	}
	for typ := range standin.NameProperties {
		assert.Contains(t, named, typ, "standin.NameProperties lists %s, which the program does not create (or the test no longer sees its name)", typ)
		assert.Positive(t, ruled[typ], "standin.NameProperties lists %s without a naming rule", typ)
	}
	for typ := range standin.UnsourcedNames {
		assert.Contains(t, named, typ, "standin.UnsourcedNames lists %s, which the program does not create", typ)
	}
	t.Logf("%d named types: %d with naming rules, %d unsourced", len(named), len(ruled), len(standin.UnsourcedNames))
}

// TestALongerStackNameKeepsBucketNamesWithinS3Limits is the issue's
// example: staging-eu (and the longest stack name that fits a region)
// pushed the assets bucket prefix past S3's 37 characters. The prefix
// is now shortened with a stable hash, and the committed stacks keep
// theirs (a change there would replace every bucket).
func TestALongerStackNameKeepsBucketNamesWithinS3Limits(t *testing.T) {
	prefixes := func(g *mockgraph.Graph) map[string]string {
		out := map[string]string{}
		for _, r := range g.All() {
			if r.Type == "aws:s3/bucketV2:BucketV2" {
				out[r.Name] = r.Inputs["bucketPrefix"].StringValue()
			}
		}
		return out
	}
	committed := prefixes(harness.RunStack(t, "staging"))
	assert.Equal(t, "webplatform-staging-storage-assets-", committed["webplatform-staging-storage-assets"], "a prefix that fits is kept")
	for _, name := range []string{"staging-eu", "staging-eu-central-1"} {
		g, err := harness.RunStackErr(t, "staging", stackName(name))
		require.NoError(t, err, "stack %s", name)
		got := prefixes(g)
		require.Len(t, got, len(committed), name)
		seen := map[string]string{}
		for bucket, p := range got {
			assert.LessOrEqual(t, len(p), 37, "%s: %s bucketPrefix %q passes S3's 37 characters", name, bucket, p)
			assert.Regexp(t, `^webplatform-staging-eu`, p, "%s: the prefix still says whose bucket it is", name)
			assert.NotContains(t, seen, p, "%s: %s and %s share the prefix %q", name, bucket, seen[p], p)
			seen[p] = bucket
		}
		again := prefixes(harness.RunStack(t, "staging", stackName(name)))
		assert.Equal(t, got, again, "%s: the shortened prefixes are stable from run to run", name)
	}
}

// TestAnOverLongAutoNamedLogicalNameFailsThePlan: the mock refuses, as
// the bridge does, a logical name that leaves no room for the random
// suffix instead of cutting it, so such a name cannot hide in a plan;
// one that just fits is named. Catches the mock cutting names again.
func TestAnOverLongAutoNamedLogicalNameFailsThePlan(t *testing.T) {
	role := func(name string) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			_, err := iam.NewRole(ctx, name, &iam.RoleArgs{AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)})
			return err
		}
	}
	g := harness.MustRun(t, "eu-west-1", role(strings.Repeat("r", 56)))
	require.Len(t, g.All(), 1)
	assert.Len(t, g.All()[0].Outputs["name"].StringValue(), 64, "56 characters, a hyphen and 7 random ones")
	_, err := harness.Run(t, "eu-west-1", role(strings.Repeat("r", 57)))
	assert.ErrorContains(t, err, "could not make instance of 'aws:iam/role:Role': name '"+strings.Repeat("r", 57)+"-' plus 7 random chars is longer than maximum length 64")
}
