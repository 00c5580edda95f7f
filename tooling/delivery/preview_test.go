package delivery

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// previewSample is `pulumi preview --json` as Pulumi v3.259.0 writes it:
// display.PreviewDigest (pkg/display/json.go) marshalled by
// ShowPreviewDigest (pkg/backend/display/json.go) with 4-space indent;
// steps are display.PreviewStep, detailedDiff values display.PropertyDiff
// with kind from plugin.DiffKind.String(), duration a time.Duration in
// nanoseconds, changeSummary keyed by display.StepOp. oldState/newState
// (apitype.ResourceV3) are abbreviated.
const previewSample = `{
    "config": {
        "aws:region": "eu-west-1",
        "webplatform:environment": "staging"
    },
    "steps": [
        {
            "op": "same",
            "urn": "urn:pulumi:staging::webplatform::pulumi:pulumi:Stack::webplatform-staging",
            "provider": "",
            "detailedDiff": null
        },
        {
            "op": "create",
            "urn": "urn:pulumi:staging::webplatform::webplatform:edge:Edge$aws:s3/bucket:Bucket::logs",
            "provider": "urn:pulumi:staging::webplatform::pulumi:providers:aws::default_6_83_2::abc",
            "newState": {"urn": "urn:pulumi:staging::webplatform::webplatform:edge:Edge$aws:s3/bucket:Bucket::logs", "custom": true, "type": "aws:s3/bucket:Bucket"},
            "detailedDiff": null
        },
        {
            "op": "update",
            "urn": "urn:pulumi:staging::webplatform::webplatform:data:Data$aws:rds/cluster:Cluster::db",
            "provider": "urn:pulumi:staging::webplatform::pulumi:providers:aws::default_6_83_2::abc",
            "oldState": {"urn": "x", "custom": true, "type": "aws:rds/cluster:Cluster"},
            "newState": {"urn": "x", "custom": true, "type": "aws:rds/cluster:Cluster"},
            "diffReasons": ["backupRetentionPeriod", "tags"],
            "detailedDiff": {
                "backupRetentionPeriod": {"kind": "update", "inputDiff": true},
                "tags.release": {"kind": "add", "inputDiff": true}
            }
        },
        {
            "op": "replace",
            "urn": "urn:pulumi:staging::webplatform::aws:ec2/launchTemplate:LaunchTemplate::nodes",
            "provider": "urn:pulumi:staging::webplatform::pulumi:providers:aws::default_6_83_2::abc",
            "diffReasons": ["imageId"],
            "replaceReasons": ["imageId"],
            "detailedDiff": {
                "imageId": {"kind": "update-replace", "inputDiff": true}
            }
        }
    ],
    "duration": 5000000000,
    "changeSummary": {
        "create": 1,
        "replace": 1,
        "same": 310,
        "update": 1
    }
}
`

// refreshSample is `pulumi preview --json --refresh` of a stack where one
// bucket drifted: ShowPreviewDigest keeps the other refreshed resources
// as op "refresh" and rewrites the drifted one, when its outputs event
// arrives, to op "update" with the drifted properties in detailedDiff;
// the program's plan for it follows as its own step.
const refreshSample = `{
    "steps": [
        {
            "op": "refresh",
            "urn": "urn:pulumi:prod::webplatform::aws:kms/key:Key::data",
            "provider": "p",
            "detailedDiff": null
        },
        {
            "op": "update",
            "urn": "urn:pulumi:prod::webplatform::webplatform:edge:Edge$aws:s3/bucketVersioning:BucketVersioning::logs",
            "provider": "p",
            "diffReasons": ["versioningConfiguration"],
            "detailedDiff": {
                "versioningConfiguration.status": {"kind": "update", "inputDiff": false}
            }
        },
        {
            "op": "update",
            "urn": "urn:pulumi:prod::webplatform::webplatform:edge:Edge$aws:s3/bucketVersioning:BucketVersioning::logs",
            "provider": "p",
            "diffReasons": ["versioningConfiguration"],
            "detailedDiff": {
                "versioningConfiguration.status": {"kind": "update", "inputDiff": true}
            }
        },
        {
            "op": "same",
            "urn": "urn:pulumi:prod::webplatform::pulumi:pulumi:Stack::webplatform-prod",
            "provider": "",
            "detailedDiff": null
        }
    ],
    "duration": 9000000000,
    "changeSummary": {
        "same": 371,
        "update": 1
    }
}
`

