package awsutil

import (
	"reflect"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// InvokeOptions are the options that make an invoke ask the AWS provider a
// component's resource options give it, for the lookups a component makes
// before it registers itself (to refuse invalid arguments before anything
// exists): the Parent in opts, whose providers an invoke inherits, and an
// AWS provider given by pulumi.Provider, pulumi.Providers or
// pulumi.ProviderMap, which wins over the parent's. Once the component is
// registered, pass pulumi.Parent(component) instead: it inherits all of
// these.
func InvokeOptions(opts ...pulumi.ResourceOption) []pulumi.InvokeOption {
	ro, err := pulumi.NewResourceOptions(opts...)
	if err != nil || ro == nil {
		return nil
	}
	var out []pulumi.InvokeOption
	if ro.Parent != nil {
		out = append(out, pulumi.Parent(ro.Parent))
	}
	candidates := append([]pulumi.ProviderResource{ro.Provider}, ro.Providers...)
	for _, p := range candidates {
		if p != nil && isAWS(p) {
			out = append(out, pulumi.Provider(p))
			break
		}
	}
	return out
}

// isAWS reports whether p is a provider of the aws package: an
// aws.NewProvider, or a provider of another type whose package is aws (a
// component provider's Construct receives its providers as plain
// pulumi.ProviderResourceState values). The SDK keeps a provider's package
// unexported (it reads it through an unexported method), so this reads the
// field; tests/consumer_options_test.go covers both kinds.
func isAWS(p pulumi.ProviderResource) bool {
	if _, ok := p.(*aws.Provider); ok {
		return true
	}
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	f := v.FieldByName("pkg")
	return f.IsValid() && f.Kind() == reflect.String && f.String() == "aws"
}
