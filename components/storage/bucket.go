package storage

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// bucketSpec describes one bucket; newBucket turns it into the bucket and
// the resources that configure it, so every bucket gets the same baseline.
type bucketSpec struct {
	name string
	// kmsKeyArn selects SSE-KMS with a bucket key; nil means SSE-S3.
	kmsKeyArn pulumi.StringInput
	// ownership is BucketOwnerEnforced (ACLs off) unless a log delivery
	// needs ACLs.
	ownership string
	// expireDays expires current objects (log buckets); 0 keeps them.
	expireDays int
	// tiering moves current objects to Intelligent-Tiering.
	tiering bool
	// logBucket receives the bucket's access logs under "s3/<name>/";
	// nil for the log bucket itself.
	logBucket pulumi.StringInput
	// statements are added to the TLS-only policy; writePolicy false
	// leaves the policy to the caller.
	statements  func(bucketArn string) []awsutil.Statement
	writePolicy bool
	tags        map[string]string
	// provider places the bucket in another region (the DR replica).
	provider pulumi.ProviderResource
	// protect marks the bucket protect + retain-on-delete.
	protect bool
}

// bucketOut is a created bucket.
type bucketOut struct {
	bucket     *s3.BucketV2
	versioning *s3.BucketVersioningV2
	// ready is every configuration resource: dependants that need the
	// bucket fully configured (policy, ownership) wait for them.
	ready []pulumi.Resource
}

func (b *builder) newBucket(s bucketSpec) (*bucketOut, error) {
	a := b.args
	name := s.name
	child := []pulumi.ResourceOption{b.parent}
	if s.provider != nil {
		child = append(child, pulumi.Provider(s.provider))
	}
	child = slices.Clip(child) // appends below must not share a backing array
	bucketOpts := protect.If(s.protect, child...)
	bucket, err := s3.NewBucketV2(b.ctx, name, &s3.BucketV2Args{
		BucketPrefix: pulumi.String(name + "-"),
		ForceDestroy: pulumi.Bool(a.AllowDeletion),
		Tags:         tags.Named(s.tags, name),
	}, bucketOpts...)
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", name, err)
	}
	out := &bucketOut{bucket: bucket}
	fail := func(what string, err error) (*bucketOut, error) {
		return nil, fmt.Errorf("bucket %s: %s: %w", name, what, err)
	}

	pab, err := s3.NewBucketPublicAccessBlock(b.ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket: bucket.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, child...)
	if err != nil {
		return fail("public access block", err)
	}
	own, err := s3.NewBucketOwnershipControls(b.ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(), Rule: s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String(s.ownership)},
	}, child...)
	if err != nil {
		return fail("ownership controls", err)
	}
	sse := s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{SseAlgorithm: pulumi.String("AES256")}
	if s.kmsKeyArn != nil {
		sse = s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: s.kmsKeyArn,
		}
	}
	enc, err := s3.NewBucketServerSideEncryptionConfigurationV2(b.ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: sse, BucketKeyEnabled: pulumi.Bool(s.kmsKeyArn != nil),
		}},
	}, child...)
	if err != nil {
		return fail("encryption", err)
	}
	if out.versioning, err = s3.NewBucketVersioningV2(b.ctx, name, &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, child...); err != nil {
		return fail("versioning", err)
	}
	lc, err := s3.NewBucketLifecycleConfigurationV2(b.ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(), Rules: b.lifecycleRules(s),
	}, append(child, pulumi.DependsOn([]pulumi.Resource{out.versioning}))...)
	if err != nil {
		return fail("lifecycle", err)
	}
	out.ready = []pulumi.Resource{pab, own, enc, out.versioning, lc}
	if s.logBucket != nil {
		lg, err := s3.NewBucketLoggingV2(b.ctx, name, &s3.BucketLoggingV2Args{
			Bucket: bucket.ID(), TargetBucket: s.logBucket, TargetPrefix: pulumi.String(AccessLogPrefix + name + "/"),
		}, child...)
		if err != nil {
			return fail("access logging", err)
		}
		out.ready = append(out.ready, lg)
	}
	if s.writePolicy {
		policy := bucket.Arn.ApplyT(func(arn string) string {
			st := []awsutil.Statement{awsutil.DenyInsecureTransport(arn)}
			if s.statements != nil {
				st = append(st, s.statements(arn)...)
			}
			return awsutil.Policy(st...).JSON()
		}).(pulumi.StringOutput)
		// The public access block must exist first, or S3 may reject a
		// policy it would consider public while the block is being set.
		pol, err := s3.NewBucketPolicy(b.ctx, name, &s3.BucketPolicyArgs{Bucket: bucket.ID(), Policy: policy},
			append(child, pulumi.DependsOn([]pulumi.Resource{pab}))...)
		if err != nil {
			return fail("policy", err)
		}
		out.ready = append(out.ready, pol)
	}
	return out, nil
}

// lifecycleRules abort incomplete uploads, expire noncurrent versions and
// (per bucket) tier or expire current objects.
func (b *builder) lifecycleRules(s bucketSpec) s3.BucketLifecycleConfigurationV2RuleArray {
	a := b.args
	all := s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")}
	rules := s3.BucketLifecycleConfigurationV2RuleArray{
		s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("abort-incomplete-uploads"), Status: pulumi.String("Enabled"), Filter: all,
			AbortIncompleteMultipartUpload: s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(a.AbortIncompleteUploadDays),
			},
		},
		s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("expire-noncurrent-versions"), Status: pulumi.String("Enabled"), Filter: all,
			NoncurrentVersionExpiration: s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(a.NoncurrentVersionDays),
			},
			Expiration: s3.BucketLifecycleConfigurationV2RuleExpirationArgs{ExpiredObjectDeleteMarker: pulumi.Bool(true)},
		},
	}
	if s.tiering {
		rules = append(rules, s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("intelligent-tiering"), Status: pulumi.String("Enabled"), Filter: all,
			Transitions: s3.BucketLifecycleConfigurationV2RuleTransitionArray{s3.BucketLifecycleConfigurationV2RuleTransitionArgs{
				Days: pulumi.Int(a.TieringAfterDays), StorageClass: pulumi.String("INTELLIGENT_TIERING"),
			}},
		})
	}
	if s.expireDays > 0 {
		rules = append(rules, s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("expire-objects"), Status: pulumi.String("Enabled"), Filter: all,
			Expiration: s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(s.expireDays)},
		})
	}
	return rules
}
