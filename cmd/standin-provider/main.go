// Command standin-provider is the stand-in Pulumi resource provider plugin
// (internal/standin). Install the one binary as each package it stands in
// for; it serves the package named by its file name:
//
//	go build -o "$dir/pulumi-resource-aws" ./cmd/standin-provider
//	pulumi plugin install resource aws 6.83.2 --file "$dir/pulumi-resource-aws"
//
// STANDIN_TIME_SCALE (a Go duration per AWS second, e.g. 10ms) makes
// create and delete take the typical AWS time, scaled.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/webplatform-dev/webplatform/internal/standin"
)

func main() {
	pkg := standin.PackageFromBinary(os.Args[0])
	if _, ok := standin.Versions[pkg]; !ok {
		pkg = ""
	}
	err := provider.Main(pkg, func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return standin.New(pkg, standin.ScaleFromEnv()), nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
