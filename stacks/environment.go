package stacks

// Environment is the kind of stack: it selects the policies (prod must be
// highly available and protected unless explicitly waived). It selects no
// defaults: those are in Pulumi.yaml (prod-shaped), and each stack file
// states where its environment differs, so the differences are config.
type Environment string

// The environments.
const (
	Dev     Environment = "dev"
	Staging Environment = "staging"
	Prod    Environment = "prod"
)

// Environments lists the allowed values, for validation messages.
var Environments = []string{string(Dev), string(Staging), string(Prod)}
