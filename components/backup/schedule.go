package backup

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day is 24 hours (AWS Backup schedules run in UTC, without daylight saving).
const Day = 24 * time.Hour

// ContinuousRPO is the recovery point objective of continuous backup
// (point-in-time restore): AWS restores RDS and S3 to any point within the
// retention period with about 5-minute granularity.
const ContinuousRPO = 5 * time.Minute

// DRCopyLag is the time this package assumes a recovery point needs to
// reach the DR vault after its backup job starts: the backup job itself
// plus the cross-region copy job. AWS publishes no bound; one hour holds
// for databases and buckets of tens of GiB, larger ones take longer.
const DRCopyLag = time.Hour

// cronFields splits "cron(a b c d e f)" into its six fields.
func cronFields(expr string) ([]string, error) {
	inner, ok := strings.CutPrefix(strings.TrimSpace(expr), "cron(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil, fmt.Errorf("%q is not an AWS cron expression of the form cron(Minutes Hours Day-of-month Month Day-of-week Year)", expr)
	}
	f := strings.Fields(strings.TrimSuffix(inner, ")"))
	if len(f) != 6 {
		return nil, fmt.Errorf("%q has %d fields, AWS cron expressions have 6 (Minutes Hours Day-of-month Month Day-of-week Year)", expr, len(f))
	}
	return f, nil
}

// checkSchedule reports why expr is not a schedule AWS Backup accepts: six
// fields, a "?" in exactly one of day-of-month and day-of-week, and at
// most one run per hour (a single minute value).
func checkSchedule(expr string) error {
	f, err := cronFields(expr)
	if err != nil {
		return err
	}
	if (f[2] == "?") == (f[4] == "?") {
		return fmt.Errorf("%q: exactly one of day-of-month and day-of-week must be \"?\"", expr)
	}
	if m, err := strconv.Atoi(f[0]); err != nil || m < 0 || m > 59 {
		return fmt.Errorf("%q: minutes must be a single value 0-59 (AWS Backup runs a rule at most once an hour)", expr)
	}
	return nil
}

// ScheduleInterval returns the longest time between two runs of an AWS
// cron schedule, for the simple shapes a backup rule uses:
//
//	cron(M * * * ? *)      hourly          1h
//	cron(M */N * * ? *)    every N hours   Nh (also "0/N"; when N does not
//	                                       divide 24 the gap over midnight
//	                                       is shorter, never longer)
//	cron(M H * * ? *)      daily           24h
//	cron(M H ? * D *)      weekly          7 days (D is 1-7 or SUN-SAT)
//	cron(M H D * ? *)      monthly         31 days (the longest month)
//
// Other expressions (lists, ranges, specific months or years, L/W/#) return
// an error: their gaps are irregular and must be reasoned about by hand.
func ScheduleInterval(expr string) (time.Duration, error) {
	f, err := cronFields(expr)
	if err != nil {
		return 0, err
	}
	minute, hour, dom, month, dow, year := f[0], f[1], f[2], f[3], f[4], f[5]
	unsupported := fmt.Errorf("%q: only hourly, every-N-hours, daily, weekly and monthly schedules have a fixed interval", expr)
	if !isInt(minute, 0, 59) || month != "*" || year != "*" {
		return 0, unsupported
	}
	switch {
	case hour == "*" && dom == "*" && dow == "?":
		return time.Hour, nil
	case strings.HasPrefix(hour, "*/") || strings.HasPrefix(hour, "0/"):
		n, err := strconv.Atoi(hour[2:])
		if err != nil || n < 1 || n > 23 || dom != "*" || dow != "?" {
			return 0, unsupported
		}
		return time.Duration(n) * time.Hour, nil
	case !isInt(hour, 0, 23):
		return 0, unsupported
	case (dom == "*" && dow == "?") || (dom == "?" && dow == "*"):
		return Day, nil
	case dom == "?" && isWeekday(dow):
		return 7 * Day, nil
	case dow == "?" && isInt(dom, 1, 31):
		return 31 * Day, nil
	}
	return 0, unsupported
}

func isInt(s string, lo, hi int) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= lo && n <= hi
}

func isWeekday(s string) bool {
	if isInt(s, 1, 7) {
		return true
	}
	switch strings.ToUpper(s) {
	case "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT":
		return true
	}
	return false
}

// HasContinuous reports whether any rule (after defaults) keeps continuous
// backups, which give point-in-time restore for RDS/Aurora and S3.
func (s Settings) HasContinuous() bool {
	for _, r := range s.WithDefaults().Rules {
		if r.Continuous {
			return true
		}
	}
	return false
}

// CopiesToDR reports whether any rule (after defaults) copies its recovery
// points to the DR region.
func (s Settings) CopiesToDR() bool {
	for _, r := range s.WithDefaults().Rules {
		if r.CopyToDR {
			return true
		}
	}
	return false
}

// BestRPO is the worst-case data loss when restoring in the primary region
// from the best rule: ContinuousRPO when a rule is continuous, else the
// shortest ScheduleInterval among the rules (after defaults). It is 0 when
// no rule has a schedule ScheduleInterval understands.
func (s Settings) BestRPO() time.Duration {
	if s.HasContinuous() {
		return ContinuousRPO
	}
	best := time.Duration(0)
	for _, r := range s.WithDefaults().Rules {
		if d, err := ScheduleInterval(r.Schedule); err == nil && (best == 0 || d < best) {
			best = d
		}
	}
	return best
}

// BestDRRPO is the worst-case data loss when restoring from the DR vault:
// the shortest ScheduleInterval among the CopyToDR rules plus DRCopyLag.
// Continuous rules copy snapshots taken on their schedule, so they count by
// schedule too. It returns false when no rule copies to DR (or none of the
// copying rules has a schedule ScheduleInterval understands).
func (s Settings) BestDRRPO() (time.Duration, bool) {
	best := time.Duration(0)
	for _, r := range s.WithDefaults().Rules {
		if !r.CopyToDR {
			continue
		}
		if d, err := ScheduleInterval(r.Schedule); err == nil && (best == 0 || d < best) {
			best = d
		}
	}
	if best == 0 {
		return 0, false
	}
	return best + DRCopyLag, true
}
