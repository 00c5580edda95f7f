package delivery

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Where the policy violations of a preview are: not in the digest.
// ShowPreviewDigest (pkg/backend/display/json.go, Pulumi v3.259.0), which
// writes `pulumi preview --json`, skips them:
//
//	case engine.PolicyViolationEvent, engine.PolicyLoadEvent, ...:
//		// At this point in time, we don't handle policy events in JSON serialization
//		continue
//
// and display.PreviewDigest (pkg/display/json.go) has no field for them.
// The engine's event log has them: `--event-log FILE` (a flag of `pulumi
// preview` and `pulumi up` only when PULUMI_DEBUG_COMMANDS is set, pkg/cmd/
// pulumi/operations/preview.go and up.go; the Automation API passes both
// the same way, sdk/go/auto/stack.go) makes startEventLogger (pkg/backend/
// display/display.go) write every engine event to FILE as one
// apitype.EngineEvent JSON object per line, a violation as its
// "policyEvent" field (apitype.PolicyEvent, converted by ConvertEngineEvent
// in pkg/backend/display/events.go). So a preview (or a deploy's preview
// and up) with a policy pack also writes an event log, and the violations
// are read from there.

// PolicyDefaultConfigDir is where the per-stack policy pack configs are,
// relative to the repository root: policy/config/<stack>.json.
const PolicyDefaultConfigDir = "policy/config"

// Enforcement levels of a violation (apitype.EnforcementLevel): the engine
// reports mandatory and advisory ones; a remediate level of a stack policy
// is reported as mandatory (AnalyzeStack in pkg/resource/deploy/
// step_generator.go).
const (
	PolicyMandatory = "mandatory"
	PolicyAdvisory  = "advisory"
)

// PolicyViolation is one violation a policy pack reported in a preview.
type PolicyViolation struct {
	// Policy is the policy's name.
	Policy string `json:"policy"`
	// Pack is the policy pack's name.
	Pack string `json:"pack,omitempty"`
	// Level is the enforcement level: mandatory or advisory.
	Level string `json:"level"`
	// Severity is low, medium, high or critical, when the pack says.
	Severity string `json:"severity,omitempty"`
	// URN is the resource in violation (the root stack for a violation of
	// the stack as a whole).
	URN string `json:"urn,omitempty"`
	// Message is the violation's text, without colour codes.
	Message string `json:"message"`
}

// Mandatory reports whether the violation blocks the preview.
func (v PolicyViolation) Mandatory() bool { return v.Level == PolicyMandatory }

// PolicyPackRun is a policy pack that ran on the stack, from its stack
// summary event (apitype.PolicyAnalyzeStackSummaryEvent).
type PolicyPackRun struct {
	// Name is the pack's name.
	Name string `json:"name"`
	// Version is the pack's version.
	Version string `json:"version,omitempty"`
	// Passed are the stack policies without a violation.
	Passed []string `json:"passed,omitempty"`
	// Failed are the stack policies with a violation.
	Failed []string `json:"failed,omitempty"`
}

// engineEvent mirrors the fields read of apitype.EngineEvent
// (sdk/go/common/apitype/events.go, Pulumi v3.259.0).
type engineEvent struct {
	PolicyEvent                    *policyEvent                    `json:"policyEvent,omitempty"`
	PolicyAnalyzeStackSummaryEvent *policyAnalyzeStackSummaryEvent `json:"policyAnalyzeStackSummaryEvent,omitempty"`
}

// policyEvent mirrors apitype.PolicyEvent; message carries colour
// directives (colors.SpecNote ... colors.Reset) unless --color never.
type policyEvent struct {
	ResourceURN       string `json:"resourceUrn,omitempty"`
	Message           string `json:"message"`
	PolicyName        string `json:"policyName"`
	PolicyPackName    string `json:"policyPackName"`
	PolicyPackVersion string `json:"policyPackVersion"`
	EnforcementLevel  string `json:"enforcementLevel"`
	Severity          string `json:"severity,omitempty"`
}

// policyAnalyzeStackSummaryEvent mirrors apitype.PolicyAnalyzeStackSummaryEvent.
type policyAnalyzeStackSummaryEvent struct {
	PolicyPackName    string   `json:"policyPackName"`
	PolicyPackVersion string   `json:"policyPackVersion"`
	Passed            []string `json:"passed,omitempty"`
	Failed            []string `json:"failed,omitempty"`
}

// colorDirective is a colour command of sdk/go/common/diag/colors: <{%...%}>.
var colorDirective = regexp.MustCompile(`<\{%[^%]*%\}>`)

// PolicyEvents is what an event log says about policies.
type PolicyEvents struct {
	// Violations are the violations, in the order reported, duplicates
	// removed.
	Violations []PolicyViolation
	// Packs are the packs that reported a stack summary.
	Packs []PolicyPackRun
}

