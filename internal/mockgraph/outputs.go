package mockgraph

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// computeOutputs returns what a provider would report after create: the
// inputs plus computed attributes (ARNs, ids, endpoints). Attributes that
// matter to the program's wiring are filled in by type in computed.
func computeOutputs(r *Resource, region string) resource.PropertyMap {
	out := r.Inputs.Copy()
	if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
		return out
	}
	set := func(k string, v any) {
		if _, ok := out[resource.PropertyKey(k)]; !ok {
			out[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	set("id", r.Name+"-id")
	if strings.HasPrefix(r.Type, "aws:") {
		set("arn", fmt.Sprintf("arn:aws:%s:%s:%s:%s", service(r.Type), region, Account, r.Name))
		set("tagsAll", map[string]any{})
	}
	if fn, ok := computed[r.Type]; ok {
		for k, v := range fn(r, region) {
			set(k, v)
		}
	}
	return out
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

// computed holds per-type computed attributes. Tiers register theirs with
// RegisterOutputs from an init function in a file of their own.
var computed = map[string]func(r *Resource, region string) map[string]any{
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
		name := r.Str("name")
		if name == "" {
			name = r.Name
		}
		return map[string]any{"name": name, "arn": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, Account, name)}
	},
	"aws:iam/role:Role": func(r *Resource, _ string) map[string]any {
		return map[string]any{"name": r.Name, "arn": fmt.Sprintf("arn:aws:iam::%s:role/%s", Account, r.Name)}
	},
}

// RegisterOutputs adds or replaces the computed attributes for a type token.
func RegisterOutputs(token string, fn func(r *Resource, region string) map[string]any) {
	computed[token] = fn
}
