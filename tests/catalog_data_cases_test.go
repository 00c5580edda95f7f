package tests

// catalogDataCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go).
func catalogDataCases(c *testCases) {
	_ = c
}
