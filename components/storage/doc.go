// Package storage provides Storage, the platform's S3 buckets: one for the
// users' files, one for the static assets the CDN serves and one for access
// logs (S3 server access logs, ALB access logs, CloudFront standard logs,
// CloudTrail).
//
// Every bucket blocks public access, denies requests without TLS, is
// versioned, logs its own access to the log bucket and has lifecycle rules
// (abort incomplete uploads, expire noncurrent versions, move data to
// Intelligent-Tiering). The files and assets buckets are encrypted with
// SSE-KMS under their own customer-managed keys with S3 Bucket Keys (fewer
// KMS calls, lower cost) and have ACLs disabled (BucketOwnerEnforced).
//
// The log bucket is the documented exception: ALB access logs only support
// SSE-S3, and CloudFront standard logs are delivered through a bucket ACL,
// so it uses SSE-S3 and BucketOwnerPreferred. Its policy admits exactly the
// AWS log delivery services of this account.
//
// With Replicate, the files bucket is replicated (KMS-encrypted objects
// included) to a bucket in the disaster-recovery region, encrypted with a
// key of that region, through the DRProvider. Delete markers are not
// replicated: a delete in the source (malicious or mistaken) leaves the
// replica's current version in place, so the DR copy restores it; to erase
// an object everywhere, delete its versions in both buckets. With
// ReplicaLockDays the replica has S3 Object Lock in compliance mode, so no
// version written to it can be deleted or overwritten before that many
// days, by anyone.
//
// With Protect, every bucket that is kept (files, logs, replica) keeps its
// whole configuration with it (public access block, ownership, encryption,
// versioning, lifecycle, logging, policy, object lock, replication rule and
// role) and its KMS key, all protect + retain-on-delete: a bucket Pulumi
// lets go of keeps its lockdown and its key.
//
// Settings (plain values, checked by Validate without a Pulumi context)
// are separate from the Wiring (the DR region's provider); NamePrefix sets
// the physical names so that two stacks can hold a "storage" in one account.
//
// Usage:
//
//	dr, _ := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
//	st, err := storage.NewStorage(ctx, "shop-storage", &storage.StorageArgs{
//		Settings: storage.Settings{
//			Replicate: true,
//			Tags:      map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//		},
//		Wiring: storage.Wiring{DRProvider: dr},
//	})
//	if err != nil {
//		return err
//	}
//	ctx.Export("filesBucket", st.FilesBucketName)
//
// A compiled example that go test runs: Example_storage in
// examples/consumer/example_data_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package storage
