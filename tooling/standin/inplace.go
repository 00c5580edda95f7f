package standin

import "strings"

// InPlace lists the input properties the program sets on the database,
// cache, cluster, buckets, key and load balancer whose change the real
// provider applies as an update: their terraform-provider-aws schema has
// no ForceNew. Together with Replacements it classifies every property the
// program sets on those types (tests/replacement_coverage_test.go checks
// it). A nested block counts as classified when a rule exists for it or
// for a path under it.
//
// The Sources name the schema read through the code search of
// hashicorp/terraform-provider-aws (stored versions are mixed: the commit
// read is given; pulumi-aws 6.83.2 bridges the v5 line, and none of these
// attributes gained or lost ForceNew between the versions read and v5
// unless noted).
var InPlace = []Replacement{
	// Aurora cluster: rds/cluster.go resourceCluster, read at 0168cf68
	// (schema with master_password_wo).
	{"aws:rds/cluster:Cluster", "allowMajorVersionUpgrade", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "backupRetentionPeriod", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "copyTagsToSnapshot", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "dbClusterParameterGroupName", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "deletionProtection", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "enabledCloudwatchLogsExports", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "engineVersion", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "finalSnapshotIdentifier", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "iamDatabaseAuthenticationEnabled", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "manageMasterUserPassword", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "masterUserSecretKmsKeyId", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "preferredBackupWindow", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "preferredMaintenanceWindow", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "skipFinalSnapshot", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "vpcSecurityGroupIds", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "serverlessv2ScalingConfiguration", tfRDSClusterUpd},
	{"aws:rds/cluster:Cluster", "tags", tfRDSClusterUpd},

	// Aurora instances: rds/cluster_instance.go resourceClusterInstance,
	// read at 01606926 (AWS SDK v2, v5 line).
	{"aws:rds/clusterInstance:ClusterInstance", "autoMinorVersionUpgrade", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "engineVersion", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "instanceClass", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "monitoringInterval", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "monitoringRoleArn", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "performanceInsightsEnabled", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "performanceInsightsKmsKeyId", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "performanceInsightsRetentionPeriod", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "promotionTier", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "publiclyAccessible", tfRDSInstanceUpd},
	{"aws:rds/clusterInstance:ClusterInstance", "tags", tfRDSInstanceUpd},

	// DB subnet group: rds/subnet_group.go ResourceSubnetGroup, read at
	// 01c08000 (ModifyDBSubnetGroup on description, subnet_ids).
	{"aws:rds/subnetGroup:SubnetGroup", "description", tfRDSSubnetGroupUpd},
	{"aws:rds/subnetGroup:SubnetGroup", "subnetIds", tfRDSSubnetGroupUpd},
	{"aws:rds/subnetGroup:SubnetGroup", "tags", tfRDSSubnetGroupUpd},

	// Cluster parameter group (parameter set: ModifyDBClusterParameterGroup),
	// cluster_parameter_group.go ResourceClusterParameterGroup, read at 01e5fd8f.
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "parameters", tfRDSParamGroupUpd},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "tags", tfRDSParamGroupUpd},

	// ElastiCache replication group: elasticache/replication_group.go
	// resourceReplicationGroup, read at 001b6364 (v6 line; same ForceNew
	// set as late v5 once valkey made engine updatable).
	{"aws:elasticache/replicationGroup:ReplicationGroup", "authToken", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "authTokenUpdateStrategy", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "autoMinorVersionUpgrade", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "automaticFailoverEnabled", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "description", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "engine", tfCacheGroupUpd + "; CustomizeDiff customizeDiffEngineForceNewOnDowngrade replaces only on valkey->redis"},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "engineVersion", tfCacheGroupUpd + "; CustomizeDiff customizeDiffEngineVersionForceNewOnDowngrade replaces only on a downgrade"},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "logDeliveryConfigurations", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "maintenanceWindow", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "multiAzEnabled", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "nodeType", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "numCacheClusters", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "parameterGroupName", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "preferredCacheClusterAzs", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "securityGroupIds", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "snapshotRetentionLimit", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "snapshotWindow", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "tags", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "transitEncryptionEnabled", tfCacheGroupUpd},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "transitEncryptionMode", tfCacheGroupUpd},

	// Cache subnet group: elasticache/subnet_group.go ResourceSubnetGroup,
	// read at 01c08000 (ModifyCacheSubnetGroup on subnet_ids, description).
	{"aws:elasticache/subnetGroup:SubnetGroup", "description", tfCacheSubnetsUpd},
	{"aws:elasticache/subnetGroup:SubnetGroup", "subnetIds", tfCacheSubnetsUpd},
	{"aws:elasticache/subnetGroup:SubnetGroup", "tags", tfCacheSubnetsUpd},

	// EKS cluster: eks/cluster.go resourceCluster, read at 00555dc5 (with
	// compute_config). vpc_config's subnet_ids / security_group_ids carry
	// no ForceNew there; encryption_config has none either (a CustomizeDiff
	// replaces only when the block is removed).
	{"aws:eks/cluster:Cluster", "accessConfig.authenticationMode", tfEKSClusterUpd},
	{"aws:eks/cluster:Cluster", "enabledClusterLogTypes", tfEKSClusterUpd},
	{"aws:eks/cluster:Cluster", "encryptionConfig", tfEKSClusterUpd + "; CustomizeDiff ForceNewIfChange(encryption_config) only when removed"},
	{"aws:eks/cluster:Cluster", "tags", tfEKSClusterUpd},
	{"aws:eks/cluster:Cluster", "version", tfEKSClusterUpd},
	{"aws:eks/cluster:Cluster", "vpcConfig", tfEKSClusterUpd},

	// EKS node group: eks/node_group.go resourceNodeGroup, read at 012e0a32
	// (v5 line, node_repair_config). launch_template.version updates via
	// UpdateNodegroupVersion; id and name are ForceNew (in Replacements).
	{"aws:eks/nodeGroup:NodeGroup", "launchTemplate.version", tfEKSNodeGroupUpd},
	{"aws:eks/nodeGroup:NodeGroup", "scalingConfig", tfEKSNodeGroupUpd},
	{"aws:eks/nodeGroup:NodeGroup", "tags", tfEKSNodeGroupUpd},
	{"aws:eks/nodeGroup:NodeGroup", "updateConfig", tfEKSNodeGroupUpd},

	// KMS key: kms/key.go resourceKey, read at 00a35305.
	{"aws:kms/key:Key", "deletionWindowInDays", tfKMSKeyUpd},
	{"aws:kms/key:Key", "description", tfKMSKeyUpd},
	{"aws:kms/key:Key", "enableKeyRotation", tfKMSKeyUpd},
	{"aws:kms/key:Key", "policy", tfKMSKeyUpd},
	{"aws:kms/key:Key", "tags", tfKMSKeyUpd},

	// Load balancer: elbv2/load_balancer.go resourceLoadBalancer, read at
	// 00edc94b. subnets and security_groups carry no ForceNew; for a network
	// load balancer customizeDiffLoadBalancerNLB replaces when subnets are
	// removed or security groups are added to / removed from none.
	{"aws:lb/loadBalancer:LoadBalancer", "accessLogs", tfLBUpd},
	{"aws:lb/loadBalancer:LoadBalancer", "desyncMitigationMode", tfLBUpd},
	{"aws:lb/loadBalancer:LoadBalancer", "dropInvalidHeaderFields", tfLBUpd},
	{"aws:lb/loadBalancer:LoadBalancer", "enableDeletionProtection", tfLBUpd},
	{"aws:lb/loadBalancer:LoadBalancer", "enableHttp2", tfLBUpd},
	{"aws:lb/loadBalancer:LoadBalancer", "idleTimeout", tfLBUpd},
	{"aws:lb/loadBalancer:LoadBalancer", "securityGroups", tfLBUpd + "; NLB: CustomizeDiff customizeDiffLoadBalancerNLB"},
	{"aws:lb/loadBalancer:LoadBalancer", "subnets", tfLBUpd + "; NLB: CustomizeDiff customizeDiffLoadBalancerNLB"},
	{"aws:lb/loadBalancer:LoadBalancer", "tags", tfLBUpd},

	// Target group: elbv2/target_group.go resourceTargetGroup, read at
	// 013cfb4c (health_check's nested fields carry no ForceNew).
	{"aws:lb/targetGroup:TargetGroup", "deregistrationDelay", tfTargetGroupUpd},
	{"aws:lb/targetGroup:TargetGroup", "healthCheck", tfTargetGroupUpd},
	{"aws:lb/targetGroup:TargetGroup", "tags", tfTargetGroupUpd},

	// Buckets.
	{"aws:s3/bucketV2:BucketV2", "forceDestroy", tfBucketUpd},
	{"aws:s3/bucketV2:BucketV2", "tags", tfBucketUpd},
}

