package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Name limits the program respects when it builds a physical name from
// the project, stack and config values. The stand-in provider
// (tooling/standin rules_names.go) checks every name against AWS's full
// rules, independently of these.

// NameLimit is the longest name AWS (or the provider) takes for a name
// the program builds.
type NameLimit struct {
	Max    int
	Source Source
}

// The limits the program builds names against.
var (
	// S3BucketPrefix is the longest bucket_prefix: 63 for the bucket name
	// less the 26-character unique suffix the Terraform provider appends.
	S3BucketPrefix = NameLimit{Max: 37, Source: Source{
		Ref:  "tf internal/service/s3/bucket.go bucket_prefix StringLenBetween(0, 63-id.UniqueIDSuffixLength); https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
		Read: "2026-12-03",
	}}
	// IAMRoleAutoName is the longest logical name of an auto-named IAM
	// role: 64 characters less the "-" and 7 random hex characters the
	// bridged provider appends (it refuses a longer one, it does not cut).
	IAMRoleAutoName = NameLimit{Max: 64 - 8, Source: Source{
		Ref:  "tf internal/service/iam/role.go roleNameMaxLen (64); pulumi-terraform-bridge pkg/tfbridge ComputeAutoNameDefault -> pulumi sdk go/common/resource/resource_id.go NewUniqueName (errors past maxlen)",
		Read: "2026-12-03",
	}}
	// ElastiCacheReplicationGroupID bounds <project>-<stack>-cache.
	// EKSNodeGroupPrefix is the longest node_group_name_prefix: the
	// provider appends a 26-character unique id to it, within 63.
	EKSNodeGroupPrefix = NameLimit{Max: 63 - 26, Source: Source{
		Ref:  "tf internal/service/eks/node_group.go node_group_name_prefix StringLenBetween(0, 63-id.UniqueIDSuffixLength)",
		Read: "2026-12-03",
	}}
	ElastiCacheReplicationGroupID = NameLimit{Max: 40, Source: Source{
		Ref:  "tf internal/service/elasticache/replication_group.go validateReplicationGroupID StringLenBetween(1, 40)",
		Read: "2026-12-03",
	}}
	// DNSName is the longest domain name, and DNSLabel the longest label.
	DNSName = NameLimit{Max: 253, Source: Source{Ref: "RFC 1035 2.3.4 (255 octets on the wire: 253 characters in text form); https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html", Read: "2026-12-03"}}
	// ACMValidationLabel is what DNS validation puts in front of a
	// certificate's name: "_" + 32 hex characters + ".", so a name with a
	// DNS-validated certificate must leave that much room under DNSName.
	ACMValidationLabel = NameLimit{Max: 34, Source: Source{Ref: "https://docs.aws.amazon.com/acm/latest/APIReference/API_DomainValidation.html (ResourceRecord name, for example _a79865eb4cd1a6ab990a45779b4e0b96.yourdomain.com)", Read: "2026-12-03"}}
	DNSLabel           = NameLimit{Max: 63, Source: Source{Ref: "RFC 1035 2.3.4; https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html", Read: "2026-12-03"}}
)

// Reserved beginnings of names AWS refuses, for the names that start with
// <project>-<stack>.
var (
	// S3ReservedPrefixes cannot begin a general purpose bucket name.
	S3ReservedPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
	// ELBReservedPrefix cannot begin a load balancer name (elbv2 validName).
	ELBReservedPrefix = "internal-"
	// ReservedPrefixSource cites both.
	ReservedPrefixSource = Source{
		Ref:  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html; tf internal/service/elbv2/validate.go validName",
		Read: "2026-12-03",
	}
)

// hashLen is how many hex digits of sha256 a shortened name keeps: 16^6
// names, enough to keep the few names cut from one prefix apart.
const hashLen = 6

// Fit returns name unchanged when it has at most limit characters, and
// otherwise name cut to fit with "-" and hashLen hex digits of
// sha256(name) appended: stable across runs, distinct for names that
// differ after the cut, at most limit characters, never ending the cut
// part in a hyphen (no "--", which RDS and ElastiCache refuse).
func Fit(name string, limit int) string {
	if len(name) <= limit {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	keep := limit - 1 - hashLen
	if keep < 1 {
		return hex.EncodeToString(sum[:])[:limit]
	}
	return strings.TrimRight(name[:keep], "-") + "-" + hex.EncodeToString(sum[:])[:hashLen]
}
