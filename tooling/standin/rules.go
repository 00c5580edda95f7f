package standin

import "strings"

// Sources of the rules: the terraform-provider-aws file that declares the
// schema (and its validators) the bridged pulumi-aws provider runs in
// Check. Paths are in github.com/hashicorp/terraform-provider-aws.
const (
	srcRDSCluster      = "tf internal/service/rds/cluster.go resourceCluster"
	srcRDSInstance     = "tf internal/service/rds/cluster_instance.go resourceClusterInstance"
	srcRDSSubnetGroup  = "tf internal/service/rds/subnet_group.go ResourceSubnetGroup"
	srcRDSParamGroup   = "tf internal/service/rds/cluster_parameter_group.go ResourceClusterParameterGroup"
	srcRDSValidate     = "tf internal/service/rds/validate.go"
	srcWindow          = "tf internal/verify/validate.go + internal/types/timestamp/timestamp.go"
	srcCacheGroup      = "tf internal/service/elasticache/replication_group.go resourceReplicationGroup"
	srcCacheValidate   = "tf internal/service/elasticache/validate.go validReplicationGroupAuthToken"
	srcCacheSubnets    = "tf internal/service/elasticache/subnet_group.go ResourceSubnetGroup"
	srcBucket          = "tf internal/service/s3/bucket.go resourceBucket"
	srcBucketSSE       = "tf internal/service/s3/bucket_server_side_encryption_configuration.go: sse_algorithm StringInSlice(ServerSideEncryption_Values)"
	srcBucketVersion   = "tf internal/service/s3/bucket_versioning.go: versioning_configuration.status StringInSlice(bucketVersioningStatus_Values)"
	srcBucketOwnership = "tf internal/service/s3/bucket_ownership_controls.go: rule.object_ownership enum.Validate[ObjectOwnership]"
	srcBucketPAB       = "tf internal/service/s3/bucket_public_access_block.go: bucket Required"
	srcLB              = "tf internal/service/elbv2/load_balancer.go resourceLoadBalancer"
	srcLBName          = "tf internal/service/elbv2/validate.go validName"
	srcTargetGroup     = "tf internal/service/elbv2/target_group.go resourceTargetGroup"
	srcTGName          = "tf internal/service/elbv2/validate.go validTargetGroupName"
	srcListener        = "tf internal/service/elbv2/listener.go resourceListener"
	srcListenerRule    = "tf internal/service/elbv2/listener_rule.go resourceListenerRule"
	srcEKSCluster      = "tf internal/service/eks/cluster.go resourceCluster"
	srcEKSName         = "tf internal/service/eks/validate.go validClusterName"
	srcNodeGroup       = "tf internal/service/eks/node_group.go resourceNodeGroup"
	srcAddon           = "tf internal/service/eks/addon.go resourceAddon"
	srcVPC             = "tf internal/service/ec2/vpc_.go resourceVPC"
	srcSubnet          = "tf internal/service/ec2/vpc_subnet.go resourceSubnet"
	srcSG              = "tf internal/service/ec2/vpc_security_group.go resourceSecurityGroup"
	srcSGRule          = "tf internal/service/ec2/vpc_security_group_ingress_rule.go (framework schema: Required)"
	srcKMSKey          = "tf internal/service/kms/key.go resourceKey"
	srcKMSAlias        = "tf internal/service/kms/alias.go resourceAlias + internal/service/kms/validate.go validNameForResource"
	srcLogGroup        = "tf internal/service/logs/group.go resourceGroup"
	srcLogGroupName    = "tf internal/service/logs/validate.go validLogGroupName"
	srcAlarm           = "tf internal/service/cloudwatch/metric_alarm.go resourceMetricAlarm (pulumi-aws renames alarm_name to name)"
	srcWAF             = "tf internal/service/wafv2/web_acl.go resourceWebACL"
	srcCDN             = "tf internal/service/cloudfront/distribution.go resourceDistribution"
	srcRole            = "tf internal/service/iam/role.go resourceRole"
	srcRoleName        = "tf internal/service/iam/validate.go validResourceName(roleNameMaxLen=64)"
	srcPolicyAttach    = "tf internal/service/iam/role_policy_attachment.go resourceRolePolicyAttachment"
	srcRolePolicy      = "tf internal/service/iam/role_policy.go resourceRolePolicy"
	srcSecret          = "tf internal/service/secretsmanager/secret.go resourceSecret"
	srcBackupVault     = "tf internal/service/backup/vault.go ResourceVault"
	srcBackupPlan      = "tf internal/service/backup/plan.go resourcePlan"
	srcSNSSub          = "tf internal/service/sns/topic_subscription.go resourceTopicSubscription"
	srcAPI             = "tf internal/service/apigatewayv2/api.go resourceAPI"
	srcStage           = "tf internal/service/apigatewayv2/stage.go resourceStage"
	srcRoute           = "tf internal/service/apigatewayv2/route.go resourceRoute"
	srcIntegration     = "tf internal/service/apigatewayv2/integration.go resourceIntegration"
	srcUserPool        = "tf internal/service/cognitoidp/user_pool.go resourceUserPool"
)

// Messages of the provider's own validators (the placeholders are those
// of Rule.Message).
const (
	msgLowerAlnumHyphen = "only lowercase alphanumeric characters and hyphens allowed in {qk}"
	msgFirstLetter      = "first character of {qk} must be a letter"
	msgDoubleHyphen     = "{qk} cannot contain two consecutive hyphens"
	msgEndHyphen        = "{qk} cannot end with a hyphen"
	msgDayWindow        = `({v}) must satisfy the format of "hh24:mi-hh24:mi"`
	msgWeekWindow       = `({v}) must satisfy the format of "ddd:hh24:mi-ddd:hh24:mi"`
	patDayWindow        = `^(([0-1][0-9]|2[0-3]):([0-5][0-9])-([0-1][0-9]|2[0-3]):([0-5][0-9])|)$`
	patWeekWindow       = `(?i)^((sun|mon|tue|wed|thu|fri|sat):([0-1][0-9]|2[0-3]):([0-5][0-9])-(sun|mon|tue|wed|thu|fri|sat):([0-1][0-9]|2[0-3]):([0-5][0-9])|)$`
)

// Allowed values the validators take from the AWS SDK enums (the
// *_Values() functions of the cited files and aws-sdk-go-v2 types).
var (
	rdsClusterEngines  = []string{"aurora-mysql", "aurora-postgresql", "mysql", "postgres"}
	rdsClusterLogTypes = []string{"audit", "error", "general", "iam-db-auth-error", "instance", "postgresql", "slowquery", "upgrade"}
	logRetentionDays   = []int{0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
	cdnProtocols       = []string{"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021"}
)

// kv builds a Bad or Good input map from key, value pairs.
func kv(pairs ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(string)] = pairs[i+1]
	}
	return m
}

