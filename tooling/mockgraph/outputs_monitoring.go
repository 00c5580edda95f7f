package mockgraph

import "fmt"

// Computed attributes of the monitoring tier's resource types (SNS,
// CloudWatch alarms and dashboards, EventBridge, CloudTrail, GuardDuty),
// shaped like the real ones.
func init() {
	named := nameOr
	RegisterOutputs("aws:sns/topic:Topic", func(r *Resource, region string) map[string]any {
		n := named(r, "name")
		return map[string]any{"name": n, "arn": fmt.Sprintf("arn:aws:sns:%s:%s:%s", region, Account, n)}
	})
	RegisterOutputs("aws:cloudwatch/metricAlarm:MetricAlarm", func(r *Resource, region string) map[string]any {
		n := named(r, "name")
		return map[string]any{"name": n, "arn": fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", region, Account, n)}
	})
	RegisterOutputs("aws:cloudwatch/compositeAlarm:CompositeAlarm", func(r *Resource, region string) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", region, Account, named(r, "alarmName"))}
	})
	RegisterOutputs("aws:cloudwatch/dashboard:Dashboard", func(r *Resource, _ string) map[string]any {
		return map[string]any{"dashboardArn": fmt.Sprintf("arn:aws:cloudwatch::%s:dashboard/%s", Account, named(r, "dashboardName"))}
	})
	RegisterOutputs("aws:cloudwatch/eventRule:EventRule", func(r *Resource, region string) map[string]any {
		n := named(r, "name")
		return map[string]any{"name": n, "arn": fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", region, Account, n)}
	})
	RegisterOutputs("aws:cloudtrail/trail:Trail", func(r *Resource, region string) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", region, Account, named(r, "name")), "homeRegion": region}
	})
	RegisterOutputs("aws:guardduty/detector:Detector", func(r *Resource, region string) map[string]any {
		return map[string]any{"accountId": Account, "arn": fmt.Sprintf("arn:aws:guardduty:%s:%s:detector/%s-id", region, Account, r.Name)}
	})
}
