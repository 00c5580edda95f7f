package standin

import (
	"os"
	"strings"
	"time"
)

// DeployTime is how long AWS (or the cluster) typically takes to create and
// delete a resource of one type, in seconds. The Terraform provider's
// default timeouts, where cited, are upper bounds the provider waits for,
// not the typical time; the typical time comes from the service's
// documentation or, where that gives none, common experience (marked
// "typical").
type DeployTime struct {
	Create, Delete float64
	Source         string
}

// defaultDeployTime applies to types the table does not list: most AWS
// API objects (roles, policies, rules, alarms) exist within a few seconds.
var defaultDeployTime = DeployTime{Create: 2, Delete: 2, Source: "typical for synchronous AWS API calls"}

// DeployTimes lists the slow types of the program.
var DeployTimes = map[string]DeployTime{
	"aws:eks/cluster:Cluster":                             {600, 300, "AWS EKS User Guide, Create a cluster: provisioning takes several minutes (typical ~10 min); tf eks/cluster.go Timeouts Create 30m Delete 15m"},
	"aws:eks/nodeGroup:NodeGroup":                         {240, 300, "AWS EKS User Guide, Create a managed node group (typical 3-5 min); tf eks/node_group.go Timeouts 60m"},
	"aws:eks/addon:Addon":                                 {60, 30, "AWS EKS User Guide, add-ons: status CREATING then ACTIVE (typical ~1 min); tf eks/addon.go Timeouts Create 20m Delete 40m"},
	"aws:eks/accessEntry:AccessEntry":                     {5, 5, "typical; synchronous EKS API"},
	"aws:rds/cluster:Cluster":                             {240, 300, "Aurora User Guide, Creating a DB cluster (typical a few min without instances; deletion takes a final snapshot); tf rds/cluster.go Timeouts 120m"},
	"aws:rds/clusterInstance:ClusterInstance":             {540, 480, "Aurora User Guide, Creating a DB instance: status creating then available (typical 8-10 min); tf rds/cluster_instance.go Timeouts 90m"},
	"aws:rds/clusterParameterGroup:ClusterParameterGroup": {5, 5, "typical; synchronous RDS API"},
	"aws:elasticache/replicationGroup:ReplicationGroup":   {780, 480, "ElastiCache User Guide, Creating a replication group (typical 10-15 min); tf elasticache/replication_group.go Timeouts Create 60m Delete 45m"},
	"aws:cloudfront/distribution:Distribution":            {300, 600, "CloudFront Developer Guide, distribution status InProgress until deployed to all edge locations (typical ~5 min); delete needs disable then deploy again; tf cloudfront/distribution.go wait_for_deployment"},
	"aws:ec2/natGateway:NatGateway":                       {90, 60, "Amazon VPC User Guide, NAT gateways: state pending then available (typical 1-2 min); tf ec2/vpc_nat_gateway.go Timeouts Create 10m Delete 30m"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                     {90, 60, "AWS PrivateLink Guide, interface endpoints: pending then available (typical 1-2 min); tf ec2/vpc_endpoint.go Timeouts 10m"},
	"aws:ec2/internetGateway:InternetGateway":             {5, 30, "typical; detach waits for mapped public addresses"},
	"aws:ec2/vpc:Vpc":                                     {5, 10, "typical; synchronous EC2 API"},
	"aws:ec2/subnet:Subnet":                               {3, 10, "typical; tf ec2/vpc_subnet.go Timeouts Create 10m Delete 20m"},
	"aws:ec2/securityGroup:SecurityGroup":                 {5, 15, "typical; delete waits for ENIs; tf ec2/vpc_security_group.go Timeouts Create 10m Delete 15m"},
	"aws:ec2/launchTemplate:LaunchTemplate":               {3, 3, "typical; synchronous EC2 API"},
	"aws:acm/certificate:Certificate":                     {5, 5, "typical; request returns at once (validation is separate)"},
	"aws:acm/certificateValidation:CertificateValidation": {180, 1, "ACM User Guide, DNS validation: issued once the CNAME resolves (typical a few min); tf acm/certificate_validation.go Timeouts Create 75m"},
	"aws:wafv2/webAcl:WebAcl":                             {30, 30, "typical; WAF propagates to CloudFront in seconds to a minute"},
	"aws:lb/loadBalancer:LoadBalancer":                    {180, 60, "ELB User Guide, state provisioning then active (typical ~3 min); tf elbv2/load_balancer.go Timeouts 10m"},
	"aws:lb/targetGroup:TargetGroup":                      {3, 3, "typical; synchronous ELB API"},
	"aws:lb/listener:Listener":                            {3, 3, "typical; synchronous ELB API"},
	"aws:kms/key:Key":                                     {10, 5, "typical; delete only schedules deletion; tf kms/key.go Timeouts Create iamPropagationTimeout (2m)"},
	"aws:s3/bucketV2:BucketV2":                            {5, 5, "typical; synchronous S3 API"},
	"aws:apigatewayv2/vpcLink:VpcLink":                    {120, 120, "API Gateway Developer Guide, VPC links for HTTP APIs: PENDING then AVAILABLE (typical ~2 min); tf apigatewayv2/vpc_link.go Timeouts"},
	"aws:cloudtrail/trail:Trail":                          {10, 5, "typical; synchronous CloudTrail API"},
	"aws:guardduty/detector:Detector":                     {10, 5, "typical; synchronous GuardDuty API"},
	"aws:backup/vault:Vault":                              {5, 5, "typical; synchronous Backup API"},
	"aws:cognito/userPool:UserPool":                       {5, 5, "typical; synchronous Cognito API"},
	"kubernetes:helm.sh/v3:Release":                       {90, 30, "Helm install --wait: until the chart's pods are ready (typical 1-2 min)"},
	"kubernetes:apps/v1:Deployment":                       {45, 20, "pulumi-kubernetes await: until the rollout is available (typical under a minute)"},
	"kubernetes:core/v1:Namespace":                        {2, 15, "namespace deletion waits for finalizers (typical seconds)"},
	"kubernetes:core/v1:Service":                          {5, 5, "typical; ClusterIP services are immediate"},
	"random:index/randomPassword:RandomPassword":          {0, 0, "local computation"},
}

// CreateSeconds is the typical time AWS takes to create a resource of the
// type, in seconds.
func CreateSeconds(typeToken string) float64 { return deployTime(typeToken).Create }

// DeleteSeconds is the typical time AWS takes to delete a resource of the
// type, in seconds.
func DeleteSeconds(typeToken string) float64 { return deployTime(typeToken).Delete }

func deployTime(typ string) DeployTime {
	if d, ok := DeployTimes[typ]; ok {
		return d
	}
	if strings.HasPrefix(typ, "random:") {
		return DeployTime{Source: "local computation"}
	}
	return defaultDeployTime
}

// ScaleFromEnv reads STANDIN_TIME_SCALE, the wall time per AWS second
// ("10ms"); unset, empty, "0" or invalid means no waiting.
func ScaleFromEnv() time.Duration {
	v := os.Getenv("STANDIN_TIME_SCALE")
	if v == "" || v == "0" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0
	}
	return d
}
