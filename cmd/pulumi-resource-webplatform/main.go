// Command pulumi-resource-webplatform is the component provider plugin: it
// serves the platform's components to Pulumi programs in YAML, TypeScript,
// Python and other languages (docs/CONSUMERS.md).
//
//	go build -o bin/pulumi-resource-webplatform ./cmd/pulumi-resource-webplatform
//	pulumi package get-schema ./bin/pulumi-resource-webplatform
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/webplatform-dev/webplatform/provider"
)

// Version is set at release build time (-ldflags -X main.Version=X.Y.Z);
// it must match the Go module's tag (docs/VERSIONING.md).
var Version = "0.0.0-dev"

func main() {
	if err := provider.Run(context.Background(), Version); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
