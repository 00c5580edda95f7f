package validate

import (
	"regexp"
	"slices"

	"github.com/webplatform-dev/webplatform/internal/catalog"
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

// week is the number of minutes in a week: windows are ranges of minutes
// since Monday 00:00 UTC, wrapping at the end of the week.
const week = 7 * 24 * 60

// span is a window as [start, start+length) minutes on the weekly circle.
type span struct{ start, length int }

func minutes(hhmm string) int {
	return int(hhmm[0]-'0')*600 + int(hhmm[1]-'0')*60 + int(hhmm[3]-'0')*10 + int(hhmm[4]-'0')
}

var days = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// spans returns the weekly occurrences of a daily ("hh:mm-hh:mm", seven
// spans) or weekly ("ddd:hh:mm-ddd:hh:mm", one span) window, and false
// for a malformed one (reported by DailyWindow/WeeklyWindow).
func spans(w string) ([]span, bool) {
	switch {
	case dailyWindow.MatchString(w):
		s, e := minutes(w[:5]), minutes(w[6:])
		n := (e - s + 24*60) % (24 * 60)
		out := make([]span, 7)
		for d := range out {
			out[d] = span{d*24*60 + s, n}
		}
		return out, true
	case weeklyWindow.MatchString(w):
		s := slices.Index(days, w[:3])*24*60 + minutes(w[4:9])
		e := slices.Index(days, w[10:13])*24*60 + minutes(w[14:])
		return []span{{s, (e - s + week) % week}}, true
	}
	return nil, false
}

// WindowAtLeast records a problem when a (well-formed) daily or weekly
// window is shorter than the given minutes; what names the service's rule.
func (p *Problems) WindowAtLeast(field, w string, least int, what string) {
	ss, ok := spans(w)
	if ok && ss[0].length < least {
		p.Addf(field, "must be at least %d minutes long (%s), got %q (%d minutes)", least, what, w, ss[0].length)
	}
}

// WindowsApart records a problem on field when the (well-formed) window
// a overlaps window b in any week, such as a daily backup window and a
// weekly maintenance window; what names the service's rule.
func (p *Problems) WindowsApart(field, a, b, what string) {
	as, okA := spans(a)
	bs, okB := spans(b)
	if !okA || !okB {
		return
	}
	for _, x := range as {
		for _, y := range bs {
			if overlap(x, y) {
				p.Addf(field, "%q overlaps the maintenance window %q (%s)", a, b, what)
				return
			}
		}
	}
}

// BackupAndMaintenance checks a daily backup (snapshot) window and a
// weekly maintenance window against a service's rule: their formats, the
// shortest length of each and, when apart, that they never overlap.
func (p *Problems) BackupAndMaintenance(dailyField, daily, weeklyField, weekly string, rule catalog.WindowRule) {
	p.DailyWindow(dailyField, daily)
	p.WeeklyWindow(weeklyField, weekly)
	p.WindowAtLeast(dailyField, daily, rule.MinBackup, rule.Service+" minimum")
	p.WindowAtLeast(weeklyField, weekly, rule.MinMaintenance, rule.Service+" minimum")
	if rule.Apart {
		p.WindowsApart(dailyField, daily, weekly, rule.Service+" refuses overlapping backup and maintenance windows")
	}
}

// overlap reports whether two spans share a minute on the weekly circle.
func overlap(x, y span) bool {
	d := (y.start - x.start + week) % week // y's start, seen from x's
	return d < x.length || (week-d)%week < y.length
}
