package storage

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// ReplicationRuleId is the id of the files bucket's replication rule (the
// RuleId dimension of its replication metrics).
const ReplicationRuleId = "files-to-dr"

// replicate creates the files bucket's replica in the DR region, with a
// key of that region, and the replication rule. It returns the replica.
func (b *builder) replicate(files *bucketOut, filesKey *kmskey.Key) (*bucketOut, error) {
	n, p := b.name+"-files-dr", b.st.Prefix+"-files-dr"
	dr := b.w.DRProvider
	drEnv, err := awsutil.Lookup(b.ctx, b.parent, pulumi.Provider(dr))
	if err != nil {
		return nil, fmt.Errorf("dr region: %w", err)
	}
	drTags := maps.Clone(b.tags)
	drTags["dr-copy-of"] = b.st.Prefix + "-files"
	drKey, err := kmskey.New(b.ctx, n, kmskey.Args{Env: drEnv, Description: "DR replica of the user files of " + b.st.Prefix, Tags: drTags, Alias: p, Services: []string{"s3"}},
		protect.If(b.s.Protect, b.parent, pulumi.Provider(dr))...)
	if err != nil {
		return nil, err
	}
	replica, err := b.newBucket(bucketSpec{
		name: n, prefix: p, kmsKeyArn: drKey.Key.Arn, ownership: "BucketOwnerEnforced", tiering: true,
		writePolicy: true, tags: drTags, provider: dr, protect: b.s.Protect,
	})
	if err != nil {
		return nil, err
	}

	// The replication rule, its role and policy are kept with the buckets:
	// a retained files bucket keeps copying to its retained replica.
	keep := slices.Clip(protect.If(b.s.Protect, b.parent))
	if err := b.lockReplica(n, replica); err != nil {
		return nil, err
	}
	role, err := iam.NewRole(b.ctx, n, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(b.env.AssumeRoleFor("s3")),
		Description:      pulumi.String("S3 replication of " + b.st.Prefix + " files to the DR region"),
		Tags:             tags.Named(b.tags, n),
	}, keep...)
	if err != nil {
		return nil, fmt.Errorf("replication role: %w", err)
	}
	policy := pulumi.All(files.bucket.Arn, replica.bucket.Arn, filesKey.Key.Arn, drKey.Key.Arn).ApplyT(func(v []any) string {
		return ReplicationPolicy(v[0].(string), v[1].(string), v[2].(string), v[3].(string)).JSON()
	}).(pulumi.StringOutput)
	rp, err := iam.NewRolePolicy(b.ctx, n, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, keep...)
	if err != nil {
		return nil, fmt.Errorf("replication role policy: %w", err)
	}
	_, err = s3.NewBucketReplicationConfig(b.ctx, n, &s3.BucketReplicationConfigArgs{
		Bucket: files.bucket.ID(),
		Role:   role.Arn,
		Rules: s3.BucketReplicationConfigRuleArray{s3.BucketReplicationConfigRuleArgs{
			Id: pulumi.String(ReplicationRuleId), Status: pulumi.String("Enabled"),
			Filter: s3.BucketReplicationConfigRuleFilterArgs{Prefix: pulumi.String("")},
			// Deletes stay in the source: a delete marker (an attacker's or a
			// mistake's) never hides the replica's current version.
			DeleteMarkerReplication: s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{Status: pulumi.String("Disabled")},
			SourceSelectionCriteria: s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs{
				SseKmsEncryptedObjects: s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs{Status: pulumi.String("Enabled")},
			},
			Destination: s3.BucketReplicationConfigRuleDestinationArgs{
				Bucket:                  replica.bucket.Arn,
				StorageClass:            pulumi.String("STANDARD_IA"),
				EncryptionConfiguration: s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs{ReplicaKmsKeyId: drKey.Key.Arn},
				// Replication metrics (ReplicationLatency, BytesPendingReplication,
				// OperationsFailedReplication, ...) are published only when
				// enabled on the rule; monitoring alarms on them. Without S3
				// RTC they need no EventThreshold.
				// https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html
				Metrics: s3.BucketReplicationConfigRuleDestinationMetricsArgs{Status: pulumi.String("Enabled")},
			},
		}},
	}, append(keep, pulumi.DependsOn([]pulumi.Resource{files.versioning, replica.versioning, rp}))...)
	if err != nil {
		return nil, fmt.Errorf("replication: %w", err)
	}
	return replica, nil
}

// lockReplica turns on Object Lock (compliance mode, ReplicaLockDays) on
// the replica, which is versioned already; S3 applies the default retention
// to every version replication writes.
func (b *builder) lockReplica(n string, replica *bucketOut) error {
	if b.s.ReplicaLockDays == 0 {
		return nil
	}
	lock, err := s3.NewBucketObjectLockConfigurationV2(b.ctx, n, &s3.BucketObjectLockConfigurationV2Args{
		Bucket:            replica.bucket.ID(),
		ObjectLockEnabled: pulumi.String("Enabled"),
		Rule: s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String("COMPLIANCE"), Days: pulumi.Int(b.s.ReplicaLockDays),
		}},
	}, append(replica.keep, pulumi.DependsOn([]pulumi.Resource{replica.versioning}))...)
	if err != nil {
		return fmt.Errorf("replica object lock: %w", err)
	}
	replica.ready = append(replica.ready, lock)
	return nil
}

// ReplicationPolicy lets S3 read versions of the source bucket, write
// replicas into the destination and use exactly the two keys involved.
func ReplicationPolicy(source, destination, sourceKey, destinationKey string) awsutil.PolicyDocument {
	return awsutil.Policy(
		awsutil.Statement{Sid: "ReadSourceConfig", Effect: "Allow",
			Action: []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, Resource: source},
		awsutil.Statement{Sid: "ReadSourceVersions", Effect: "Allow",
			Action:   []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"},
			Resource: source + "/*"},
		awsutil.Statement{Sid: "WriteReplicas", Effect: "Allow",
			Action:   []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"},
			Resource: destination + "/*"},
		awsutil.Statement{Sid: "DecryptSource", Effect: "Allow", Action: "kms:Decrypt", Resource: sourceKey},
		awsutil.Statement{Sid: "EncryptReplica", Effect: "Allow", Action: []string{"kms:Encrypt", "kms:GenerateDataKey"}, Resource: destinationKey},
	)
}
