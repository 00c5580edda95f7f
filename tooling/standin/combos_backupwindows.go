package standin

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// windowCombos: the backup (snapshot) and maintenance windows of an Aurora
// cluster and a cache replication group, as the services refuse them at
// create. The stand-in models a window as the set of minutes of the week
// it covers (its own approach, apart from internal/validate's spans).
var windowCombos = []Combo{
	{Type: dataCluster, Name: "RDS windows at least 30 minutes and apart", Source: srcRDSWindows,
		Check: windowsCheck("preferredBackupWindow", "preferredMaintenanceWindow", 30, 30)},
	{Type: dataRG, Name: "ElastiCache windows at least 60 minutes and apart", Source: srcCacheWindows,
		Check: windowsCheck("snapshotWindow", "maintenanceWindow", 60, 60)},
}

const (
	srcRDSWindows   = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html: PreferredBackupWindow at least 30 minutes, must not conflict with the maintenance window; PreferredMaintenanceWindow minimum 30 minutes (2026-12-03)"
	srcCacheWindows = "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html: maintenance window minimum 60 minutes; terraform-provider-aws pull 2153: Snapshot window must be at least 60 minutes; terraform issue 17247: The snapshot window and maintenance window must not overlap (2026-12-03)"
)

var (
	// Hours 00-23 and minutes 00-59 only: other values are the format
	// rules' to refuse (and would never end the minute walk below).
	oracleHH     = `([01]\d|2[0-3]):([0-5]\d)`
	oracleDay    = `(mon|tue|wed|thu|fri|sat|sun)`
	oracleDaily  = regexp.MustCompile(`^` + oracleHH + `-` + oracleHH + `$`)
	oracleWeekly = regexp.MustCompile(`^` + oracleDay + `:` + oracleHH + `-` + oracleDay + `:` + oracleHH + `$`)
	oracleDays   = "mon tue wed thu fri sat sun"
)

// weekMinutes lists the minutes of the week (0 = Monday 00:00 UTC) a
// window covers; a daily window covers its range on all seven days.
func weekMinutes(w string) (map[int]bool, bool) {
	const day, week = 24 * 60, 7 * 24 * 60
	num := func(s string) int {
		var n int
		_, _ = fmt.Sscan(s, &n)
		return n
	}
	out := map[int]bool{}
	cover := func(from, to int) { // [from, to) minutes of the week, wrapping at its end
		for m := from % week; m != to%week; m = (m + 1) % week {
			out[m] = true
		}
	}
	if m := oracleDaily.FindStringSubmatch(w); m != nil {
		from, to := num(m[1])*60+num(m[2]), num(m[3])*60+num(m[4])
		if to < from {
			to += day // ends the next day
		}
		for d := range 7 {
			cover(d*day+from, d*day+to)
		}
		return out, true
	}
	if m := oracleWeekly.FindStringSubmatch(w); m != nil {
		d1, d2 := strings.Index(oracleDays, m[1])/4, strings.Index(oracleDays, m[4])/4
		cover(d1*day+num(m[2])*60+num(m[3]), d2*day+num(m[5])*60+num(m[6]))
		return out, true
	}
	return nil, false
}

func windowsCheck(daily, weekly string, minDaily, minWeekly int) func(string, resource.PropertyMap) []Failure {
	return func(_ string, inputs resource.PropertyMap) []Failure {
		dv, _ := dataStr(inputs, daily)
		wv, _ := dataStr(inputs, weekly)
		d, okD := weekMinutes(dv)
		w, okW := weekMinutes(wv)
		var fs []Failure
		if okD && len(d) < 7*minDaily {
			fs = append(fs, Failure{daily, fmt.Sprintf("InvalidParameterValue: %s must be at least %d minutes", daily, minDaily)})
		}
		if okW && len(w) < minWeekly {
			fs = append(fs, Failure{weekly, fmt.Sprintf("InvalidParameterValue: %s must be at least %d minutes", weekly, minWeekly)})
		}
		if okD && okW {
			for m := range d {
				if w[m] {
					fs = append(fs, Failure{daily, fmt.Sprintf("InvalidParameterCombination: %s %s overlaps %s %s", daily, dv, weekly, wv)})
					break
				}
			}
		}
		return fs
	}
}
