package delivery

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// HistoryUpdate is one entry of `pulumi stack history --json`. It mirrors
// updateInfoJSON in pkg/cmd/pulumi/stack/stack_history.go of Pulumi
// v3.259.0 (built by buildUpdatesJSON there): startTime and endTime are
// written by cmd.FormatTime (pkg/cmd/pulumi/cmd/time.go, layout
// "2006-01-02T15:04:05.000Z07:00", UTC); result is a backend.UpdateResult
// (pkg/backend/updates.go: "in-progress", "succeeded", "failed"); endTime
// and resourceChanges are present only once the update finished.
// resourceChanges is keyed by display.StepOp (pkg/resource/deploy/step.go:
// "create", "update", "replace", "delete", "same", ...), counting logical
// steps only (engine/update.go OnResourceStepPost), so a replacement
// counts once, under "replace". The config field (configValueJSON) is not
// read.
type HistoryUpdate struct {
	// Version is the stack's update number.
	Version int `json:"version"`
	// Kind is the update kind: update, preview, refresh, destroy, ...
	Kind string `json:"kind"`
	// StartTime is when the update started.
	StartTime string `json:"startTime"`
	// Message is the update message.
	Message string `json:"message"`
	// Environment holds the update's environment metadata (git.head, ...).
	Environment map[string]string `json:"environment"`
	// Result is in-progress, succeeded or failed.
	Result string `json:"result,omitempty"`
	// EndTime is when the update ended, absent while in progress.
	EndTime *string `json:"endTime,omitempty"`
	// ResourceChanges counts the steps by operation.
	ResourceChanges *map[string]int `json:"resourceChanges,omitempty"`
}

// ParseHistory decodes the output of `pulumi stack history --json`
// (newest first).
func ParseHistory(data []byte) ([]HistoryUpdate, error) {
	var updates []HistoryUpdate
	if err := json.Unmarshal(data, &updates); err != nil {
		return nil, fmt.Errorf("decoding `pulumi stack history --json`: %w", err)
	}
	return updates, nil
}

// Changes counts resources by what an update did to them.
type Changes struct {
	// Create counts created resources.
	Create int `json:"create"`
	// Update counts updated resources.
	Update int `json:"update"`
	// Replace counts replaced resources.
	Replace int `json:"replace"`
	// Delete counts deleted resources.
	Delete int `json:"delete"`
	// Same counts unchanged resources.
	Same int `json:"same"`
	// Other counts any other operation (import, read, ...), by name.
	Other map[string]int `json:"other,omitempty"`
}

// ChangesFrom sorts step counts keyed by operation into Changes.
func ChangesFrom(counts map[string]int) Changes {
	var c Changes
	for op, n := range counts {
		switch op {
		case "create":
			c.Create += n
		case "update":
			c.Update += n
		case "replace":
			c.Replace += n
		case "delete":
			c.Delete += n
		case "same":
			c.Same += n
		default:
			if c.Other == nil {
				c.Other = map[string]int{}
			}
			c.Other[op] += n
		}
	}
	return c
}

// String is the short form used in the stack tag webplatform:changes.
func (c Changes) String() string {
	s := fmt.Sprintf("create=%d update=%d replace=%d delete=%d", c.Create, c.Update, c.Replace, c.Delete)
	ops := make([]string, 0, len(c.Other))
	for op := range c.Other {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		s += fmt.Sprintf(" %s=%d", op, c.Other[op])
	}
	return s
}

// Changes returns the update's resource counts (zero while in progress).
func (u HistoryUpdate) Changes() Changes {
	if u.ResourceChanges == nil {
		return Changes{}
	}
	return ChangesFrom(*u.ResourceChanges)
}

// Duration returns endTime - startTime; false while in progress or when a
// time does not parse.
func (u HistoryUpdate) Duration() (time.Duration, bool) {
	if u.EndTime == nil {
		return 0, false
	}
	start, err1 := time.Parse(time.RFC3339, u.StartTime)
	end, err2 := time.Parse(time.RFC3339, *u.EndTime)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return end.Sub(start), true
}

// UpdateOutcome is what the stack history says of one update.
type UpdateOutcome struct {
	// UpdateVersion is the stack's update number.
	UpdateVersion int `json:"updateVersion,omitempty"`
	// Kind is the update kind.
	Kind string `json:"kind,omitempty"`
	// Result is succeeded, failed or in-progress; "" when unknown.
	Result string `json:"result"`
	// Changes counts the resources by operation.
	Changes Changes `json:"changes"`
	// StartTime and EndTime are as the history wrote them.
	StartTime string `json:"startTime,omitempty"`
	// EndTime is when the update ended.
	EndTime string `json:"endTime,omitempty"`
	// Duration is endTime - startTime, e.g. "4m12s".
	Duration string `json:"duration,omitempty"`
	// DurationSeconds is the same in seconds.
	DurationSeconds float64 `json:"durationSeconds,omitempty"`
}

// Outcome summarizes a history entry.
func (u HistoryUpdate) Outcome() UpdateOutcome {
	o := UpdateOutcome{
		UpdateVersion: u.Version,
		Kind:          u.Kind,
		Result:        u.Result,
		Changes:       u.Changes(),
		StartTime:     u.StartTime,
	}
	if u.EndTime != nil {
		o.EndTime = *u.EndTime
	}
	if d, ok := u.Duration(); ok {
		o.Duration = d.String()
		o.DurationSeconds = d.Seconds()
	}
	return o
}

// LatestUpdate returns the newest entry of a history, which must be an
// update.
func LatestUpdate(data []byte) (UpdateOutcome, error) {
	updates, err := ParseHistory(data)
	if err != nil {
		return UpdateOutcome{}, err
	}
	if len(updates) == 0 {
		return UpdateOutcome{}, fmt.Errorf("the stack history is empty")
	}
	u := updates[0]
	if !strings.EqualFold(u.Kind, "update") {
		return u.Outcome(), fmt.Errorf("the newest history entry is a %q, not an update", u.Kind)
	}
	return u.Outcome(), nil
}
