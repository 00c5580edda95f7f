package mockgraph

// FromResources returns a graph of the given resources: a graph built from
// another view of a stack than the mock monitor's (the engine's, as a
// policy analyzer receives it). Of resources sharing a URN the last one
// given is kept.
func FromResources(rs []*Resource) *Graph {
	last := make(map[string]int, len(rs))
	for i, r := range rs {
		last[r.URN] = i
	}
	g := NewGraph()
	for i, r := range rs {
		if last[r.URN] == i {
			g.add(r)
		}
	}
	return g
}
