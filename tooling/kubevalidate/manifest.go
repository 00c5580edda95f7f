// Package kubevalidate checks the Kubernetes objects a program declares
// against a real kube-apiserver: it rebuilds each object's manifest from the
// recorded inputs (Manifests), installs Namespaces and CRDs for real, and
// POSTs every other object with ?dryRun=All&fieldValidation=Strict so the
// server's own validation, defaulting and admission run (Client.Validate).
//
// It uses plain net/http (no client-go). Start a server with
// scripts/kube-apiserver.sh start and source the env file it prints.
package kubevalidate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"gopkg.in/yaml.v3"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// HelmReleaseType is the Helm release resource: charts are rendered by Helm
// at deploy time, so their objects are not validated here.
const HelmReleaseType = "kubernetes:helm.sh/v3:Release"

// Redacted replaces every secret string in a manifest (valid base64, so a
// Secret's data still decodes).
const Redacted = "REDACTED"

// Object is one Kubernetes object the program declares.
type Object struct {
	URN        string
	APIVersion string
	Kind       string
	Namespace  string // "" for cluster-scoped kinds or when unset
	Name       string
	// Manifest is the object as sent to the server (secrets redacted).
	Manifest map[string]any
}

// ID is "Kind namespace/name" (or "Kind name").
func (o Object) ID() string {
	if o.Namespace != "" {
		return o.Kind + " " + o.Namespace + "/" + o.Name
	}
	return o.Kind + " " + o.Name
}

// JSON is the exact request body sent to the server.
func (o Object) JSON() ([]byte, error) { return json.Marshal(o.Manifest) }

// YAML is the manifest as written by the offline plan.
func (o Object) YAML() ([]byte, error) { return yaml.Marshal(o.Manifest) }

// FileName is a stable file name for the manifest.
func (o Object) FileName() string {
	parts := []string{strings.ToLower(o.Kind)}
	if o.Namespace != "" {
		parts = append(parts, o.Namespace)
	}
	parts = append(parts, o.Name)
	return strings.NewReplacer("/", "_", ":", "_").Replace(strings.Join(parts, "-")) + ".yaml"
}

// Skipped is a Kubernetes resource that is not validated, and why.
type Skipped struct {
	URN, Type, Name string
	Reason          string
	// Chart and Version for Helm releases.
	Chart, Version string
	// CreateNamespace is the namespace a Helm release creates
	// (createNamespace: true), so objects placed in it can be validated.
	CreateNamespace string
}

// pulumiOnly are top-level inputs pulumi-kubernetes accepts that are not
// part of the object.
var pulumiOnly = map[string]bool{"__inputs": true, "__initialApiVersion": true, "__fieldManager": true}

// Manifests returns the objects of every custom kubernetes:* resource in g
// (providers excluded), and the Kubernetes resources it cannot validate:
// Helm releases, provider-side components (yaml/helm v4 ...) and patches.
func Manifests(g *mockgraph.Graph) ([]Object, []Skipped) {
	var objs []Object
	var skipped []Skipped
	for _, r := range g.All() {
		if !strings.HasPrefix(r.Type, "kubernetes:") {
			continue
		}
		switch {
		case r.Type == HelmReleaseType:
			skipped = append(skipped, Skipped{URN: r.URN, Type: r.Type, Name: r.Name,
				Chart: r.Str("chart"), Version: r.Str("version"), CreateNamespace: helmNamespace(r),
				Reason: "Helm release: the chart is rendered by Helm at deploy time; only the release's values are checked by tests"})
			continue
		case !r.Custom:
			skipped = append(skipped, Skipped{URN: r.URN, Type: r.Type, Name: r.Name,
				Reason: "component rendered by the provider at deploy time"})
			continue
		case strings.HasSuffix(r.Type, "Patch"):
			skipped = append(skipped, Skipped{URN: r.URN, Type: r.Type, Name: r.Name,
				Reason: "patch of an existing object (server-side apply at deploy time)"})
			continue
		}
		objs = append(objs, manifestOf(r))
	}
	sort.SliceStable(objs, func(i, j int) bool { return objs[i].ID() < objs[j].ID() })
	return objs, skipped
}

func manifestOf(r *mockgraph.Resource) Object {
	m := map[string]any{}
	for k, v := range r.Inputs {
		if pulumiOnly[string(k)] {
			continue
		}
		if pv := plain(v); pv != nil {
			m[string(k)] = pv
		}
	}
	apiVersion, kind := typeGVK(r.Type)
	if s, ok := m["apiVersion"].(string); ok && s != "" {
		apiVersion = s
	}
	if s, ok := m["kind"].(string); ok && s != "" {
		kind = s
	}
	m["apiVersion"], m["kind"] = apiVersion, kind
	meta, _ := m["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
	}
	name, _ := meta["name"].(string)
	if name == "" {
		// pulumi-kubernetes auto-names from the logical name (plus a
		// random suffix at deploy time).
		name = r.Name
		meta["name"] = name
	}
	m["metadata"] = meta
	ns, _ := meta["namespace"].(string)
	return Object{URN: r.URN, APIVersion: apiVersion, Kind: kind, Namespace: ns, Name: name, Manifest: m}
}

// typeGVK maps "kubernetes:apps/v1:Deployment" to ("apps/v1", "Deployment")
// and "kubernetes:core/v1:Service" to ("v1", "Service").
func typeGVK(token string) (string, string) {
	parts := strings.Split(token, ":")
	if len(parts) != 3 {
		return "", ""
	}
	gv := parts[1]
	gv = strings.TrimPrefix(gv, "core/")
	return gv, parts[2]
}

// plain converts a property value to JSON-able Go values, redacting
// secrets and dropping unknowns.
func plain(v resource.PropertyValue) any {
	switch {
	case v.IsNull(), v.IsComputed():
		return nil
	case v.IsSecret():
		return redact(plain(v.SecretValue().Element))
	case v.IsOutput():
		o := v.OutputValue()
		if !o.Known {
			return nil
		}
		if o.Secret {
			return redact(plain(o.Element))
		}
		return plain(o.Element)
	case v.IsArray():
		out := []any{}
		for _, e := range v.ArrayValue() {
			if pe := plain(e); pe != nil {
				out = append(out, pe)
			}
		}
		return out
	case v.IsObject():
		out := map[string]any{}
		for k, e := range v.ObjectValue() {
			if pe := plain(e); pe != nil {
				out[string(k)] = pe
			}
		}
		return out
	case v.IsNumber():
		f := v.NumberValue()
		if f == float64(int64(f)) {
			return int64(f)
		}
		return f
	case v.IsBool():
		return v.BoolValue()
	case v.IsString():
		return v.StringValue()
	case v.IsResourceReference():
		return fmt.Sprint(v.ResourceReferenceValue().ID.V)
	}
	return fmt.Sprint(v.V)
}

// redact replaces every string inside a secret value (keys are kept).
func redact(v any) any {
	switch t := v.(type) {
	case string:
		return Redacted
	case []any:
		for i := range t {
			t[i] = redact(t[i])
		}
		return t
	case map[string]any:
		for k := range t {
			t[k] = redact(t[k])
		}
		return t
	}
	return v
}

func helmNamespace(r *mockgraph.Resource) string {
	if r.Bool("createNamespace") {
		return r.Str("namespace")
	}
	return ""
}
