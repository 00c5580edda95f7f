package storage

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// StorageArgs configure a Storage.
type StorageArgs struct {
	// NoncurrentVersionDays keeps overwritten and deleted object versions
	// this long (the window to restore them), 1 to 3650. Default 30.
	NoncurrentVersionDays int
	// TieringAfterDays moves current objects of the files and assets
	// buckets to Intelligent-Tiering after this many days, 1 to 3650.
	// Default 30.
	TieringAfterDays int
	// AbortIncompleteUploadDays removes parts of unfinished multipart
	// uploads, 1 to 365. Default 7.
	AbortIncompleteUploadDays int
	// LogRetentionDays keeps objects in the log bucket, 1 to 3650. Default 90.
	LogRetentionDays int
	// Replicate copies the files bucket to a bucket in the DR region;
	// needs DRProvider. Default false.
	Replicate bool
	// DRProvider is the AWS provider of the disaster-recovery region.
	// Required when Replicate is set.
	DRProvider *aws.Provider
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

// WithDefaults returns a copy with every zero field set to its default.
func (a StorageArgs) WithDefaults() StorageArgs {
	defaults.Set(&a.NoncurrentVersionDays, 30)
	defaults.Set(&a.TieringAfterDays, 30)
	defaults.Set(&a.AbortIncompleteUploadDays, 7)
	defaults.Set(&a.LogRetentionDays, 90)
	return a
}

// Validate checks defaulted args.
func (a StorageArgs) Validate() error {
	var p validate.Problems
	p.Range("NoncurrentVersionDays", a.NoncurrentVersionDays, 1, 3650)
	p.Range("TieringAfterDays", a.TieringAfterDays, 1, 3650)
	p.Range("AbortIncompleteUploadDays", a.AbortIncompleteUploadDays, 1, 365)
	p.Range("LogRetentionDays", a.LogRetentionDays, 1, 3650)
	if a.Replicate && a.DRProvider == nil {
		p.Addf("DRProvider", "is required when Replicate is true: the AWS provider of the disaster-recovery region")
	}
	return p.Err()
}
