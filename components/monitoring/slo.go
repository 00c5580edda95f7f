package monitoring

import (
	"fmt"
	"maps"
	"slices"
)

// BurnRate is one burn-rate alert of the availability SLO.
//
// The error budget of an availability target T (percent) is 1 - T/100:
// the share of requests that may fail over the SLO period (30 days). A
// burn rate B means the budget is being spent B times faster than the
// period allows, so the alert fires when the error ratio over Window
// exceeds B × (1 − T/100). Following the Google SRE workbook ("Alerting
// on SLOs", multiwindow multi-burn-rate alerts):
//
//   - fast burn: 14.4 over 1 hour = 2% of a 30-day budget spent in an hour
//     (page);
//   - slow burn: 6 over 6 hours = 5% of the budget spent in 6 hours
//     (ticket).
//
// With T = 99.9 the thresholds are error ratios of 0.0144 and 0.006. The
// workbook's short confirmation windows (5 and 30 minutes) only shorten
// the time an alert keeps firing after recovery; the alarms' OK actions
// report recovery at the end of the next window instead.
type BurnRate struct {
	Suffix string
	Rate   float64
	// WindowSeconds is the alarm period the error ratio is computed over.
	WindowSeconds int
}

// BurnRates are the two burn-rate alerts.
var BurnRates = []BurnRate{
	{Suffix: AlarmSLOFastBurn, Rate: 14.4, WindowSeconds: 3600},
	{Suffix: AlarmSLOSlowBurn, Rate: 6, WindowSeconds: 6 * 3600},
}

// BurnThreshold is the error ratio at which burn rate rate fires for an
// availability target in percent.
func BurnThreshold(rate, availabilityTarget float64) float64 {
	return rate * (1 - availabilityTarget/100)
}

// sloAlarms creates the burn-rate alarms on the load balancer's 5xx ratio.
func (b *builder) sloAlarms() error {
	l := b.w.LoadBalancer
	if l == nil {
		return nil
	}
	target := b.s.AvailabilityTarget
	for _, br := range BurnRates {
		if err := b.alarm(alarmSpec{
			suffix: br.Suffix,
			description: fmt.Sprintf("Availability SLO %g%%: error budget burning %gx over %d h (5xx ratio above %.4g)",
				target, br.Rate, br.WindowSeconds/3600, BurnThreshold(br.Rate, target)),
			expression: albErrorRatio, queries: albQueries(l.ArnSuffix),
			period: br.WindowSeconds, comparison: above, threshold: BurnThreshold(br.Rate, target),
			composite: br.Suffix == AlarmSLOFastBurn,
		}); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
