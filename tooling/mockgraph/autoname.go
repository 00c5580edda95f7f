package mockgraph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Naming is how the provider names a resource the program leaves unnamed.
// Pulumi's bridged AWS provider auto-names in Check: the logical name, a
// hyphen and 7 random hex characters, refused past the type's length
// limit (see AutoName) and for some types lowercased (pulumi-aws provider/resources.go:
// SetAutonaming(255, "-") plus per-type tfbridge.AutoName* overrides).
// When the program sets the prefix property instead, the Terraform
// provider appends a 26-character unique id at create
// (terraform-plugin-sdk helper/id.PrefixedUniqueId, UniqueIDSuffixLength).
type Naming struct {
	Property string // the name property, a dotted path ("name", "metadata.name")
	Prefix   string // the property that names by prefix instead ("namePrefix"), "" if none
	MaxLen   int    // longest name the service accepts
	Lower    bool   // the service only takes lowercase names
	// TFDefault, when set, means Pulumi does not auto-name the property
	// (it is not called "name") and the Terraform provider names the
	// resource at create: TFDefault plus a unique id (create.Name).
	TFDefault string
	Source    string // where the rule comes from
}

const (
	autonameSource = "pulumi-aws provider/resources.go: SetAutonaming(255, \"-\")"
	uniqueIDLen    = 26 // terraform-plugin-sdk/v2/helper/id.UniqueIDSuffixLength
)

// Namings lists the auto-named types the program registers, keyed by type
// token. Only types whose name the program leaves unset (or sets by
// prefix) on some resource need an entry; a type missing here keeps the
// model's older behaviour (its logical name).
var Namings = map[string]Naming{
	"aws:rds/subnetGroup:SubnetGroup":                     {Property: "name", Prefix: "namePrefix", MaxLen: 255, Lower: true, Source: autonameSource + "; lowercased: tf internal/service/rds/validate.go validSubnetGroupName ^[0-9a-z_ .-]+$"},
	"aws:rds/clusterParameterGroup:ClusterParameterGroup": {Property: "name", Prefix: "namePrefix", MaxLen: 255, Lower: true, Source: autonameSource + "; lowercased: tf internal/service/rds/validate.go validParamGroupName ^[0-9a-z.-]+$"},
	"aws:elasticache/subnetGroup:SubnetGroup":             {Property: "name", MaxLen: 255, Lower: true, Source: autonameSource + "; lowercased: tf internal/service/elasticache/subnet_group.go StateFunc strings.ToLower"},
	"aws:elasticache/parameterGroup:ParameterGroup":       {Property: "name", MaxLen: 255, Lower: true, Source: autonameSource + "; lowercased: tf internal/service/elasticache/parameter_group.go StateFunc strings.ToLower"},
	"aws:s3/bucketV2:BucketV2":                            {Property: "bucket", Prefix: "bucketPrefix", MaxLen: 63, Lower: true, Source: autonameSource + "; bucket 63 lowercase: tf internal/service/s3/bucket.go StringLenBetween(0, 63)"},
	"aws:secretsmanager/secret:Secret":                    {Property: "name", Prefix: "namePrefix", MaxLen: 512, Source: autonameSource + "; tf internal/service/secretsmanager/secret.go name_prefix"},
	"aws:iam/role:Role":                                   {Property: "name", Prefix: "namePrefix", MaxLen: 64, Source: autonameSource + "; 64: tf internal/service/iam/role.go roleNameMaxLen"},
	"aws:iam/rolePolicy:RolePolicy":                       {Property: "name", Prefix: "namePrefix", MaxLen: 128, Source: autonameSource + "; 128: tf internal/service/iam/role_policy.go rolePolicyNameMaxLen"},
	"aws:ec2/securityGroup:SecurityGroup":                 {Property: "name", Prefix: "namePrefix", MaxLen: 255, Source: autonameSource + "; 255: tf internal/service/ec2/vpc_security_group.go name StringLenBetween(0, 255)"},
	"aws:ec2/launchTemplate:LaunchTemplate":               {Property: "name", Prefix: "namePrefix", MaxLen: 125, Source: autonameSource + "; 125: tf internal/verify/validate.go ValidLaunchTemplateName"},
	"aws:appautoscaling/policy:Policy":                    {Property: "name", MaxLen: 255, Source: autonameSource + "; name Required in tf internal/service/appautoscaling/policy.go, optional in pulumi-aws because auto-named"},
	"aws:eks/nodeGroup:NodeGroup":                         {Property: "nodeGroupName", Prefix: "nodeGroupNamePrefix", MaxLen: 63, TFDefault: "terraform-", Source: "tf internal/service/eks/node_group.go create.Name(node_group_name, node_group_name_prefix): id.UniqueId() when both unset"},
}

// AutoName returns the name property and the name Pulumi's provider gives,
// in Check, a resource of type typ (logical name name, URN urn) whose
// inputs set neither the name nor its prefix property. The name is
// deterministic: its suffix is a hash of the URN, where the real provider
// draws 7 random hex characters. Like the real provider it does not cut
// a logical name that leaves no room for the suffix: it returns the error
// the bridge returns (pulumi-terraform-bridge pkg/tfbridge
// ComputeAutoNameDefault wraps pulumi sdk go/common/resource/resource_id.go
// NewUniqueName, which refuses prefix+randlen > maxlen; read 2026-12-03),
// so an over-long logical name fails the plan instead of being hidden.
func AutoName(typ, name, urn string, inputs resource.PropertyMap) (key, value string, ok bool, err error) {
	n, named := Namings[typ]
	if !named || n.TFDefault != "" || isSet(inputs, n.Property) || (n.Prefix != "" && isSet(inputs, n.Prefix)) {
		return "", "", false, nil
	}
	const randLen = 7
	prefix := name + "-"
	if n.MaxLen > 0 && len(prefix)+randLen > n.MaxLen {
		return "", "", false, fmt.Errorf("could not make instance of '%s': name '%s' plus %d random chars is longer than maximum length %d",
			typ, prefix, randLen, n.MaxLen)
	}
	v := prefix + hashHex(urn)[:randLen]
	if n.Lower {
		v = strings.ToLower(v)
	}
	return n.Property, v, true, nil
}

// PrefixedName returns the name property and the name the Terraform
// provider generates at create when the inputs set the prefix and not the
// name (or, for TFDefault types, neither): the prefix and a 26-digit
// unique id (here a hash of the URN instead of a timestamp and counter).
func PrefixedName(typ, urn string, inputs resource.PropertyMap) (string, string, bool) {
	n, ok := Namings[typ]
	if !ok || isSet(inputs, n.Property) {
		return "", "", false
	}
	prefix := n.TFDefault
	if n.Prefix != "" && isSet(inputs, n.Prefix) {
		prefix, _ = Plain(inputs[resource.PropertyKey(n.Prefix)]).(string)
	} else if prefix == "" {
		return "", "", false
	}
	sum := sha256.Sum256([]byte(urn))
	digits := new(big.Int).SetBytes(sum[:]).String()
	for len(digits) < uniqueIDLen {
		digits += "0"
	}
	return n.Property, prefix + digits[:uniqueIDLen], true
}

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// isSet reports whether the dotted path holds a value (an unknown counts:
// the program did set it).
func isSet(m resource.PropertyMap, path string) bool {
	v, ok, _ := lookup(m, path)
	if !ok {
		return false
	}
	v, known := Unwrap(v)
	if !known {
		return true
	}
	return !v.IsNull() && (!v.IsString() || v.StringValue() != "")
}
