package policy

import "slices"

// Rules returns every rule of the pack, in report order.
func Rules() []Rule {
	return slices.Concat(
		encryptionRules(),
		networkRules(),
		edgeRules(),
		clusterRules(),
		kubernetesRules(),
		operationsRules(),
	)
}
