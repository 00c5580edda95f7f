package standin

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWindowCombos: each window rule accepts the defaults the program
// uses and refuses a short window, a short maintenance window and an
// overlap (also across midnight and the end of the week), naming the
// property.
func TestWindowCombos(t *testing.T) {
	for _, c := range []struct {
		combo         int
		daily, weekly string
		wantProp      string // "" = accepted
	}{
		{0, "02:00-03:00", "sun:03:30-sun:04:30", ""},
		{0, "02:00-02:30", "sun:03:30-sun:04:00", ""},
		{0, "02:00-02:29", "sun:03:30-sun:04:30", "preferredBackupWindow"},
		{0, "02:00-03:00", "sun:03:30-sun:03:59", "preferredMaintenanceWindow"},
		{0, "03:00-04:00", "sun:03:30-sun:04:30", "preferredBackupWindow"},
		{0, "23:30-00:30", "mon:00:00-mon:01:00", "preferredBackupWindow"},
		{0, "02:00-03:00", "sun:23:00-mon:02:30", "preferredBackupWindow"},
		{0, "05:00-06:00", "sun:04:00-sun:05:00", ""}, // touching, not overlapping
		{1, "01:00-02:00", "sun:05:00-sun:06:00", ""},
		{1, "01:00-01:59", "sun:05:00-sun:06:00", "snapshotWindow"},
		{1, "01:00-02:00", "sun:05:00-sun:05:59", "maintenanceWindow"},
		{1, "05:30-06:30", "sun:05:00-sun:06:00", "snapshotWindow"},
	} {
		combo := windowCombos[c.combo]
		daily, weekly := "preferredBackupWindow", "preferredMaintenanceWindow"
		if c.combo == 1 {
			daily, weekly = "snapshotWindow", "maintenanceWindow"
		}
		fs := combo.Check("r", props(map[string]any{daily: c.daily, weekly: c.weekly}))
		if c.wantProp == "" {
			assert.Empty(t, fs, "%s: %s %s", combo.Name, c.daily, c.weekly)
		} else if assert.NotEmpty(t, fs, "%s: %s %s", combo.Name, c.daily, c.weekly) {
			assert.Equal(t, c.wantProp, fs[0].Property, "%s: %s %s", combo.Name, c.daily, c.weekly)
		}
	}
}

// TestWindowCombosIgnoreMalformedWindows: a window the format rules
// refuse (hour 25, minute 61, a day that does not exist) is not this
// rule's to judge, and must not hang the minute walk.
func TestWindowCombosIgnoreMalformedWindows(t *testing.T) {
	for _, w := range []string{"25:00-26:00", "02:61-03:00", "xyz:01:00-sun:02:00", "sun:24:00-sun:25:00", ""} {
		_, ok := weekMinutes(w)
		assert.False(t, ok, w)
	}
}
