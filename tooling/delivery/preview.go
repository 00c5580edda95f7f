package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ThrowawayPassphrase is the PULUMI_CONFIG_PASSPHRASE of the throwaway
// local backend a not yet deployed stack is previewed against. It guards
// nothing: the backend lives in a temporary directory removed afterwards.
const ThrowawayPassphrase = "webplatform-throwaway-preview"

// maxReportLines caps the resources listed in a report.
const maxReportLines = 50

// PreviewOptions are the flags of `delivery preview` and `delivery drift`.
type PreviewOptions struct {
	// Stack is the stack name (dev, staging, prod).
	Stack string
	// Refresh refreshes the state from the cloud before previewing.
	Refresh bool
	// ExpectNoChanges fails when anything other than same is planned.
	ExpectNoChanges bool
	// Report is the Markdown report file; "" writes it to Out.
	Report string
	// PolicyPack is the policy pack run with the preview: the path of the
	// pack's binary (go build ./cmd/policy-pack) or directory; "" runs
	// none.
	PolicyPack string
	// PolicyConfig is the pack's config file; "" means
	// policy/config/<stack>.json under the repository when it exists.
	PolicyConfig string
}

// PreviewResult is what a preview (or drift check) found.
type PreviewResult struct {
	// Stack is the stack name.
	Stack string `json:"stack"`
	// NotDeployed is set when the stack does not exist in the backend and
	// was previewed against a throwaway local backend.
	NotDeployed bool `json:"notDeployed,omitempty"`
	// Digest is the decoded `pulumi preview --json` output.
	Digest *PreviewDigest `json:"-"`
	// Counts are the planned steps by operation.
	Counts map[string]int `json:"counts"`
	// Changes are the resources that change (or drifted).
	Changes []Change `json:"changes"`
	// Error is the preview's failure, if any.
	Error string `json:"error,omitempty"`
	// PolicyResult is the policy pack the preview ran and what it
	// reported (its fields are inlined in the JSON).
	PolicyResult
}

var stackName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

func (t *Tool) checkStackFile(stack string) error {
	if !stackName.MatchString(stack) {
		return usagef("invalid stack name %q", stack)
	}
	file := filepath.Join(t.Dir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("refusing stack %q: it has no stack file %s (%w)", stack, file, err)
	}
	return nil
}

// stackSummary mirrors stackSummaryJSON in pkg/cmd/pulumi/stack/stack_list.go
// (Pulumi v3.259.0); name is the backend's stack reference, "dev" in a
// DIY backend, "org/project/dev" in Pulumi Cloud.
type stackSummary struct {
	Name string `json:"name"`
}

// StackExists reports whether `pulumi stack ls --json` lists the stack.
func (t *Tool) StackExists(ctx context.Context, stack string) (bool, error) {
	out, err := t.pulumi(ctx, t.Dir, nil, "stack", "ls", "--json")
	if err != nil {
		return false, fmt.Errorf("listing the stacks: %w", err)
	}
	var stacks []stackSummary
	if err := json.Unmarshal(out, &stacks); err != nil {
		return false, fmt.Errorf("decoding `pulumi stack ls --json`: %w", err)
	}
	for _, s := range stacks {
		if s.Name == stack || strings.HasSuffix(s.Name, "/"+stack) {
			return true, nil
		}
	}
	return false, nil
}

// prepare is what preview and drift check first: the stack file, the
// policy pack flags (filling in the default config), and whether the
// stack exists in the backend.
func (t *Tool) prepare(ctx context.Context, o *PreviewOptions) (exists bool, err error) {
	if err := t.checkStackFile(o.Stack); err != nil {
		return false, err
	}
	if err := t.resolvePolicy(o.Stack, &o.PolicyPack, &o.PolicyConfig); err != nil {
		return false, err
	}
	return t.StackExists(ctx, o.Stack)
}

// Preview runs `pulumi preview --json` for a stack and writes the Markdown
// report. A stack not in the backend is previewed against a throwaway
// local backend (see throwawayBackend). With PolicyPack, the pack runs in
// the preview and the report lists its violations. It fails when the
// preview fails (a mandatory policy violation included, named in the
// error), or with ExpectNoChanges when anything is planned.
func (t *Tool) Preview(ctx context.Context, o PreviewOptions) (*PreviewResult, error) {
	exists, err := t.prepare(ctx, &o)
	if err != nil {
		return nil, err
	}
	res, runErr := t.runPreview(ctx, o, exists)
	if res == nil {
		return nil, runErr
	}
	if err := t.writeReport(o.Report, RenderPreviewReport(res)); err != nil {
		return res, err
	}
	if runErr != nil {
		return res, runErr
	}
	if o.ExpectNoChanges && res.Digest.HasChanges() {
		return res, fmt.Errorf("stack %s: %d resource(s) would change, none expected", o.Stack, len(res.Changes))
	}
	return res, nil
}

