package storage

import (
	"cmp"
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
	// ReplicaBucketName is the DR copy's name ("" without Replicate): the
	// DestinationBucket dimension of the replication metrics.
	ReplicaBucketName pulumi.StringOutput `pulumi:"replicaBucketName"`

	// Settings are the defaulted settings.
	Settings Settings
	// ReplicationRuleId is the files bucket's replication rule ("" without
	// Replicate), whose S3 replication metrics (ReplicationLatency,
	// OperationsFailedReplication, ...) are enabled: the RuleId dimension.
	ReplicationRuleId string
	// Prefix is the base of the physical names (NamePrefix, or the name);
	// AccessLogPrefixes are the log bucket folders ("s3/<prefix>-files/")
	// each bucket's access logs go to, by bucket ("files", "assets").
	Prefix            string
	AccessLogPrefixes map[string]string
}

var _ pulumi.ComponentResource = (*Storage)(nil)

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // logical names derive from it, physical ones from st.Prefix
	s      Settings
	w      Wiring
	st     *Storage
	env    awsutil.Env
	parent pulumi.ResourceOrInvokeOption
	tags   map[string]string

	logs, files, assets *bucketOut
	filesKey, assetsKey *kmskey.Key
}

// NewStorage validates args and creates the buckets. Nothing is registered
// when the settings or the wiring are invalid.
func NewStorage(ctx *pulumi.Context, name string, args *StorageArgs, opts ...pulumi.ResourceOption) (*Storage, error) {
	if args == nil {
		args = &StorageArgs{}
	}
	s := args.WithDefaults() // Settings.WithDefaults (promoted)
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("storage %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(s); err != nil {
		return nil, fmt.Errorf("storage %q: invalid settings:\n%w", name, err)
	}
	prefix := cmp.Or(s.NamePrefix, name)
	st := &Storage{Settings: s, Prefix: prefix, AccessLogPrefixes: map[string]string{}}
	for _, kind := range []string{"files", "assets"} {
		st.AccessLogPrefixes[kind] = AccessLogPrefix + prefix + "-" + kind + "/"
	}
	if err := ctx.RegisterComponentResource(TypeToken, name, st, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, s: s, w: args.Wiring, st: st, parent: pulumi.Parent(st), tags: tags.Component(s.Tags, "storage")}
	steps := []func() error{b.lookup, b.logBucket, b.keys, b.filesBucket, b.assetsBucket, b.replication}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("storage %q: %w", name, err)
		}
	}
	b.outputs()
	return st, ctx.RegisterResourceOutputs(st, pulumi.Map{
		"filesBucketName": st.FilesBucketName, "filesBucketArn": st.FilesBucketArn, "filesKmsKeyArn": st.FilesKmsKeyArn,
		"assetsBucketName": st.AssetsBucketName, "assetsBucketArn": st.AssetsBucketArn,
		"assetsBucketRegionalDomainName": st.AssetsBucketRegionalDomainName, "assetsKmsKeyArn": st.AssetsKmsKeyArn,
		"logBucketName": st.LogBucketName, "logBucketArn": st.LogBucketArn, "logBucketDomainName": st.LogBucketDomainName,
		"replicaBucketArn": st.ReplicaBucketArn, "replicaBucketName": st.ReplicaBucketName,
	})
}

func (b *builder) lookup() error {
	var err error
	b.env, err = awsutil.Lookup(b.ctx, b.parent)
	return err
}

// logBucket receives the other buckets' access logs, the load balancer's,
// CloudFront's and CloudTrail's.
func (b *builder) logBucket() error {
	var err error
	b.logs, err = b.newBucket(bucketSpec{
		name: b.name + "-logs", prefix: b.st.Prefix + "-logs", ownership: "BucketOwnerPreferred", expireDays: b.s.LogRetentionDays,
		writePolicy: true, statements: b.logDeliveryStatements, tags: b.tags,
		protect: b.s.Protect, // access logs and CloudTrail files are audit evidence
	})
	return err
}

func (b *builder) keys() error {
	n, p := b.name, b.st.Prefix
	var err error
	b.filesKey, err = kmskey.New(b.ctx, n+"-files", kmskey.Args{Env: b.env, Description: "user files of " + p, Tags: b.tags, Alias: p + "-files", Services: []string{"s3"}},
		protect.If(b.s.Protect, b.parent)...)
	if err != nil {
		return err
	}
	// CloudFront reads the assets through origin access control and needs
	// to decrypt them: only distributions of this account may.
	b.assetsKey, err = kmskey.New(b.ctx, n+"-assets", kmskey.Args{
		Env: b.env, Description: "static assets of " + p, Tags: b.tags, Alias: p + "-assets", Services: []string{"s3"},
		Statements: []awsutil.Statement{{
			Sid: "CloudFrontDecryptsAssets", Effect: "Allow",
			Principal: map[string]any{"Service": "cloudfront.amazonaws.com"},
			Action:    []string{"kms:Decrypt"}, Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": b.env.AccountID}},
		}},
	}, b.parent)
	return err
}

func (b *builder) filesBucket() error {
	stateful := maps.Clone(b.tags)
	stateful[tags.BackupKey] = tags.BackupValue
	var err error
	b.files, err = b.newBucket(bucketSpec{
		name: b.name + "-files", prefix: b.st.Prefix + "-files", kmsKeyArn: b.filesKey.Key.Arn, ownership: "BucketOwnerEnforced", tiering: true,
		logBucket: b.logs.bucket.ID(), writePolicy: true, tags: stateful, protect: b.s.Protect,
	})
	return err
}

func (b *builder) assetsBucket() error {
	var err error
	b.assets, err = b.newBucket(bucketSpec{
		name: b.name + "-assets", prefix: b.st.Prefix + "-assets", kmsKeyArn: b.assetsKey.Key.Arn, ownership: "BucketOwnerEnforced", tiering: true,
		logBucket: b.logs.bucket.ID(), writePolicy: !b.s.ExternalAssetsPolicy, tags: b.tags,
	})
	return err
}

// replication copies the files bucket to the DR region when asked.
func (b *builder) replication() error {
	b.st.ReplicaBucketArn = pulumi.String("").ToStringOutput()
	b.st.ReplicaBucketName = pulumi.String("").ToStringOutput()
	if !b.s.Replicate {
		return nil
	}
	replica, err := b.replicate(b.files, b.filesKey)
	if err != nil {
		return err
	}
	b.st.ReplicaBucketArn = replica.bucket.Arn
	b.st.ReplicaBucketName = replica.bucket.Bucket
	b.st.ReplicationRuleId = ReplicationRuleId
	return nil
}

func (b *builder) outputs() {
	st, files, assets, logs := b.st, b.files.bucket, b.assets.bucket, b.logs.bucket
	st.FilesBucketName, st.FilesBucketArn, st.FilesKmsKeyArn = files.Bucket, files.Arn, b.filesKey.Key.Arn
	st.AssetsBucketName, st.AssetsBucketArn, st.AssetsKmsKeyArn = assets.Bucket, assets.Arn, b.assetsKey.Key.Arn
	st.AssetsBucketRegionalDomainName = assets.BucketRegionalDomainName
	st.LogBucketName, st.LogBucketArn, st.LogBucketDomainName = logs.Bucket, logs.Arn, logs.BucketDomainName
}
