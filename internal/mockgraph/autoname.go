package mockgraph

import (
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Naming is how the provider names a resource the program leaves unnamed.
// Pulumi's bridged AWS provider auto-names in Check: the logical name, a
// hyphen and 7 random hex characters, cut to the type's length limit and
// for some types lowercased (pulumi-aws provider/resources.go:
// SetAutonaming(255, "-") plus per-type tfbridge.AutoName* overrides).
// When the program sets the prefix property instead, the Terraform
// provider appends a 26-character unique id at create
// (terraform-plugin-sdk helper/id.PrefixedUniqueId, UniqueIDSuffixLength).
type Naming struct {
	Property string // the name property, a dotted path ("name", "metadata.name")
	Prefix   string // the property that names by prefix instead ("namePrefix"), "" if none
	MaxLen   int    // longest name the service accepts
	Lower    bool   // the service only takes lowercase names
	Source   string // where the rule comes from
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
}

// AutoName returns the name property and the name Pulumi's provider gives,
// in Check, a resource of type typ (logical name name, URN urn) whose
// inputs set neither the name nor its prefix property. The name is
// deterministic: its suffix is a hash of the URN, where the real provider
// draws 7 random hex characters.
func AutoName(typ, name, urn string, inputs resource.PropertyMap) (string, string, bool) {
	n, ok := Namings[typ]
	if !ok || isSet(inputs, n.Property) || (n.Prefix != "" && isSet(inputs, n.Prefix)) {
		return "", "", false
	}
	suffix := hashHex(urn)[:7]
	base := name
	if n.MaxLen > 0 && len(base)+1+len(suffix) > n.MaxLen {
		base = base[:n.MaxLen-1-len(suffix)]
	}
	v := base + "-" + suffix
	if n.Lower {
		v = strings.ToLower(v)
	}
	return n.Property, v, true
}

// PrefixedName returns the name property and the name the Terraform
// provider generates at create from the prefix property when the inputs
// set the prefix and not the name: the prefix and a 26-digit unique id
// (here a hash of the URN instead of a timestamp and counter).
func PrefixedName(typ, urn string, inputs resource.PropertyMap) (string, string, bool) {
	n, ok := Namings[typ]
	if !ok || n.Prefix == "" || isSet(inputs, n.Property) || !isSet(inputs, n.Prefix) {
		return "", "", false
	}
	prefix, _ := Plain(inputs[resource.PropertyKey(n.Prefix)]).(string)
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
	for {
		switch {
		case v.IsComputed():
			return true
		case v.IsOutput():
			if !v.OutputValue().Known {
				return true
			}
			v = v.OutputValue().Element
		case v.IsSecret():
			v = v.SecretValue().Element
		default:
			return !v.IsNull() && !(v.IsString() && v.StringValue() == "")
		}
	}
}
