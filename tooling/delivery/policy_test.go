package delivery

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// policyEventsSample is the event log `pulumi preview --event-log FILE`
// writes (startEventLogger, pkg/backend/display/display.go, Pulumi
// v3.259.0): one apitype.EngineEvent per line from a json.Encoder, the
// policy violations as "policyEvent" (ConvertEngineEvent, pkg/backend/
// display/events.go) whose message is policyViolationEvent's (pkg/engine/
// events.go) colors.SpecNote + message + colors.Reset + "\n", and each
// pack's stack result as "policyAnalyzeStackSummaryEvent". Other events
// are abbreviated. The stack policy without a URN is reported on the root
// stack (resolveStackPolicyViolationURN).
const policyEventsSample = `{"sequence":0,"timestamp":1772359200,"preludeEvent":{"config":{"aws:region":"eu-west-1"}}}
{"sequence":1,"timestamp":1772359201,"resourcePreEvent":{"metadata":{"op":"same","urn":"urn:pulumi:dev::webplatform::pulumi:pulumi:Stack::webplatform-dev","type":"pulumi:pulumi:Stack","provider":""}}}
{"sequence":2,"timestamp":1772359205,"policyEvent":{"resourceUrn":"urn:pulumi:dev::webplatform::webplatform:edge:Edge$aws:lb/loadBalancer:LoadBalancer::alb","message":"<{%reset%}>deletion protection is off (set albDeletionProtection: true)<{%reset%}>\n","color":"raw","policyName":"load-balancers-hardened","policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","enforcementLevel":"advisory","severity":"medium"}}
{"sequence":3,"timestamp":1772359205,"policyEvent":{"resourceUrn":"urn:pulumi:dev::webplatform::pulumi:pulumi:Stack::webplatform-dev","message":"<{%reset%}>backups kept 3 days, fewer than 7 (set dbBackupRetentionDays)<{%reset%}>\n","color":"raw","policyName":"stateful-resources-backed-up","policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","enforcementLevel":"advisory","severity":"low"}}
{"sequence":4,"timestamp":1772359205,"policyAnalyzeStackSummaryEvent":{"policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","passed":["data-stores-in-isolated-subnets","kms-keys-rotate-and-name-their-principals"],"failed":["load-balancers-hardened","stateful-resources-backed-up"]}}
{"sequence":5,"timestamp":1772359206,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":6,"resourceChanges":{"same":312},"PolicyPacks":{"webplatform":"0.3.0"}}}
`

// policyRefusedEvents: one mandatory violation (reported twice, as an
// engine may) beside an advisory one.
const policyRefusedEvents = `{"sequence":2,"timestamp":1772359205,"policyEvent":{"resourceUrn":"urn:pulumi:prod::webplatform::webplatform:data:Data$aws:rds/cluster:Cluster::db","message":"<{%reset%}>the database is not protected (set protectData: true)<{%reset%}>\n","color":"raw","policyName":"stateful-resources-protected","policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","enforcementLevel":"mandatory","severity":"critical"}}
{"sequence":3,"timestamp":1772359205,"policyEvent":{"resourceUrn":"urn:pulumi:prod::webplatform::webplatform:edge:Edge$aws:lb/loadBalancer:LoadBalancer::alb","message":"<{%reset%}>deletion protection is off (set albDeletionProtection: true)<{%reset%}>\n","color":"raw","policyName":"load-balancers-hardened","policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","enforcementLevel":"advisory","severity":"medium"}}
{"sequence":4,"timestamp":1772359205,"policyEvent":{"resourceUrn":"urn:pulumi:prod::webplatform::webplatform:data:Data$aws:rds/cluster:Cluster::db","message":"<{%reset%}>the database is not protected (set protectData: true)<{%reset%}>\n","color":"raw","policyName":"stateful-resources-protected","policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","enforcementLevel":"mandatory","severity":"critical"}}
{"sequence":5,"timestamp":1772359205,"policyAnalyzeStackSummaryEvent":{"policyPackName":"webplatform","policyPackVersion":"0.3.0","policyPackVersionTag":"0.3.0","passed":["data-stores-in-isolated-subnets"],"failed":["stateful-resources-protected","load-balancers-hardened"]}}
{"sequence":6,"timestamp":1772359205,"diagnosticEvent":{"prefix":"error: ","message":"preview failed\n","color":"raw","severity":"error"}}
`

