package storage

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:storage:Storage"

// Key prefixes in the log bucket. The log bucket's policy admits each
// delivery service under its prefix only.
const (
	// AccessLogPrefix holds S3 server access logs, one folder per bucket.
	AccessLogPrefix = "s3/"
	// CloudTrailPrefix is the S3 key prefix a CloudTrail trail must use.
	CloudTrailPrefix = "cloudtrail"
)

// Storage is the platform's buckets.
type Storage struct {
	pulumi.ResourceState

	FilesBucketName  pulumi.StringOutput `pulumi:"filesBucketName"`
	FilesBucketArn   pulumi.StringOutput `pulumi:"filesBucketArn"`
	FilesKmsKeyArn   pulumi.StringOutput `pulumi:"filesKmsKeyArn"`
	AssetsBucketName pulumi.StringOutput `pulumi:"assetsBucketName"`
	AssetsBucketArn  pulumi.StringOutput `pulumi:"assetsBucketArn"`
	// AssetsBucketRegionalDomainName is the CDN's S3 origin.
	AssetsBucketRegionalDomainName pulumi.StringOutput `pulumi:"assetsBucketRegionalDomainName"`
	AssetsKmsKeyArn                pulumi.StringOutput `pulumi:"assetsKmsKeyArn"`
	LogBucketName                  pulumi.StringOutput `pulumi:"logBucketName"`
	LogBucketArn                   pulumi.StringOutput `pulumi:"logBucketArn"`
	// LogBucketDomainName (bucket.s3.amazonaws.com) is where CloudFront
	// writes standard logs.
	LogBucketDomainName pulumi.StringOutput `pulumi:"logBucketDomainName"`
	// ReplicaBucketArn is the DR copy of the files bucket ("" without Replicate).
	ReplicaBucketArn pulumi.StringOutput `pulumi:"replicaBucketArn"`

	// Args are the defaulted arguments.
	Args StorageArgs
}

var _ pulumi.ComponentResource = (*Storage)(nil)

type builder struct {
	ctx    *pulumi.Context
	name   string
	args   StorageArgs
	env    awsutil.Env
	parent pulumi.ResourceOrInvokeOption
	tags   map[string]string
}

// NewStorage validates args and creates the buckets.
func NewStorage(ctx *pulumi.Context, name string, args *StorageArgs, opts ...pulumi.ResourceOption) (*Storage, error) {
	if args == nil {
		args = &StorageArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("storage %q: invalid arguments:\n%w", name, err)
	}
	s := &Storage{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: a, parent: pulumi.Parent(s), tags: tags.Component(a.Tags, "storage")}
	var err error
	if b.env, err = awsutil.Lookup(ctx, b.parent); err != nil {
		return nil, fmt.Errorf("storage %q: %w", name, err)
	}
	if err := b.build(s); err != nil {
		return nil, fmt.Errorf("storage %q: %w", name, err)
	}
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"filesBucketName": s.FilesBucketName, "filesBucketArn": s.FilesBucketArn, "filesKmsKeyArn": s.FilesKmsKeyArn,
		"assetsBucketName": s.AssetsBucketName, "assetsBucketArn": s.AssetsBucketArn,
		"assetsBucketRegionalDomainName": s.AssetsBucketRegionalDomainName, "assetsKmsKeyArn": s.AssetsKmsKeyArn,
		"logBucketName": s.LogBucketName, "logBucketArn": s.LogBucketArn, "logBucketDomainName": s.LogBucketDomainName,
		"replicaBucketArn": s.ReplicaBucketArn,
	})
}

func (b *builder) build(s *Storage) error {
	n := b.name
	logs, err := b.newBucket(bucketSpec{
		name: n + "-logs", ownership: "BucketOwnerPreferred", expireDays: b.args.LogRetentionDays,
		writePolicy: true, statements: b.logDeliveryStatements, tags: b.tags,
		protect: b.args.Protect, // access logs and CloudTrail files are audit evidence
	})
	if err != nil {
		return err
	}
	filesKey, err := kmskey.New(b.ctx, n+"-files", kmskey.Args{Env: b.env, Description: "user files of " + n, Tags: b.tags},
		protect.If(b.args.Protect, b.parent)...)
	if err != nil {
		return err
	}
	// CloudFront reads the assets through origin access control and needs
	// to decrypt them: only distributions of this account may.
	assetsKey, err := kmskey.New(b.ctx, n+"-assets", kmskey.Args{
		Env: b.env, Description: "static assets of " + n, Tags: b.tags,
		Statements: []awsutil.Statement{{
			Sid: "CloudFrontDecryptsAssets", Effect: "Allow",
			Principal: map[string]any{"Service": "cloudfront.amazonaws.com"},
			Action:    []string{"kms:Decrypt"}, Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": b.env.AccountID}},
		}},
	}, b.parent)
	if err != nil {
		return err
	}
	stateful := maps.Clone(b.tags)
	stateful[tags.BackupKey] = tags.BackupValue
	files, err := b.newBucket(bucketSpec{
		name: n + "-files", kmsKeyArn: filesKey.Key.Arn, ownership: "BucketOwnerEnforced", tiering: true,
		logBucket: logs.bucket.ID(), writePolicy: true, tags: stateful, protect: b.args.Protect,
	})
	if err != nil {
		return err
	}
	assets, err := b.newBucket(bucketSpec{
		name: n + "-assets", kmsKeyArn: assetsKey.Key.Arn, ownership: "BucketOwnerEnforced", tiering: true,
		logBucket: logs.bucket.ID(), writePolicy: !b.args.ExternalAssetsPolicy, tags: b.tags,
	})
	if err != nil {
		return err
	}

	s.FilesBucketName, s.FilesBucketArn, s.FilesKmsKeyArn = files.bucket.Bucket, files.bucket.Arn, filesKey.Key.Arn
	s.AssetsBucketName, s.AssetsBucketArn, s.AssetsKmsKeyArn = assets.bucket.Bucket, assets.bucket.Arn, assetsKey.Key.Arn
	s.AssetsBucketRegionalDomainName = assets.bucket.BucketRegionalDomainName
	s.LogBucketName, s.LogBucketArn, s.LogBucketDomainName = logs.bucket.Bucket, logs.bucket.Arn, logs.bucket.BucketDomainName
	s.ReplicaBucketArn = pulumi.String("").ToStringOutput()
	if b.args.Replicate {
		replica, err := b.replicate(files, filesKey)
		if err != nil {
			return err
		}
		s.ReplicaBucketArn = replica
	}
	return nil
}