// Shared good values of nested inputs (each complete, so one rule's good
// value never breaks another rule on the same key).
var (
	goodLogDelivery = []any{map[string]any{"destination": "/web/cache/slow-log", "destinationType": "cloudwatch-logs", "logFormat": "json", "logType": "slow-log"}}
	goodHealthCheck = map[string]any{"interval": 15, "healthyThreshold": 3, "unhealthyThreshold": 3, "timeout": 5, "path": "/healthz"}
	goodScaling     = map[string]any{"desiredSize": 2, "maxSize": 4, "minSize": 1}
	goodVpcConfig   = map[string]any{"subnetIds": []any{"subnet-a", "subnet-b"}, "endpointPrivateAccess": true}
	goodOrigins     = []any{map[string]any{"domainName": "assets.s3.amazonaws.com", "originId": "assets", "connectionAttempts": 3, "connectionTimeout": 10}}
	goodViewerCert  = map[string]any{"acmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc", "minimumProtocolVersion": "TLSv1.2_2021", "sslSupportMethod": "sni-only"}
	goodCacheBehav  = map[string]any{"targetOriginId": "assets", "viewerProtocolPolicy": "redirect-to-https", "allowedMethods": []any{"GET", "HEAD"}, "cachedMethods": []any{"GET", "HEAD"}}
	goodRestriction = map[string]any{"geoRestriction": map[string]any{"restrictionType": "none"}}
	goodPlanRules   = []any{map[string]any{"ruleName": "daily", "targetVaultName": "web-vault", "schedule": "cron(0 3 * * ? *)"}}
	goodPassword    = map[string]any{"minimumLength": 12, "temporaryPasswordValidityDays": 7}
	goodSSE         = []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms"}}}
	goodVisibility  = map[string]any{"cloudwatchMetricsEnabled": true, "metricName": "web-acl", "sampledRequestsEnabled": true}
)

// Rules is the one table of the provider's input rules the stand-in
// enforces in Check: required arguments, ConflictsWith, allowed values,
// name lengths and patterns, numeric ranges, for the properties the
// program sets on the types it registers most (coreRules), and the naming
// rules of every named type (nameRules, rules_names.go).
var Rules = concat(coreRules, nameRules)

