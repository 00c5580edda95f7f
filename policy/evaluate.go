package policy

// Result is one rule's outcome on a stack.
type Result struct {
	Rule  Rule
	Level Level
	// Reason is the config's reason for a level other than mandatory.
	Reason string
	// Violations are the violations no exception covers.
	Violations []Violation
	// Excepted are violations an exception covers, with its reason.
	Excepted []Excepted
	// Unused are exceptions that matched no violation: stale entries.
	Unused []Exception
}

// Excepted is a violation and the exception that covers it.
type Excepted struct {
	Violation
	Reason string
}

// Report is the pack's outcome on a stack, one result per rule.
type Report struct {
	Results []Result
}

// Evaluate runs every rule that cfg does not disable on s.
func Evaluate(s *Stack, cfg Config) Report {
	var rep Report
	for _, rule := range Rules() {
		res := Result{Rule: rule, Level: cfg.Level(rule.Name), Reason: cfg[rule.Name].Reason}
		if res.Level != Disabled {
			used := map[string]bool{}
			for _, v := range rule.run(s) {
				if e, ok := cfg.exception(rule.Name, v); ok {
					used[e.Resource] = true
					res.Excepted = append(res.Excepted, Excepted{Violation: v, Reason: e.Reason})
					continue
				}
				res.Violations = append(res.Violations, v)
			}
			for _, e := range cfg[rule.Name].Exceptions {
				if !used[e.Resource] {
					res.Unused = append(res.Unused, e)
				}
			}
		}
		rep.Results = append(rep.Results, res)
	}
	return rep
}

// Count returns how many violations the report has at a level.
func (r Report) Count(level Level) int {
	n := 0
	for _, res := range r.Results {
		if res.Level == level {
			n += len(res.Violations)
		}
	}
	return n
}
