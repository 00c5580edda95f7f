// Package provideropt turns an optional provider of a component's Args into
// a resource option. pulumi.Provider(nil) panics when the option is
// applied, so an unset provider must become no option at all.
package provideropt

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Optional returns pulumi.Provider(p), or an option that changes nothing
// when p is nil (the provider then comes from the parent, as usual).
func Optional(p pulumi.ProviderResource) pulumi.ResourceOption {
	if p == nil {
		return pulumi.Composite()
	}
	return pulumi.Provider(p)
}
