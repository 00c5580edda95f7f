package mockgraph

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// ID is the id the model gives a custom resource: the offline plan and the
// stand-in provider report the same one, so their graphs agree.
func ID(name string) string { return name + "-id" }

// Outputs returns what a provider reports after creating a resource of type
// typ with logical name name and URN urn: the inputs plus the name the
// provider gives an unnamed resource (see AutoName and PrefixedName) and the
// computed attributes (ids, ARNs, endpoints) the program reads. It never
// changes inputs. The offline plan's mock monitor and the stand-in provider
// both call it, so there is one model of what AWS fills in.
func Outputs(typ, name, urn string, inputs resource.PropertyMap, region string) resource.PropertyMap {
	named := deepCopyMap(inputs)
	if key, v, ok, _ := AutoName(typ, name, urn, named); ok { // an over-long name failed registration already
		setPath(named, key, resource.NewStringProperty(v))
	}
	if key, v, ok := PrefixedName(typ, urn, named); ok {
		setPath(named, key, resource.NewStringProperty(v))
	}
	r := &Resource{Type: typ, Name: name, URN: urn, Custom: true, Inputs: named}
	return computeOutputs(r, region)
}

// computeOutputs returns r's inputs plus computed attributes. Attributes
// that matter to the program's wiring are filled in by type in computed.
// A computed value never replaces an input; a computed object is merged
// into an input object of the same key (EKS reports the cluster security
// group inside the vpcConfig the program passed).
func computeOutputs(r *Resource, region string) resource.PropertyMap {
	out := deepCopyMap(r.Inputs)
	if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
		return out
	}
	set := func(k string, v any) {
		mergeMissing(out, resource.PropertyKey(k), resource.NewPropertyValue(v))
	}
	// The type's own attributes first, so its ARN format wins over the
	// generic one below.
	if fn, ok := computed()[r.Type]; ok {
		for k, v := range fn(r, region) {
			set(k, v)
		}
	}
	set("id", ID(r.Name))
	if strings.HasPrefix(r.Type, "aws:") {
		set("arn", fmt.Sprintf("arn:aws:%s:%s:%s:%s", service(r.Type), region, Account, r.Name))
		set("tagsAll", map[string]any{})
	}
	return out
}

// mergeMissing sets m[k] to v when m has no value at k, and merges the keys
// v lacks into m[k] when both are objects.
func mergeMissing(m resource.PropertyMap, k resource.PropertyKey, v resource.PropertyValue) {
	cur, ok := m[k]
	if !ok || cur.IsNull() {
		m[k] = v
		return
	}
	if cur.IsObject() && v.IsObject() {
		for ck, cv := range v.ObjectValue() {
			mergeMissing(cur.ObjectValue(), ck, cv)
		}
	}
}

// service extracts the module from a type token: "aws:ec2/vpc:Vpc" -> "ec2".
func service(token string) string {
	parts := strings.Split(token, ":")
	if len(parts) < 2 {
		return token
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod
}

// outputFunc computes a type's attributes the way its provider would.
type outputFunc = func(r *Resource, region string) map[string]any

// outputTable is the per-type model; each tier fills its part in a file of
// its own (outputs_<tier>.go), called explicitly by newOutputTable.
type outputTable map[string]outputFunc

func (t outputTable) add(token string, fn outputFunc) { t[token] = fn }

// computed returns the model, built once on first use: no init() and no
// exported registration, so no package can change it while programs run.
var computed = sync.OnceValue(func() outputTable {
	t := outputTable{}
	for token, fn := range baseOutputs {
		t.add(token, fn)
	}
	backupModel(t)
	computeModel(t)
	dataModel(t)
	edgeModel(t)
	kubernetesModel(t)
	monitoringModel(t)
	return t
})

// baseOutputs are the attributes of the types every tier uses.
var baseOutputs = outputTable{
	"aws:ec2/vpc:Vpc": func(r *Resource, _ string) map[string]any {
		return map[string]any{
			"defaultSecurityGroupId": r.Name + "-default-sg",
			"defaultNetworkAclId":    r.Name + "-default-nacl",
			"defaultRouteTableId":    r.Name + "-default-rtb",
			"mainRouteTableId":       r.Name + "-main-rtb",
		}
	},
	"aws:kms/key:Key": func(r *Resource, region string) map[string]any {
		return map[string]any{"keyId": r.Name + "-key-id", "arn": fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", region, Account, r.Name)}
	},
	"aws:cloudwatch/logGroup:LogGroup": func(r *Resource, region string) map[string]any {
		name := nameOr(r, "name")
		return map[string]any{"name": name, "arn": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, Account, name)}
	},
	"aws:iam/role:Role": func(r *Resource, _ string) map[string]any {
		name := nameOr(r, "name")
		return map[string]any{"name": name, "arn": fmt.Sprintf("arn:aws:iam::%s:role/%s", Account, name)}
	},
}

// nameOr returns the input at key, or the logical name when the input is
// empty (types the model does not auto-name).
func nameOr(r *Resource, key string) string {
	if n := r.Str(key); n != "" {
		return n
	}
	return r.Name
}
