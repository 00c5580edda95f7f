package tests

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/provider"
)

// providerSchema is the component provider's schema, as `pulumi package
// get-schema` would read it from the plugin.
func providerSchema(t *testing.T) schema.PackageSpec {
	t.Helper()
	prov, err := provider.New()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := p.GetSchema(context.Background(), provider.Name, "0.0.0-test", prov)
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// TestProviderSchemaServesTheComponents: the provider serves the
// components under their Go type tokens (so URNs match a Go program's), and
// the schema binds: pulumi's own schema checker accepts it.
func TestProviderSchemaServesTheComponents(t *testing.T) {
	spec := providerSchema(t)
	want := []string{network.TypeToken, database.TypeToken, cache.TypeToken, cluster.TypeToken,
		workload.TypeToken, cdn.TypeToken, monitoring.TypeToken, backup.TypeToken}
	var got []string
	for tok, r := range spec.Resources {
		got = append(got, tok)
		if !r.IsComponent {
			t.Errorf("%s is not marked as a component", tok)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("schema resources %v, want the components %v", got, want)
	}
	if _, diags, err := schema.BindSpec(spec, selfContained{}, schema.ValidationOptions{}); err != nil || diags.HasErrors() {
		t.Errorf("the schema does not bind: %v %v", err, diags)
	}
}

// selfContained is the schema loader for a package that refers to no
// other package: generating its SDKs then needs no other schema (offline,
// the AWS provider's is not available).
type selfContained struct{}

func (selfContained) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %s; it must be self-contained", pkg)
}

func (selfContained) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %s; it must be self-contained", d.Name)
}

// TestProviderSchemaDocumentsEveryInput: every input of every component
// and nested type has a description (from the Go doc comment of its field)
// and either a schema default or a default stated in its description;
// required inputs are the Wiring the Go components require.
func TestProviderSchemaDocumentsEveryInput(t *testing.T) {
	spec := providerSchema(t)
	var counts []string
	check := func(owner string, props map[string]schema.PropertySpec, required []string) {
		for name, prop := range props {
			switch {
			case strings.TrimSpace(prop.Description) == "":
				t.Errorf("%s.%s has no description: give its Go field a doc comment", owner, name)
			case slices.Contains(required, name):
			case prop.Default == nil && !strings.Contains(prop.Description, "Default") && !strings.Contains(prop.Description, "default"):
				t.Errorf("%s.%s is optional but neither has a schema default nor states its default: %q", owner, name, prop.Description)
			}
		}
	}
	for tok, r := range spec.Resources {
		if strings.TrimSpace(r.Description) == "" {
			t.Errorf("%s has no description", tok)
		}
		check(tok, r.InputProperties, r.RequiredInputs)
		defaults := 0
		for _, prop := range r.InputProperties {
			if prop.Default != nil {
				defaults++
			}
		}
		counts = append(counts, fmt.Sprintf("%s: %d inputs (%d required, %d with a schema default), %d outputs",
			tok, len(r.InputProperties), len(r.RequiredInputs), defaults, len(r.Properties)))
	}
	for tok, ty := range spec.Types {
		check(tok, ty.Properties, ty.Required)
	}
	sort.Strings(counts)
	t.Logf("schema input counts:\n%s\n%d nested types", strings.Join(counts, "\n"), len(spec.Types))
	required := map[string][]string{
		database.TypeToken: {"subnetIds", "vpcId"},
		cache.TypeToken:    {"subnetIds", "vpcId"},
		network.TypeToken:  nil,
	}
	for tok, want := range required {
		got := slices.Sorted(slices.Values(spec.Resources[tok].RequiredInputs))
		if !slices.Equal(got, want) {
			t.Errorf("%s requires %v, want %v (the wiring its Go validation requires)", tok, got, want)
		}
	}
}

// TestProviderSchemaDefaultsAreTheGoDefaults: a program that sends every
// schema default (as generated SDKs do) gets the settings a Go program gets
// by leaving the fields unset: WithDefaults of the schema defaults equals
// WithDefaults of the zero value, and every default is one WithDefaults sets.
func TestProviderSchemaDefaultsAreTheGoDefaults(t *testing.T) {
	spec := providerSchema(t)
	for _, token := range []string{network.TypeToken, database.TypeToken, cache.TypeToken, cluster.TypeToken, cdn.TypeToken, backup.TypeToken} {
		zero := settingsDefaults[strings.Split(token, ":")[1]] // WithDefaults of the zero Settings
		v := reflect.New(reflect.TypeOf(zero)).Elem()          // Settings with only the schema defaults set
		set := 0
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("pulumi"), ",")
			prop, ok := spec.Resources[token].InputProperties[name]
			if name == "" || !ok || prop.Default == nil {
				continue
			}
			fv := v.Field(i)
			def := reflect.ValueOf(prop.Default)
			if !def.CanConvert(fv.Type()) {
				t.Errorf("%s.%s: default %v (%T) does not fit %s", token, name, prop.Default, prop.Default, fv.Type())
				continue
			}
			fv.Set(def.Convert(fv.Type()))
			set++
			if want := reflect.ValueOf(zero).Field(i).Interface(); !reflect.DeepEqual(fv.Interface(), want) {
				t.Errorf("%s.%s: schema default %v, but WithDefaults sets %v", token, name, prop.Default, want)
			}
		}
		if set == 0 {
			t.Errorf("%s: no schema defaults", token)
		}
		if got := v.MethodByName("WithDefaults").Call(nil)[0].Interface(); !reflect.DeepEqual(got, zero) {
			t.Errorf("%s: the schema defaults change the settings:\n%+v\nwant\n%+v", token, got, zero)
		}
	}
}

// TestProviderSchemaEnumsAreTheGoLists: the inputs with a fixed list of
// values are schema enumerations of exactly the lists the components'
// validation names (so a TypeScript or Python program with another value
// does not type-check), and their defaults are members.
func TestProviderSchemaEnumsAreTheGoLists(t *testing.T) {
	spec := providerSchema(t)
	for _, c := range []struct {
		token, input string
		values       []string
	}{
		{network.TypeToken, "natStrategy", network.NatStrategies},
		{cache.TypeToken, "engine", cache.Engines},
		{cdn.TypeToken, "priceClass", cdn.PriceClasses},
		{cdn.TypeToken, "referrerPolicy", cdn.ReferrerPolicies},
		{cdn.TypeToken, "geoRestrictionType", cdn.GeoRestrictionTypes},
	} {
		prop := spec.Resources[c.token].InputProperties[c.input]
		ref := strings.TrimPrefix(prop.Ref, "#/types/")
		enum, ok := spec.Types[ref]
		if prop.Ref == "" || !ok {
			t.Errorf("%s.%s is %q, want a reference to an enum type", c.token, c.input, prop.Type)
			continue
		}
		var got []string
		for _, v := range enum.Enum {
			got = append(got, fmt.Sprint(v.Value))
		}
		if !slices.Equal(got, c.values) {
			t.Errorf("%s.%s: enum %v, the component accepts %v", c.token, c.input, got, c.values)
		}
		if prop.Default != nil && !slices.Contains(c.values, fmt.Sprint(prop.Default)) {
			t.Errorf("%s.%s: default %v is not one of %v", c.token, c.input, prop.Default, c.values)
		}
	}
}
