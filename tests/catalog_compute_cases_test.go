package tests

// catalogComputeCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go).
func catalogComputeCases(c *testCases) {
	_ = c
}
