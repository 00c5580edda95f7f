package storage

import (
	"github.com/webplatform-dev/webplatform/internal/awsutil"
)

// elbAccounts are the Elastic Load Balancing accounts that deliver ALB
// access logs in the regions opened before August 2022; newer regions
// deliver as the logdelivery.elasticloadbalancing service principal.
var elbAccounts = map[string]string{
	"us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
	"ca-central-1": "985666609251", "sa-east-1": "507241528517",
	"eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667",
	"eu-central-1": "054676820928", "eu-north-1": "897822967062", "eu-south-1": "635631232127",
	"ap-northeast-1": "582318560864", "ap-northeast-2": "600734575887", "ap-northeast-3": "383597477331",
	"ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266", "ap-south-1": "718504428378",
	"ap-east-1": "754344448648", "me-south-1": "076674570225", "af-south-1": "098369216593",
}

// logDeliveryStatements admit the AWS services that write logs of this
// account into the log bucket, each under its own prefix.
func (b *builder) logDeliveryStatements(bucketArn string) []awsutil.Statement {
	e := b.env
	sameAccount := map[string]map[string]any{"StringEquals": {"aws:SourceAccount": e.AccountID}}
	elb := map[string]any{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
	if acct, ok := elbAccounts[e.Region]; ok {
		elb = map[string]any{"AWS": "arn:" + e.Partition + ":iam::" + acct + ":root"}
	}
	return []awsutil.Statement{
		{
			Sid: "S3ServerAccessLogs", Effect: "Allow",
			Principal: map[string]any{"Service": "logging.s3.amazonaws.com"},
			Action:    "s3:PutObject", Resource: bucketArn + "/" + AccessLogPrefix + "*",
			Condition: sameAccount,
		},
		{
			// The ALB prefix is free (the load balancer's name); the
			// AWSLogs/<account> part pins it to this account.
			Sid: "ALBAccessLogs", Effect: "Allow", Principal: elb,
			Action: "s3:PutObject", Resource: bucketArn + "/*/AWSLogs/" + e.AccountID + "/*",
		},
		{
			Sid: "CloudTrailAclCheck", Effect: "Allow",
			Principal: map[string]any{"Service": "cloudtrail.amazonaws.com"},
			Action:    "s3:GetBucketAcl", Resource: bucketArn, Condition: sameAccount,
		},
		{
			Sid: "CloudTrailWrite", Effect: "Allow",
			Principal: map[string]any{"Service": "cloudtrail.amazonaws.com"},
			Action:    "s3:PutObject", Resource: bucketArn + "/" + CloudTrailPrefix + "/AWSLogs/" + e.AccountID + "/*",
			Condition: map[string]map[string]any{
				"StringEquals": {"aws:SourceAccount": e.AccountID, "s3:x-amz-acl": "bucket-owner-full-control"},
			},
		},
	}
}
