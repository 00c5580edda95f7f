package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// natAlarms are, per NAT gateway, port allocation errors (the gateway ran
// out of source ports for one destination: saturation) and dropped
// packets (health).
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html
func (b *builder) natAlarms() error {
	n := b.w.NAT
	if n == nil {
		return nil
	}
	t := b.s.Thresholds
	for i, id := range n.GatewayIds {
		dims := pulumi.StringMap{"NatGatewayId": id}
		if err := b.alarmsOf(alarmSpec{
			suffix:      fmt.Sprintf("%s%d", AlarmNATPortsPrefix, i+1),
			description: fmt.Sprintf("NAT gateway %d could not allocate a source port", i+1),
			metric:      metric{namespace: "AWS/NATGateway", name: "ErrorPortAllocation", stat: "Sum", dims: dims},
			comparison:  above, threshold: 0,
		}, alarmSpec{
			suffix:      fmt.Sprintf("%s%d", AlarmNATDropsPrefix, i+1),
			description: fmt.Sprintf("NAT gateway %d dropped more than %d packets in 5 minutes", i+1, *t.NATPacketsDroppedPerFiveMinutes),
			metric:      metric{namespace: "AWS/NATGateway", name: "PacketsDropCount", stat: "Sum", dims: dims},
			evaluations: 2, comparison: above, threshold: float64(*t.NATPacketsDroppedPerFiveMinutes),
		}); err != nil {
			return err
		}
	}
	return nil
}
