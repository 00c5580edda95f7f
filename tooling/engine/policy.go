package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"

	"github.com/webplatform-dev/webplatform/policy"
	"github.com/webplatform-dev/webplatform/tooling/delivery"
)

// PolicyReport is what the policy pack reported in one operation: the
// stack policies that passed and failed (its AnalyzeStack summary) and
// every violation.
type PolicyReport struct {
	Pack           string
	Passed, Failed []string
	// Violations are cmd/delivery's type, so the engine's events and its
	// reading of the CLI's event log compare directly.
	Violations []delivery.PolicyViolation
	// CLI are the violations cmd/delivery's parser read from the same
	// preview run by the CLI with --event-log (PreviewViolations only).
	CLI    []delivery.PolicyViolation
	CLIErr error
}

// Evaluated is the number of policies the pack ran.
func (p *PolicyReport) Evaluated() int { return len(p.Passed) + len(p.Failed) }

// Count is the number of violations at an enforcement level.
func (p *PolicyReport) Count(level string) int {
	n := 0
	for _, v := range p.Violations {
		if v.Level == level {
			n++
		}
	}
	return n
}

// addPolicy records a policy event (called by the collector, locked).
func (c *collector) addPolicy(ev events.EngineEvent) {
	if ev.PolicyEvent == nil && ev.PolicyAnalyzeStackSummaryEvent == nil {
		return
	}
	if c.res.Policy == nil {
		c.res.Policy = &PolicyReport{}
	}
	p := c.res.Policy
	if e := ev.PolicyEvent; e != nil {
		p.Pack = e.PolicyPackName
		p.Violations = append(p.Violations, delivery.PolicyViolation{
			Policy: e.PolicyName, Pack: e.PolicyPackName, Level: e.EnforcementLevel, Severity: e.Severity,
			URN: e.ResourceURN, Message: strings.TrimSpace(e.Message),
		})
	}
	if s := ev.PolicyAnalyzeStackSummaryEvent; s != nil {
		p.Pack = s.PolicyPackName
		p.Passed, p.Failed = append(p.Passed, s.Passed...), append(p.Failed, s.Failed...)
	}
}

// policyOptions are the preview options that run the pack with a stack's
// config (policy/config/<stack>.json), when the options have a pack.
func (o *Options) policyOptions(stack string) []optpreview.Option {
	if o.PolicyPack == "" {
		return nil
	}
	opts := []optpreview.Option{optpreview.PolicyPacks(o.PolicyPack)}
	if cfg := filepath.Join(o.Repo, "policy", "config", stack+".json"); fileExists(cfg) {
		opts = append(opts, optpreview.PolicyPackConfigs(cfg))
	}
	return opts
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// BuildPolicy builds the policy pack (cmd/policy-pack) and the program
// that breaks each of its rules (cmd/policy-violations) into dir.
func BuildPolicy(ctx context.Context, repo, dir string) (pack, violations string, err error) {
	pack, violations = filepath.Join(dir, "webplatform-policy"), filepath.Join(dir, "policy-violations")
	if err := goCmd(ctx, repo, "build", "-o", pack, "./cmd/policy-pack"); err != nil {
		return "", "", err
	}
	return pack, violations, goCmd(ctx, repo, "build", "-o", violations, "./cmd/policy-violations")
}

// PreviewViolations previews policy/violations (a fresh stack, so every
// reference is unknown) with the pack, every rule mandatory.
func PreviewViolations(ctx context.Context, o *Options) (*OpResult, error) {
	p := &Project{Repo: o.Repo, Dir: filepath.Join(o.WorkDir, "project-policy-violations"), Runtime: RuntimeBinary, Binary: o.ViolationsProgram}
	if err := os.MkdirAll(p.Dir, 0o750); err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(p.Dir, "Pulumi.yaml"), "name: policy-violations\nruntime: go\n"); err != nil {
		return nil, err
	}
	s, err := p.Stack(ctx, o.Env, filepath.Join(o.WorkDir, "state"), "test")
	if err != nil {
		return nil, fmt.Errorf("stack init policy-violations: %w", err)
	}
	if err := s.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "eu-west-1"}); err != nil {
		return nil, err
	}
	op := Preview(ctx, s, "preview (policy violations)", optpreview.PolicyPacks(o.PolicyPack))
	if op.Policy != nil {
		op.Policy.CLI, op.Policy.CLIErr = cliPolicyEvents(ctx, s, o.PolicyPack)
	}
	return op, nil
}

// cliPolicyEvents runs the real CLI's `preview --event-log` with the pack,
// as cmd/delivery does in the workflows, and reads the log with
// cmd/delivery's parser (the CLI's --json digest carries no policy events).
func cliPolicyEvents(ctx context.Context, s auto.Stack, pack string) ([]delivery.PolicyViolation, error) {
	ws := s.Workspace()
	log := filepath.Join(ws.WorkDir(), "events.jsonl")
	env := []string{"PULUMI_DEBUG_COMMANDS=true"}
	for k, v := range ws.GetEnvVars() {
		env = append(env, k+"="+v)
	}
	_, _, _, _ = ws.PulumiCommand().Run(ctx, ws.WorkDir(), nil, nil, nil, env,
		"preview", "--non-interactive", "--stack", s.Name(), "--policy-pack", pack, "--event-log", log)
	data, err := os.ReadFile(log) //nolint:gosec // our own temp file
	if err != nil {
		return nil, fmt.Errorf("the CLI wrote no event log: %w", err)
	}
	ev, _ := delivery.ParsePolicyEvents(data)
	return ev.Violations, nil
}

// WritePolicy renders an operation's policy report.
func WritePolicy(w *strings.Builder, op *OpResult) {
	p := op.Policy
	if p == nil {
		fmt.Fprintf(w, "  policy (%s): no policy pack ran\n", op.Name)
		return
	}
	fmt.Fprintf(w, "  policy (%s): pack %s, %d policies evaluated (%d passed, %d failed), %d mandatory, %d advisory violations\n",
		op.Name, p.Pack, p.Evaluated(), len(p.Passed), len(p.Failed), p.Count("mandatory"), p.Count("advisory"))
	vs := append([]delivery.PolicyViolation(nil), p.Violations...)
	sort.Slice(vs, func(i, j int) bool { return vs[i].Policy+vs[i].URN < vs[j].Policy+vs[j].URN })
	for _, v := range vs {
		fmt.Fprintf(w, "    %s %s %s\n", v.Level, v.Policy, shortURN(v.URN))
	}
}

// policyPreviews are the lifecycle's previews that run the pack: a fresh
// stack (references unknown) and the deployed one (values known).
var policyPreviews = []string{"preview", "preview (again)"}

// checkPolicy: each preview with the pack ran every rule the stack's
// config does not disable, and none reported a mandatory violation.
func checkPolicy(r *StackReport) []string {
	var bad []string
	for _, name := range policyPreviews {
		op := r.Op(name)
		if op == nil || op.Err != nil {
			continue
		}
		switch p := op.Policy; {
		case p == nil:
			bad = append(bad, name+": the policy pack did not run")
		case p.Evaluated() != len(policy.Rules()):
			bad = append(bad, fmt.Sprintf("%s: the pack evaluated %d policies, want all %d", name, p.Evaluated(), len(policy.Rules())))
		case p.Count("mandatory") > 0:
			bad = append(bad, fmt.Sprintf("%s: %d mandatory policy violations", name, p.Count("mandatory")))
		}
	}
	return bad
}
