// Command plan shows what a stack would create, offline: it runs the Pulumi
// program under the mock monitor with the stack's real config file, with no
// cloud credentials, and prints the key settings and the resources by
// component. Invalid config exits 1 with every validation message.
//
//	go run ./cmd/plan --stack dev
//	go run ./cmd/plan --stack all
//	go run ./cmd/plan --stack prod --set azCount=2
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/webplatform-dev/webplatform/internal/plan"
	"github.com/webplatform-dev/webplatform/internal/stackconfig"
)

type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var sets setFlags
	stack := flag.String("stack", "all", "stack to plan (dev, staging, prod) or all")
	dir := flag.String("dir", ".", "project directory (holding Pulumi.yaml)")
	flag.Var(&sets, "set", "override a config key for this plan, key=value (repeatable)")
	flag.Parse()
	if err := run(*dir, *stack, sets); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir, stack string, sets []string) error {
	root, err := stackconfig.FindRoot(dir)
	if err != nil {
		return err
	}
	names := []string{stack}
	if stack == "all" {
		if names, err = stackconfig.Names(root); err != nil {
			return err
		}
	}
	failed := 0
	for _, name := range names {
		s, err := stackconfig.Load(root, name)
		if err != nil {
			return err
		}
		for _, kv := range sets {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("--set %q: want key=value", kv)
			}
			s.Set(k, v)
		}
		r, err := plan.Run(s)
		if err != nil {
			fmt.Fprintf(os.Stderr, "== stack %s: FAILED\n%v\n\n", name, err)
			failed++
			continue
		}
		r.Write(os.Stdout)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d stacks failed", failed, len(names))
	}
	return nil
}