// Drift previews a deployed stack with --refresh and fails when any
// resource differs from the state (or the program): the report lists what
// drifted, and the policy violations when PolicyPack is set (a mandatory
// one fails it too). A stack not in the backend is an error.
func (t *Tool) Drift(ctx context.Context, o PreviewOptions) (*PreviewResult, error) {
	exists, err := t.prepare(ctx, &o)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("stack %s is not deployed (not in `pulumi stack ls`): drift needs a deployed stack", o.Stack)
	}
	o.Refresh = true
	res, runErr := t.runPreview(ctx, o, true)
	if res == nil {
		return nil, runErr
	}
	if err := t.writeReport(o.Report, RenderDriftReport(res)); err != nil {
		return res, err
	}
	if runErr != nil {
		return res, runErr
	}
	if res.Digest.HasChanges() {
		return res, fmt.Errorf("stack %s drifted: %d resource(s) differ", o.Stack, len(res.Changes))
	}
	return res, nil
}

// runPreview runs the preview and decodes it. It returns a result with
// Error set when pulumi failed but printed a digest, and no result when
// there is nothing to report. With a policy pack, the violations come from
// the preview's event log (see policy.go), and mandatory ones make the
// error name the policies.
func (t *Tool) runPreview(ctx context.Context, o PreviewOptions, exists bool) (*PreviewResult, error) {
	args := []string{"preview", "--json"}
	if o.Refresh {
		args = append(args, "--refresh")
	}
	args = append(args, "--stack", o.Stack)
	var env []string
	eventLog := ""
	if o.PolicyPack != "" {
		log, cleanup, err := t.newEventLog()
		if err != nil {
			return nil, err
		}
		defer cleanup()
		eventLog = log
		env = append(env, eventLogEnv)
		args = append(args, policyArgs(o.PolicyPack, o.PolicyConfig, eventLog)...)
	}
	if !exists {
		t.logf("delivery: stack %s is not deployed yet: previewing against a throwaway local backend", o.Stack)
		tmpEnv, configFile, cleanup, err := t.throwawayBackend(ctx, o.Stack)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		env = append(env, tmpEnv...)
		args = append(args, "--config-file", configFile)
	}
	out, runErr := t.pulumi(ctx, t.Dir, env, args...)
	return t.decodePreview(o, exists, out, runErr, eventLog)
}

// decodePreview turns the preview's output, exit and event log into the
// result and the command's error.
func (t *Tool) decodePreview(o PreviewOptions, exists bool, out []byte, runErr error, eventLog string) (*PreviewResult, error) {
	digest, err := ParsePreview(out)
	if err != nil {
		if runErr != nil {
			return nil, fmt.Errorf("preview of stack %s failed: %w", o.Stack, runErr)
		}
		return nil, fmt.Errorf("preview of stack %s: %w", o.Stack, err)
	}
	res := &PreviewResult{
		Stack:        o.Stack,
		NotDeployed:  !exists,
		Digest:       digest,
		Counts:       digest.Counts(),
		Changes:      digest.Changes(),
		PolicyResult: PolicyResult{PolicyPack: o.PolicyPack, PolicyConfig: o.PolicyConfig},
	}
	if eventLog != "" {
		t.readPolicyEvents(&res.PolicyResult, eventLog)
	}
	if err := policyRefusal(&res.PolicyResult, "preview of stack "+o.Stack, runErr); err != nil {
		res.Error = err.Error()
		return res, err
	}
	if runErr != nil {
		res.Error = runErr.Error()
		return res, fmt.Errorf("preview of stack %s failed: %w", o.Stack, runErr)
	}
	return res, nil
}

