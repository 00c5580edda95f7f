package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
)

// flowLogs sends every VPC flow to an encrypted log group with retention.
func (b *builder) flowLogs() error {
	groupName := "/aws/vpc/flow-logs/" + b.prefix
	keyArn := b.w.FlowLogKMSKeyArn
	if keyArn == nil {
		key, err := kmskey.New(b.ctx, b.name+"-flow-logs", kmskey.Args{
			Env:            b.env,
			Description:    fmt.Sprintf("VPC flow logs of network %s", b.name),
			LogsArnPattern: b.env.ARN("logs", "log-group:"+groupName),
			Tags:           b.tags,
			Alias:          b.prefix + "-flow-logs",
		}, b.parent)
		if err != nil {
			return err
		}
		keyArn = key.Key.Arn
	}
	group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-flow-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(b.s.FlowLogRetentionDays),
		KmsKeyId:        keyArn,
		Tags:            b.tagged(b.name+"-flow-logs", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("flow log group: %w", err)
	}
	role, err := iam.NewRole(b.ctx, b.name+"-flow-logs", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(b.env.AssumeRoleFor("vpc-flow-logs")),
		Description:      pulumi.String("Lets VPC Flow Logs write to " + groupName),
		Tags:             b.tagged(b.name+"-flow-logs", nil),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("flow log role: %w", err)
	}
	// Scoped to this one log group and its streams.
	policy := group.Arn.ApplyT(func(arn string) string {
		return awsutil.Policy(awsutil.Statement{
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resource: []string{arn, arn + ":*"},
		}).JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(b.ctx, b.name+"-flow-logs", &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, b.parent); err != nil {
		return fmt.Errorf("flow log role policy: %w", err)
	}
	if _, err := ec2.NewFlowLog(b.ctx, b.name+"-flow-log", &ec2.FlowLogArgs{
		VpcId:                  b.vpcRes.ID(),
		TrafficType:            pulumi.String(b.s.FlowLogTrafficType),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(60),
		Tags:                   b.tagged(b.name+"-flow-log", nil),
	}, b.parent); err != nil {
		return fmt.Errorf("flow log: %w", err)
	}
	b.flowLogGroup = group.Name
	return nil
}