// policyRefusedDigest is the `pulumi preview --json` digest of that
// preview: no policy field, only the engine's "preview failed" error
// (deploymentExecutor.reportExecResult) among the diagnostics.
const policyRefusedDigest = `{
    "steps": [
        {"op": "same", "urn": "urn:pulumi:prod::webplatform::pulumi:pulumi:Stack::webplatform-prod", "provider": "", "detailedDiff": null}
    ],
    "diagnostics": [
        {"message": "error: preview failed\n", "severity": "error"}
    ],
    "duration": 7000000000,
    "changeSummary": {"same": 372}
}
`

// policyScenario is previewScenario whose preview also writes events to
// the --event-log file it is given.
func policyScenario(t *testing.T, stacks, digest, events string, previewErr error) func(c call) (string, error) {
	base := previewScenario(t, stacks, digest, previewErr)
	return func(c call) (string, error) {
		if strings.HasPrefix(c.String(), "pulumi preview") {
			if i := slices.Index(c.Args, "--event-log"); i >= 0 && i+1 < len(c.Args) {
				writeFile(t, c.Args[i+1], events)
			}
		}
		return base(c)
	}
}

// argAfter returns the argument after flag, or "" when flag is absent.
func argAfter(args []string, flag string) string {
	if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return ""
}

// policyTool is a test tool with a policy pack binary (a placeholder file)
// and the repository's policy/config/dev.json.
func policyTool(t *testing.T, f *fakeRunner) (tool *Tool, pack string) {
	t.Helper()
	tool, _, _ = newTestTool(t, f)
	pack = filepath.Join(t.TempDir(), "webplatform-policy")
	writeFile(t, pack, "#!/bin/sh\n")
	writeFile(t, filepath.Join(tool.Dir, "Pulumi.prod.yaml"), "config: {}\n")
	if err := os.MkdirAll(filepath.Join(tool.Dir, "policy", "config"), 0o750); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(tool.Dir, "policy", "config", "dev.json"), "{}\n")
	return tool, pack
}

// Catches: --policy-pack not passed to `pulumi preview` (preview or
// drift), the stack's policy/config/<stack>.json not used by default, a
// --policy-pack-config naming a file that does not exist (pulumi fails on
// it), an explicit config ignored, or the event log the violations are
// read from not requested (or requested without PULUMI_DEBUG_COMMANDS,
// which the flag needs).
func TestPreviewPolicyPackFlags(t *testing.T) {
	f := &fakeRunner{}
	tool, pack := policyTool(t, f)
	f.handle = policyScenario(t, `[{"name": "dev"}, {"name": "prod"}]`, previewSample, "", nil)
	defaultCfg := filepath.Join(tool.Dir, "policy", "config", "dev.json")

	if _, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev", PolicyPack: pack}); err != nil {
		t.Fatal(err)
	}
	if _, err := tool.Drift(context.Background(), PreviewOptions{Stack: "prod", PolicyPack: pack}); err == nil {
		t.Fatal("drift of previewSample: no error")
	}
	explicit := filepath.Join(t.TempDir(), "custom.json")
	writeFile(t, explicit, "{}\n")
	if _, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev", PolicyPack: pack, PolicyConfig: explicit}); err != nil {
		t.Fatal(err)
	}
	previews := f.find("pulumi preview")
	if len(previews) != 3 {
		t.Fatalf("commands = %v", f.commands())
	}
	for i, want := range []struct{ cmd, config string }{
		{"pulumi preview --json --stack dev --policy-pack ", defaultCfg},
		{"pulumi preview --json --refresh --stack prod --policy-pack ", ""},
		{"pulumi preview --json --stack dev --policy-pack ", explicit},
	} {
		c := previews[i]
		if !strings.HasPrefix(c.String(), want.cmd) || argAfter(c.Args, "--policy-pack") != pack {
			t.Errorf("preview %d = %s", i, c)
		}
		if got := argAfter(c.Args, "--policy-pack-config"); got != want.config {
			t.Errorf("preview %d: --policy-pack-config %q, want %q (%s)", i, got, want.config, c)
		}
		if argAfter(c.Args, "--event-log") == "" || c.env("PULUMI_DEBUG_COMMANDS") != "true" {
			t.Errorf("preview %d: no event log: %s env %v", i, c, c.Env)
		}
	}
}

