// Command webplatform is the Pulumi program: one environment of the web
// platform per stack (dev, staging, prod). See README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/stacks"
)

func main() { pulumi.Run(stacks.Run) }
