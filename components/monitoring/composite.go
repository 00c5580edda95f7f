package monitoring

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// composite is a created composite alarm.
type composite struct {
	info AlarmInfo
	res  *cloudwatch.CompositeAlarm
	// member puts it into the "service unhealthy" composite.
	member bool
}

// compositeOf creates a composite alarm in the home region over the named
// alarms, joined by op (AND, OR), notifying the home topic.
func (b *builder) compositeOf(suffix, description, op string, members []pulumi.StringOutput, tier string, member bool) error {
	inputs := make([]any, len(members))
	for i, n := range members {
		inputs[i] = n
	}
	rule := pulumi.All(inputs...).ApplyT(func(names []any) string {
		return alarmRule(op, names)
	}).(pulumi.StringOutput)
	n := b.physical(suffix)
	c, err := cloudwatch.NewCompositeAlarm(b.ctx, b.child(suffix), &cloudwatch.CompositeAlarmArgs{
		AlarmName:        pulumi.String(n),
		AlarmDescription: pulumi.String(description),
		AlarmRule:        rule,
		AlarmActions:     pulumi.StringArray{b.home.topic},
		OkActions:        pulumi.StringArray{b.home.topic},
		Tags:             b.tagged(n),
	}, b.home.opts...)
	if err != nil {
		return fmt.Errorf("composite alarm %s: %w", n, err)
	}
	b.composites = append(b.composites, &composite{res: c, member: member,
		info: AlarmInfo{Name: n, Tier: tier, Class: Health, Region: b.home.env.Region, Composite: true, Notifies: true}})
	return nil
}

// serviceUnhealthy creates the "service unhealthy" alarm: any of the
// ALB and API 5xx rate and p99 latency alarms, the running pods alarms and
// the SLO fast burn that exist.
func (b *builder) serviceUnhealthy() error {
	b.m.CompositeAlarmArn = pulumi.String("").ToStringOutput()
	b.m.CompositeAlarmName = b.m.CompositeAlarmArn
	var members []pulumi.StringOutput
	for _, al := range b.alarms {
		if al.spec.composite {
			members = append(members, al.res.Name)
		}
	}
	for _, c := range b.composites {
		if c.member {
			members = append(members, c.res.AlarmName)
		}
	}
	if len(members) == 0 {
		return nil
	}
	if err := b.compositeOf("service-unhealthy", "Service unhealthy: a 5xx rate, p99 latency, running pods or SLO fast burn alarm is in ALARM.",
		"OR", members, TierCompute, false); err != nil {
		return err
	}
	unhealthy := b.composites[len(b.composites)-1].res
	b.m.CompositeAlarmArn, b.m.CompositeAlarmName = unhealthy.Arn, unhealthy.AlarmName
	return nil
}

// alarmRule is ALARM("a") <op> ALARM("b") ... over alarm names.
func alarmRule(op string, names []any) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("ALARM(%q)", n)
	}
	return strings.Join(parts, " "+op+" ")
}
