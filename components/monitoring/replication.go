package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// replicationAlarms are the S3 replication rule's latency and failed
// operations, from the replication metrics the rule must enable.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html
func (b *builder) replicationAlarms() error {
	r := b.w.Replication
	if r == nil {
		return nil
	}
	t := b.s.Thresholds
	dims := pulumi.StringMap{"SourceBucket": r.SourceBucket, "DestinationBucket": r.DestinationBucket, "RuleId": r.RuleId}
	return b.alarmsOf(alarmSpec{
		suffix:      AlarmS3ReplicationLag,
		description: fmt.Sprintf("S3 replication to the DR bucket behind by more than %d s", t.S3ReplicationLatencySeconds),
		metric:      metric{namespace: "AWS/S3", name: "ReplicationLatency", stat: "Maximum", dims: dims},
		evaluations: 3, comparison: above, threshold: float64(t.S3ReplicationLatencySeconds),
	}, alarmSpec{
		suffix:      AlarmS3ReplicationFailed,
		description: "S3 replication to the DR bucket failed for some objects",
		metric:      metric{namespace: "AWS/S3", name: "OperationsFailedReplication", stat: "Sum", dims: dims},
		comparison:  above, threshold: 0,
	})
}
