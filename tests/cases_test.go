package tests

import (
	"maps"
	"slices"
	"sync"
)

// testCases are the tables every tier adds to: invalid configurations
// (TestInvalidConfigIsRejectedBeforeAnyResource), graph invariants
// (TestGraphInvariants) and AWS types without tags. They are built once,
// explicitly, by cases: no init() appends to package state, so the order
// is the one below and a test cannot see a half-built table.
type testCases struct {
	invalid    []invalidConfig
	invariants []invariant
	untaggable map[string]any
}

var (
	casesOnce  sync.Once
	casesTable *testCases
)

// cases returns the tables, built on first use.
func cases() *testCases {
	casesOnce.Do(func() { casesTable = buildCases() })
	return casesTable
}

func buildCases() *testCases {
	c := &testCases{
		invalid:    slices.Clone(baseInvalidConfigs),
		invariants: baseInvariants(),
		untaggable: maps.Clone(baseUntaggable),
	}
	backupCases(c)
	computeConfigCases(c)
	computeHelpersCases(c)
	computeInvariantsCases(c)
	dataStackCases(c)
	dataUnitsCases(c)
	drStackCases(c)
	edgeHelpersCases(c)
	edgeStackCases(c)
	monitoringHelpersCases(c)
	opsStackCases(c)
	podnetCases(c)
	iamBoundaryCases(c)
	catalogDataCases(c)
	catalogComputeCases(c)
	namingCases(c)
	transitionCases(c)
	edgeValueCases(c)
	return c
}
