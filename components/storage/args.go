package storage

import (
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// StorageArgs configure a Storage: plain settings and the wiring to the
// disaster-recovery region.
type StorageArgs struct {
	Settings
	Wiring
}

// Settings are the plain, validated settings of a Storage.
type Settings struct {
	// NamePrefix starts the physical names: the bucket name prefixes
	// (<prefix>-files-, -assets-, -logs-, -files-dr-), the access log
	// folders and the KMS aliases. At most 27 characters (S3 allows 37 for
	// a bucket prefix). Default "" (the name given to NewStorage).
	NamePrefix string
	// NoncurrentVersionDays keeps overwritten and deleted object versions
	// this long (the window to restore them), 1 to 3650. Default 90.
	NoncurrentVersionDays int
	// TieringAfterDays moves current objects of the files and assets
	// buckets to Intelligent-Tiering after this many days, 0 (on upload)
	// to 3650; nil means the default, defaults.Of(0) tiers at once.
	// Default 30.
	TieringAfterDays *int
	// AbortIncompleteUploadDays removes parts of unfinished multipart
	// uploads, 1 to 365. Default 7.
	AbortIncompleteUploadDays int
	// LogRetentionDays keeps objects in the log bucket, 1 to 3650. Default 365.
	LogRetentionDays int
	// Replicate copies the files bucket to a bucket in the DR region;
	// needs Wiring.DRProvider. Default false.
	Replicate bool
	// ReplicaLockDays puts S3 Object Lock, compliance mode, on the DR
	// replica with this default retention: no one, the account root
	// included, can delete or overwrite a replicated version before it has
	// been kept this long. 0 (off) or 1 to 3650; needs Replicate. Object
	// Lock cannot be turned off again once on. Default 0.
	ReplicaLockDays int
	// ExternalAssetsPolicy means the caller writes the assets bucket's
	// policy (the CDN does: it admits only its distribution, and denies
	// requests without TLS). Default false: a TLS-only policy is written here.
	ExternalAssetsPolicy bool
	// AllowDeletion lets `pulumi destroy` delete buckets that still hold
	// objects (ForceDestroy): for disposable environments only. Default false.
	AllowDeletion bool
	// Protect marks the files bucket, its replica, their KMS keys and the
	// log bucket protect + retain-on-delete in Pulumi. The assets bucket is
	// not: CI rebuilds its content. Default false.
	Protect bool
	// Tags go on every taggable resource, with component=storage added.
	// Default none.
	Tags map[string]string
}

// Wiring connects a Storage to the disaster-recovery region.
type Wiring struct {
	// DRProvider is the AWS provider of the disaster-recovery region.
	// Required when Settings.Replicate is set; Default nil otherwise.
	DRProvider *aws.Provider
}

// check reports the missing required wiring for settings s.
func (w Wiring) check(s Settings) error {
	var p validate.Problems
	if s.Replicate && w.DRProvider == nil {
		p.Addf("DRProvider", "is required when Replicate is true: the AWS provider of the disaster-recovery region")
	}
	return p.Err()
}

// WithDefaults returns a copy with every unset field set to its default.
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.NoncurrentVersionDays, 90)
	defaults.SetNil(&s.TieringAfterDays, 30)
	defaults.Set(&s.AbortIncompleteUploadDays, 7)
	defaults.Set(&s.LogRetentionDays, 365)
	return s
}

// A bucket name prefix: lower-case letters, digits and single hyphens.
var prefixPattern = regexp.MustCompile(`^[a-z0-9](-?[a-z0-9])*$`)

// Validate checks defaulted settings.
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" && (!prefixPattern.MatchString(s.NamePrefix) || len(s.NamePrefix) > 27) {
		p.Addf("NamePrefix", "must be lower-case letters, digits and single hyphens, at most 27 characters (bucket names are <prefix>-files-dr-<suffix>), got %q", s.NamePrefix)
	}
	p.Range("NoncurrentVersionDays", s.NoncurrentVersionDays, 1, 3650)
	if s.TieringAfterDays != nil {
		p.Range("TieringAfterDays", *s.TieringAfterDays, 0, 3650)
	}
	p.Range("AbortIncompleteUploadDays", s.AbortIncompleteUploadDays, 1, 365)
	p.Range("LogRetentionDays", s.LogRetentionDays, 1, 3650)
	if s.ReplicaLockDays != 0 {
		p.Range("ReplicaLockDays", s.ReplicaLockDays, 1, 3650)
		if !s.Replicate {
			p.Addf("ReplicaLockDays", "needs Replicate: it locks the DR replica, which only Replicate creates")
		}
	}
	return p.Err()
}
