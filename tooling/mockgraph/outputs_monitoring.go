package mockgraph

import "fmt"

// Computed attributes of the monitoring tier's resource types (SNS,
// CloudWatch alarms and dashboards, EventBridge, CloudTrail, GuardDuty),
// shaped like the real ones.
func monitoringModel(t outputTable) {
	named := nameOr
	t.add("aws:sns/topic:Topic", func(r *Resource, region string) map[string]any {
		n := named(r, "name")
		return map[string]any{"name": n, "arn": fmt.Sprintf("arn:aws:sns:%s:%s:%s", region, Account, n)}
	})
	t.add("aws:cloudwatch/metricAlarm:MetricAlarm", func(r *Resource, region string) map[string]any {
		n := named(r, "name")
		return map[string]any{"name": n, "arn": fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", region, Account, n)}
	})
	t.add("aws:cloudwatch/compositeAlarm:CompositeAlarm", func(r *Resource, region string) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", region, Account, named(r, "alarmName"))}
	})
	t.add("aws:cloudwatch/dashboard:Dashboard", func(r *Resource, _ string) map[string]any {
		return map[string]any{"dashboardArn": fmt.Sprintf("arn:aws:cloudwatch::%s:dashboard/%s", Account, named(r, "dashboardName"))}
	})
	t.add("aws:cloudwatch/eventRule:EventRule", func(r *Resource, region string) map[string]any {
		n := named(r, "name")
		return map[string]any{"name": n, "arn": fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", region, Account, n)}
	})
	t.add("aws:cloudtrail/trail:Trail", func(r *Resource, region string) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", region, Account, named(r, "name")), "homeRegion": region}
	})
	t.add("aws:guardduty/detector:Detector", func(r *Resource, region string) map[string]any {
		return map[string]any{"accountId": Account, "arn": fmt.Sprintf("arn:aws:guardduty:%s:%s:detector/%s-id", region, Account, r.Name)}
	})
}