// ParsePolicyEvents reads the policy events of a `pulumi preview
// --event-log` file: one apitype.EngineEvent JSON object per line. Lines
// that are not JSON objects (a torn last line) are counted in skipped.
func ParsePolicyEvents(data []byte) (ev PolicyEvents, skipped int) {
	seen := map[PolicyViolation]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e engineEvent
		if err := json.Unmarshal(line, &e); err != nil {
			skipped++
			continue
		}
		if p := e.PolicyEvent; p != nil {
			v := PolicyViolation{
				Policy:   p.PolicyName,
				Pack:     p.PolicyPackName,
				Level:    p.EnforcementLevel,
				Severity: p.Severity,
				URN:      p.ResourceURN,
				Message:  strings.TrimSpace(colorDirective.ReplaceAllString(p.Message, "")),
			}
			if !seen[v] {
				seen[v] = true
				ev.Violations = append(ev.Violations, v)
			}
		}
		if s := e.PolicyAnalyzeStackSummaryEvent; s != nil {
			ev.Packs = append(ev.Packs, PolicyPackRun{
				Name: s.PolicyPackName, Version: s.PolicyPackVersion, Passed: s.Passed, Failed: s.Failed,
			})
		}
	}
	if sc.Err() != nil {
		skipped++
	}
	return ev, skipped
}

// resolvePolicy checks the policy pack flags of preview, drift and deploy
// (*pack, *config) and fills in the default config: policy/config/
// <stack>.json under the repository when it exists. Relative paths are
// made absolute (pulumi runs in the repository root, or a worktree).
func (t *Tool) resolvePolicy(stack string, pack, config *string) error {
	if *pack == "" {
		if *config != "" {
			return usagef("--policy-pack-config %s without --policy-pack", *config)
		}
		return nil
	}
	abs, err := existingAbs(*pack)
	if err != nil {
		return usagef("--policy-pack %s: %v", *pack, err)
	}
	*pack = abs
	if *config != "" {
		abs, err := existingAbs(*config)
		if err != nil {
			return usagef("--policy-pack-config %s: %v", *config, err)
		}
		*config = abs
		return nil
	}
	def, err := filepath.Abs(filepath.Join(t.Dir, filepath.FromSlash(PolicyDefaultConfigDir), stack+".json"))
	if err != nil {
		return fmt.Errorf("locating the default policy config: %w", err)
	}
	switch fi, err := os.Stat(def); {
	case err == nil && fi.Mode().IsRegular():
		*config = def
	case err == nil || errors.Is(err, fs.ErrNotExist):
		t.logf("delivery: no %s/%s.json: the policy pack runs with its default levels", PolicyDefaultConfigDir, stack)
	default:
		return fmt.Errorf("reading the default policy config %s: %w", def, err)
	}
	return nil
}

// existingAbs is path made absolute, or why it cannot be used.
func existingAbs(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err == nil {
		_, err = os.Stat(abs)
	}
	return abs, err
}

// policyArgs are the `pulumi preview` and `pulumi up` flags that run the
// pack with its config ("" for none) and write the event log its
// violations are read from.
func policyArgs(pack, config, eventLog string) []string {
	args := []string{"--policy-pack", pack}
	if config != "" {
		args = append(args, "--policy-pack-config", config)
	}
	return append(args, "--event-log", eventLog)
}

// eventLogEnv makes `pulumi preview` and `pulumi up` accept --event-log.
const eventLogEnv = "PULUMI_DEBUG_COMMANDS=true"

// newEventLog creates the (empty) event log file pulumi writes to.
func (t *Tool) newEventLog() (path string, cleanup func(), err error) {
	f, err := os.CreateTemp(t.TempDir, "delivery-events-*.jsonl")
	if err != nil {
		return "", nil, fmt.Errorf("creating the event log: %w", err)
	}
	path = f.Name()
	cleanup = func() { _ = os.Remove(path) }
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("creating the event log: %w", err)
	}
	return path, cleanup, nil
}

// PolicyResult is the policy pack's part of a preview, drift check or
// deploy: the pack and config it ran with and what the event log said.
type PolicyResult struct {
	// PolicyPack is the policy pack run ("" when none).
	PolicyPack string `json:"policyPack,omitempty"`
	// PolicyConfig is the pack's config file ("" when none).
	PolicyConfig string `json:"policyConfig,omitempty"`
	// PolicyPacks are the packs that reported a result.
	PolicyPacks []PolicyPackRun `json:"policyPacks,omitempty"`
	// Policy are the policy violations the packs reported.
	Policy []PolicyViolation `json:"policy,omitempty"`
}