// Catches: a missing pack or config reaching pulumi (exit 1 after minutes
// instead of a usage error), or a config without a pack silently ignored.
func TestPreviewPolicyPackUsage(t *testing.T) {
	f := &fakeRunner{}
	tool, pack := policyTool(t, f)
	f.handle = policyScenario(t, `[{"name": "dev"}]`, previewSample, "", nil)
	for _, o := range []PreviewOptions{
		{Stack: "dev", PolicyPack: filepath.Join(t.TempDir(), "absent")},
		{Stack: "dev", PolicyPack: pack, PolicyConfig: filepath.Join(t.TempDir(), "absent.json")},
		{Stack: "dev", PolicyConfig: filepath.Join(tool.Dir, "policy", "config", "dev.json")},
	} {
		if _, err := tool.Preview(context.Background(), o); !IsUsage(err) {
			t.Errorf("%+v: err = %v, want a usage error", o, err)
		}
	}
	if len(f.calls) != 0 {
		t.Errorf("usage errors ran %v", f.commands())
	}
}

// Catches: violations looked for in the digest (which has none) instead
// of the event log, colour directives left in the messages, advisory
// violations failing the preview, or the report not counting them by
// level with one line per violation.
func TestPreviewPolicyReport(t *testing.T) {
	f := &fakeRunner{}
	tool, pack := policyTool(t, f)
	f.handle = policyScenario(t, `[{"name": "dev"}]`, previewSample, policyEventsSample, nil)
	res, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev", PolicyPack: pack})
	if err != nil {
		t.Fatalf("advisory violations failed the preview: %v", err)
	}
	if len(res.Policy) != 2 || res.Policy[0].Message != "deletion protection is off (set albDeletionProtection: true)" ||
		res.Policy[1].Level != PolicyAdvisory || len(res.PolicyPacks) != 1 {
		t.Errorf("policy = %+v, packs %+v", res.Policy, res.PolicyPacks)
	}
	md := RenderPreviewReport(res)
	for _, want := range []string{
		"### Policy\n",
		"Policy pack `webplatform` 0.3.0 ran: 2 policies passed, 2 failed.",
		"2 policy violation(s): 0 mandatory, 2 advisory.",
		"- advisory `load-balancers-hardened` on `aws:lb/loadBalancer:LoadBalancer alb`: deletion protection is off (set albDeletionProtection: true)\n",
		"- advisory `stateful-resources-backed-up` on `pulumi:pulumi:Stack webplatform-dev`: backups kept 3 days",
		"create aws:s3/bucket:Bucket logs\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "<{%") {
		t.Errorf("colour directives in the report:\n%s", md)
	}
}

// Catches: a preview refused by a mandatory violation reported as a
// plain "preview failed" (or not at all), its error not naming the
// policy, or the violation missing from the preview and drift reports.
func TestPolicyMandatoryViolationFails(t *testing.T) {
	f := &fakeRunner{}
	tool, pack := policyTool(t, f)
	f.handle = policyScenario(t, `[{"name": "prod"}]`, policyRefusedDigest, policyRefusedEvents, cmdFailed("error: preview failed"))
	for _, drift := range []bool{false, true} {
		report := filepath.Join(t.TempDir(), "report.md")
		o := PreviewOptions{Stack: "prod", PolicyPack: pack, Report: report}
		var err error
		if drift {
			_, err = tool.Drift(context.Background(), o)
		} else {
			_, err = tool.Preview(context.Background(), o)
		}
		if err == nil || !strings.Contains(err.Error(), "refused by the policy pack: 1 mandatory violation(s) of stateful-resources-protected") ||
			strings.Contains(err.Error(), "load-balancers-hardened") || ExitCode(err) != 1 {
			t.Errorf("drift=%v: err = %v", drift, err)
		}
		md := readFile(t, report)
		for _, want := range []string{
			"2 policy violation(s): 1 mandatory, 1 advisory (mandatory violations refuse the preview).",
			"- **mandatory** `stateful-resources-protected` on `aws:rds/cluster:Cluster db`: the database is not protected",
			"- advisory `load-balancers-hardened`",
			"**Preview failed**: preview of stack prod refused by the policy pack",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("drift=%v: report lacks %q:\n%s", drift, want, md)
			}
		}
		if strings.Index(md, "mandatory** `") > strings.Index(md, "- advisory `") {
			t.Errorf("drift=%v: mandatory violations not listed first:\n%s", drift, md)
		}
	}
}

