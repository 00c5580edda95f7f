// Package violations is a Pulumi program that breaks every rule of the
// policy pack once, next to a compliant twin: the pack must refuse each
// Case's Bad resource and leave its Good one alone. It registers raw
// pulumi-aws v6 and pulumi-kubernetes v4 resources by type token (no SDK:
// the program links only the Pulumi core SDK), so it runs under the mock
// monitor in policy's unit tests and under the real engine with the
// stand-in providers (cmd/policy-violations, tests/engine).
package violations

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Case is one rule's broken resource and its compliant twin (logical names).
type Case struct {
	Rule      string
	Bad, Good string
	// AlsoBad are more broken resources the rule must refuse: subtler
	// ways to break it.
	AlsoBad []string
}

// Refused returns every resource the case's rule must refuse.
func (c Case) Refused() []string { return append([]string{c.Bad}, c.AlsoBad...) }

// res is any registered resource, with the outputs the cases reference.
type res struct {
	pulumi.CustomResourceState
	Arn pulumi.StringOutput `pulumi:"arn"`
}

// prov is an explicit provider.
type prov struct {
	pulumi.ProviderResourceState
}

// b registers the cases' resources; the first error stops it.
type b struct {
	ctx *pulumi.Context
	err error
}

func (b *b) reg(typ, name string, props pulumi.Map, opts ...pulumi.ResourceOption) *res {
	r := &res{}
	if b.err != nil {
		return r
	}
	b.err = b.ctx.RegisterResource(typ, name, props, r, opts...)
	return r
}

func id(r *res) pulumi.StringOutput { return r.ID().ToStringOutput() }

// Program registers every case.
func Program(ctx *pulumi.Context) error {
	x := &b{ctx: ctx}
	use1 := &prov{}
	if err := ctx.RegisterResource("pulumi:providers:aws", "use1", pulumi.Map{"region": pulumi.String("us-east-1")}, use1); err != nil {
		return err
	}
	key := x.reg("aws:kms/key:Key", "key", pulumi.Map{"enableKeyRotation": pulumi.Bool(true)}, pulumi.Protect(true))
	for _, add := range []func(*b, *res, *prov){encryption, network, edge, cluster, kubernetes, operations} {
		add(x, key, use1)
	}
	return x.err
}
