package standin

import "strings"

// Replacement is one input property whose change makes the real provider
// replace the resource (ForceNew in the terraform-provider-aws schema; the
// kubernetes provider's forceNew table).
type Replacement struct {
	Type     string // resource type token; "kubernetes:*" is every kubernetes type
	Property string // Pulumi property path
	Source   string // schema file the ForceNew is declared in
}

const (
	tfRDSCluster     = "terraform-provider-aws internal/service/rds/cluster.go resourceCluster: ForceNew"
	tfRDSInstance    = "terraform-provider-aws internal/service/rds/cluster_instance.go resourceClusterInstance: ForceNew"
	tfRDSSubnetGroup = "terraform-provider-aws internal/service/rds/subnet_group.go ResourceSubnetGroup: ForceNew"
	tfRDSParamGroup  = "terraform-provider-aws internal/service/rds/cluster_parameter_group.go ResourceClusterParameterGroup: ForceNew"
	tfCacheGroup     = "terraform-provider-aws internal/service/elasticache/replication_group.go resourceReplicationGroup: ForceNew"
	tfCacheSubnets   = "terraform-provider-aws internal/service/elasticache/subnet_group.go ResourceSubnetGroup: ForceNew"
	tfCacheParams    = "terraform-provider-aws internal/service/elasticache/parameter_group.go resourceParameterGroup: ForceNew"
	tfEKSCluster     = "terraform-provider-aws internal/service/eks/cluster.go resourceCluster: ForceNew"
	tfEKSNodeGroup   = "terraform-provider-aws internal/service/eks/node_group.go resourceNodeGroup: ForceNew"
	tfEKSAddon       = "terraform-provider-aws internal/service/eks/addon.go resourceAddon: ForceNew"
	tfBucket         = "terraform-provider-aws internal/service/s3/bucket.go resourceBucket: ForceNew"
	tfKMSKey         = "terraform-provider-aws internal/service/kms/key.go resourceKey: ForceNew"
	tfLB             = "terraform-provider-aws internal/service/elbv2/load_balancer.go resourceLoadBalancer: ForceNew"
	tfTargetGroup    = "terraform-provider-aws internal/service/elbv2/target_group.go resourceTargetGroup: ForceNew"
	tfLogGroup       = "terraform-provider-aws internal/service/logs/group.go resourceGroup: ForceNew"
	tfRole           = "terraform-provider-aws internal/service/iam/role.go ResourceRole: ForceNew"
	tfSecret         = "terraform-provider-aws internal/service/secretsmanager/secret.go resourceSecret: ForceNew"
	k8sForceNew      = "pulumi-kubernetes provider/pkg/provider/forcenew.go forceNewProperties (metadataForceNewProperties, forceNew table)"
)