// Catches: a drift check with only advisory violations and no drift
// failing, or its report leaving the violations out.
func TestDriftPolicyAdvisoryReport(t *testing.T) {
	f := &fakeRunner{}
	tool, pack := policyTool(t, f)
	f.handle = policyScenario(t, `[{"name": "prod"}]`, noDriftSample, policyEventsSample, nil)
	report := filepath.Join(t.TempDir(), "drift.md")
	if _, err := tool.Drift(context.Background(), PreviewOptions{Stack: "prod", PolicyPack: pack, Report: report}); err != nil {
		t.Fatal(err)
	}
	md := readFile(t, report)
	for _, want := range []string{"No drift", "### Policy", "0 mandatory, 2 advisory", "- advisory `load-balancers-hardened`"} {
		if !strings.Contains(md, want) {
			t.Errorf("drift report lacks %q:\n%s", want, md)
		}
	}
}

// Catches: a report claiming "no violations" when the pack never ran
// (the preview failed first), and a Policy section in reports of
// previews without a pack.
func TestPolicySectionWithoutResults(t *testing.T) {
	d := &PreviewDigest{}
	md := RenderPreviewReport(&PreviewResult{Stack: "dev", Digest: d, PolicyResult: PolicyResult{PolicyPack: "/p"}, Error: "exit 1"})
	if !strings.Contains(md, "No policy results: the preview failed before the policy pack ran.") {
		t.Errorf("report:\n%s", md)
	}
	md = RenderPreviewReport(&PreviewResult{Stack: "dev", Digest: d, PolicyResult: PolicyResult{PolicyPack: "/p",
		PolicyPacks: []PolicyPackRun{{Name: "webplatform", Version: "1.0.0", Passed: []string{"a"}}}}})
	if !strings.Contains(md, "No policy violations.") {
		t.Errorf("report:\n%s", md)
	}
	if md := RenderDriftReport(&PreviewResult{Stack: "dev", Digest: d}); strings.Contains(md, "Policy") {
		t.Errorf("report without a pack:\n%s", md)
	}
}

// Catches: a torn last line of the event log losing the violations
// before it, or duplicates listed twice.
func TestParsePolicyEvents(t *testing.T) {
	ev, skipped := ParsePolicyEvents([]byte(policyRefusedEvents + `{"sequence":7,"policyEv`))
	if skipped != 1 || len(ev.Violations) != 2 || ev.Violations[0].Policy != "stateful-resources-protected" ||
		!ev.Violations[0].Mandatory() || ev.Violations[0].Severity != "critical" || ev.Violations[1].Mandatory() {
		t.Errorf("skipped %d, violations %+v", skipped, ev.Violations)
	}
}
