package cdn

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// additionalMetrics turns on the distribution's additional CloudWatch
// metrics (OriginLatency, the 4xx/5xx rates per status code, cache hit
// rate): without them CloudFront publishes no latency at all, so the
// latency users see at the edge could not be graphed or alarmed on. They
// are billed per distribution and metric (CloudWatch custom metrics).
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html
func (b *builder) additionalMetrics() error {
	if _, err := cloudfront.NewMonitoringSubscription(b.ctx, b.name, &cloudfront.MonitoringSubscriptionArgs{
		DistributionId: b.dist.ID(),
		MonitoringSubscription: cloudfront.MonitoringSubscriptionMonitoringSubscriptionArgs{
			RealtimeMetricsSubscriptionConfig: cloudfront.MonitoringSubscriptionMonitoringSubscriptionRealtimeMetricsSubscriptionConfigArgs{
				RealtimeMetricsSubscriptionStatus: pulumi.String("Enabled"),
			},
		},
	}, b.parent); err != nil {
		return fmt.Errorf("additional metrics: %w", err)
	}
	b.cdn.AdditionalMetrics = true
	return nil
}
