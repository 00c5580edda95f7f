package violations

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// operations registers alarms notifying a topic in their region and one
// in another, buckets with and without protection, and databases with and
// without backups.
func operations(x *b, key *res, use1 *prov) {
	here := x.reg("aws:sns/topic:Topic", "topic-here", pulumi.Map{"kmsMasterKeyId": key.Arn})
	there := x.reg("aws:sns/topic:Topic", "topic-there", pulumi.Map{}, pulumi.Provider(use1))
	alarm := func(name string, topic *res) {
		x.reg("aws:cloudwatch/metricAlarm:MetricAlarm", name, pulumi.Map{
			"comparisonOperator": pulumi.String("GreaterThanThreshold"), "evaluationPeriods": pulumi.Int(1),
			"metricName": pulumi.String("Errors"), "namespace": pulumi.String("AWS/Lambda"), "period": pulumi.Int(60),
			"statistic": pulumi.String("Sum"), "threshold": pulumi.Float64(1), "alarmActions": pulumi.StringArray{topic.Arn},
		})
	}
	alarm("alarm-good", here)
	alarm("alarm-bad", there)

	x.reg("aws:s3/bucketV2:BucketV2", "bucket-good", pulumi.Map{"forceDestroy": pulumi.Bool(false)}, pulumi.Protect(true))
	x.reg("aws:s3/bucketV2:BucketV2", "bucket-bad", pulumi.Map{"forceDestroy": pulumi.Bool(true)})

	vault := x.reg("aws:backup/vault:Vault", "vault", pulumi.Map{"kmsKeyArn": key.Arn})
	plan := x.reg("aws:backup/plan:Plan", "plan", pulumi.Map{"rules": pulumi.Array{pulumi.Map{
		"ruleName": pulumi.String("daily"), "targetVaultName": vault.ID().ToStringOutput(), "schedule": pulumi.String("cron(0 3 * * ? *)"),
	}}})
	x.reg("aws:backup/selection:Selection", "selection", pulumi.Map{
		"planId": plan.ID().ToStringOutput(), "iamRoleArn": pulumi.String("arn:aws:iam::123456789012:role/backup"),
		"selectionTags": pulumi.Array{pulumi.Map{"type": pulumi.String("STRINGEQUALS"), "key": pulumi.String("backup"), "value": pulumi.String("true")}},
	})
	db := func(name string, days int, tags pulumi.StringMap) {
		x.reg("aws:rds/cluster:Cluster", name, pulumi.Map{
			"engine": pulumi.String("aurora-postgresql"), "masterUsername": pulumi.String("app"),
			"manageMasterUserPassword": pulumi.Bool(true), "storageEncrypted": pulumi.Bool(true), "kmsKeyId": key.Arn,
			"backupRetentionPeriod": pulumi.Int(days), "deletionProtection": pulumi.Bool(true),
			"finalSnapshotIdentifier": pulumi.String(name + "-final"), "tags": tags,
		}, pulumi.Protect(true))
	}
	db("db-good", 7, pulumi.StringMap{"backup": pulumi.String("true")})
	db("db-bad", 1, nil)
}
