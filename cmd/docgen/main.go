// Command docgen regenerates what restates the config defaults and the
// per-stack values: the bracketed suffix of every description in
// Pulumi.yaml and docs/CONFIGURATION.md. Run it from the repository root
// after changing a config key, a default or a stack file:
//
//	go run ./cmd/docgen          # rewrite Pulumi.yaml descriptions and docs/CONFIGURATION.md
//	go run ./cmd/docgen -check   # exit 1 if either is stale
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/docgen"
)

func main() {
	check := flag.Bool("check", false, "do not write; exit 1 if "+docgen.ProjectPath+" or "+docgen.OutputPath+" is out of date")
	root := flag.String("root", ".", "repository root (the directory holding Pulumi.yaml)")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	files, err := docgen.Generate(root)
	if err != nil {
		return err
	}
	stale, err := docgen.Stale(root, files)
	if err != nil {
		return err
	}
	if check {
		if len(stale) > 0 {
			return fmt.Errorf("out of date: %s; run: go run ./cmd/docgen", strings.Join(stale, ", "))
		}
		return nil
	}
	for _, f := range files {
		if !slices.Contains(stale, f.Path) {
			continue
		}
		path := filepath.Join(root, f.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.Content, 0o600); err != nil { //nolint:gosec // generated file under the given root
			return err
		}
		fmt.Println("docgen: wrote", f.Path)
	}
	return nil
}
