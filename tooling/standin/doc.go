// Package standin is a stand-in for the Pulumi resource provider plugins
// the program uses (aws 6.83.2, kubernetes 4.25.0, random 4.21.2), so the
// real Pulumi engine can preview, deploy, refresh and destroy the program
// on a machine with no cloud account and no way to build the real
// providers.
//
// Why: the offline plan (tooling/mockgraph) runs the program under the
// SDK's mock monitor, which accepts any input. The real engine adds what
// the mock cannot: ordering, replacement, secrets, refresh, the provider
// instances per region. The stand-in makes those testable, and it is an
// independent oracle of the provider's own rules: it refuses, in Check,
// the inputs the real provider refuses (rules.go: one table, each rule
// citing the terraform-provider-aws validator or documentation it comes
// from), reports in Diff the replacements the real provider reports
// (replace.go), and takes as long as AWS takes, scaled (deploytime.go).
// It deliberately shares no code or tables with stacks/ or components/:
// a rule the program already enforces is enforced here again.
//
// What it returns after create (ids, ARNs, endpoints, names it gives
// unnamed resources) comes from tooling/mockgraph, the one model of
// provider outputs, which the offline plan uses too; so the plan and the
// engine see the same names and ids.
//
// One binary serves all three packages: the package is taken from the
// binary's name (pulumi-resource-aws) or else from the type tokens, and
// every provider resource of the program (default, DR region, us-east-1,
// the kubernetes provider of the EKS cluster) is its own plugin process.
package standin