// throwawayBackend creates a local file backend in a temporary directory
// holding the stack, initialized (`pulumi stack init`) in a directory with
// copies of Pulumi.yaml and the repository's Pulumi.<stack>.yaml, so the
// passphrase secrets provider writes its salt into the copy, never the
// repository's file. The preview then runs in the repository with
// --config-file pointing at that copy.
func (t *Tool) throwawayBackend(ctx context.Context, stack string) (env []string, configFile string, cleanup func(), err error) {
	tmp, err := os.MkdirTemp(t.TempDir, "delivery-preview-")
	if err != nil {
		return nil, "", nil, fmt.Errorf("creating the throwaway backend: %w", err)
	}
	cleanup = func() { _ = os.RemoveAll(tmp) }
	backend := filepath.Join(tmp, "backend")
	project := filepath.Join(tmp, "project")
	for _, dir := range []string{backend, project} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			cleanup()
			return nil, "", nil, fmt.Errorf("creating the throwaway backend: %w", err)
		}
	}
	for _, name := range []string{"Pulumi.yaml", "Pulumi." + stack + ".yaml"} {
		if err := copyFile(filepath.Join(t.Dir, name), filepath.Join(project, name)); err != nil {
			cleanup()
			return nil, "", nil, fmt.Errorf("copying %s for the throwaway backend: %w", name, err)
		}
	}
	env = []string{
		"PULUMI_BACKEND_URL=file://" + filepath.ToSlash(backend),
		"PULUMI_CONFIG_PASSPHRASE=" + ThrowawayPassphrase,
	}
	if _, err := t.pulumi(ctx, project, env, "stack", "init", stack, "--secrets-provider", "passphrase"); err != nil {
		cleanup()
		return nil, "", nil, fmt.Errorf("creating stack %s in the throwaway backend: %w", stack, err)
	}
	return env, filepath.Join(project, "Pulumi."+stack+".yaml"), cleanup, nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from) //nolint:gosec // a file of the repository
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

func (t *Tool) writeReport(file, text string) error {
	if file == "" {
		_, err := fmt.Fprint(t.Out, text)
		return err
	}
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("writing report %s: %w", file, err)
		}
	}
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		return fmt.Errorf("writing report %s: %w", file, err)
	}
	return nil
}

func changeLines(changes []Change, withOp bool) []string {
	var lines []string
	for i, c := range changes {
		if i == maxReportLines {
			lines = append(lines, fmt.Sprintf("... and %d more", len(changes)-maxReportLines))
			break
		}
		line := c.Type + " " + c.Name
		if withOp {
			line = c.Op + " " + line
		}
		if len(c.Keys) > 0 {
			line += " [" + strings.Join(c.Keys, ", ") + "]"
		}
		lines = append(lines, line)
	}
	return lines
}

func errorSection(b *strings.Builder, res *PreviewResult) {
	if res.Error == "" {
		return
	}
	fmt.Fprintf(b, "**Preview failed**: %s\n\n", oneLine(res.Error))
	for _, e := range res.Digest.Errors() {
		fmt.Fprintf(b, "- %s\n", oneLine(e))
	}
	b.WriteString("\n")
}

// RenderPreviewReport is the Markdown report of a preview: the failure,
// the policy violations (when a policy pack ran), counts by operation and
// the changed resources as `op type name [keys]`, at most 50 lines.
func RenderPreviewReport(res *PreviewResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Preview of stack `%s`\n\n", res.Stack)
	if res.NotDeployed {
		b.WriteString("> stack not deployed yet: everything below is a first deployment " +
			"(previewed against a throwaway local backend)\n\n")
	}
	errorSection(&b, res)
	policySection(&b, &res.PolicyResult, "preview", res.Error != "")
	if len(res.Counts) == 0 {
		b.WriteString("No resources.\n")
	} else {
		b.WriteString("| operation | resources |\n|---|---:|\n")
		for _, op := range slices.Sorted(maps.Keys(res.Counts)) {
			fmt.Fprintf(&b, "| %s | %d |\n", op, res.Counts[op])
		}
	}
	if len(res.Changes) == 0 {
		b.WriteString("\nNo changes.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "\nChanged resources (%d):\n\n```\n", len(res.Changes))
	for _, l := range changeLines(res.Changes, true) {
		b.WriteString(l + "\n")
	}
	b.WriteString("```\n")
	return b.String()
}

// RenderDriftReport is the Markdown report of a drift check: the failure,
// the policy violations (when a policy pack ran), and per drifted resource
// its type, name, operation and changed properties.
func RenderDriftReport(res *PreviewResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Drift of stack `%s`\n\n", res.Stack)
	errorSection(&b, res)
	policySection(&b, &res.PolicyResult, "preview", res.Error != "")
	if len(res.Changes) == 0 {
		if res.Error == "" {
			b.WriteString("No drift: after refresh every resource is `same`.\n")
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%d resource(s) drifted (planned operation after refresh is not `same`):\n\n", len(res.Changes))
	b.WriteString("| type | name | operation | changed properties |\n|---|---|---|---|\n")
	for i, c := range res.Changes {
		if i == maxReportLines {
			fmt.Fprintf(&b, "\n... and %d more\n", len(res.Changes)-maxReportLines)
			break
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", c.Type, c.Name, c.Op, strings.Join(c.Keys, ", "))
	}
	return b.String()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 500 {
		s = s[:500] + "..."
	}
	return s
}