const noDriftSample = `{
    "steps": [
        {"op": "refresh", "urn": "urn:pulumi:prod::webplatform::aws:kms/key:Key::data", "provider": "p", "detailedDiff": null},
        {"op": "same", "urn": "urn:pulumi:prod::webplatform::pulumi:pulumi:Stack::webplatform-prod", "provider": "", "detailedDiff": null}
    ],
    "duration": 9000000000,
    "changeSummary": {"same": 372}
}
`

// previewScenario answers stack ls and preview.
func previewScenario(t *testing.T, stacks, digest string, previewErr error) func(c call) (string, error) {
	return func(c call) (string, error) {
		cmd := c.String()
		switch {
		case cmd == "pulumi stack ls --json":
			return stacks, nil
		case strings.HasPrefix(cmd, "pulumi stack init"):
			// Like pulumi with the passphrase provider: the salt goes
			// into the stack file of the directory it runs in.
			f, err := os.OpenFile(filepath.Join(c.Dir, "Pulumi."+c.Args[2]+".yaml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return "", err
			}
			defer f.Close()
			_, err = f.WriteString("encryptionsalt: v1:abc\n")
			return "", err
		case strings.HasPrefix(cmd, "pulumi preview --json"):
			return digest, previewErr
		}
		t.Errorf("unexpected command %s", cmd)
		return "", fmt.Errorf("unexpected %s", cmd)
	}
}

// Catches: counts or resources read from the wrong fields (kind vs
// diffKind, detailedDiff ignored for diffReasons), the root stack's same
// step listed as a change, the resource type taken with its parent type,
// or --expect-no-changes not failing on planned changes.
func TestPreviewReport(t *testing.T) {
	f := &fakeRunner{}
	tool, out, _ := newTestTool(t, f)
	f.handle = previewScenario(t, `[{"name": "org/webplatform/dev", "current": true}]`, previewSample, nil)
	res, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev", ExpectNoChanges: true})
	if err == nil || !strings.Contains(err.Error(), "3 resource(s) would change") {
		t.Fatalf("err = %v", err)
	}
	if got := f.find("pulumi preview")[0].String(); got != "pulumi preview --json --stack dev" {
		t.Errorf("preview command = %s", got)
	}
	report := out.String()
	for _, want := range []string{
		"| create | 1 |", "| same | 310 |",
		"create aws:s3/bucket:Bucket logs\n",
		"update aws:rds/cluster:Cluster db [backupRetentionPeriod, tags.release]\n",
		"replace aws:ec2/launchTemplate:LaunchTemplate nodes [imageId]\n",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "pulumi:pulumi:Stack") || res.NotDeployed || strings.Contains(report, "not deployed") {
		t.Errorf("report:\n%s", report)
	}
	if _, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev"}); err != nil {
		t.Errorf("changes without --expect-no-changes: %v", err)
	}
}

// Catches: a refresh found drift (op update with detailedDiff) missed
// because refresh steps are all skipped, refresh steps without drift
// reported as drift, the same resource listed twice, or drift exiting 0.
func TestDriftReport(t *testing.T) {
	f := &fakeRunner{}
	tool, _, _ := newTestTool(t, f)
	writeFile(t, filepath.Join(tool.Dir, "Pulumi.prod.yaml"), "config: {}\n")
	report := filepath.Join(t.TempDir(), "drift.md")
	f.handle = previewScenario(t, `[{"name": "prod"}]`, refreshSample, nil)
	res, err := tool.Drift(context.Background(), PreviewOptions{Stack: "prod", Report: report})
	if err == nil || !strings.Contains(err.Error(), "drifted: 1 resource") {
		t.Fatalf("err = %v", err)
	}
	if got := f.find("pulumi preview")[0].String(); got != "pulumi preview --json --refresh --stack prod" {
		t.Errorf("preview command = %s", got)
	}
	md := readFile(t, report)
	want := "| `aws:s3/bucketVersioning:BucketVersioning` | `logs` | update | versioningConfiguration.status |"
	if !strings.Contains(md, want) || len(res.Changes) != 1 || strings.Contains(md, "kms") {
		t.Errorf("drift report:\n%s", md)
	}

	f.handle = previewScenario(t, `[{"name": "prod"}]`, noDriftSample, nil)
	if _, err := tool.Drift(context.Background(), PreviewOptions{Stack: "prod", Report: report}); err != nil {
		t.Errorf("no drift: %v", err)
	}
	if md := readFile(t, report); !strings.Contains(md, "No drift") {
		t.Errorf("no-drift report:\n%s", md)
	}
}

