package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Stack tags: pkg/util/validation/stack.go (validateStackTagName,
// ValidateStackTags) in Pulumi v3.259.0 accepts names of at most 40
// characters from [a-zA-Z0-9-_.:] and values of at most 256 characters.
var stackTagName = regexp.MustCompile(`^[a-zA-Z0-9-_.:]{1,40}$`)

const maxStackTagValue = 256

// releaseTags are the stack tags a deploy (or rollback) sets.
func releaseTags(version, commit, deployedAt string, u *UpdateOutcome) [][2]string {
	tags := [][2]string{
		{"webplatform:version", version},
		{"webplatform:commit", commit},
		{"webplatform:deployedAt", deployedAt},
		{"webplatform:rolledBackFrom", "-"},
	}
	if u != nil {
		tags = append(tags,
			[2]string{"webplatform:changes", u.Changes.String()},
			[2]string{"webplatform:result", u.Result})
		if u.Duration != "" {
			tags = append(tags, [2]string{"webplatform:duration", u.Duration})
		}
	}
	return tags
}

// setTags sets stack tags with `pulumi stack tag set`; a tag that cannot
// be set is a warning, not a failed deploy.
func (t *Tool) setTags(ctx context.Context, dir, stack string, tags [][2]string, warnings *[]string) {
	for _, tag := range tags {
		name, value := tag[0], tag[1]
		if !stackTagName.MatchString(name) {
			t.warn(warnings, "stack tag name %q is invalid: not set", name)
			continue
		}
		if value == "" {
			value = "-"
		}
		if len(value) > maxStackTagValue {
			value = value[:maxStackTagValue]
		}
		if _, err := t.pulumi(ctx, dir, nil, "stack", "tag", "set", name, value, "--stack", stack); err != nil {
			t.warn(warnings, "setting stack tag %s: %v", name, err)
		}
	}
}

// publish writes the report as JSON to <dir>/<stack>-deploy.json and as
// Markdown appended to $GITHUB_STEP_SUMMARY (stdout when unset).
func (t *Tool) publish(rep *DeployReport, dir string) error {
	var errs []string
	data, err := json.MarshalIndent(rep, "", "  ")
	if err == nil {
		err = os.MkdirAll(dir, 0o750)
	}
	file := filepath.Join(dir, rep.Stack+"-deploy.json")
	if err == nil {
		err = os.WriteFile(file, append(data, '\n'), 0o600)
	}
	if err != nil {
		errs = append(errs, fmt.Sprintf("writing %s: %v", file, err))
	}
	md := RenderDeployMarkdown(rep)
	if path := t.getenv("GITHUB_STEP_SUMMARY"); path != "" {
		if err := appendFile(path, md); err != nil {
			errs = append(errs, fmt.Sprintf("appending to GITHUB_STEP_SUMMARY %s: %v", path, err))
		}
	} else if _, err := fmt.Fprint(t.Out, md); err != nil {
		errs = append(errs, fmt.Sprintf("writing the summary: %v", err))
	}
	if len(errs) > 0 {
		return fmt.Errorf("reporting the deploy of stack %s: %s", rep.Stack, strings.Join(errs, "; "))
	}
	return nil
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) //nolint:gosec // $GITHUB_STEP_SUMMARY
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

func updateRows(b *strings.Builder, u *UpdateOutcome) {
	if u == nil {
		b.WriteString("| result | unknown (stack history not read) |\n")
		return
	}
	c := u.Changes
	fmt.Fprintf(b, "| result | %s |\n", u.Result)
	fmt.Fprintf(b, "| resources | created %d, updated %d, replaced %d, deleted %d, same %d |\n",
		c.Create, c.Update, c.Replace, c.Delete, c.Same)
	if u.Duration != "" {
		fmt.Fprintf(b, "| duration | %s |\n", u.Duration)
	}
}

// RenderDeployMarkdown is the job summary of a deploy.
func RenderDeployMarkdown(rep *DeployReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Deploy of stack `%s`: %s (%s)\n\n", rep.Stack, rep.Version, rep.Outcome)
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| stack | %s |\n| version | %s |\n| commit | `%s` |\n", rep.Stack, rep.Version, rep.Commit)
	if rep.Previous != nil {
		fmt.Fprintf(&b, "| previous version | %s (`%s`) |\n", rep.Previous.Version, short(rep.Previous.Commit))
	} else {
		b.WriteString("| previous version | none recorded |\n")
	}
	updateRows(&b, rep.Update)
	if rep.RunURL != "" {
		fmt.Fprintf(&b, "| preview | [workflow run](%s) (artifact `%s`) |\n", rep.RunURL, filepath.Base(rep.PreviewFile))
	}
	if h := rep.Health; h != nil {
		if h.Healthy {
			b.WriteString("| health | healthy |\n")
		} else {
			fmt.Fprintf(&b, "| health | **unhealthy**: %s |\n", oneLine(h.Reason))
		}
		for _, n := range h.Notices {
			fmt.Fprintf(&b, "| notice | %s |\n", oneLine(n))
		}
	}
	if rep.Error != "" && rep.Rollback == nil {
		fmt.Fprintf(&b, "\n**Failed**: %s\n", oneLine(rep.Error))
	}
	renderDeployPolicy(&b, rep)
	if rb := rep.Rollback; rb != nil {
		renderRollback(&b, rb)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(&b, "\nWarning: %s\n", oneLine(w))
	}
	b.WriteString("\n")
	return b.String()
}

// renderDeployPolicy writes the deploy's Policy section: the pack, the
// operation whose violations it lists, whether the pack refused the
// deploy, then the violations as a preview report lists them.
func renderDeployPolicy(b *strings.Builder, rep *DeployReport) {
	p := rep.Policy
	if p == nil {
		return
	}
	op, failed := "update", rep.Outcome == OutcomeUpdateFailed || rep.Outcome == OutcomePolicyRefused
	if p.Stage == PolicyStagePreview {
		op, failed = "preview", true
	}
	fmt.Fprintf(b, "\n### Policy\n\nThe deploy's preview and update run the policy pack `%s`", filepath.Base(p.PolicyPack))
	if p.PolicyConfig != "" {
		fmt.Fprintf(b, " with `%s`", filepath.Base(p.PolicyConfig))
	}
	fmt.Fprintf(b, "; below, what the %s reported.", op)
	switch {
	case p.Refused && p.Stage == PolicyStagePreview:
		b.WriteString(" **The preview was refused**: `pulumi up` did not run, nothing changed, nothing to roll back.")
	case p.Refused:
		b.WriteString(" **The update was refused**: it failed like any failed update" +
			" (what it changed before the refusal is in the counts above) and is not rolled back.")
	}
	b.WriteString("\n\n")
	policyBody(b, &p.PolicyResult, op, failed)
}

func renderRollback(b *strings.Builder, rb *RollbackReport) {
	if !rb.Attempted {
		fmt.Fprintf(b, "\n### Not rolled back\n\nReason for failure: %s\n\nNo rollback: %s\n", oneLine(rb.Reason), rb.Skipped)
		return
	}
	if rb.Error != "" {
		fmt.Fprintf(b, "\n### Rollback from %s to %s failed\n\n", rb.From, rb.To)
	} else {
		fmt.Fprintf(b, "\n### Rolled back from %s to %s\n\n", rb.From, rb.To)
	}
	fmt.Fprintf(b, "Reason: %s\n\n", oneLine(rb.Reason))
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(b, "| rolled back to | %s (`%s`) |\n", rb.To, rb.ToCommit)
	if rb.WithoutPolicyPack {
		fmt.Fprintf(b, "| policy pack | not run: a rollback restores %s as it was deployed, "+
			"a rule added since must not block it |\n", rb.To)
	}
	updateRows(b, rb.Update)
	if rb.Error != "" {
		fmt.Fprintf(b, "\n**Rollback failed**: %s\n", oneLine(rb.Error))
	}
}
