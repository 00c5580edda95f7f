// Command policy-violations is the Pulumi program that breaks every rule of
// the policy pack once (policy/violations): tests/engine previews it with
// the pack under the real engine and the stand-in providers, and expects
// each rule to refuse its broken resource.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/policy/violations"
)

func main() { pulumi.Run(violations.Program) }
