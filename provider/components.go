package provider

import (
	"reflect"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/internal/schemadoc"
)

// component is one component the provider serves: its constructor, the Go
// types its schema is made from, and its defaulted zero settings.
type component struct {
	infer     infer.InferredComponent
	args      reflect.Type
	output    reflect.Type
	settings  func() any
	construct func(ctx *pulumi.Context, name string, args any, opts ...pulumi.ResourceOption) (pulumi.ComponentResource, error)
}

// serve registers a Go constructor as it is: the provider's Construct calls
// fn with the decoded inputs, so the children are the Go component's own.
func serve[A any, O pulumi.ComponentResource](fn infer.ComponentFn[A, O], settings func() any) component {
	return component{
		infer: infer.ComponentF(fn), args: reflect.TypeFor[A](), output: reflect.TypeFor[O](), settings: settings,
		construct: func(ctx *pulumi.Context, name string, args any, opts ...pulumi.ResourceOption) (pulumi.ComponentResource, error) {
			return fn(ctx, name, args.(A), opts...)
		},
	}
}

// components lists what the provider serves. Network, database, cache and
// cluster take their Go Args unchanged; the others take a Go object (a
// provider) that other languages pass as plain values (regional.go).
var components = []component{
	serve(network.NewNetwork, func() any { return network.Settings{}.WithDefaults() }),
	serve(database.NewDatabase, func() any { return database.Settings{}.WithDefaults() }),
	serve(cache.NewCache, func() any { return cache.Settings{}.WithDefaults() }),
	serve(cluster.NewCluster, func() any { return cluster.Settings{}.WithDefaults() }),
	serve(newWorkload, func() any { return workload.Settings{}.WithDefaults() }),
	serve(newCDN, func() any { return cdn.Settings{}.WithDefaults() }),
	serve(newMonitoring, func() any { return monitoring.Settings{}.WithDefaults() }),
	serve(newBackup, func() any { return backup.Settings{}.WithDefaults() }),
}

// token is the component's type token, derived the way infer derives it:
// webplatform:<Go package>:<Go type>.
func (c component) token() string { return token(c.output) }

func token(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return Name + ":" + schemadoc.PackageName(t.PkgPath()) + ":" + t.Name()
}

// defaultSentence finds the "Default ..." part of a field's doc comment.
var defaultSentence = regexp.MustCompile(`Default[: ](.*)`)

// defaults returns the schema defaults of the component's inputs and of its
// nested types, by token: every scalar that WithDefaults sets on a zero
// value, unless the field's doc says its default depends on another field
// (AZCount defaults to len(AvailabilityZones)): SDKs send schema defaults
// explicitly, which would override that rule.
func (c component) defaults(docs map[string]schemadoc.TypeDoc) map[string]map[string]any {
	out := map[string]map[string]any{}
	var walk func(tok string, v reflect.Value)
	walk = func(tok string, v reflect.Value) {
		t := v.Type()
		fieldDocs := docs[goName(t)].Fields
		for i := range t.NumField() {
			f := t.Field(i)
			name, ok := tagName(f)
			if !ok {
				continue
			}
			fv := v.Field(i)
			if f.Type.Kind() == reflect.Struct {
				walk(token(f.Type), fv)
				continue
			}
			if fv.IsZero() || !scalar(f.Type.Kind()) || dependsOnOther(fieldDocs[f.Name], f.Name, t) || unquotable(fv) {
				continue
			}
			if out[tok] == nil {
				out[tok] = map[string]any{}
			}
			out[tok][name] = fv.Interface()
			if f.Type.Kind() == reflect.String {
				out[tok][name] = fv.String() // named string types (NatStrategy) as plain strings
			}
		}
	}
	walk(c.token(), reflect.ValueOf(c.settings()))
	return out
}

// unquotable reports a string default that Pulumi's Python SDK generator
// (pkg/codegen/python, v3.259.0) would write into a '...' literal without
// escaping, breaking the generated SDK (cdn's content security policy):
// such a default stays in the description and in WithDefaults only.
func unquotable(v reflect.Value) bool {
	return v.Kind() == reflect.String && strings.ContainsAny(v.String(), "'\\\n")
}

func scalar(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Int, reflect.Bool, reflect.Float64:
		return true
	default:
		return false
	}
}

// dependsOnOther reports whether doc's default sentence names another field of t.
func dependsOnOther(doc, field string, t reflect.Type) bool {
	m := defaultSentence.FindStringSubmatch(doc)
	if m == nil {
		return false
	}
	for i := range t.NumField() {
		if other := t.Field(i).Name; other != field && regexp.MustCompile(`\b`+other+`\b`).MatchString(m[1]) {
			return true
		}
	}
	return false
}

// nestedTypes maps the token of every struct an input refers to (a
// workload's services, monitoring's targets) to its Go type.
func nestedTypes() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	input := reflect.TypeFor[pulumi.Input]()
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.Implements(input) || reflect.PointerTo(t).Implements(input) {
			return
		}
		for _, f := range reflect.VisibleFields(t) {
			if _, ok := tagName(f); !ok {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && !ft.Implements(input) {
				if _, seen := out[token(ft)]; !seen {
					out[token(ft)] = ft
					walk(ft)
				}
			}
		}
	}
	for _, c := range components {
		walk(c.args)
	}
	return out
}
