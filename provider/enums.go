package provider

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/network"
)

// enums are the inputs whose allowed values a component exports (the lists
// its validation names in its errors): the schema makes each an
// enumeration, so a TypeScript or Python program with another value does
// not type-check, instead of failing when the component is constructed.
var enums = map[string]map[string][]string{
	network.TypeToken: {"natStrategy": network.NatStrategies},
	cache.TypeToken:   {"engine": cache.Engines},
	cdn.TypeToken: {
		"priceClass": cdn.PriceClasses, "referrerPolicy": cdn.ReferrerPolicies,
		"geoRestrictionType": cdn.GeoRestrictionTypes,
	},
}

// enumerate turns the enums' properties into references to enum types
// named after the property (webplatform:network:NatStrategy).
func enumerate(spec *schema.PackageSpec) error {
	for res, props := range enums {
		r, ok := spec.Resources[res]
		if !ok {
			return fmt.Errorf("provider schema: enums name component %s, which is not served", res)
		}
		module := res[:strings.LastIndex(res, ":")]
		for name, values := range props {
			prop, ok := r.InputProperties[name]
			if !ok || prop.Type != "string" {
				return fmt.Errorf("provider schema: enums name %s.%s, which is not a string input", res, name)
			}
			tok := module + ":" + strings.ToUpper(name[:1]) + name[1:]
			t := schema.ComplexTypeSpec{ObjectTypeSpec: schema.ObjectTypeSpec{Type: "string", Description: "The values " + name + " accepts."}}
			for _, v := range values {
				t.Enum = append(t.Enum, schema.EnumValueSpec{Value: v})
			}
			spec.Types[tok] = t
			prop.TypeSpec = schema.TypeSpec{Ref: "#/types/" + tok, Plain: prop.Plain}
			r.InputProperties[name] = prop
		}
		spec.Resources[res] = r
	}
	return nil
}