// readPolicyEvents fills the result's violations and packs from the event
// log.
func (t *Tool) readPolicyEvents(res *PolicyResult, eventLog string) {
	data, err := os.ReadFile(eventLog) //nolint:gosec // the tool's own temporary file
	if err != nil {
		t.logf("delivery: reading the event log for policy violations: %v", err)
		return
	}
	ev, skipped := ParsePolicyEvents(data)
	if skipped > 0 {
		t.logf("delivery: %d unreadable line(s) in the event log skipped", skipped)
	}
	res.Policy, res.PolicyPacks = ev.Violations, ev.Packs
}

// MandatoryPolicies are the names of the policies with a mandatory
// violation, each once, in report order.
func (res *PolicyResult) MandatoryPolicies() []string {
	var names []string
	for _, v := range res.Policy {
		if v.Mandatory() && !slices.Contains(names, v.Policy) {
			names = append(names, v.Policy)
		}
	}
	return names
}

// policyRefusal is the error of an operation (what: "preview of stack
// dev") with mandatory violations (pulumi exits non-zero on them:
// runErr), or nil.
func policyRefusal(res *PolicyResult, what string, runErr error) error {
	names := res.MandatoryPolicies()
	if len(names) == 0 {
		return nil
	}
	mandatory, _, _ := policyCounts(res.Policy)
	msg := fmt.Sprintf("%s refused by the policy pack: %d mandatory violation(s) of %s",
		what, mandatory, strings.Join(names, ", "))
	if runErr != nil {
		return fmt.Errorf("%s: %w", msg, runErr)
	}
	return errors.New(msg)
}

// policyCounts counts the violations by level: mandatory, advisory, other.
func policyCounts(vs []PolicyViolation) (mandatory, advisory, other int) {
	for _, v := range vs {
		switch v.Level {
		case PolicyMandatory:
			mandatory++
		case PolicyAdvisory:
			advisory++
		default:
			other++
		}
	}
	return mandatory, advisory, other
}

// policySection writes the report's "Policy" section for the operation
// op ("preview", "update") that failed when failed: the packs that ran,
// the violations counted by level, then one line per violation (mandatory
// first), at most 50. Nothing when no pack was given and none reported.
func policySection(b *strings.Builder, res *PolicyResult, op string, failed bool) {
	if res.PolicyPack == "" && len(res.Policy) == 0 && len(res.PolicyPacks) == 0 {
		return
	}
	b.WriteString("### Policy\n\n")
	policyBody(b, res, op, failed)
}

// policyBody is the Policy section without its heading.
func policyBody(b *strings.Builder, res *PolicyResult, op string, failed bool) {
	for _, p := range res.PolicyPacks {
		fmt.Fprintf(b, "Policy pack `%s` %s ran: %d policies passed, %d failed.\n\n",
			p.Name, p.Version, len(p.Passed), len(p.Failed))
	}
	if len(res.PolicyPacks) == 0 && len(res.Policy) == 0 {
		if failed {
			fmt.Fprintf(b, "No policy results: the %s failed before the policy pack ran.\n\n", op)
		} else {
			fmt.Fprintf(b, "No policy results: the %s reported no policy pack run.\n\n", op)
		}
		return
	}
	mandatory, advisory, other := policyCounts(res.Policy)
	if len(res.Policy) == 0 {
		b.WriteString("No policy violations.\n\n")
		return
	}
	fmt.Fprintf(b, "%d policy violation(s): %d mandatory, %d advisory", len(res.Policy), mandatory, advisory)
	if other > 0 {
		fmt.Fprintf(b, ", %d other", other)
	}
	if mandatory > 0 {
		fmt.Fprintf(b, " (mandatory violations refuse the %s)", op)
	}
	b.WriteString(".\n\n")
	policyLines(b, res.Policy)
}

// policyLines lists the violations, mandatory first, at most 50.
func policyLines(b *strings.Builder, vs []PolicyViolation) {
	sorted := slices.Clone(vs)
	slices.SortStableFunc(sorted, func(a, c PolicyViolation) int {
		if a.Mandatory() == c.Mandatory() {
			return 0
		}
		if a.Mandatory() {
			return -1
		}
		return 1
	})
	for i, v := range sorted {
		if i == maxReportLines {
			fmt.Fprintf(b, "- ... and %d more\n", len(sorted)-maxReportLines)
			break
		}
		level := v.Level
		if v.Mandatory() {
			level = "**" + level + "**"
		}
		where := "the stack"
		if v.URN != "" {
			typ, name := SplitURN(v.URN)
			where = "`" + strings.TrimSpace(typ+" "+name) + "`"
		}
		fmt.Fprintf(b, "- %s `%s` on %s: %s\n", level, v.Policy, where, oneLine(v.Message))
	}
	b.WriteString("\n")
}
