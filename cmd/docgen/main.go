// Command docgen regenerates docs/CONFIGURATION.md from Pulumi.yaml and the
// stack files. Run it from the repository root after changing config keys:
//
//	go run ./cmd/docgen          # rewrite docs/CONFIGURATION.md
//	go run ./cmd/docgen -check   # exit 1 if the committed file is stale
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/webplatform-dev/webplatform/tooling/docgen"
)

func main() {
	check := flag.Bool("check", false, "do not write; exit 1 if "+docgen.OutputPath+" is out of date")
	root := flag.String("root", ".", "repository root (the directory holding Pulumi.yaml)")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	want, err := docgen.Render(root)
	if err != nil {
		return err
	}
	path := filepath.Join(root, docgen.OutputPath)
	if check {
		got, err := os.ReadFile(path) //nolint:gosec // path is the fixed output file under the given root
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			return fmt.Errorf("%s is out of date; run: go run ./cmd/docgen", docgen.OutputPath)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, want, 0o600)
}
