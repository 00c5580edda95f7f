package standin

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Naming rules: length, characters and reserved prefixes of the physical
// names of every named type the program registers, beyond those rules.go
// already holds (load balancer, target group length, EKS, node group, log
// group, alarm, role length, WAF, KMS alias, RDS subnet and parameter
// group characters). Each cites the provider validator or the AWS
// documentation page it comes from and the day it was read. Rules taken
// from AWS documentation (the provider passes the name through and AWS
// refuses it at create) word their message after the page.

const readNames = "; read 2026-12-03"

// Sources of the naming rules.
const (
	srcDocBucket       = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose bucket naming rules)" + readNames
	srcRoleNameChars   = "tf internal/service/iam/validate.go validResourceName: StringMatch(^[\\w+=,.@-]*$)" + readNames
	srcRolePolicyName  = "tf internal/service/iam/validate.go validRolePolicyName = validResourceName(rolePolicyNameMaxLen=128)" + readNames
	srcRDSIdentifier   = "tf internal/service/rds/validate.go validIdentifier" + readNames
	srcRDSParamName    = "tf internal/service/rds/validate.go validParamGroupName" + readNames
	srcRDSSubnetName   = "tf internal/service/rds/validate.go validSubnetGroupName" + readNames
	srcELBName         = "tf internal/service/elbv2/validate.go validName" + readNames
	srcTGNameFull      = "tf internal/service/elbv2/validate.go validTargetGroupName" + readNames
	srcEventRule       = "tf internal/service/events/validate.go validateRuleName" + readNames
	srcDashboard       = "tf internal/service/cloudwatch/validate.go validDashboardName" + readNames
	srcCompositeAlarm  = "AWS CloudWatch API Reference PutCompositeAlarm: AlarmName length 1-255" + readNames
	srcMetricFilter    = "tf internal/service/logs/validate.go validLogMetricFilterName (at most 512, ^[^:*]+$)" + readNames
	srcTopicName       = "tf internal/service/sns/topic.go resourceTopicCustomizeDiff: ^[0-9A-Za-z_-]{1,256}$ (non-FIFO)" + readNames
	srcSecretName      = "tf internal/service/secretsmanager/validate.go validSecretName" + readNames
	srcSelectionName   = "tf internal/service/backup/selection.go name: StringLenBetween(1, 50), StringMatch(^[0-9A-Za-z_.-]+$)" + readNames
	srcCFFunction      = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_FunctionSummary.html Name: length 1-64, pattern [a-zA-Z0-9-_]{1,64}" + readNames
	srcOACName         = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html Name: up to 64 characters" + readNames
	srcTrailName       = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html" + readNames
	srcPoolClientName  = "tf internal/service/cognitoidp/validate.go userPoolClientNameValidator: LengthBetween(1, 128), RegexMatches([\\w\\s+=,.@-]+)" + readNames
	srcECRName         = "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Repository.html repositoryName: length 2-256, pattern" + readNames
	srcSGName          = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html GroupName: up to 255 characters, cannot start with sg-, a-z A-Z 0-9 spaces ._-:/()#,@[]+=&;{}!$*" + readNames
	srcLaunchTemplate  = "tf internal/verify/validate.go ValidLaunchTemplateName" + readNames
	srcVPCLinkName     = "tf internal/service/apigatewayv2/vpc_link.go name: StringLenBetween(1, 128)" + readNames
	srcAuthorizerName  = "tf internal/service/apigatewayv2/authorizer.go ResourceAuthorizer name: StringLenBetween(1, 128)" + readNames
	srcAPIDomainLen    = "tf internal/service/apigatewayv2/domain_name.go resourceDomainName domain_name: StringLenBetween(1, 512)" + readNames
	srcAPIDomainCase   = "https://docs.aws.amazon.com/es_es/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-domainname.html DomainName: uppercase letters are not supported" + readNames
	srcScalingPolicy   = "tf internal/service/appautoscaling/policy.go ResourcePolicy name: StringLenBetween(0, 255)" + readNames
	srcBackupPlanName  = "https://docs.aws.amazon.com/aws-backup/latest/APIReference/API_BackupPlanInput.md BackupPlanName: 1 to 50 alphanumeric or '-_.' characters (tf internal/service/backup/plan.go ResourcePlan has no validator on name)" + readNames
	srcUserPoolName    = "tf internal/service/cognitoidp/user_pool.go resourceUserPool name: validation.Any(StringLenBetween(1, 128), StringMatch([\\w\\s+=,.@-]+)), the Cognito API's UserPoolNameType (length 1-128, pattern [\\w\\s+=,.@-]+) AWS checks at CreateUserPool" + readNames
	srcCacheSubnetName = "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html CacheSubnetGroupName: no more than 255 alphanumeric characters or hyphens (tf internal/service/elasticache/subnet_group.go ResourceSubnetGroup has no validator on name)" + readNames
	srcDNSName         = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html (labels up to 63 bytes, names up to 255 bytes including the dots; records: printable ASCII without spaces; tf internal/service/route53/record.go has no validator on name)" + readNames
)

