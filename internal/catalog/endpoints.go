package catalog

// EndpointServices are the AWS services, by the short name in
// "com.amazonaws.<region>.<service>", that offer an interface VPC endpoint
// and that the platform's nodes, pods or operators call. A name outside
// the list fails CreateVpcEndpoint ("The Vpc Endpoint Service ... does not
// exist") after the VPC exists; add a service here, with the page, when
// the platform starts calling it.
var EndpointServices = []string{
	"apigateway", "application-autoscaling", "autoscaling", "backup",
	"cloudtrail", "cognito-idp", "ebs", "ec2", "ec2messages", "ecr.api", "ecr.dkr",
	"eks", "eks-auth", "elasticache", "elasticfilesystem", "elasticloadbalancing",
	"events", "execute-api", "guardduty-data", "kinesis-firehose", "kinesis-streams",
	"kms", "lambda", "logs", "monitoring", "rds", "rds-data", "secretsmanager",
	"sns", "sqs", "ssm", "ssmmessages", "states", "sts", "xray",
}

// EndpointServicesSource is where EndpointServices comes from: the "Service name" column of the PrivateLink
// guide's table of integrated services.
var EndpointServicesSource = Source{
	Ref:  "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html",
	Read: "2026-12-02",
}
