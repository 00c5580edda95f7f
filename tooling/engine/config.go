package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// ConfigCase is one stack-file edit previewed through the engine.
type ConfigCase struct {
	Name string
	Line string // the stack file line after the edit
	// Want is what the refusal must say; Who is who must refuse: "engine"
	// (before the program runs) or "program" (its own validation).
	Want, Who string
	Result    *OpResult
	// RefusedBy is who refused: "engine" when no resource was registered
	// and the CLI's config validation said so, "program" otherwise, "" when
	// the preview passed.
	RefusedBy string
}

// ConfigCases are the edits of the dev stack file.
func ConfigCases(stack string) []*ConfigCase {
	return []*ConfigCase{
		{Name: "string where Pulumi.yaml declares an integer", Line: "webplatform:azCount: two",
			Want: fmt.Sprintf("Stack '%s' with configuration key 'azCount' must be of type 'integer'", stack), Who: "engine"},
		{Name: "well-typed but invalid value", Line: "webplatform:azCount: 9", Want: "azCount", Who: "program"},
		{Name: "unknown key in the project namespace", Line: "webplatform:azCuont: 3", Want: "azCuont"},
	}
}

var azCountLine = regexp.MustCompile(`(?m)^  webplatform:azCount: .*$`)

// RunConfigChecks previews each ConfigCases edit of stack's file (in a
// throwaway copy) and records who refused it.
func RunConfigChecks(ctx context.Context, o *Options, stack string) ([]*ConfigCase, error) {
	p, err := NewProject(o.Repo, filepath.Join(o.WorkDir, "project-config"), RuntimeBinary, o.Binary)
	if err != nil {
		return nil, err
	}
	s, err := p.Stack(ctx, o.Env, filepath.Join(o.WorkDir, "state-config"), stack)
	if err != nil {
		return nil, fmt.Errorf("stack init %s: %w", stack, err)
	}
	orig, err := readFile(p.StackFile(stack))
	if err != nil {
		return nil, err
	}
	cases := ConfigCases(stack)
	for _, c := range cases {
		line := c.Line
		err := p.EditStackFile(stack, func(string) (string, error) {
			if strings.HasPrefix(line, "webplatform:azCount:") {
				if !azCountLine.MatchString(orig) {
					return "", fmt.Errorf("stack file Pulumi.%s.yaml has no webplatform:azCount line to edit", stack)
				}
				return azCountLine.ReplaceAllString(orig, "  "+line), nil
			}
			return strings.Replace(orig, "\nconfig:\n", "\nconfig:\n  "+line+"\n", 1), nil
		})
		if err != nil {
			return nil, err
		}
		c.Result = Preview(ctx, s, "preview ("+c.Line+")")
		o.logf("engine: config %-28s %6.1fs refused=%v", c.Line, c.Result.Wall.Seconds(), c.Result.Err != nil)
		if c.Result.Err != nil {
			c.RefusedBy = "program"
			if len(c.Result.Steps) == 0 && strings.Contains(c.Result.ErrorText(), "validating stack config") {
				c.RefusedBy = "engine"
			}
		}
	}
	return cases, writeFile(p.StackFile(stack), orig)
}

// CheckConfig lists what the config cases show to be wrong.
func CheckConfig(cases []*ConfigCase) []string {
	var bad []string
	for _, c := range cases {
		switch {
		case c.Result == nil:
			bad = append(bad, c.Line+": not run")
		case c.Result.Err == nil:
			bad = append(bad, fmt.Sprintf("%s (%s) was accepted: neither the engine nor the program refused it", c.Line, c.Name))
		case !strings.Contains(c.Result.ErrorText(), c.Want):
			bad = append(bad, fmt.Sprintf("%s was refused without naming %q: %s", c.Line, c.Want, FirstLines(c.Result.ErrorText(), 10)))
		case c.Who != "" && c.RefusedBy != c.Who:
			bad = append(bad, fmt.Sprintf("%s was refused by the %s, want the %s", c.Line, c.RefusedBy, c.Who))
		}
	}
	return bad
}
