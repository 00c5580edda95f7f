// Command standin-provider is the stand-in Pulumi resource provider plugin
// (tooling/standin). Install the one binary as each package it stands in
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

	"github.com/webplatform-dev/webplatform/tooling/standin"
)

func main() {
	pkg := standin.PackageFromBinary(os.Args[0])
	if _, ok := standin.Versions[pkg]; !ok {
		pkg = ""
	}
	if err := standin.Serve(os.Args[1:], os.Stdout, standin.New(pkg, standin.ScaleFromEnv())); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