// Patterns shared by a rule and its message.
const (
	patECR        = `^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`
	patEventRule  = `^[0-9A-Za-z_.-]+$`
	patDashboard  = `^[0-9A-Za-z_-]+$`
	patRoleChars  = `^[\w+=,.@-]*$`
	patLTName     = `^[0-9A-Za-z()./_\-]+$`
	patBucketName = `^[a-z0-9][a-z0-9.-]*[a-z0-9]$`
	patBucketPref = `^[a-z0-9][a-z0-9.-]*$`
	patReservedS3 = `^(xn--|sthree-|amzn-s3-demo-)`
	patSuffixS3   = `(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$`
	patIPAddress  = `^\d+\.\d+\.\d+\.\d+$`
	patLongLabel  = `[^.]{64,}`
	msgLongLabel  = "each label of a domain name can be up to 63 bytes long: {qv}"
)

// nameRules is the naming table (see the file comment).
var nameRules = []Rule{
	// --- S3 buckets: the bucket (or the prefix that starts it)
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucket", Kind: Match, Pattern: patBucketName, Message: "bucket names consist of lowercase letters, numbers, dots and hyphens, and begin and end with a letter or number", Source: srcDocBucket,
		Bad: kv("bucket", "Web_Assets", "bucketPrefix", Absent), Good: kv("bucket", "web-assets", "bucketPrefix", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucket", Kind: NotMatch, Pattern: patReservedS3, Message: "bucket names must not start with xn--, sthree- or amzn-s3-demo-", Source: srcDocBucket,
		Bad: kv("bucket", "sthree-assets", "bucketPrefix", Absent), Good: kv("bucket", "web-assets", "bucketPrefix", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucket", Kind: NotMatch, Pattern: patSuffixS3, Message: "bucket names must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3", Source: srcDocBucket,
		Bad: kv("bucket", "web-s3alias", "bucketPrefix", Absent), Good: kv("bucket", "web-assets", "bucketPrefix", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucket", Kind: NotMatch, Pattern: `\.\.|` + patIPAddress, Message: "bucket names must not contain two adjacent periods or be formatted as an IP address", Source: srcDocBucket,
		Bad: kv("bucket", "10.0.0.1", "bucketPrefix", Absent), Good: kv("bucket", "web-assets", "bucketPrefix", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucketPrefix", Kind: Match, Pattern: patBucketPref, Message: "bucket names consist of lowercase letters, numbers, dots and hyphens, and begin with a letter or number", Source: srcDocBucket,
		Bad: kv("bucketPrefix", "Web-Assets-", "bucket", Absent), Good: kv("bucketPrefix", "web-assets-", "bucket", Absent)},
	{Type: "aws:s3/bucketV2:BucketV2", Property: "bucketPrefix", Kind: NotMatch, Pattern: patReservedS3, Message: "bucket names must not start with xn--, sthree- or amzn-s3-demo-", Source: srcDocBucket,
		Bad: kv("bucketPrefix", "xn--web-", "bucket", Absent), Good: kv("bucketPrefix", "web-assets-", "bucket", Absent)},

	// --- IAM roles (auto-named) and their inline policies
	{Type: "aws:iam/role:Role", Property: "name", Kind: Match, Pattern: patRoleChars, Message: `must match [\w+=,.@-]`, Source: srcRoleNameChars,
		Bad: kv("name", "web nodes"), Good: kv("name", "web-nodes")},
	{Type: "aws:iam/rolePolicy:RolePolicy", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcRolePolicyName,
		Bad: kv("name", "web-"+strings.Repeat("p", 125)), Good: kv("name", "web-kms")},
	{Type: "aws:iam/rolePolicy:RolePolicy", Property: "name", Kind: Match, Pattern: patRoleChars, Message: `must match [\w+=,.@-]`, Source: srcRolePolicyName,
		Bad: kv("name", "web:kms"), Good: kv("name", "web-kms")},

	// --- RDS: instance identifiers, parameter and subnet group names
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "identifier", Kind: Match, Pattern: `^[a-z]`, Message: msgFirstLetter, Source: srcRDSIdentifier,
		Bad: kv("identifier", "1-web-db"), Good: kv("identifier", "web-db-1")},
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "identifier", Kind: NotMatch, Pattern: `--`, Message: msgDoubleHyphen, Source: srcRDSIdentifier,
		Bad: kv("identifier", "web--db-1"), Good: kv("identifier", "web-db-1")},
	{Type: "aws:rds/clusterInstance:ClusterInstance", Property: "identifier", Kind: NotMatch, Pattern: `-$`, Message: msgEndHyphen, Source: srcRDSIdentifier,
		Bad: kv("identifier", "web-db-"), Good: kv("identifier", "web-db-1")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "name", Kind: Match, Pattern: `^[a-z]`, Message: "first character of parameter group {qk} must be a letter", Source: srcRDSParamName,
		Bad: kv("name", "1-web-params"), Good: kv("name", "web-params")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "name", Kind: NotMatch, Pattern: `--`, Message: "parameter group {qk} cannot contain two consecutive hyphens", Source: srcRDSParamName,
		Bad: kv("name", "web--params"), Good: kv("name", "web-params")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "name", Kind: NotMatch, Pattern: `-$`, Message: "parameter group {qk} cannot end with a hyphen", Source: srcRDSParamName,
		Bad: kv("name", "web-params-"), Good: kv("name", "web-params")},
	{Type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", Property: "name", Kind: Match, Pattern: `^.{0,255}$`, Message: "parameter group {qk} cannot be greater than 255 characters", Source: srcRDSParamName,
		Bad: kv("name", "web-"+strings.Repeat("p", 252)), Good: kv("name", "web-params")},
	{Type: "aws:rds/subnetGroup:SubnetGroup", Property: "name", Kind: Match, Pattern: `^.{0,255}$`, Message: "{qk} cannot be longer than 255 characters", Source: srcRDSSubnetName,
		Bad: kv("name", "web-"+strings.Repeat("s", 252)), Good: kv("name", "web-db")},

	// --- Load balancer and target group: the rest of validName / validTargetGroupName
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "name", Kind: NotMatch, Pattern: `^-`, Message: "{qk} cannot begin with a hyphen: {qv}", Source: srcELBName,
		Bad: kv("name", "-web-alb"), Good: kv("name", "web-alb")},
	{Type: "aws:lb/loadBalancer:LoadBalancer", Property: "name", Kind: NotMatch, Pattern: `-$`, Message: "{qk} cannot end with a hyphen: {qv}", Source: srcELBName,
		Bad: kv("name", "web-alb-"), Good: kv("name", "web-alb")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z-]+$`, Message: "only alphanumeric characters and hyphens allowed in {qk}", Source: srcTGNameFull,
		Bad: kv("name", "web_api"), Good: kv("name", "web-api")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "name", Kind: NotMatch, Pattern: `^-`, Message: "{qk} cannot begin with a hyphen", Source: srcTGNameFull,
		Bad: kv("name", "-web-api"), Good: kv("name", "web-api")},
	{Type: "aws:lb/targetGroup:TargetGroup", Property: "name", Kind: NotMatch, Pattern: `-$`, Message: "{qk} cannot end with a hyphen", Source: srcTGNameFull,
		Bad: kv("name", "web-api-"), Good: kv("name", "web-api")},

	// --- CloudWatch: event rules, dashboards, composite alarms
	{Type: "aws:cloudwatch/eventRule:EventRule", Property: "name", Kind: Match, Pattern: `^.{0,64}$`, Message: "{qk} cannot be longer than 64 characters: {qv}", Source: srcEventRule,
		Bad: kv("name", "web-"+strings.Repeat("e", 61)), Good: kv("name", "web-findings")},
	{Type: "aws:cloudwatch/eventRule:EventRule", Property: "name", Kind: Match, Pattern: patEventRule, Message: `{qk} doesn't comply with restrictions ("` + patEventRule + `"): {qv}`, Source: srcEventRule,
		Bad: kv("name", "web findings"), Good: kv("name", "web-findings")},
	{Type: "aws:cloudwatch/dashboard:Dashboard", Property: "dashboardName", Kind: Match, Pattern: `^.{0,255}$`, Message: "{qk} cannot be longer than 255 characters: {qv}", Source: srcDashboard,
		Bad: kv("dashboardName", "web-"+strings.Repeat("d", 252)), Good: kv("dashboardName", "web-ops")},
	{Type: "aws:cloudwatch/dashboard:Dashboard", Property: "dashboardName", Kind: Match, Pattern: patDashboard, Message: `{qk} doesn't comply with restrictions ("` + patDashboard + `"): {qv}`, Source: srcDashboard,
		Bad: kv("dashboardName", "web.ops"), Good: kv("dashboardName", "web-ops")},
	{Type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", Property: "name", Kind: Match, Pattern: `^.{0,512}$`, Message: "{qk} cannot be longer than 512 characters: {qv}", Source: srcMetricFilter,
		Bad: kv("name", "web-"+strings.Repeat("f", 509)), Good: kv("name", "web-api-429")},
	{Type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", Property: "name", Kind: Match, Pattern: `^[^:*]+$`, Message: "{qk} isn't a valid log metric name (must not contain colon nor asterisk): {qv}", Source: srcMetricFilter,
		Bad: kv("name", "web:429"), Good: kv("name", "web-api-429")},
	{Type: "aws:cloudwatch/compositeAlarm:CompositeAlarm", Property: "alarmName", Kind: LenBetween, Min: 1, Max: 255, Source: srcCompositeAlarm,
		Bad: kv("alarmName", "web-"+strings.Repeat("a", 252)), Good: kv("alarmName", "web-unhealthy")},

	// --- SNS, Secrets Manager, Backup selections
	{Type: "aws:sns/topic:Topic", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z_-]{1,256}$`, Message: "invalid topic name: {v}", Source: srcTopicName,
		Bad: kv("name", "web.alerts"), Good: kv("name", "web-alerts")},
	{Type: "aws:secretsmanager/secret:Secret", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z/_+=.@-]+$`, Message: "only alphanumeric characters and /_+=.@- special characters are allowed in {qk}", Source: srcSecretName,
		Bad: kv("name", "web auth", "namePrefix", Absent), Good: kv("name", "web-auth", "namePrefix", Absent)},
	{Type: "aws:secretsmanager/secret:Secret", Property: "name", Kind: Match, Pattern: `^.{0,512}$`, Message: "{qk} cannot be greater than 512 characters", Source: srcSecretName,
		Bad: kv("name", "web-"+strings.Repeat("s", 509), "namePrefix", Absent), Good: kv("name", "web-auth", "namePrefix", Absent)},
	{Type: "aws:backup/selection:Selection", Property: "name", Kind: LenBetween, Min: 1, Max: 50, Source: srcSelectionName,
		Bad: kv("name", "web-"+strings.Repeat("s", 47)), Good: kv("name", "web-scoped")},
	{Type: "aws:backup/selection:Selection", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z_.-]+$`, Message: "must contain only alphanumeric, hyphen, underscore, and period characters", Source: srcSelectionName,
		Bad: kv("name", "web scoped"), Good: kv("name", "web-scoped")},

	// --- CloudFront function and origin access control, CloudTrail
	{Type: "aws:cloudfront/function:Function", Property: "name", Kind: Match, Pattern: `^[a-zA-Z0-9_-]{1,64}$`, Message: "function names are 1-64 letters, digits, hyphens and underscores", Source: srcCFFunction,
		Bad: kv("name", "web-"+strings.Repeat("f", 61)), Good: kv("name", "web-viewer-request")},
	{Type: "aws:cloudfront/originAccessControl:OriginAccessControl", Property: "name", Kind: LenBetween, Min: 1, Max: 64, Source: srcOACName,
		Bad: kv("name", "web-"+strings.Repeat("o", 61)), Good: kv("name", "web-assets")},
	{Type: "aws:cloudtrail/trail:Trail", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z][0-9A-Za-z._-]{1,126}[0-9A-Za-z]$`, Message: "trail names are 3-128 ASCII letters, numbers, periods, underscores or dashes, beginning and ending with a letter or number", Source: srcTrailName,
		Bad: kv("name", "web-trail-"), Good: kv("name", "web-trail")},
	{Type: "aws:cloudtrail/trail:Trail", Property: "name", Kind: NotMatch, Pattern: `[._-]{2}|` + patIPAddress, Message: "trail names have no adjacent periods, underscores or dashes and are not IP addresses", Source: srcTrailName,
		Bad: kv("name", "web--trail"), Good: kv("name", "web-trail")},

	// --- Cognito app client, ECR, security groups, launch templates, VPC links
	{Type: "aws:cognito/userPoolClient:UserPoolClient", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcPoolClientName,
		Bad: kv("name", "web-"+strings.Repeat("c", 125)), Good: kv("name", "web-client")},
	{Type: "aws:cognito/userPoolClient:UserPoolClient", Property: "name", Kind: Match, Pattern: `[\w\s+=,.@-]+`, Message: `can include any letter, number, space, tab, or one of "+=,.@-"`, Source: srcPoolClientName,
		Bad: kv("name", "::"), Good: kv("name", "web-client")},
	{Type: "aws:ecr/repository:Repository", Property: "name", Kind: LenBetween, Min: 2, Max: 256, Source: srcECRName,
		Bad: kv("name", "w"), Good: kv("name", "web-app")},
	{Type: "aws:ecr/repository:Repository", Property: "name", Kind: Match, Pattern: patECR, Message: "repository names are lowercase letters and digits, separated by single ., _ or - (and / between namespaces)", Source: srcECRName,
		Bad: kv("name", "web--app"), Good: kv("name", "web-app")},
	{Type: "aws:ec2/securityGroup:SecurityGroup", Property: "name", Kind: LenBetween, Min: 0, Max: 255, Source: srcSGName,
		Bad: kv("name", "web-"+strings.Repeat("g", 252), "namePrefix", Absent), Good: kv("name", "web", "namePrefix", Absent)},
	{Type: "aws:ec2/securityGroup:SecurityGroup", Property: "name", Kind: NotMatch, Pattern: `^sg-`, Message: "group names cannot start with sg-", Source: srcSGName,
		Bad: kv("name", "sg-web", "namePrefix", Absent), Good: kv("name", "web", "namePrefix", Absent)},
	{Type: "aws:ec2/securityGroup:SecurityGroup", Property: "name", Kind: Match, Pattern: `^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$`, Message: "valid characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*", Source: srcSGName,
		Bad: kv("name", "web|pods", "namePrefix", Absent), Good: kv("name", "web", "namePrefix", Absent)},
	{Type: "aws:ec2/launchTemplate:LaunchTemplate", Property: "name", Kind: Match, Pattern: `^.{3,125}$`, Message: "{qk} must be 3 to 125 characters", Source: srcLaunchTemplate,
		Bad: kv("name", "lt", "namePrefix", Absent), Good: kv("name", "web-nodes", "namePrefix", Absent)},
	{Type: "aws:ec2/launchTemplate:LaunchTemplate", Property: "name", Kind: Match, Pattern: patLTName, Message: "{qk} can only alphanumeric characters and ()./_- symbols", Source: srcLaunchTemplate,
		Bad: kv("name", "web nodes", "namePrefix", Absent), Good: kv("name", "web-nodes", "namePrefix", Absent)},
	{Type: "aws:ec2/launchTemplate:LaunchTemplate", Property: "namePrefix", Kind: Match, Pattern: `^.{3,99}$`, Message: "{qk} cannot be longer than 99 characters, name is limited to 125", Source: srcLaunchTemplate,
		Bad: kv("namePrefix", "web-"+strings.Repeat("n", 96), "name", Absent), Good: kv("namePrefix", "web-nodes-", "name", Absent)},
	{Type: "aws:ec2/launchTemplate:LaunchTemplate", Property: "namePrefix", Kind: Match, Pattern: patLTName, Message: "{qk} can only alphanumeric characters and ()./_- symbols", Source: srcLaunchTemplate,
		Bad: kv("namePrefix", "web nodes-", "name", Absent), Good: kv("namePrefix", "web-nodes-", "name", Absent)},
	{Type: "aws:apigatewayv2/vpcLink:VpcLink", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcVPCLinkName,
		Bad: kv("name", "web-"+strings.Repeat("v", 125)), Good: kv("name", "web-api")},

	// --- API Gateway authorizer and custom domain
	{Type: "aws:apigatewayv2/authorizer:Authorizer", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcAuthorizerName,
		Bad: kv("name", "web-"+strings.Repeat("j", 125)), Good: kv("name", "web-jwt")},
	{Type: "aws:apigatewayv2/domainName:DomainName", Property: "domainName", Kind: LenBetween, Min: 1, Max: 512, Source: srcAPIDomainLen,
		Bad: kv("domainName", ""), Good: kv("domainName", "api.example.com")},
	{Type: "aws:apigatewayv2/domainName:DomainName", Property: "domainName", Kind: NotMatch, Pattern: `[A-Z]`, Message: "uppercase letters are not supported in {qk}: {qv}", Source: srcAPIDomainCase,
		Bad: kv("domainName", "API.example.com"), Good: kv("domainName", "api.example.com")},
	{Type: "aws:apigatewayv2/domainName:DomainName", Property: "domainName", Kind: NotMatch, Pattern: patLongLabel, Message: msgLongLabel, Source: srcDNSName,
		Bad: kv("domainName", strings.Repeat("a", 64)+".example.com"), Good: kv("domainName", "api.example.com")},

	// --- Application Auto Scaling policy, Backup plan, Cognito user pool, ElastiCache subnet group
	{Type: "aws:appautoscaling/policy:Policy", Property: "name", Kind: LenBetween, Min: 0, Max: 255, Source: srcScalingPolicy,
		Bad: kv("name", "web-"+strings.Repeat("p", 252)), Good: kv("name", "web-readers-cpu")},
	{Type: "aws:backup/plan:Plan", Property: "name", Kind: LenBetween, Min: 1, Max: 50, Source: srcBackupPlanName,
		Bad: kv("name", "web-"+strings.Repeat("p", 47)), Good: kv("name", "web-backup")},
	{Type: "aws:backup/plan:Plan", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z_.-]+$`, Message: "backup plan names contain only alphanumeric or '-_.' characters", Source: srcBackupPlanName,
		Bad: kv("name", "web backup"), Good: kv("name", "web-backup")},
	{Type: "aws:cognito/userPool:UserPool", Property: "name", Kind: LenBetween, Min: 1, Max: 128, Source: srcUserPoolName,
		Bad: kv("name", "web-"+strings.Repeat("u", 125)), Good: kv("name", "web-users")},
	{Type: "aws:cognito/userPool:UserPool", Property: "name", Kind: Match, Pattern: `^[\w\s+=,.@-]+$`, Message: `must satisfy regular expression pattern: [\w\s+=,.@-]+`, Source: srcUserPoolName,
		Bad: kv("name", "web:users"), Good: kv("name", "web-users")},
	{Type: "aws:elasticache/subnetGroup:SubnetGroup", Property: "name", Kind: Match, Pattern: `^[0-9A-Za-z-]{1,255}$`, Message: "cache subnet group names contain no more than 255 alphanumeric characters or hyphens", Source: srcCacheSubnetName,
		Bad: kv("name", "web_cache"), Good: kv("name", "web-cache")},

	// --- Route 53 records: DNS names
	{Type: "aws:route53/record:Record", Property: "name", Kind: Match, Pattern: `^.{1,255}\.?$`, Message: "the total length of a domain name cannot exceed 255 bytes, including the dots (the provider trims a trailing dot): {qv}", Source: srcDNSName,
		Bad: kv("name", strings.Repeat(strings.Repeat("d", 62)+".", 4)+"example.com"), Good: kv("name", "app.example.com")},
	{Type: "aws:route53/record:Record", Property: "name", Kind: NotMatch, Pattern: patLongLabel, Message: msgLongLabel, Source: srcDNSName,
		Bad: kv("name", strings.Repeat("a", 64)+".example.com"), Good: kv("name", "app.example.com")},
	{Type: "aws:route53/record:Record", Property: "name", Kind: Match, Pattern: `^[!-~]+$`, Message: "record names consist of printable ASCII characters, without spaces", Source: srcDNSName,
		Bad: kv("name", "app example.com"), Good: kv("name", "app.example.com")},
}

// NameProperties are, per type the program registers, the properties
// that hold a physical name or the prefix of one: the naming rules are
// the rules (of both tables) on these properties.
var NameProperties = map[string][]string{
	"aws:s3/bucketV2:BucketV2":                               {"bucket", "bucketPrefix"},
	"aws:iam/role:Role":                                      {"name"},
	"aws:iam/rolePolicy:RolePolicy":                          {"name"},
	"aws:rds/cluster:Cluster":                                {"clusterIdentifier", "finalSnapshotIdentifier"},
	"aws:rds/clusterInstance:ClusterInstance":                {"identifier"},
	"aws:rds/subnetGroup:SubnetGroup":                        {"name"},
	"aws:rds/clusterParameterGroup:ClusterParameterGroup":    {"name"},
	"aws:elasticache/replicationGroup:ReplicationGroup":      {"replicationGroupId"},
	"aws:lb/loadBalancer:LoadBalancer":                       {"name"},
	"aws:lb/targetGroup:TargetGroup":                         {"name"},
	"aws:eks/cluster:Cluster":                                {"name"},
	"aws:eks/nodeGroup:NodeGroup":                            {"nodeGroupName"},
	"aws:cloudwatch/logGroup:LogGroup":                       {"name"},
	"aws:cloudwatch/metricAlarm:MetricAlarm":                 {"name"},
	"aws:cloudwatch/compositeAlarm:CompositeAlarm":           {"alarmName"},
	"aws:cloudwatch/logMetricFilter:LogMetricFilter":         {"name"},
	"aws:cloudwatch/dashboard:Dashboard":                     {"dashboardName"},
	"aws:cloudwatch/eventRule:EventRule":                     {"name"},
	"aws:wafv2/webAcl:WebAcl":                                {"name"},
	"aws:kms/alias:Alias":                                    {"name"},
	"aws:backup/vault:Vault":                                 {"name"},
	"aws:backup/selection:Selection":                         {"name"},
	"aws:sns/topic:Topic":                                    {"name"},
	"aws:secretsmanager/secret:Secret":                       {"name"},
	"aws:cloudfront/function:Function":                       {"name"},
	"aws:cloudfront/originAccessControl:OriginAccessControl": {"name"},
	"aws:cloudtrail/trail:Trail":                             {"name"},
	"aws:cognito/userPoolClient:UserPoolClient":              {"name"},
	"aws:ecr/repository:Repository":                          {"name"},
	"aws:ec2/securityGroup:SecurityGroup":                    {"name"},
	"aws:ec2/launchTemplate:LaunchTemplate":                  {"name", "namePrefix"},
	"aws:apigatewayv2/api:Api":                               {"name"},
	"aws:apigatewayv2/vpcLink:VpcLink":                       {"name"},
	"aws:apigatewayv2/stage:Stage":                           {"name"},
	"aws:apigatewayv2/authorizer:Authorizer":                 {"name"},
	"aws:apigatewayv2/domainName:DomainName":                 {"domainName"},
	"aws:appautoscaling/policy:Policy":                       {"name"},
	"aws:backup/plan:Plan":                                   {"name"},
	"aws:cognito/userPool:UserPool":                          {"name"},
	"aws:elasticache/subnetGroup:SubnetGroup":                {"name"},
	"aws:route53/record:Record":                              {"name"},
}

// UnsourcedNames are named types the program registers for which no
// provider validator or AWS page was found yet (so no rule is written
// from memory): each says what is missing. A test keeps this list and
// NameProperties together covering every named type.
var UnsourcedNames = map[string]string{
	"aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "policy name: tf internal/service/cloudfront/response_headers_policy.go ResourceResponseHeadersPolicy has no validator on name (Required only), and the API page https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyConfig.html gives no length or characters (the name must be unique in the account); no name limit turned up in a search of the CloudFront quotas either" + readNames,
}

// IsNameRule reports whether r checks a physical name (NameProperties).
func IsNameRule(r Rule) bool {
	return r.Kind != Required && slices.Contains(NameProperties[r.Type], r.Property)
}

// CheckNames returns the failures of the naming rules of typ on inputs
// (of a resource named name): the names alone, whatever else is set.
func CheckNames(typ, name string, inputs resource.PropertyMap) []Failure {
	var out []Failure
	for _, r := range rulesByType[typ] {
		if IsNameRule(r) {
			out = append(out, r.check(name, inputs)...)
		}
	}
	return out
}