// Replacements is the table of properties that force a new resource, for
// every property the program sets on the types it registers most, and on
// the database, cache, cluster, bucket, key and load balancer in full.
var Replacements = []Replacement{
	// Aurora cluster, instances, subnet group, parameter group.
	{"aws:rds/cluster:Cluster", "clusterIdentifier", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "clusterIdentifierPrefix", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "availabilityZones", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "databaseName", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "dbSubnetGroupName", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "engine", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "engineMode", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "kmsKeyId", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "masterUsername", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "snapshotIdentifier", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "sourceRegion", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "storageEncrypted", tfRDSCluster},
	{"aws:rds/cluster:Cluster", "restoreToPointInTime", tfRDSCluster},
	{"aws:rds/clusterInstance:ClusterInstance", "identifier", tfRDSInstance},
	{"aws:rds/clusterInstance:ClusterInstance", "identifierPrefix", tfRDSInstance},
	{"aws:rds/clusterInstance:ClusterInstance", "clusterIdentifier", tfRDSInstance},
	{"aws:rds/clusterInstance:ClusterInstance", "engine", tfRDSInstance},
	{"aws:rds/clusterInstance:ClusterInstance", "availabilityZone", tfRDSInstance},
	{"aws:rds/clusterInstance:ClusterInstance", "dbSubnetGroupName", tfRDSInstance},
	{"aws:rds/clusterInstance:ClusterInstance", "customIamInstanceProfile", tfRDSInstance},
	{"aws:rds/subnetGroup:SubnetGroup", "name", tfRDSSubnetGroup},
	{"aws:rds/subnetGroup:SubnetGroup", "namePrefix", tfRDSSubnetGroup},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "name", tfRDSParamGroup},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "namePrefix", tfRDSParamGroup},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "family", tfRDSParamGroup},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "description", tfRDSParamGroup},

	// ElastiCache replication group, subnet group, parameter group.
	{"aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "atRestEncryptionEnabled", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "kmsKeyId", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "port", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "subnetGroupName", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "networkType", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "dataTieringEnabled", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "securityGroupNames", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "snapshotArns", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "snapshotName", tfCacheGroup},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "globalReplicationGroupId", tfCacheGroup},
	{"aws:elasticache/subnetGroup:SubnetGroup", "name", tfCacheSubnets},
	{"aws:elasticache/parameterGroup:ParameterGroup", "name", tfCacheParams},
	{"aws:elasticache/parameterGroup:ParameterGroup", "family", tfCacheParams},
	{"aws:elasticache/parameterGroup:ParameterGroup", "description", tfCacheParams},

	// EKS cluster, node group, add-on.
	{"aws:eks/cluster:Cluster", "name", tfEKSCluster},
	{"aws:eks/cluster:Cluster", "roleArn", tfEKSCluster},
	{"aws:eks/cluster:Cluster", "bootstrapSelfManagedAddons", tfEKSCluster},
	{"aws:eks/cluster:Cluster", "accessConfig.bootstrapClusterCreatorAdminPermissions", tfEKSCluster},
	{"aws:eks/cluster:Cluster", "kubernetesNetworkConfig.serviceIpv4Cidr", tfEKSCluster},
	{"aws:eks/cluster:Cluster", "kubernetesNetworkConfig.ipFamily", tfEKSCluster},
	{"aws:eks/nodeGroup:NodeGroup", "clusterName", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "nodeGroupName", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "nodeGroupNamePrefix", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "nodeRoleArn", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "subnetIds", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "amiType", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "capacityType", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "diskSize", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "instanceTypes", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "remoteAccess", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "launchTemplate.id", tfEKSNodeGroup},
	{"aws:eks/nodeGroup:NodeGroup", "launchTemplate.name", tfEKSNodeGroup},
	{"aws:eks/addon:Addon", "addonName", tfEKSAddon},
	{"aws:eks/addon:Addon", "clusterName", tfEKSAddon},

	// S3 buckets.
	{"aws:s3/bucketV2:BucketV2", "bucket", tfBucket},
	{"aws:s3/bucketV2:BucketV2", "bucketPrefix", tfBucket},

	// KMS key.
	{"aws:kms/key:Key", "customerMasterKeySpec", tfKMSKey},
	{"aws:kms/key:Key", "keyUsage", tfKMSKey},
	{"aws:kms/key:Key", "multiRegion", tfKMSKey},
	{"aws:kms/key:Key", "customKeyStoreId", tfKMSKey},
	{"aws:kms/key:Key", "xksKeyId", tfKMSKey},

	// Load balancer and target group.
	{"aws:lb/loadBalancer:LoadBalancer", "name", tfLB},
	{"aws:lb/loadBalancer:LoadBalancer", "namePrefix", tfLB},
	{"aws:lb/loadBalancer:LoadBalancer", "internal", tfLB},
	{"aws:lb/loadBalancer:LoadBalancer", "loadBalancerType", tfLB},
	{"aws:lb/loadBalancer:LoadBalancer", "customerOwnedIpv4Pool", tfLB},
	{"aws:lb/targetGroup:TargetGroup", "name", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "namePrefix", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "port", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "protocol", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "protocolVersion", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "targetType", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "vpcId", tfTargetGroup},
	{"aws:lb/targetGroup:TargetGroup", "ipAddressType", tfTargetGroup},

	// Others the program registers often.
	{"aws:cloudwatch/logGroup:LogGroup", "name", tfLogGroup},
	{"aws:cloudwatch/logGroup:LogGroup", "namePrefix", tfLogGroup},
	{"aws:cloudwatch/logGroup:LogGroup", "logGroupClass", tfLogGroup},
	{"aws:iam/role:Role", "name", tfRole},
	{"aws:iam/role:Role", "namePrefix", tfRole},
	{"aws:iam/role:Role", "path", tfRole},
	{"aws:secretsmanager/secret:Secret", "name", tfSecret},
	{"aws:secretsmanager/secret:Secret", "namePrefix", tfSecret},

	// Kubernetes: every object, and the kinds with immutable fields.
	{"kubernetes:*", "metadata.name", k8sForceNew},
	{"kubernetes:*", "metadata.namespace", k8sForceNew},
	{"kubernetes:apps/v1:Deployment", "spec.selector", k8sForceNew},
	{"kubernetes:apps/v1:StatefulSet", "spec.selector", k8sForceNew},
	{"kubernetes:apps/v1:StatefulSet", "spec.serviceName", k8sForceNew},
	{"kubernetes:apps/v1:StatefulSet", "spec.volumeClaimTemplates", k8sForceNew},
	{"kubernetes:apps/v1:StatefulSet", "spec.podManagementPolicy", k8sForceNew},
	{"kubernetes:storage.k8s.io/v1:StorageClass", "parameters", k8sForceNew},
	{"kubernetes:storage.k8s.io/v1:StorageClass", "provisioner", k8sForceNew},
}

// PhysicalNames maps a type to the property holding its unique physical
// name: a replacement that keeps a user-chosen name there must delete the
// old resource first (see keepsFixedName).
var PhysicalNames = map[string]string{
	"aws:rds/cluster:Cluster":                             "clusterIdentifier",
	"aws:rds/clusterInstance:ClusterInstance":             "identifier",
	"aws:rds/subnetGroup:SubnetGroup":                     "name",
	"aws:rds/clusterParameterGroup:ClusterParameterGroup": "name",
	"aws:elasticache/replicationGroup:ReplicationGroup":   "replicationGroupId",
	"aws:elasticache/subnetGroup:SubnetGroup":             "name",
	"aws:elasticache/parameterGroup:ParameterGroup":       "name",
	"aws:eks/cluster:Cluster":                             "name",
	"aws:eks/nodeGroup:NodeGroup":                         "nodeGroupName",
	"aws:s3/bucketV2:BucketV2":                            "bucket",
	"aws:lb/loadBalancer:LoadBalancer":                    "name",
	"aws:lb/targetGroup:TargetGroup":                      "name",
	"aws:cloudwatch/logGroup:LogGroup":                    "name",
	"aws:iam/role:Role":                                   "name",
	"aws:secretsmanager/secret:Secret":                    "name",
}

func replacementsFor(typ string) []Replacement {
	var out []Replacement
	for _, r := range Replacements {
		if r.Type == typ || (r.Type == "kubernetes:*" && strings.HasPrefix(typ, "kubernetes:")) {
			out = append(out, r)
		}
	}
	return out
}