const (
	noForceNew          = ": no ForceNew"
	tfRDSClusterUpd     = "terraform-provider-aws internal/service/rds/cluster.go resourceCluster" + noForceNew + " (read at 0168cf68)"
	tfRDSInstanceUpd    = "terraform-provider-aws internal/service/rds/cluster_instance.go resourceClusterInstance" + noForceNew + " (read at 01606926)"
	tfRDSSubnetGroupUpd = "terraform-provider-aws internal/service/rds/subnet_group.go ResourceSubnetGroup" + noForceNew + " (read at 01c08000)"
	tfRDSParamGroupUpd  = "terraform-provider-aws internal/service/rds/cluster_parameter_group.go ResourceClusterParameterGroup" + noForceNew + " (read at 01e5fd8f)"
	tfCacheGroupUpd     = "terraform-provider-aws internal/service/elasticache/replication_group.go resourceReplicationGroup" + noForceNew + " (read at 001b6364)"
	tfCacheSubnetsUpd   = "terraform-provider-aws internal/service/elasticache/subnet_group.go ResourceSubnetGroup" + noForceNew + " (read at 01c08000)"
	tfEKSClusterUpd     = "terraform-provider-aws internal/service/eks/cluster.go resourceCluster" + noForceNew + " (read at 00555dc5)"
	tfEKSNodeGroupUpd   = "terraform-provider-aws internal/service/eks/node_group.go resourceNodeGroup" + noForceNew + " (read at 012e0a32)"
	tfKMSKeyUpd         = "terraform-provider-aws internal/service/kms/key.go resourceKey" + noForceNew + " (read at 00a35305)"
	tfLBUpd             = "terraform-provider-aws internal/service/elbv2/load_balancer.go resourceLoadBalancer" + noForceNew + " (read at 00edc94b)"
	tfTargetGroupUpd    = "terraform-provider-aws internal/service/elbv2/target_group.go resourceTargetGroup" + noForceNew + " (read at 013cfb4c)"
	tfBucketUpd         = "terraform-provider-aws internal/service/s3/bucket.go resourceBucket" + noForceNew + " (read at 0070bcd1, a v4-era version; force_destroy is client-side only)"
)

// Classified reports whether the standin knows how a change to the
// top-level input prop of a resource of type typ is applied: a Replacement
// or InPlace entry names prop or a path under it.
func Classified(typ, prop string) bool {
	covers := func(path string) bool {
		top, _, _ := strings.Cut(path, ".")
		top = strings.TrimSuffix(top, "[]")
		return top == prop
	}
	for _, r := range replacementsFor(typ) {
		if covers(r.Property) {
			return true
		}
	}
	for _, r := range InPlace {
		if r.Type == typ && covers(r.Property) {
			return true
		}
	}
	return false
}