var coreRules = []Rule{
	// --- Aurora cluster
	{Type: "aws:rds/cluster:Cluster", Property: "engine", Kind: Required, Source: srcRDSCluster + ": engine Required",
		Bad: kv("engine", Absent), Good: kv("engine", "aurora-postgresql")},
	{Type: "aws:rds/cluster:Cluster", Property: "engine", Kind: OneOf, Values: rdsClusterEngines, Source: srcRDSCluster + ": engine StringInSlice(clusterEngine_Values())",
		Bad: kv("engine", "oracle-ee"), Good: kv("engine", "aurora-postgresql")},
	{Type: "aws:rds/cluster:Cluster", Property: "clusterIdentifier", Kind: Match, Pattern: `^[0-9a-z-]+$`, Message: msgLowerAlnumHyphen, Source: srcRDSValidate + " validIdentifier",
		Bad: kv("clusterIdentifier", "Web_DB"), Good: kv("clusterIdentifier", "web-db")},
	{Type: "aws:rds/cluster:Cluster", Property: "clusterIdentifier", Kind: Match, Pattern: `^[a-z]`, Message: msgFirstLetter, Source: srcRDSValidate + " validIdentifier",
		Bad: kv("clusterIdentifier", "1-web-db"), Good: kv("clusterIdentifier", "web-db")},
	{Type: "aws:rds/cluster:Cluster", Property: "clusterIdentifier", Kind: NotMatch, Pattern: `--`, Message: msgDoubleHyphen, Source: srcRDSValidate + " validIdentifier",
		Bad: kv("clusterIdentifier", "web--db"), Good: kv("clusterIdentifier", "web-db")},
	{Type: "aws:rds/cluster:Cluster", Property: "clusterIdentifier", Kind: NotMatch, Pattern: `-$`, Message: msgEndHyphen, Source: srcRDSValidate + " validIdentifier",
		Bad: kv("clusterIdentifier", "web-db-"), Good: kv("clusterIdentifier", "web-db")},
	{Type: "aws:rds/cluster:Cluster", Property: "clusterIdentifier", Kind: ConflictsWith, Values: []string{"clusterIdentifierPrefix"}, Source: srcRDSCluster + ": cluster_identifier ConflictsWith cluster_identifier_prefix",
		Bad: kv("clusterIdentifier", "web-db", "clusterIdentifierPrefix", "web-"), Good: kv("clusterIdentifier", "web-db")},
	{Type: "aws:rds/cluster:Cluster", Property: "backupRetentionPeriod", Kind: IntAtMost, Max: 35, Source: srcRDSCluster + ": backup_retention_period IntAtMost(35)",
		Bad: kv("backupRetentionPeriod", 36), Good: kv("backupRetentionPeriod", 14)},
	{Type: "aws:rds/cluster:Cluster", Property: "preferredBackupWindow", Kind: Match, Pattern: patDayWindow, Message: msgDayWindow, Source: srcWindow + " ValidOnceADayWindowFormat",
		Bad: kv("preferredBackupWindow", "3am-4am"), Good: kv("preferredBackupWindow", "03:00-04:00")},
	{Type: "aws:rds/cluster:Cluster", Property: "preferredMaintenanceWindow", Kind: Match, Pattern: patWeekWindow, Message: msgWeekWindow, Source: srcWindow + " ValidOnceAWeekWindowFormat",
		Bad: kv("preferredMaintenanceWindow", "sunday:05:00-06:00"), Good: kv("preferredMaintenanceWindow", "sun:05:00-sun:06:00")},
	{Type: "aws:rds/cluster:Cluster", Property: "enabledCloudwatchLogsExports[]", Kind: OneOf, Values: rdsClusterLogTypes, Source: srcRDSCluster + ": enabled_cloudwatch_logs_exports StringInSlice(clusterExportableLogType_Values())",
		Bad: kv("enabledCloudwatchLogsExports", []any{"postgres"}), Good: kv("enabledCloudwatchLogsExports", []any{"postgresql"})},
	{Type: "aws:rds/cluster:Cluster", Property: "manageMasterUserPassword", Kind: ConflictsWith, Values: []string{"masterPassword"}, Source: srcRDSCluster + ": manage_master_user_password ConflictsWith master_password",
		Bad: kv("manageMasterUserPassword", true, "masterPassword", "hunter2hunter2"), Good: kv("manageMasterUserPassword", true)},
	{Type: "aws:rds/cluster:Cluster", Property: "kmsKeyId", Kind: ARN, Source: srcRDSCluster + ": kms_key_id verify.ValidARN",
		Bad: kv("kmsKeyId", "alias/web-db"), Good: kv("kmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/web-db")},
	{Type: "aws:rds/cluster:Cluster", Property: "finalSnapshotIdentifier", Kind: Match, Pattern: `^[0-9A-Za-z-]+$`, Message: "only alphanumeric characters and hyphens allowed in {qk}", Source: srcRDSCluster + ": final_snapshot_identifier ValidateFunc",
		Bad: kv("finalSnapshotIdentifier", "web_db_final"), Good: kv("finalSnapshotIdentifier", "web-db-final")},

	// --- Aurora instances
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "instanceClass", Kind: Required, Source: srcRDSInstance + ": instance_class Required",
		Bad: kv("instanceClass", Absent), Good: kv("instanceClass", "db.r6g.large")},
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "clusterIdentifier", Kind: Required, Source: srcRDSInstance + ": cluster_identifier Required",
		Bad: kv("clusterIdentifier", Absent), Good: kv("clusterIdentifier", "web-db")},
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "engine", Kind: OneOf, Values: rdsClusterEngines, Source: srcRDSInstance + ": engine StringInSlice(clusterInstanceEngine_Values())",
		Bad: kv("engine", "aurora"), Good: kv("engine", "aurora-postgresql")},
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "identifier", Kind: Match, Pattern: `^[0-9a-z-]+$`, Message: msgLowerAlnumHyphen, Source: srcRDSValidate + " validIdentifier",
		Bad: kv("identifier", "Web-DB-1"), Good: kv("identifier", "web-db-1")},
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "performanceInsightsKmsKeyId", Kind: ARN, Source: srcRDSInstance + ": performance_insights_kms_key_id verify.ValidARN",
		Bad: kv("performanceInsightsKmsKeyId", "web-db-key"), Good: kv("performanceInsightsKmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/web-db")},

	// --- RDS subnet group and cluster parameter group
	{Type: "aws:rds/subnetGroup:SubnetGroup", Property: "subnetIds", Kind: Required, Source: srcRDSSubnetGroup + ": subnet_ids Required",
		Bad: kv("subnetIds", Absent), Good: kv("subnetIds", []any{"subnet-a", "subnet-b"})},
	{Type: "aws:rds/subnetGroup:SubnetGroup", Property: "name", Kind: Match, Pattern: `^[0-9a-z_ .-]+$`, Message: "only lowercase alphanumeric characters, hyphens, underscores, periods, and spaces allowed in {qk}", Source: srcRDSValidate + " validSubnetGroupName",
		Bad: kv("name", "Web-DB"), Good: kv("name", "web-db")},
	{Type: "aws:rds/subnetGroup:SubnetGroup", Property: "name", Kind: NotMatch, Pattern: `(?i)^default$`, Message: `"Default" is not allowed as {qk}`, Source: srcRDSValidate + " validSubnetGroupName",
		Bad: kv("name", "default"), Good: kv("name", "web-db")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "family", Kind: Required, Source: srcRDSParamGroup + ": family Required",
		Bad: kv("family", Absent), Good: kv("family", "aurora-postgresql16")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "name", Kind: Match, Pattern: `^[0-9a-z.-]+$`, Message: "only lowercase alphanumeric characters, periods, and hyphens allowed in parameter group {qk}", Source: srcRDSValidate + " validParamGroupName",
		Bad: kv("name", "Web_Params"), Good: kv("name", "web-params")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "parameters[].value", TFName: "parameter[].value", Kind: Required, Source: srcRDSParamGroup + ": parameter.value Required",
		Bad: kv("parameters", []any{map[string]any{"name": "rds.force_ssl"}}), Good: kv("parameters", []any{map[string]any{"name": "rds.force_ssl", "value": "1"}})},

	// --- ElastiCache replication group and subnet group
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "description", Kind: Required, Source: srcCacheGroup + ": description Required",
		Bad: kv("description", Absent), Good: kv("description", "web cache")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "description", Kind: NotEmpty, Source: srcCacheGroup + ": description StringIsNotEmpty",
		Bad: kv("description", ""), Good: kv("description", "web cache")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "replicationGroupId", Kind: LenBetween, Min: 1, Max: 40, Source: srcCacheGroup + ": validateReplicationGroupID StringLenBetween(1, 40)",
		Bad: kv("replicationGroupId", "web-"+strings.Repeat("c", 40)), Good: kv("replicationGroupId", "web-cache")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "replicationGroupId", Kind: Match, Pattern: `^[0-9A-Za-z-]+$`, Message: "must contain only alphanumeric characters and hyphens", Source: srcCacheGroup + ": validateReplicationGroupID StringMatch",
		Bad: kv("replicationGroupId", "web_cache"), Good: kv("replicationGroupId", "web-cache")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "replicationGroupId", Kind: Match, Pattern: `^[A-Za-z]`, Message: "must begin with a letter", Source: srcCacheGroup + ": validateReplicationGroupID StringMatch",
		Bad: kv("replicationGroupId", "1-web-cache"), Good: kv("replicationGroupId", "web-cache")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "replicationGroupId", Kind: NotMatch, Pattern: `--`, Message: "cannot contain two consecutive hyphens", Source: srcCacheGroup + ": validateReplicationGroupID StringDoesNotMatch",
		Bad: kv("replicationGroupId", "web--cache"), Good: kv("replicationGroupId", "web-cache")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "engine", Kind: OneOf, Values: []string{"redis", "valkey"}, IgnoreCase: true, Source: srcCacheGroup + ": engine StringInSlice([redis valkey], true)",
		Bad: kv("engine", "memcached"), Good: kv("engine", "valkey")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "authToken", Kind: Match, Pattern: `^.{16,128}$`, Message: `{qk} must contain from 16 to 128 alphanumeric characters or symbols (excluding @, ", and /)`, Source: srcCacheValidate,
		Bad: kv("authToken", "too-short"), Good: kv("authToken", "0123456789abcdef-token")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "authToken", Kind: Match, Pattern: `^[^@"/]+$`, Message: `only alphanumeric characters or symbols (excluding @, ", and /) allowed in {qk}`, Source: srcCacheValidate,
		Bad: kv("authToken", "0123456789abcdef@token"), Good: kv("authToken", "0123456789abcdef-token")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "authTokenUpdateStrategy", Kind: OneOf, Values: []string{"SET", "ROTATE", "DELETE"}, Source: srcCacheGroup + ": auth_token_update_strategy enum.Validate[AuthTokenUpdateStrategyType]",
		Bad: kv("authTokenUpdateStrategy", "rotate"), Good: kv("authTokenUpdateStrategy", "ROTATE")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "transitEncryptionMode", Kind: OneOf, Values: []string{"preferred", "required"}, Source: srcCacheGroup + ": transit_encryption_mode enum.Validate[TransitEncryptionMode]",
		Bad: kv("transitEncryptionMode", "strict"), Good: kv("transitEncryptionMode", "required")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "clusterMode", Kind: OneOf, Values: []string{"enabled", "disabled", "compatible"}, Source: srcCacheGroup + ": cluster_mode enum.Validate[ClusterMode]",
		Bad: kv("clusterMode", "on"), Good: kv("clusterMode", "disabled")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "snapshotRetentionLimit", Kind: IntAtMost, Max: 35, Source: srcCacheGroup + ": snapshot_retention_limit IntAtMost(35)",
		Bad: kv("snapshotRetentionLimit", 40), Good: kv("snapshotRetentionLimit", 7)},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "snapshotWindow", Kind: Match, Pattern: patDayWindow, Message: msgDayWindow, Source: srcWindow + " ValidOnceADayWindowFormat",
		Bad: kv("snapshotWindow", "05:00"), Good: kv("snapshotWindow", "05:00-06:00")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "maintenanceWindow", Kind: Match, Pattern: patWeekWindow, Message: msgWeekWindow, Source: srcWindow + " ValidOnceAWeekWindowFormat",
		Bad: kv("maintenanceWindow", "sun:25:00-sun:26:00"), Good: kv("maintenanceWindow", "sun:06:00-sun:07:00")},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "numCacheClusters", Kind: ConflictsWith, Values: []string{"numNodeGroups", "replicasPerNodeGroup"}, Source: srcCacheGroup + ": num_cache_clusters ConflictsWith num_node_groups, replicas_per_node_group",
		Bad: kv("numCacheClusters", 2, "numNodeGroups", 2), Good: kv("numCacheClusters", 2)},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "logDeliveryConfigurations[].logType", TFName: "log_delivery_configuration[].log_type", Kind: OneOf, Values: []string{"slow-log", "engine-log"}, Source: srcCacheGroup + ": log_delivery_configuration.log_type enum.Validate[LogType]",
		Bad: kv("logDeliveryConfigurations", []any{map[string]any{"destination": "/web/cache", "destinationType": "cloudwatch-logs", "logFormat": "json", "logType": "audit-log"}}), Good: kv("logDeliveryConfigurations", goodLogDelivery)},
	{Type: "aws:elasticache/replicationGroup:ReplicationGroup", Property: "logDeliveryConfigurations[].destinationType", TFName: "log_delivery_configuration[].destination_type", Kind: OneOf, Values: []string{"cloudwatch-logs", "kinesis-firehose"}, Source: srcCacheGroup + ": log_delivery_configuration.destination_type enum.Validate[DestinationType]",
		Bad: kv("logDeliveryConfigurations", []any{map[string]any{"destination": "/web/cache", "destinationType": "s3", "logFormat": "json", "logType": "slow-log"}}), Good: kv("logDeliveryConfigurations", goodLogDelivery)},
	{Type: "aws:elasticache/subnetGroup:SubnetGroup", Property: "subnetIds", Kind: Required, Source: srcCacheSubnets + ": subnet_ids Required",
		Bad: kv("subnetIds", Absent), Good: kv("subnetIds", []any{"subnet-a"})},

	// --- S3 buckets and their configuration resources
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucket", Kind: LenBetween, Min: 0, Max: 63, Source: srcBucket + ": bucket StringLenBetween(0, 63)",
		Bad: kv("bucket", "web-assets-"+strings.Repeat("x", 60), "bucketPrefix", Absent), Good: kv("bucket", "web-assets", "bucketPrefix", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucketPrefix", Kind: LenBetween, Min: 0, Max: 37, Source: srcBucket + ": bucket_prefix StringLenBetween(0, 63-id.UniqueIDSuffixLength)",
		Bad: kv("bucketPrefix", "web-assets-"+strings.Repeat("x", 30), "bucket", Absent), Good: kv("bucketPrefix", "web-assets-", "bucket", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucket", Kind: ConflictsWith, Values: []string{"bucketPrefix"}, Source: srcBucket + ": bucket ConflictsWith bucket_prefix",
		Bad: kv("bucket", "web-assets", "bucketPrefix", "web-"), Good: kv("bucket", "web-assets", "bucketPrefix", Absent)},
	{Type: "aws:s3/bucketVersioningV2:BucketVersioningV2", Property: "versioningConfiguration.status", TFName: "versioning_configuration.0.status", Kind: OneOf, Values: []string{"Enabled", "Suspended", "Disabled"}, Source: srcBucketVersion,
		Bad: kv("versioningConfiguration", map[string]any{"status": "On"}), Good: kv("versioningConfiguration", map[string]any{"status": "Enabled"})},
	{Type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", Property: "rules[].applyServerSideEncryptionByDefault.sseAlgorithm", TFName: "rule[].apply_server_side_encryption_by_default.0.sse_algorithm", Kind: OneOf, Values: []string{"AES256", "aws:kms", "aws:kms:dsse"}, Source: srcBucketSSE,
		Bad: kv("rules", []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "KMS"}}}), Good: kv("rules", goodSSE)},
	{Type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", Property: "rule.objectOwnership", TFName: "rule.0.object_ownership", Kind: OneOf, Values: []string{"BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"}, Source: srcBucketOwnership,
		Bad: kv("rule", map[string]any{"objectOwnership": "BucketOwner"}), Good: kv("rule", map[string]any{"objectOwnership": "BucketOwnerEnforced"})},
	{Type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", Property: "bucket", Kind: Required, Source: srcBucketPAB,
		Bad: kv("bucket", Absent), Good: kv("bucket", "web-assets")},

	// --- Load balancer, target group, listener, listener rule
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "name", Kind: Match, Pattern: `^.{0,32}$`, Message: "{qk} cannot be longer than 32 characters: {qv}", Source: srcLBName,
		Bad: kv("name", "web-application-load-balancer-prod"), Good: kv("name", "web-alb")},
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z-]*$`, Message: "only alphanumeric characters and hyphens allowed in {qk}: {qv}", Source: srcLBName,
		Bad: kv("name", "web_alb"), Good: kv("name", "web-alb")},
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "name", Kind: NotMatch, Pattern: `^internal-`, Message: `{qk} cannot begin with "internal-": {qv}`, Source: srcLBName,
		Bad: kv("name", "internal-web"), Good: kv("name", "web-alb")},
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "loadBalancerType", Kind: OneOf, Values: []string{"application", "network", "gateway"}, Source: srcLB + ": load_balancer_type enum.Validate[LoadBalancerTypeEnum]",
		Bad: kv("loadBalancerType", "classic"), Good: kv("loadBalancerType", "application")},
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "desyncMitigationMode", Kind: OneOf, Values: []string{"monitor", "defensive", "strictest"}, Source: srcLB + ": desync_mitigation_mode StringInSlice(httpDesyncMitigationMode_Values())",
		Bad: kv("desyncMitigationMode", "strict"), Good: kv("desyncMitigationMode", "defensive")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "name", Kind: Match, Pattern: `^.{0,32}$`, Message: "{qk} cannot be longer than 32 characters", Source: srcTGName,
		Bad: kv("name", "web-api-target-group-blue-green-1"), Good: kv("name", "web-api")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "port", Kind: IntBetween, Min: 1, Max: 65535, Source: srcTargetGroup + ": port IntBetween(1, 65535)",
		Bad: kv("port", 70000), Good: kv("port", 8080)},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "protocol", Kind: OneOf, Values: []string{"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"}, Source: srcTargetGroup + ": protocol enum.Validate[ProtocolEnum]",
		Bad: kv("protocol", "HTTP2"), Good: kv("protocol", "HTTP")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "targetType", Kind: OneOf, Values: []string{"instance", "ip", "lambda", "alb"}, Source: srcTargetGroup + ": target_type enum.Validate[TargetTypeEnum]",
		Bad: kv("targetType", "pod"), Good: kv("targetType", "ip")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "healthCheck.interval", TFName: "health_check.0.interval", Kind: IntBetween, Min: 5, Max: 300, Source: srcTargetGroup + ": health_check.interval IntBetween(5, 300)",
		Bad: kv("healthCheck", map[string]any{"interval": 2, "healthyThreshold": 3, "timeout": 5}), Good: kv("healthCheck", goodHealthCheck)},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "healthCheck.healthyThreshold", TFName: "health_check.0.healthy_threshold", Kind: IntBetween, Min: 2, Max: 10, Source: srcTargetGroup + ": health_check.healthy_threshold IntBetween(2, 10)",
		Bad: kv("healthCheck", map[string]any{"interval": 15, "healthyThreshold": 1, "timeout": 5}), Good: kv("healthCheck", goodHealthCheck)},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "healthCheck.timeout", TFName: "health_check.0.timeout", Kind: IntBetween, Min: 2, Max: 120, Source: srcTargetGroup + ": health_check.timeout IntBetween(2, 120)",
		Bad: kv("healthCheck", map[string]any{"interval": 15, "healthyThreshold": 3, "timeout": 1}), Good: kv("healthCheck", goodHealthCheck)},
	{Type: "aws:lb/listener:Listener", Property: "loadBalancerArn", Kind: Required, Source: srcListener + ": load_balancer_arn Required",
		Bad: kv("loadBalancerArn", Absent), Good: kv("loadBalancerArn", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1")},
	{Type: "aws:lb/listener:Listener", Property: "defaultActions", TFName: "default_action", Kind: Required, Source: srcListener + ": default_action Required",
		Bad: kv("defaultActions", Absent), Good: kv("defaultActions", []any{map[string]any{"type": "fixed-response"}})},
	{Type: "aws:lb/listenerRule:ListenerRule", Property: "conditions", TFName: "condition", Kind: Required, Source: srcListenerRule + ": condition Required",
		Bad: kv("conditions", Absent), Good: kv("conditions", []any{map[string]any{"pathPattern": map[string]any{"values": []any{"/api/*"}}}})},

	// --- EKS cluster, node group, add-on
	{Type: "aws:eks/cluster:Cluster", Property: "name", Kind: LenBetween, Min: 1, Max: 100, Source: srcEKSName + " StringLenBetween(1, 100)",
		Bad: kv("name", "web-"+strings.Repeat("k", 100)), Good: kv("name", "web-eks")},
	{Type: "aws:eks/cluster:Cluster", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z][0-9A-Za-z_-]*$`, Message: "must start with an alphanumeric character and can only contain alphanumeric characters, hyphens, and underscores", Source: srcEKSName + " StringMatch",
		Bad: kv("name", "-web.eks"), Good: kv("name", "web-eks")},
	{Type: "aws:eks/cluster:Cluster", Property: "roleArn", Kind: Required, Source: srcEKSCluster + ": role_arn Required",
		Bad: kv("roleArn", Absent), Good: kv("roleArn", "arn:aws:iam::123456789012:role/web-eks")},
	{Type: "aws:eks/cluster:Cluster", Property: "roleArn", Kind: ARN, Source: srcEKSCluster + ": role_arn verify.ValidARN",
		Bad: kv("roleArn", "web-eks-role"), Good: kv("roleArn", "arn:aws:iam::123456789012:role/web-eks")},
	{Type: "aws:eks/cluster:Cluster", Property: "vpcConfig.subnetIds", TFName: "vpc_config.0.subnet_ids", Kind: Required, Source: srcEKSCluster + ": vpc_config.subnet_ids Required",
		Bad: kv("vpcConfig", map[string]any{"endpointPrivateAccess": true}), Good: kv("vpcConfig", goodVpcConfig)},
	{Type: "aws:eks/cluster:Cluster", Property: "enabledClusterLogTypes[]", Kind: OneOf, Values: []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}, Source: srcEKSCluster + ": enabled_cluster_log_types enum.Validate[LogType]",
		Bad: kv("enabledClusterLogTypes", []any{"api", "controller-manager"}), Good: kv("enabledClusterLogTypes", []any{"api", "audit"})},
	{Type: "aws:eks/cluster:Cluster", Property: "accessConfig.authenticationMode", TFName: "access_config.0.authentication_mode", Kind: OneOf, Values: []string{"API", "API_AND_CONFIG_MAP", "CONFIG_MAP"}, Source: srcEKSCluster + ": access_config.authentication_mode enum.Validate[AuthenticationMode]",
		Bad: kv("accessConfig", map[string]any{"authenticationMode": "IAM"}), Good: kv("accessConfig", map[string]any{"authenticationMode": "API"})},
	{Type: "aws:eks/cluster:Cluster", Property: "encryptionConfig.resources[]", TFName: "encryption_config.0.resources[]", Kind: OneOf, Values: []string{"secrets"}, Source: srcEKSCluster + ": encryption_config.resources StringInSlice(resources_Values())",
		Bad: kv("encryptionConfig", map[string]any{"resources": []any{"configmaps"}}), Good: kv("encryptionConfig", map[string]any{"resources": []any{"secrets"}})},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "nodeRoleArn", Kind: Required, Source: srcNodeGroup + ": node_role_arn Required",
		Bad: kv("nodeRoleArn", Absent), Good: kv("nodeRoleArn", "arn:aws:iam::123456789012:role/web-nodes")},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "subnetIds", Kind: Required, Source: srcNodeGroup + ": subnet_ids Required",
		Bad: kv("subnetIds", Absent), Good: kv("subnetIds", []any{"subnet-a"})},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "scalingConfig.maxSize", TFName: "scaling_config.0.max_size", Kind: IntAtLeast, Min: 1, Source: srcNodeGroup + ": scaling_config.max_size IntAtLeast(1)",
		Bad: kv("scalingConfig", map[string]any{"desiredSize": 0, "maxSize": 0, "minSize": 0}), Good: kv("scalingConfig", goodScaling)},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "scalingConfig.minSize", TFName: "scaling_config.0.min_size", Kind: IntAtLeast, Min: 0, Source: srcNodeGroup + ": scaling_config.min_size IntAtLeast(0)",
		Bad: kv("scalingConfig", map[string]any{"desiredSize": 1, "maxSize": 2, "minSize": -1}), Good: kv("scalingConfig", goodScaling)},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "capacityType", Kind: OneOf, Values: []string{"ON_DEMAND", "SPOT", "CAPACITY_BLOCK"}, Source: srcNodeGroup + ": capacity_type enum.Validate[CapacityTypes]",
		Bad: kv("capacityType", "spot"), Good: kv("capacityType", "ON_DEMAND")},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "nodeGroupName", Kind: LenBetween, Min: 0, Max: 63, Source: srcNodeGroup + ": node_group_name StringLenBetween(0, 63)",
		Bad: kv("nodeGroupName", "web-"+strings.Repeat("n", 60)), Good: kv("nodeGroupName", "web-nodes")},
	{Type: "aws:eks/nodeGroup:NodeGroup", Property: "updateConfig.maxUnavailable", TFName: "update_config.0.max_unavailable", Kind: IntBetween, Min: 1, Max: 100, Source: srcNodeGroup + ": update_config.max_unavailable IntBetween(1, 100)",
		Bad: kv("updateConfig", map[string]any{"maxUnavailable": 0}), Good: kv("updateConfig", map[string]any{"maxUnavailable": 1})},
	{Type: "aws:eks/addon:Addon", Property: "addonName", Kind: Required, Source: srcAddon + ": addon_name Required",
		Bad: kv("addonName", Absent), Good: kv("addonName", "vpc-cni")},
	{Type: "aws:eks/addon:Addon", Property: "resolveConflictsOnUpdate", Kind: OneOf, Values: []string{"NONE", "OVERWRITE", "PRESERVE"}, Source: srcAddon + ": resolve_conflicts_on_update enum.Validate[ResolveConflicts]",
		Bad: kv("resolveConflictsOnUpdate", "KEEP"), Good: kv("resolveConflictsOnUpdate", "OVERWRITE")},

	// --- VPC, subnets, security groups
	{Type: "aws:ec2/vpc:Vpc", Property: "cidrBlock", Kind: CIDR, Source: srcVPC + ": cidr_block verify.ValidIPv4CIDRNetworkAddress",
		Bad: kv("cidrBlock", "10.0.0.1/16"), Good: kv("cidrBlock", "10.0.0.0/16")},
	{Type: "aws:ec2/vpc:Vpc", Property: "instanceTenancy", Kind: OneOf, Values: []string{"default", "dedicated"}, Source: srcVPC + ": instance_tenancy StringInSlice([default dedicated])",
		Bad: kv("instanceTenancy", "host"), Good: kv("instanceTenancy", "default")},
	{Type: "aws:ec2/subnet:Subnet", Property: "vpcId", Kind: Required, Source: srcSubnet + ": vpc_id Required",
		Bad: kv("vpcId", Absent), Good: kv("vpcId", "vpc-1")},
	{Type: "aws:ec2/subnet:Subnet", Property: "cidrBlock", Kind: CIDR, Source: srcSubnet + ": cidr_block verify.ValidIPv4CIDRNetworkAddress",
		Bad: kv("cidrBlock", "10.0.300.0/24"), Good: kv("cidrBlock", "10.0.3.0/24")},
	{Type: "aws:ec2/securityGroup:SecurityGroup", Property: "description", Kind: LenBetween, Min: 0, Max: 255, Source: srcSG + ": description StringLenBetween(0, 255)",
		Bad: kv("description", strings.Repeat("d", 256)), Good: kv("description", "web tier")},
	{Type: "aws:ec2/securityGroup:SecurityGroup", Property: "name", Kind: ConflictsWith, Values: []string{"namePrefix"}, Source: srcSG + ": name ConflictsWith name_prefix",
		Bad: kv("name", "web", "namePrefix", "web-"), Good: kv("name", "web")},
	{Type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Property: "securityGroupId", Kind: Required, Source: srcSGRule,
		Bad: kv("securityGroupId", Absent), Good: kv("securityGroupId", "sg-1")},
	{Type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Property: "ipProtocol", Kind: Required, Source: srcSGRule,
		Bad: kv("ipProtocol", Absent), Good: kv("ipProtocol", "tcp")},

	// --- KMS
	{Type: "aws:kms/key:Key", Property: "deletionWindowInDays", Kind: IntBetween, Min: 7, Max: 30, Source: srcKMSKey + ": deletion_window_in_days IntBetween(7, 30)",
		Bad: kv("deletionWindowInDays", 3), Good: kv("deletionWindowInDays", 30)},
	{Type: "aws:kms/key:Key", Property: "keyUsage", Kind: OneOf, Values: []string{"SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"}, Source: srcKMSKey + ": key_usage enum.Validate[KeyUsageType]",
		Bad: kv("keyUsage", "ENCRYPT"), Good: kv("keyUsage", "ENCRYPT_DECRYPT")},
	{Type: "aws:kms/key:Key", Property: "description", Kind: LenBetween, Min: 0, Max: 8192, Source: srcKMSKey + ": description StringLenBetween(0, 8192)",
		Bad: kv("description", strings.Repeat("k", 8193)), Good: kv("description", "web data key")},
	{Type: "aws:kms/key:Key", Property: "rotationPeriodInDays", Kind: IntBetween, Min: 90, Max: 2560, Source: srcKMSKey + ": rotation_period_in_days IntBetween(90, 2560)",
		Bad: kv("rotationPeriodInDays", 30), Good: kv("rotationPeriodInDays", 365)},
	{Type: "aws:kms/alias:Alias", Property: "name", Kind: Match, Pattern: `^alias/[0-9A-Za-z_/-]+$`, Message: "{qk} must begin with 'alias/' and be comprised of only [0-9A-Za-z_/-]", Source: srcKMSAlias,
		Bad: kv("name", "web-data"), Good: kv("name", "alias/web-data")},
	{Type: "aws:kms/alias:Alias", Property: "name", Kind: NotMatch, Pattern: `^alias/aws/`, Message: "{qk} cannot begin with reserved AWS CMK prefix 'alias/aws/'", Source: srcKMSAlias,
		Bad: kv("name", "alias/aws/web"), Good: kv("name", "alias/web-data")},
	{Type: "aws:kms/alias:Alias", Property: "targetKeyId", Kind: Required, Source: srcKMSAlias + ": target_key_id Required",
		Bad: kv("targetKeyId", Absent), Good: kv("targetKeyId", "key-1")},

	// --- CloudWatch logs and alarms
	{Type: "aws:cloudwatch/logGroup:LogGroup", Property: "retentionInDays", Kind: IntOneOf, Ints: logRetentionDays, Source: srcLogGroup + ": retention_in_days IntInSlice",
		Bad: kv("retentionInDays", 10), Good: kv("retentionInDays", 30)},
	{Type: "aws:cloudwatch/logGroup:LogGroup", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z_./#-]+$`, Message: "{qk} isn't a valid log group name (alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed): {qv}", Source: srcLogGroupName,
		Bad: kv("name", "/web/app logs"), Good: kv("name", "/web/app")},
	{Type: "aws:cloudwatch/logGroup:LogGroup", Property: "name", Kind: Match, Pattern: `^.{0,512}$`, Message: "{qk} cannot be longer than 512 characters: {qv}", Source: srcLogGroupName,
		Bad: kv("name", "/web/"+strings.Repeat("l", 510)), Good: kv("name", "/web/app")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "comparisonOperator", Kind: Required, Source: srcAlarm + ": comparison_operator Required",
		Bad: kv("comparisonOperator", Absent), Good: kv("comparisonOperator", "GreaterThanThreshold")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "comparisonOperator", Kind: OneOf, Values: []string{"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"}, Source: srcAlarm + ": comparison_operator enum.Validate[ComparisonOperator]",
		Bad: kv("comparisonOperator", ">"), Good: kv("comparisonOperator", "GreaterThanThreshold")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "evaluationPeriods", Kind: IntAtLeast, Min: 1, Source: srcAlarm + ": evaluation_periods IntAtLeast(1)",
		Bad: kv("evaluationPeriods", 0), Good: kv("evaluationPeriods", 3)},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "name", TFName: "alarm_name", Kind: LenBetween, Min: 1, Max: 255, Source: srcAlarm + ": alarm_name StringLenBetween(1, 255)",
		Bad: kv("name", "web-"+strings.Repeat("a", 255)), Good: kv("name", "web-5xx")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "alarmDescription", Kind: LenBetween, Min: 0, Max: 1024, Source: srcAlarm + ": alarm_description StringLenBetween(0, 1024)",
		Bad: kv("alarmDescription", strings.Repeat("a", 1025)), Good: kv("alarmDescription", "5xx above budget")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "statistic", Kind: OneOf, Values: []string{"SampleCount", "Average", "Sum", "Minimum", "Maximum"}, Source: srcAlarm + ": statistic enum.Validate[Statistic]",
		Bad: kv("statistic", "p99"), Good: kv("statistic", "Sum")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "statistic", Kind: ConflictsWith, Values: []string{"extendedStatistic"}, Source: srcAlarm + ": statistic ConflictsWith extended_statistic",
		Bad: kv("statistic", "Sum", "extendedStatistic", "p99"), Good: kv("statistic", "Sum")},
	{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", Property: "treatMissingData", Kind: OneOf, Values: []string{"breaching", "notBreaching", "ignore", "missing"}, IgnoreCase: true, Source: srcAlarm + ": treat_missing_data StringInSlice(missingData_Values(), true)",
		Bad: kv("treatMissingData", "zero"), Good: kv("treatMissingData", "notBreaching")},

	// --- WAF, CloudFront
	{Type: "aws:wafv2/webAcl:WebAcl", Property: "scope", Kind: OneOf, Values: []string{"CLOUDFRONT", "REGIONAL"}, Source: srcWAF + ": scope enum.Validate[Scope]",
		Bad: kv("scope", "GLOBAL"), Good: kv("scope", "CLOUDFRONT")},
	{Type: "aws:wafv2/webAcl:WebAcl", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcWAF + ": name StringLenBetween(1, 128)",
		Bad: kv("name", "web-"+strings.Repeat("w", 128)), Good: kv("name", "web-acl")},
	{Type: "aws:wafv2/webAcl:WebAcl", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z_-]+$`, Message: "must contain only alphanumeric hyphen and underscore characters", Source: srcWAF + ": name StringMatch",
		Bad: kv("name", "web acl"), Good: kv("name", "web-acl")},
	{Type: "aws:wafv2/webAcl:WebAcl", Property: "defaultAction", TFName: "default_action", Kind: Required, Source: srcWAF + ": default_action Required",
		Bad: kv("defaultAction", Absent), Good: kv("defaultAction", map[string]any{"allow": map[string]any{}})},
	{Type: "aws:wafv2/webAcl:WebAcl", Property: "description", Kind: LenBetween, Min: 1, Max: 256, Source: srcWAF + ": description StringLenBetween(1, 256)",
		Bad: kv("description", ""), Good: kv("description", "web edge")},
	{Type: "aws:wafv2/webAcl:WebAcl", Property: "visibilityConfig", TFName: "visibility_config", Kind: Required, Source: srcWAF + ": visibility_config Required",
		Bad: kv("visibilityConfig", Absent), Good: kv("visibilityConfig", goodVisibility)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "enabled", Kind: Required, Source: srcCDN + ": enabled Required",
		Bad: kv("enabled", Absent), Good: kv("enabled", true)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "priceClass", Kind: OneOf, Values: []string{"PriceClass_100", "PriceClass_200", "PriceClass_All"}, Source: srcCDN + ": price_class StringInSlice(PriceClass_Values())",
		Bad: kv("priceClass", "PriceClass_50"), Good: kv("priceClass", "PriceClass_100")},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "origins[].connectionAttempts", TFName: "origin[].connection_attempts", Kind: IntBetween, Min: 1, Max: 3, Source: srcCDN + ": origin.connection_attempts IntBetween(1, 3)",
		Bad: kv("origins", []any{map[string]any{"domainName": "assets.s3.amazonaws.com", "originId": "assets", "connectionAttempts": 5, "connectionTimeout": 10}}), Good: kv("origins", goodOrigins)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "origins[].connectionTimeout", TFName: "origin[].connection_timeout", Kind: IntBetween, Min: 1, Max: 10, Source: srcCDN + ": origin.connection_timeout IntBetween(1, 10)",
		Bad: kv("origins", []any{map[string]any{"domainName": "assets.s3.amazonaws.com", "originId": "assets", "connectionAttempts": 3, "connectionTimeout": 30}}), Good: kv("origins", goodOrigins)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "viewerCertificate.minimumProtocolVersion", TFName: "viewer_certificate.0.minimum_protocol_version", Kind: OneOf, Values: cdnProtocols, Source: srcCDN + ": viewer_certificate.minimum_protocol_version StringInSlice(MinimumProtocolVersion_Values())",
		Bad: kv("viewerCertificate", map[string]any{"cloudfrontDefaultCertificate": true, "minimumProtocolVersion": "TLSv1.3"}), Good: kv("viewerCertificate", goodViewerCert)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "viewerCertificate.acmCertificateArn", TFName: "viewer_certificate.0.acm_certificate_arn", Kind: ARN, Source: srcCDN + ": viewer_certificate.acm_certificate_arn verify.ValidARN",
		Bad: kv("viewerCertificate", map[string]any{"acmCertificateArn": "certificate/abc", "sslSupportMethod": "sni-only"}), Good: kv("viewerCertificate", goodViewerCert)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "restrictions.geoRestriction.restrictionType", TFName: "restrictions.0.geo_restriction.0.restriction_type", Kind: OneOf, Values: []string{"blacklist", "whitelist", "none"}, Source: srcCDN + ": restrictions.geo_restriction.restriction_type StringInSlice(GeoRestrictionType_Values())",
		Bad: kv("restrictions", map[string]any{"geoRestriction": map[string]any{"restrictionType": "allow"}}), Good: kv("restrictions", goodRestriction)},
	{Type: "aws:cloudfront/distribution:Distribution", Property: "defaultCacheBehavior.viewerProtocolPolicy", TFName: "default_cache_behavior.0.viewer_protocol_policy", Kind: OneOf, Values: []string{"allow-all", "https-only", "redirect-to-https"}, Source: srcCDN + ": default_cache_behavior.viewer_protocol_policy StringInSlice(ViewerProtocolPolicy_Values())",
		Bad: kv("defaultCacheBehavior", map[string]any{"targetOriginId": "assets", "viewerProtocolPolicy": "https"}), Good: kv("defaultCacheBehavior", goodCacheBehav)},

	// --- IAM
	{Type: "aws:iam/role:Role", Property: "assumeRolePolicy", Kind: Required, Source: srcRole + ": assume_role_policy Required",
		Bad: kv("assumeRolePolicy", Absent), Good: kv("assumeRolePolicy", `{"Version":"2012-10-17","Statement":[]}`)},
	{Type: "aws:iam/role:Role", Property: "name", Kind: LenBetween, Min: 1, Max: 64, Source: srcRoleName + " StringLenBetween(1, 64)",
		Bad: kv("name", "web-"+strings.Repeat("r", 61)), Good: kv("name", "web-nodes")},
	{Type: "aws:iam/role:Role", Property: "maxSessionDuration", Kind: IntBetween, Min: 3600, Max: 43200, Source: srcRole + ": max_session_duration IntBetween(3600, 43200)",
		Bad: kv("maxSessionDuration", 600), Good: kv("maxSessionDuration", 3600)},
	{Type: "aws:iam/role:Role", Property: "description", Kind: LenBetween, Min: 0, Max: 1000, Source: srcRole + ": description StringLenBetween(0, 1000)",
		Bad: kv("description", strings.Repeat("r", 1001)), Good: kv("description", "nodes of web")},
	{Type: "aws:iam/role:Role", Property: "path", Kind: LenBetween, Min: 0, Max: 512, Source: srcRole + ": path StringLenBetween(0, 512)",
		Bad: kv("path", "/"+strings.Repeat("p", 512)+"/"), Good: kv("path", "/web/")},
	{Type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", Property: "policyArn", Kind: ARN, Source: srcPolicyAttach + ": policy_arn verify.ValidARN",
		Bad: kv("policyArn", "AmazonEKSWorkerNodePolicy"), Good: kv("policyArn", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy")},
	{Type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", Property: "role", Kind: Required, Source: srcPolicyAttach + ": role Required",
		Bad: kv("role", Absent), Good: kv("role", "web-nodes")},
	{Type: "aws:iam/rolePolicy:RolePolicy", Property: "policy", Kind: Required, Source: srcRolePolicy + ": policy Required",
		Bad: kv("policy", Absent), Good: kv("policy", `{"Version":"2012-10-17","Statement":[]}`)},

	// --- Secrets Manager, Backup, SNS
	{Type: "aws:secretsmanager/secret:Secret", Property: "recoveryWindowInDays", Kind: IntBetween, Min: 7, Max: 30, Ints: []int{0}, Source: srcSecret + ": recovery_window_in_days Any(IntBetween(7, 30), IntInSlice([0]))",
		Bad: kv("recoveryWindowInDays", 3), Good: kv("recoveryWindowInDays", 7)},
	{Type: "aws:secretsmanager/secret:Secret", Property: "name", Kind: ConflictsWith, Values: []string{"namePrefix"}, Source: srcSecret + ": name ConflictsWith name_prefix",
		Bad: kv("name", "web-auth", "namePrefix", "web-auth-"), Good: kv("namePrefix", "web-auth-", "name", Absent)},
	{Type: "aws:backup/vault:Vault", Property: "name", Kind: LenBetween, Min: 2, Max: 50, Source: srcBackupVault + ": name StringLenBetween(2, 50)",
		Bad: kv("name", "v"), Good: kv("name", "web-vault")},
	{Type: "aws:backup/vault:Vault", Property: "name", Kind: Match, Pattern: `^[a-zA-Z0-9\-\_]*$`, Message: "must consist of letters, numbers, and hyphens.", Source: srcBackupVault + ": name StringMatch",
		Bad: kv("name", "web vault"), Good: kv("name", "web-vault")},
	{Type: "aws:backup/vault:Vault", Property: "kmsKeyArn", Kind: ARN, Source: srcBackupVault + ": kms_key_arn verify.ValidARN",
		Bad: kv("kmsKeyArn", "alias/backup"), Good: kv("kmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/backup")},
	{Type: "aws:backup/plan:Plan", Property: "rules[].targetVaultName", TFName: "rule[].target_vault_name", Kind: Required, Source: srcBackupPlan + ": rule.target_vault_name Required",
		Bad: kv("rules", []any{map[string]any{"ruleName": "daily", "schedule": "cron(0 3 * * ? *)"}}), Good: kv("rules", goodPlanRules)},
	{Type: "aws:backup/plan:Plan", Property: "rules[].ruleName", TFName: "rule[].rule_name", Kind: Match, Pattern: `^[0-9A-Za-z_.-]+$`, Message: "must contain only alphanumeric characters, hyphens, underscores, and periods", Source: srcBackupPlan + ": rule.rule_name StringMatch",
		Bad: kv("rules", []any{map[string]any{"ruleName": "daily backup", "targetVaultName": "web-vault"}}), Good: kv("rules", goodPlanRules)},
	{Type: "aws:sns/topicSubscription:TopicSubscription", Property: "protocol", Kind: Required, Source: srcSNSSub + ": protocol Required",
		Bad: kv("protocol", Absent), Good: kv("protocol", "email")},
	{Type: "aws:sns/topicSubscription:TopicSubscription", Property: "protocol", Kind: OneOf, Values: []string{"application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"}, Source: srcSNSSub + ": protocol StringInSlice(subscriptionProtocol_Values())",
		Bad: kv("protocol", "slack"), Good: kv("protocol", "email")},

	// --- API Gateway (HTTP API), Cognito
	{Type: "aws:apigatewayv2/api:Api", Property: "protocolType", Kind: OneOf, Values: []string{"HTTP", "WEBSOCKET"}, Source: srcAPI + ": protocol_type enum.Validate[ProtocolType]",
		Bad: kv("protocolType", "REST"), Good: kv("protocolType", "HTTP")},
	{Type: "aws:apigatewayv2/api:Api", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcAPI + ": name StringLenBetween(1, 128)",
		Bad: kv("name", "web-"+strings.Repeat("a", 128)), Good: kv("name", "web-api")},
	{Type: "aws:apigatewayv2/api:Api", Property: "description", Kind: LenBetween, Min: 0, Max: 1024, Source: srcAPI + ": description StringLenBetween(0, 1024)",
		Bad: kv("description", strings.Repeat("a", 1025)), Good: kv("description", "web API")},
	{Type: "aws:apigatewayv2/stage:Stage", Property: "apiId", Kind: Required, Source: srcStage + ": api_id Required",
		Bad: kv("apiId", Absent), Good: kv("apiId", "api-1")},
	{Type: "aws:apigatewayv2/stage:Stage", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcStage + ": name StringLenBetween(1, 128)",
		Bad: kv("name", strings.Repeat("s", 129)), Good: kv("name", "$default")},
	{Type: "aws:apigatewayv2/route:Route", Property: "routeKey", Kind: Required, Source: srcRoute + ": route_key Required",
		Bad: kv("routeKey", Absent), Good: kv("routeKey", "ANY /api/{proxy+}")},
	{Type: "aws:apigatewayv2/route:Route", Property: "authorizationType", Kind: OneOf, Values: []string{"NONE", "AWS_IAM", "CUSTOM", "JWT"}, Source: srcRoute + ": authorization_type enum.Validate[AuthorizationType]",
		Bad: kv("authorizationType", "OIDC"), Good: kv("authorizationType", "JWT")},
	{Type: "aws:apigatewayv2/integration:Integration", Property: "integrationType", Kind: OneOf, Values: []string{"AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"}, Source: srcIntegration + ": integration_type enum.Validate[IntegrationType]",
		Bad: kv("integrationType", "ALB"), Good: kv("integrationType", "HTTP_PROXY")},
	{Type: "aws:apigatewayv2/integration:Integration", Property: "connectionType", Kind: OneOf, Values: []string{"INTERNET", "VPC_LINK"}, Source: srcIntegration + ": connection_type enum.Validate[ConnectionType]",
		Bad: kv("connectionType", "PRIVATE"), Good: kv("connectionType", "VPC_LINK")},
	{Type: "aws:cognito/userPool:UserPool", Property: "mfaConfiguration", Kind: OneOf, Values: []string{"OFF", "ON", "OPTIONAL"}, Source: srcUserPool + ": mfa_configuration enum.Validate[UserPoolMfaType]",
		Bad: kv("mfaConfiguration", "REQUIRED"), Good: kv("mfaConfiguration", "OPTIONAL")},
	{Type: "aws:cognito/userPool:UserPool", Property: "passwordPolicy.minimumLength", TFName: "password_policy.0.minimum_length", Kind: IntBetween, Min: 6, Max: 99, Source: srcUserPool + ": password_policy.minimum_length IntBetween(6, 99)",
		Bad: kv("passwordPolicy", map[string]any{"minimumLength": 4, "temporaryPasswordValidityDays": 7}), Good: kv("passwordPolicy", goodPassword)},
	{Type: "aws:cognito/userPool:UserPool", Property: "passwordPolicy.temporaryPasswordValidityDays", TFName: "password_policy.0.temporary_password_validity_days", Kind: IntBetween, Min: 0, Max: 365, Source: srcUserPool + ": password_policy.temporary_password_validity_days IntBetween(0, 365)",
		Bad: kv("passwordPolicy", map[string]any{"minimumLength": 12, "temporaryPasswordValidityDays": 400}), Good: kv("passwordPolicy", goodPassword)},
	{Type: "aws:cognito/userPool:UserPool", Property: "deletionProtection", Kind: OneOf, Values: []string{"ACTIVE", "INACTIVE"}, Source: srcUserPool + ": deletion_protection enum.Validate[DeletionProtectionType]",
		Bad: kv("deletionProtection", "ON"), Good: kv("deletionProtection", "ACTIVE")},
}
