// Package loggroup creates CloudWatch log groups the way every component
// must: a fixed name, retention, and a customer-managed KMS key.
package loggroup

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/tags"
)

// New creates the log group groupName as resource name. Services that would
// otherwise create the group themselves (without retention or a key) must
// depend on it.
func New(ctx *pulumi.Context, name, groupName string, retentionDays int, kmsKeyArn pulumi.StringInput, tagSet map[string]string, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	g, err := cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(retentionDays),
		KmsKeyId:        kmsKeyArn,
		Tags:            tags.Named(tagSet, name),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("log group %s: %w", groupName, err)
	}
	return g, nil
}
