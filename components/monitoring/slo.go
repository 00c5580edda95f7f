package monitoring

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BurnRate is one burn-rate alert of the availability SLO.
//
// The error budget of an availability target T (percent) is 1 - T/100:
// the share of requests that may fail over the SLO period (30 days). A
// burn rate B means the budget is being spent B times faster than the
// period allows, so a window burns when its error ratio exceeds
// B × (1 − T/100). Following the Google SRE workbook ("Alerting on SLOs",
// multiwindow, multi-burn-rate alerts), each alert pairs a long window
// with a short one, a twelfth of it, at the same burn rate:
//
//   - fast burn: 14.4 over 1 hour and 5 minutes = 2% of a 30-day budget
//     spent in an hour (page);
//   - slow burn: 6 over 6 hours and 30 minutes = 5% of the budget spent in
//     6 hours (ticket).
//
// The long window makes the alert significant (no page for a blip); the
// short window makes it current: the alert fires only while the budget
// is still burning, and resets within minutes of recovery instead of
// staying in ALARM until the long window has drained. Each window is a
// metric alarm that notifies nobody; a composite alarm
// ALARM(long) AND ALARM(short) notifies. With T = 99.9 the thresholds are
// error ratios of 0.0144 and 0.006.
type BurnRate struct {
	// Suffix names the composite alarm; its windows are
	// Suffix-<long> and Suffix-<short> ("slo-fast-burn-1h").
	Suffix string
	Rate   float64
	// LongSeconds and ShortSeconds are the windows the error ratio is
	// computed over (each window alarm's period).
	LongSeconds, ShortSeconds int
}

// BurnRates are the two burn-rate alerts.
var BurnRates = []BurnRate{
	{Suffix: AlarmSLOFastBurn, Rate: 14.4, LongSeconds: 3600, ShortSeconds: 300},
	{Suffix: AlarmSLOSlowBurn, Rate: 6, LongSeconds: 6 * 3600, ShortSeconds: 1800},
}

// Windows are the suffixes of the burn rate's long and short window alarms.
func (br BurnRate) Windows() (long, short string) {
	return br.Suffix + "-" + window(br.LongSeconds), br.Suffix + "-" + window(br.ShortSeconds)
}

// window prints a window as whole hours or minutes ("1h", "30m").
func window(seconds int) string {
	if seconds%3600 == 0 {
		return fmt.Sprintf("%dh", seconds/3600)
	}
	return fmt.Sprintf("%dm", seconds/60)
}

// BurnThreshold is the error ratio at which burn rate rate fires for an
// availability target in percent.
func BurnThreshold(rate, availabilityTarget float64) float64 {
	return rate * (1 - availabilityTarget/100)
}

// sloAlarms creates, per burn rate, the two window alarms on the load
// balancer's 5xx ratio and the composite that fires when both burn.
func (b *builder) sloAlarms() error {
	l := b.w.LoadBalancer
	if l == nil {
		return nil
	}
	target := b.s.AvailabilityTarget
	for _, br := range BurnRates {
		threshold := BurnThreshold(br.Rate, target)
		long, short := br.Windows()
		var members []pulumi.StringOutput
		for _, w := range []struct {
			suffix  string
			seconds int
		}{{long, br.LongSeconds}, {short, br.ShortSeconds}} {
			if err := b.alarm(alarmSpec{
				suffix: w.suffix,
				description: fmt.Sprintf("Availability SLO %g%%: error budget burning %gx over %s (5xx ratio above %.4g)",
					target, br.Rate, window(w.seconds), threshold),
				expression: albErrorRatio, queries: albQueries(l.ArnSuffix),
				period: w.seconds, comparison: above, threshold: threshold, silent: true,
			}); err != nil {
				return err
			}
			members = append(members, b.alarms[len(b.alarms)-1].res.Name)
		}
		desc := fmt.Sprintf("Availability SLO %g%%: error budget burning %gx over both %s and %s", target, br.Rate, window(br.LongSeconds), window(br.ShortSeconds))
		if err := b.compositeOf(br.Suffix, desc, "AND", members, TierCompute, br.Suffix == AlarmSLOFastBurn); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
