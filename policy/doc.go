// Package policy is the webplatform policy pack: the rules every stack built
// from these components must follow (encryption with the stack's own keys,
// data stores unreachable from outside their tier, protected and backed-up
// state, TLS minimums, WAF and JWT on every path in, alarms in their own
// region, restricted Kubernetes containers), written once in Go and run in
// two places:
//
//   - under `pulumi preview --policy-pack <binary>` (CrossGuard): cmd/policy-pack
//     serves these rules as a binary analyzer plugin (policy/analyzer), on
//     the engine's view of a stack (its resources' properties, parents,
//     dependencies and property dependencies);
//   - in this repository's Go tests, on the graph the mock monitor records.
//
// Both views are a tooling/mockgraph.Graph, so a rule reads the same
// resource model wherever it runs. Rules follow references between
// resources through the engine's property dependencies, never through
// resolved IDs or ARNs, so they judge a first preview (where IDs are still
// unknown) the same way as a preview of a deployed stack.
//
// Each rule names its checkov, cdk-nag and @pulumi/awsguard equivalents
// where one exists (Equivalents). docs/POLICY.md says how to run the pack,
// add a rule and record an exception.
package policy
