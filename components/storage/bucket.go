package storage

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// bucketSpec describes one bucket; newBucket turns it into the bucket and
// the resources that configure it, so every bucket gets the same baseline.
type bucketSpec struct {
	// name is the logical name; prefix the physical one (the bucket name
	// prefix and its access log folder).
	name, prefix string
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
	spec  bucketSpec
	child []pulumi.ResourceOption
	// keep is child plus protect + retain-on-delete when the bucket is
	// protected: a retained bucket keeps its lockdown (public access block,
	// encryption, versioning, policy, ...) when Pulumi lets go of it.
	keep       []pulumi.ResourceOption
	bucket     *s3.BucketV2
	pab        *s3.BucketPublicAccessBlock
	versioning *s3.BucketVersioningV2
	// ready is every configuration resource: dependants that need the
	// bucket fully configured (policy, ownership) wait for them.
	ready []pulumi.Resource
}

// newBucket creates the bucket of s and the resources that configure it.
func (b *builder) newBucket(s bucketSpec) (*bucketOut, error) {
	child := []pulumi.ResourceOption{b.parent}
	if s.provider != nil {
		child = append(child, pulumi.Provider(s.provider))
	}
	o := &bucketOut{spec: s, child: slices.Clip(child)} // appends to child must not share a backing array
	o.keep = slices.Clip(protect.If(s.protect, o.child...))
	steps := []func(*bucketOut) error{b.bucket, b.publicAccessBlock, b.ownership, b.encryption, b.versioned,
		b.lifecycle, b.accessLogging, b.policy}
	for _, step := range steps {
		if err := step(o); err != nil {
			return nil, fmt.Errorf("bucket %s: %w", s.name, err)
		}
	}
	return o, nil
}

// BucketPrefix is the bucket_prefix of a bucket whose names start with
// prefix: prefix and "-", shortened with a hash (catalog.Fit) when a long
// project, stack or storage name would pass S3's 37 characters
// (catalog.S3BucketPrefix); the provider appends a 26-digit unique id.
func BucketPrefix(prefix string) string {
	return catalog.Fit(prefix, catalog.S3BucketPrefix.Max-1) + "-"
}

func (b *builder) bucket(o *bucketOut) error {
	var err error
	o.bucket, err = s3.NewBucketV2(b.ctx, o.spec.name, &s3.BucketV2Args{
		BucketPrefix: pulumi.String(BucketPrefix(o.spec.prefix)),
		ForceDestroy: pulumi.Bool(b.s.AllowDeletion),
		Tags:         tags.Named(o.spec.tags, o.spec.name),
	}, o.keep...)
	return err
}

func (b *builder) publicAccessBlock(o *bucketOut) error {
	var err error
	o.pab, err = s3.NewBucketPublicAccessBlock(b.ctx, o.spec.name, &s3.BucketPublicAccessBlockArgs{
		Bucket: o.bucket.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, o.keep...)
	if err != nil {
		return fmt.Errorf("public access block: %w", err)
	}
	o.ready = append(o.ready, o.pab)
	return nil
}

func (b *builder) ownership(o *bucketOut) error {
	own, err := s3.NewBucketOwnershipControls(b.ctx, o.spec.name, &s3.BucketOwnershipControlsArgs{
		Bucket: o.bucket.ID(), Rule: s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String(o.spec.ownership)},
	}, o.keep...)
	if err != nil {
		return fmt.Errorf("ownership controls: %w", err)
	}
	o.ready = append(o.ready, own)
	return nil
}

// encryption is SSE-KMS with a bucket key under the spec's key, else SSE-S3.
func (b *builder) encryption(o *bucketOut) error {
	keyArn := o.spec.kmsKeyArn
	sse := s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{SseAlgorithm: pulumi.String("AES256")}
	if keyArn != nil {
		sse = s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: keyArn,
		}
	}
	enc, err := s3.NewBucketServerSideEncryptionConfigurationV2(b.ctx, o.spec.name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: o.bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: sse, BucketKeyEnabled: pulumi.Bool(keyArn != nil),
		}},
	}, o.keep...)
	if err != nil {
		return fmt.Errorf("encryption: %w", err)
	}
	o.ready = append(o.ready, enc)
	return nil
}

func (b *builder) versioned(o *bucketOut) error {
	var err error
	o.versioning, err = s3.NewBucketVersioningV2(b.ctx, o.spec.name, &s3.BucketVersioningV2Args{
		Bucket:                  o.bucket.ID(),
		VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, o.keep...)
	if err != nil {
		return fmt.Errorf("versioning: %w", err)
	}
	o.ready = append(o.ready, o.versioning)
	return nil
}

func (b *builder) lifecycle(o *bucketOut) error {
	lc, err := s3.NewBucketLifecycleConfigurationV2(b.ctx, o.spec.name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: o.bucket.ID(), Rules: b.lifecycleRules(o.spec),
	}, append(o.keep, pulumi.DependsOn([]pulumi.Resource{o.versioning}))...)
	if err != nil {
		return fmt.Errorf("lifecycle: %w", err)
	}
	o.ready = append(o.ready, lc)
	return nil
}

// accessLogging sends the bucket's access logs to the log bucket, under
// "s3/<prefix>/".
func (b *builder) accessLogging(o *bucketOut) error {
	if o.spec.logBucket == nil {
		return nil
	}
	lg, err := s3.NewBucketLoggingV2(b.ctx, o.spec.name, &s3.BucketLoggingV2Args{
		Bucket: o.bucket.ID(), TargetBucket: o.spec.logBucket, TargetPrefix: pulumi.String(AccessLogPrefix + o.spec.prefix + "/"),
	}, o.keep...)
	if err != nil {
		return fmt.Errorf("access logging: %w", err)
	}
	o.ready = append(o.ready, lg)
	return nil
}

// policy denies requests without TLS, plus the spec's statements.
func (b *builder) policy(o *bucketOut) error {
	s := o.spec
	if !s.writePolicy {
		return nil
	}
	policy := o.bucket.Arn.ApplyT(func(arn string) string {
		st := []awsutil.Statement{awsutil.DenyInsecureTransport(arn)}
		if s.statements != nil {
			st = append(st, s.statements(arn)...)
		}
		return awsutil.Policy(st...).JSON()
	}).(pulumi.StringOutput)
	// The public access block must exist first, or S3 may reject a
	// policy it would consider public while the block is being set.
	pol, err := s3.NewBucketPolicy(b.ctx, s.name, &s3.BucketPolicyArgs{Bucket: o.bucket.ID(), Policy: policy},
		append(o.keep, pulumi.DependsOn([]pulumi.Resource{o.pab}))...)
	if err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	o.ready = append(o.ready, pol)
	return nil
}

// lifecycleRules abort incomplete uploads, expire noncurrent versions and
// (per bucket) tier or expire current objects.
func (b *builder) lifecycleRules(s bucketSpec) s3.BucketLifecycleConfigurationV2RuleArray {
	a := b.s
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
				Days: pulumi.Int(*a.TieringAfterDays), StorageClass: pulumi.String("INTELLIGENT_TIERING"),
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