// Catches: a stack not deployed yet previewed against the real backend
// (which fails, or creates the stack there), the throwaway backend's
// passphrase salt written into the repository's Pulumi.<stack>.yaml, the
// preview not told to use the throwaway config, or the report not saying
// everything is a first deployment.
func TestPreviewMissingStackUsesThrowawayBackend(t *testing.T) {
	f := &fakeRunner{}
	tool, out, _ := newTestTool(t, f)
	before := readFile(t, filepath.Join(tool.Dir, "Pulumi.dev.yaml"))
	f.handle = previewScenario(t, `[{"name": "org/webplatform/staging"}]`, previewSample, nil)
	if _, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev"}); err != nil {
		t.Fatal(err)
	}
	inits := f.find("pulumi stack init dev")
	previews := f.find("pulumi preview")
	if len(inits) != 1 || len(previews) != 1 {
		t.Fatalf("commands = %v", f.commands())
	}
	backend := inits[0].env("PULUMI_BACKEND_URL")
	if !strings.HasPrefix(backend, "file://") || inits[0].env("PULUMI_CONFIG_PASSPHRASE") == "" ||
		previews[0].env("PULUMI_BACKEND_URL") != backend || inits[0].Dir == tool.Dir {
		t.Errorf("init %+v\npreview %+v", inits[0], previews[0])
	}
	args := previews[0].Args
	if args[len(args)-2] != "--config-file" || !strings.HasPrefix(args[len(args)-1], filepath.Dir(inits[0].Dir)) {
		t.Errorf("preview args = %v", args)
	}
	if after := readFile(t, filepath.Join(tool.Dir, "Pulumi.dev.yaml")); after != before {
		t.Errorf("repository stack file changed:\n%s", after)
	}
	if !strings.Contains(out.String(), "stack not deployed yet: everything below is a first deployment") {
		t.Errorf("report:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Dir(inits[0].Dir)); !os.IsNotExist(err) {
		t.Errorf("throwaway backend %s left behind", filepath.Dir(inits[0].Dir))
	}
}

// Catches: drift of a stack that was never deployed reported as "no
// drift" or previewed against a throwaway backend.
func TestDriftMissingStackIsError(t *testing.T) {
	f := &fakeRunner{}
	tool, _, _ := newTestTool(t, f)
	f.handle = previewScenario(t, `[]`, noDriftSample, nil)
	_, err := tool.Drift(context.Background(), PreviewOptions{Stack: "dev"})
	if err == nil || !strings.Contains(err.Error(), "not deployed") || len(f.find("pulumi preview")) > 0 {
		t.Fatalf("err = %v, commands %v", err, f.commands())
	}
}

// Catches: a failed preview (program error) exiting 0 because its JSON
// parsed, or its error diagnostics left out of the report.
func TestPreviewFailure(t *testing.T) {
	failed := `{
    "diagnostics": [
        {"message": "warning: deprecated", "severity": "warning"},
        {"urn": "urn:pulumi:dev::webplatform::pulumi:pulumi:Stack::webplatform-dev", "message": "error: config webplatform:azCount must be 2..6", "severity": "error"}
    ],
    "duration": 1000000000
}
`
	f := &fakeRunner{}
	tool, out, _ := newTestTool(t, f)
	f.handle = previewScenario(t, `[{"name": "dev"}]`, failed, cmdFailed("error: preview failed"))
	_, err := tool.Preview(context.Background(), PreviewOptions{Stack: "dev"})
	if err == nil || !strings.Contains(err.Error(), "preview of stack dev failed") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out.String(), "azCount must be 2..6") || strings.Contains(out.String(), "deprecated") {
		t.Errorf("report:\n%s", out.String())
	}
}

// Catches: more than 50 resources listed (a summary that GitHub
// truncates), or the remainder not counted.
func TestPreviewReportCapped(t *testing.T) {
	d := &PreviewDigest{}
	for i := range 60 {
		d.Steps = append(d.Steps, PreviewStep{Op: "create", URN: fmt.Sprintf("urn:pulumi:dev::p::aws:s3/bucket:Bucket::b%d", i)})
	}
	md := RenderPreviewReport(&PreviewResult{Stack: "dev", Digest: d, Counts: d.Counts(), Changes: d.Changes()})
	if n := strings.Count(md, "create aws:s3/bucket:Bucket"); n != 50 || !strings.Contains(md, "... and 10 more") {
		t.Errorf("%d lines listed:\n%s", n, md)
	}
}
