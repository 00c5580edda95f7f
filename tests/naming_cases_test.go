package tests

// namingCases adds this file's invalid configurations and invariants to
// the shared tables (tests/cases_test.go).
func namingCases(c *testCases) {
	_ = c
}
