package validate

import (
	"regexp"
	"slices"
)

var (
	hhmm         = `([01][0-9]|2[0-3]):[0-5][0-9]`
	day          = `(mon|tue|wed|thu|fri|sat|sun)`
	dailyWindow  = regexp.MustCompile(`^` + hhmm + `-` + hhmm + `$`)
	weeklyWindow = regexp.MustCompile(`^` + day + `:` + hhmm + `-` + day + `:` + hhmm + `$`)
)

// DailyWindow records a problem unless value is an AWS daily window
// ("hh:mm-hh:mm", UTC), as used for backups and snapshots.
func (p *Problems) DailyWindow(field, value string) {
	if !dailyWindow.MatchString(value) {
		p.Addf(field, "must be hh:mm-hh:mm in UTC such as 02:00-03:00, got %q", value)
	}
}

// WeeklyWindow records a problem unless value is an AWS weekly maintenance
// window ("ddd:hh:mm-ddd:hh:mm", UTC).
func (p *Problems) WeeklyWindow(field, value string) {
	if !weeklyWindow.MatchString(value) {
		p.Addf(field, "must be ddd:hh:mm-ddd:hh:mm in UTC such as sun:03:30-sun:04:30, got %q", value)
	}
}

// LogRetentionValues are the retention periods CloudWatch Logs accepts.
var LogRetentionValues = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// LogRetention records a problem unless days is a CloudWatch Logs
// retention value.
func (p *Problems) LogRetention(field string, days int) {
	if !slices.Contains(LogRetentionValues, days) {
		p.Addf(field, "must be one of %v (CloudWatch Logs retention values), got %d", LogRetentionValues, days)
	}
}
