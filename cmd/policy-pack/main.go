// Command policy-pack is the webplatform policy pack (package policy) as a
// binary Pulumi analyzer plugin (policy/analyzer). Build it, then point the
// CLI at the binary and at the stack's policy config:
//
//	go build -o bin/webplatform-policy ./cmd/policy-pack
//	pulumi preview --policy-pack bin/webplatform-policy --policy-pack-config policy/config/<stack>.json
//
// A release build sets the pack's version from the repository's tag:
//
//	go build -ldflags "-X github.com/webplatform-dev/webplatform/policy/analyzer.Version=$(git describe --tags)" \
//	  -o bin/webplatform-policy ./cmd/policy-pack
package main

import (
	"fmt"
	"os"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/webplatform-dev/webplatform/internal/pluginserve"
	"github.com/webplatform-dev/webplatform/policy/analyzer"
)

func main() {
	err := pluginserve.Serve("webplatform-policy", os.Args[1:], os.Stdout, func(s *grpc.Server) {
		pulumirpc.RegisterAnalyzerServer(s, analyzer.New())
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
