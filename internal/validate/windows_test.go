package validate

import "testing"

func TestWindowsApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool // overlap
	}{
		{"03:00-04:00", "sun:05:00-sun:06:00", false},
		{"03:00-04:00", "sun:03:30-sun:04:30", true},  // same day, inside
		{"05:00-06:00", "sun:04:00-sun:05:00", false}, // touching ends do not share a minute
		{"05:00-06:00", "sun:04:00-sun:05:01", true},
		{"23:30-00:30", "mon:00:00-mon:01:00", true},  // daily window across midnight
		{"02:00-03:00", "sun:23:00-mon:02:30", true},  // weekly window across the week's end
		{"02:00-03:00", "sat:23:00-sun:01:00", false}, // every day 02:00: not inside sat 23:00-sun 01:00
		{"sun:02:00-sun:03:00", "sun:02:59-sun:04:00", true},
	} {
		var p Problems
		p.WindowsApart("A", c.a, c.b, "test")
		if got := p.Err() != nil; got != c.want {
			t.Errorf("WindowsApart(%q, %q): overlap %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestWindowAtLeast(t *testing.T) {
	for _, c := range []struct {
		w    string
		min  int
		want bool // problem
	}{
		{"03:00-03:29", 30, true},
		{"03:00-03:30", 30, false},
		{"23:45-00:15", 30, false},
		{"sun:23:30-mon:00:29", 60, true},
		{"sun:23:30-mon:00:30", 60, false},
	} {
		var p Problems
		p.WindowAtLeast("W", c.w, c.min, "test")
		if got := p.Err() != nil; got != c.want {
			t.Errorf("WindowAtLeast(%q, %d): problem %v, want %v", c.w, c.min, got, c.want)
		}
	}
}
