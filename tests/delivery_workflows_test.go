package tests

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// ---------------------------------------------------------------------------
// Harness.

type deliveryMutation struct {
	name, file, old, new string
	want                 string // a substring of a finding
}

// deliveryCopy copies the repository's workflows and environments file to
// a temporary directory, with one replacement in one file.
func deliveryCopy(t *testing.T, m deliveryMutation) (dir, envFile string) {
	t.Helper()
	root := harness.Root(t)
	dir = t.TempDir()
	envFile = filepath.Join(dir, "environments.yml.spec")
	src := filepath.Join(root, ".github", "workflows")
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, d.Name()), b, 0o600)
	}))
	envs, err := os.ReadFile(filepath.Join(root, ".github", "environments.yml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(envFile, envs, 0o600))
	target := filepath.Join(dir, m.file)
	if m.file == "environments.yml" {
		target = envFile
	}
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(b), m.old), "%s: the text to replace must occur once in %s", m.name, m.file)
	require.NoError(t, os.WriteFile(target, []byte(strings.Replace(string(b), m.old, m.new, 1)), 0o600))
	return dir, envFile
}

// deliveryRunCheck runs check on the repository's workflows (no finding),
// on testdata/workflows-before (each of wantBefore is a substring of some
// finding) and on each mutation (its want is).
func deliveryRunCheck(t *testing.T, check func(*deliverySet) []string, wantBefore []string, mutations []deliveryMutation) {
	t.Helper()
	root := harness.Root(t)

	now, err := deliveryLoad(filepath.Join(root, ".github", "workflows"), filepath.Join(root, ".github", "environments.yml"))
	require.NoError(t, err)
	require.NoError(t, now.EnvErr, ".github/environments.yml")
	assert.Empty(t, check(now), "findings on .github/workflows")

	beforeDir := filepath.Join(root, "testdata", "workflows-before")
	before, err := deliveryLoad(beforeDir, filepath.Join(beforeDir, "environments.yml"))
	require.NoError(t, err)
	require.True(t, errors.Is(before.EnvErr, fs.ErrNotExist), "the workflows before had no environments file")
	got := check(before)
	for _, f := range got {
		t.Logf("workflows-before: %s", f)
	}
	for _, w := range wantBefore {
		assert.True(t, slices.ContainsFunc(got, func(f string) bool { return strings.Contains(f, w) }),
			"on testdata/workflows-before, no finding contains %q; findings:\n%s", w, strings.Join(got, "\n"))
	}

	for _, m := range mutations {
		dir, envFile := deliveryCopy(t, m)
		set, err := deliveryLoad(dir, envFile)
		require.NoError(t, err, m.name)
		got := check(set)
		assert.True(t, slices.ContainsFunc(got, func(f string) bool { return strings.Contains(f, m.want) }),
			"mutation %q: no finding contains %q; findings:\n%s", m.name, m.want, strings.Join(got, "\n"))
	}
}

// ---------------------------------------------------------------------------
// Tests.

// Catches: an action referenced by a movable tag or branch (@v4.2.2, @v4,
// @main) in jobs that hold an OIDC token and a Pulumi token (finding 2); a
// SHA without the `# vX.Y.Z` comment that says which release it is; the
// same action pinned at two SHAs; the Pulumi CLI at another version than
// the SDK in go.mod.
func TestDeliveryActionsArePinnedToCommits(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckPins, []string{
		"pr.yml:42: actions/checkout@v4.2.2 is not pinned to a full commit SHA",
		"deploy.yml:96: pulumi/actions@v6.5.0 is not pinned to a full commit SHA",
		"drift.yml:54: aws-actions/configure-aws-credentials@v4.2.1 is not pinned to a full commit SHA",
		"drift.yml:81: actions/github-script@v7.0.1 is not pinned to a full commit SHA",
	}, []deliveryMutation{
		{"no version comment", "drift.yml",
			"actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
			"actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
			"has no `# vX.Y.Z` comment"},
		{"two SHAs for one action", "release.yml",
			"actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5 # v5.5.0",
			"actions/setup-go@0000000000000000000000000000000000000000 # v5.4.0",
			"one version per action"},
		{"a moving major tag", "deploy-stack.yml",
			"Azure/setup-kubectl@776406bce94f63e41d621b960d78ee25c8b76ede # v4.0.1",
			"Azure/setup-kubectl@v4",
			`Azure/setup-kubectl@v4 is not pinned to a full commit SHA (the tag or branch "v4" can be moved)`},
		{"another Pulumi CLI", "drift.yml", "pulumi-version: 3.259.0", "pulumi-version: 3.200.0",
			`drift.yml/drift: pulumi/actions installs pulumi-version "3.200.0"`},
	})
}

// Catches: pull_request_target or workflow_run, which run with the base
// repository's secrets and a write token while handling a pull request's
// code or artifacts.
func TestDeliveryNoPrivilegedTriggers(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckTriggers, nil, []deliveryMutation{
		{"pull_request_target", "pr.yml", "  pull_request:\n", "  pull_request_target:\n", "pr.yml: triggered by pull_request_target"},
		{"workflow_run", "drift.yml", "  workflow_dispatch:\n", "  workflow_dispatch:\n  workflow_run:\n    workflows: [pr]\n", "drift.yml: triggered by workflow_run"},
	})
}

// Catches: a workflow without top-level `permissions: {}`, a job without
// its own permissions, a write scope outside the one job that needs it
// (contents: release tag job; issues: drift notify; pull-requests: PR
// comment) such as today's preview job holding pull-requests: write next to
// the pull request's code, and an OIDC token (id-token: write) granted to a
// job that assumes no AWS role (or a role assumed without it).
func TestDeliveryWorkflowsAreLeastPrivilege(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckPermissions, []string{
		"pr.yml/preview: pull-requests: write (allowed only in pr.yml/comment)",
	}, []deliveryMutation{
		{"no top-level permissions", "release.yml", "permissions: {}\n", "", "release.yml: top-level permissions must be `{}`"},
		{"write-all", "drift.yml", "    permissions:\n      issues: write\n", "    permissions: write-all\n", "drift.yml/notify: no explicit permissions map"},
		{"contents: write in the deploy", "deploy-stack.yml", "      contents: read\n", "      contents: write\n", "deploy-stack.yml/deploy: contents: write (allowed only in release.yml/tag)"},
		{"id-token without AWS", "pr.yml", "    timeout-minutes: 5\n    permissions:\n      pull-requests: write", "    timeout-minutes: 5\n    permissions:\n      id-token: write\n      pull-requests: write",
			"pr.yml/comment: id-token: write but the job assumes no AWS role"},
		{"AWS without id-token", "drift.yml", "      id-token: write  # OIDC token for the read-only preview role\n", "", "drift.yml/drift: assumes an AWS role without id-token: write"},
	})
}

// Catches: a repository-level secret (today's PULUMI_ACCESS_TOKEN, which
// every job of every workflow could read, pull requests included), a secret
// of an environment that environments.yml does not declare, a role that is
// not the environment's AWS_ROLE_ARN, and `secrets: inherit`.
func TestDeliveryCredentialsComeFromDeclaredEnvironments(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckCredentials, []string{
		"pr.yml/preview: secrets.PULUMI_ACCESS_TOKEN outside an environment",
		"drift.yml/preview: secrets.PULUMI_ACCESS_TOKEN outside an environment",
		"pr.yml/preview: assumes role ${{ vars[format('AWS_PREVIEW_ROLE_ARN_{0}', matrix.stack)] }}",
		"deploy.yml/prod: secrets.PULUMI_ACCESS_TOKEN from environment prod, which environments.yml does not declare",
	}, []deliveryMutation{
		{"secrets: inherit", "deploy.yml", "    uses: ./.github/workflows/deploy-stack.yml\n    with:\n      stack: dev\n",
			"    uses: ./.github/workflows/deploy-stack.yml\n    secrets: inherit\n    with:\n      stack: dev\n", "deploy.yml/dev: `secrets: inherit`"},
		{"undeclared secret", "environments.yml", "      SLACK_WEBHOOK_URL: Optional", "      OTHER: Optional",
			"drift.yml/notify: secrets.SLACK_WEBHOOK_URL is not declared by environment drift-notify"},
		{"repository secret in the comment job", "pr.yml", "          script: |\n            const fs = require('fs');\n            const marker",
			"          github-token: ${{ secrets.BOT_TOKEN }}\n          script: |\n            const fs = require('fs');\n            const marker",
			"pr.yml/comment: secrets.BOT_TOKEN outside an environment"},
	})
}

// Catches (finding 1): pull-request previews that run the pull request's
// Go program with the repository-wide Pulumi token (which can decrypt and
// update prod's state) and the preview roles of every account including
// prod, with no reviewer, on the in-VPC runner the deploys use
// (vars.CLUSTER_RUNNER), with pull-requests: write beside the code; and a
// pull request job in a deploy environment, on DEPLOY_RUNNER, or in a
// staging/prod preview environment without reviewers.
func TestDeliveryPullRequestCodeIsIsolated(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckPullRequestCode, []string{
		"pr.yml/preview: runs pull-request code with secrets.PULUMI_ACCESS_TOKEN and an AWS role outside a <stack>-preview environment: repository-wide credentials, the same for every pull request, unreviewed, for stacks dev, staging, prod (prod's included)",
		"pr.yml/preview: runs pull-request code on vars.CLUSTER_RUNNER, the runner the deploy jobs use",
		"pr.yml/preview: pull-requests: write in a job that runs pull-request code",
	}, []deliveryMutation{
		{"deploy runner", "pr.yml", "    runs-on: ${{ vars.PREVIEW_RUNNER || 'ubuntu-24.04' }}\n    timeout-minutes: 45\n    environment: dev-preview\n",
			"    runs-on: ${{ vars.DEPLOY_RUNNER || 'ubuntu-24.04' }}\n    timeout-minutes: 45\n    environment: dev-preview\n",
			"pr.yml/preview-dev: runs pull-request code on vars.DEPLOY_RUNNER"},
		{"prod environment", "pr.yml", "    environment: ${{ matrix.stack }}-preview\n", "    environment: ${{ matrix.stack }}\n",
			"pr.yml/preview: runs pull-request code in deploy environment prod"},
		{"no reviewer on prod-preview", "environments.yml",
			"  - name: prod-preview\n    kind: preview\n    purpose: Pull-request preview of prod (untrusted code); a reviewer approves each run.\n    used_by: pr.yml (job preview)\n    required_reviewers: true",
			"  - name: prod-preview\n    kind: preview\n    purpose: Pull-request preview of prod (untrusted code); a reviewer approves each run.\n    used_by: pr.yml (job preview)\n    required_reviewers: false",
			"pr.yml/preview: runs pull-request code against prod without a reviewer"},
		{"comment job with AWS", "pr.yml", "      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0\n        with:\n          pattern: preview-*",
			"      - uses: aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df # v4.2.1\n        with:\n          role-to-assume: ${{ vars.AWS_ROLE_ARN }}\n      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0\n        with:\n          pattern: preview-*",
			"pr.yml/comment: the job that only posts results holds credentials"},
		{"write beside the code", "pr.yml", "    permissions:\n      contents: read\n      id-token: write  # OIDC token for the read-only preview role\n    env:\n      STACK: dev\n",
			"    permissions:\n      contents: read\n      id-token: write  # OIDC token for the read-only preview role\n      checks: write\n    env:\n      STACK: dev\n",
			"pr.yml/preview-dev: checks: write in a job that runs pull-request code"},
	})
}

// Catches: deploy environments without a main-only branch policy, prod
// without required reviewers, staging/prod previews without reviewers,
// drift environments that are not main-only; a deploy environment used
// outside deploy-stack.yml (today's deploy.yml jobs), a preview or drift
// environment outside its workflow, an environment that environments.yml
// does not declare, and deploy-stack.yml triggered by anything but
// workflow_call.
func TestDeliveryEnvironmentsAreGated(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckEnvironments, []string{
		"no environments file",
		"deploy.yml/prod: environment prod is not declared in environments.yml",
		"deploy.yml/prod: deploy environment prod used outside deploy-stack.yml",
		"deploy.yml/dev: deploy environment dev used outside deploy-stack.yml",
	}, []deliveryMutation{
		{"prod without reviewers", "environments.yml",
			"    used_by: deploy-stack.yml (job deploy)\n    required_reviewers: true",
			"    used_by: deploy-stack.yml (job deploy)\n    required_reviewers: false",
			"environment prod: no required reviewers"},
		{"staging on any branch", "environments.yml",
			"      - {name: main, type: branch}\n    secrets:\n      PULUMI_ACCESS_TOKEN: Pulumi token allowed to update only the staging stack.",
			"      - {name: main, type: branch}\n      - {name: '*', type: branch}\n    secrets:\n      PULUMI_ACCESS_TOKEN: Pulumi token allowed to update only the staging stack.",
			"environment staging: deployment branch policy must be main only"},
		{"deploy environment in deploy.yml", "deploy.yml", "    if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n    runs-on: ubuntu-24.04\n",
			"    if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n    runs-on: ubuntu-24.04\n    environment: dev\n",
			"deploy.yml/checks: deploy environment dev used outside deploy-stack.yml"},
		{"deploy-stack dispatchable", "deploy-stack.yml", "on:\n  workflow_call:\n", "on:\n  workflow_dispatch:\n  workflow_call:\n",
			"deploy-stack.yml: triggers [workflow_dispatch workflow_call]"},
	})
}

// Catches (finding 3): a workflow_dispatch that deploys whatever branch it
// is started from (today's deploy.yml: dev, staging and prod from any
// branch), and a dispatch job that deploys or pushes without its own
// `if: github.ref == 'refs/heads/main'`.
func TestDeliveryDispatchDeploysOnlyMain(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckMainGuard, []string{
		"deploy.yml/dev: deploys or pushes on workflow_dispatch without `if: github.ref == 'refs/heads/main'`",
		"deploy.yml/staging: deploys or pushes on workflow_dispatch",
		"deploy.yml/prod: deploys or pushes on workflow_dispatch",
	}, []deliveryMutation{
		{"manual deploy unguarded", "deploy.yml", "    if: github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main'\n",
			"    if: github.event_name == 'workflow_dispatch'\n", "deploy.yml/dispatch: deploys or pushes on workflow_dispatch"},
		{"release prod unguarded", "release.yml", "    needs: [tag, staging]\n    if: github.ref == 'refs/heads/main'\n",
			"    needs: [tag, staging]\n", "release.yml/prod: deploys or pushes on workflow_dispatch"},
		{"guard bypassed with ||", "release.yml", "  tag:\n    name: tag v${{ inputs.version }}\n    if: github.ref == 'refs/heads/main'\n",
			"  tag:\n    name: tag v${{ inputs.version }}\n    if: github.ref == 'refs/heads/main' || inputs.version != ''\n",
			"release.yml/tag: deploys or pushes on workflow_dispatch"},
	})
}

// Catches: a deploy on a runner other than vars.DEPLOY_RUNNER (today's
// CLUSTER_RUNNER, shared with previews and drift checks), a preview or
// drift job on the deploy runner, two deploys of one stack at once or a
// cancelled one (pending operations in the state), and a shallow checkout
// that leaves the CLI without the history it rolls back to.
func TestDeliveryDeployJobsAreSerializedOnTheDeployRunner(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckDeployJobs, []string{
		`deploy.yml/prod: deploys on "${{ vars.CLUSTER_RUNNER || 'ubuntu-24.04' }}", not vars.DEPLOY_RUNNER`,
		"deploy.yml/dev: checkout without fetch-depth: 0",
		"drift.yml/preview: does not deploy but runs on vars.CLUSTER_RUNNER, the runner the deploy jobs use",
		"pr.yml/preview: does not deploy but runs on vars.CLUSTER_RUNNER",
	}, []deliveryMutation{
		{"drift on the deploy runner", "drift.yml", "    runs-on: ${{ vars.PREVIEW_RUNNER || 'ubuntu-24.04' }}\n    timeout-minutes: 60\n",
			"    runs-on: ${{ vars.DEPLOY_RUNNER || 'ubuntu-24.04' }}\n    timeout-minutes: 60\n", "drift.yml/drift: does not deploy but runs on vars.DEPLOY_RUNNER"},
		{"cancel in progress", "deploy-stack.yml", "      cancel-in-progress: false\n", "      cancel-in-progress: true\n", "deploy-stack.yml/deploy: cancel-in-progress"},
		{"one group for all stacks", "deploy-stack.yml", "      group: deploy-${{ inputs.stack }}\n", "      group: deploy\n", `deploy-stack.yml/deploy: concurrency group "deploy" is not deploy-<stack>`},
		{"shallow checkout", "deploy-stack.yml", "          fetch-depth: 0\n", "", "deploy-stack.yml/deploy: checkout without fetch-depth: 0"},
		{"deploy elsewhere", "deploy-stack.yml", "    runs-on: ${{ vars.DEPLOY_RUNNER || 'ubuntu-24.04' }}\n", "    runs-on: ${{ vars.PREVIEW_RUNNER || 'ubuntu-24.04' }}\n",
			"deploy-stack.yml/deploy: deploys on \"${{ vars.PREVIEW_RUNNER || 'ubuntu-24.04' }}\", not vars.DEPLOY_RUNNER"},
	})
}

// Catches (finding 4): a preview, deploy or drift check that selects an
// existing stack (pulumi/actions `command:` without upsert, or `pulumi
// preview`/`up` in a run step), so a stack must exist before the job can
// run; and a job that installs Pulumi without going through the delivery
// CLI, which creates the stack or falls back to a throwaway backend.
func TestDeliveryStacksAreCreatedOrFallenBack(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckStacksUpsert, []string{
		"pr.yml/preview: pulumi/actions command: preview selects an existing stack: fails when the stack does not exist yet",
		"deploy.yml/dev: pulumi/actions command: up selects an existing stack",
		"drift.yml/preview: pulumi/actions command: preview selects an existing stack",
	}, []deliveryMutation{
		{"pulumi preview in a run step", "pr.yml",
			`        run: go run ./cmd/delivery preview --stack "$STACK" --policy-pack "$RUNNER_TEMP/webplatform-policy" --report "out/delivery/$STACK-preview.md"
      - name: upload the preview report
        if: always()
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: preview-dev`,
			`        run: pulumi preview --stack "$STACK" --diff
      - name: upload the preview report
        if: always()
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: preview-dev`,
			"pr.yml/preview-dev: runs `pulumi preview` directly"},
		{"command on the action", "deploy-stack.yml", "          pulumi-version: 3.259.0\n", "          pulumi-version: 3.259.0\n          command: up\n          stack-name: dev\n",
			"deploy-stack.yml/deploy: pulumi/actions command: up"},
	})
}

// Catches (finding 5, the workflow side): a drift check whose issue says
// only "something drifted" (no per-stack report of what), and previews
// whose comment is not made from per-stack reports; reports not uploaded
// when the check fails (which is when they matter).
func TestDeliveryDriftAndPreviewReportPerStack(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckReports, []string{
		"drift.yml: no job runs `go run ./cmd/delivery drift --report`",
		"drift.yml/notify: posts without the per-stack drift reports",
		"pr.yml: no job runs `go run ./cmd/delivery preview --report`",
	}, []deliveryMutation{
		{"report uploaded only on success", "drift.yml", "      - name: upload the drift report\n        if: always()\n", "      - name: upload the drift report\n",
			"drift.yml/drift: the drift report is not uploaded with `if: always()`"},
		{"no report flag", "drift.yml", `run: go run ./cmd/delivery drift --stack "$STACK" --policy-pack "$RUNNER_TEMP/webplatform-policy" --report "out/delivery/$STACK-drift.md"`,
			`run: go run ./cmd/delivery drift --stack "$STACK" --policy-pack "$RUNNER_TEMP/webplatform-policy"`,
			"drift.yml/drift: `delivery drift` without --report"},
	})
}

// Catches: a preview, drift check or deploy of a stack that does not run
// the policy pack (today's workflows-before: pulumi/actions previews and
// ups without policyPacks; a `delivery preview|drift|deploy` step without
// --policy-pack), and a --policy-pack path that no earlier step of the job
// builds from ./cmd/policy-pack (a build removed, moved after the preview,
// writing elsewhere, or of another package).
func TestDeliveryPreviewsAndDeploysRunThePolicyPack(t *testing.T) {
	deliveryRunCheck(t, deliveryCheckPolicyPack, []string{
		"pr.yml/preview: pulumi/actions command: preview runs no policy pack",
		"drift.yml/preview: pulumi/actions command: preview runs no policy pack",
		"deploy.yml/dev: pulumi/actions command: up runs no policy pack",
		"deploy.yml/staging: pulumi/actions command: up runs no policy pack",
		"deploy.yml/prod: pulumi/actions command: up runs no policy pack",
	}, []deliveryMutation{
		{"deploy without the pack", "deploy-stack.yml", "          --policy-pack \"$RUNNER_TEMP/webplatform-policy\"\n", "",
			"deploy-stack.yml/deploy: step \"deploy ${{ inputs.stack }}\" runs `delivery deploy` without --policy-pack"},
		{"deploy pack not built", "deploy-stack.yml",
			"      - name: build the policy pack\n        run: go build -o \"$RUNNER_TEMP/webplatform-policy\" ./cmd/policy-pack\n", "",
			"deploy-stack.yml/deploy: step \"deploy ${{ inputs.stack }}\" runs `delivery deploy --policy-pack \"$RUNNER_TEMP/webplatform-policy\"`, which no earlier step of the job builds"},
		{"pulumi/actions up without policyPacks", "deploy-stack.yml", "          pulumi-version: 3.259.0\n",
			"          pulumi-version: 3.259.0\n          command: up\n", "deploy-stack.yml/deploy: pulumi/actions command: up runs no policy pack"},
		{"preview without the pack", "pr.yml",
			`        run: go run ./cmd/delivery preview --stack "$STACK" --policy-pack "$RUNNER_TEMP/webplatform-policy" --report "out/delivery/$STACK-preview.md"
      - name: upload the preview report
        if: always()
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: preview-${{ matrix.stack }}`,
			`        run: go run ./cmd/delivery preview --stack "$STACK" --report "out/delivery/$STACK-preview.md"
      - name: upload the preview report
        if: always()
        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: preview-${{ matrix.stack }}`,
			"pr.yml/preview: step \"preview ${{ matrix.stack }}\" runs `delivery preview` without --policy-pack"},
		{"pack not built", "drift.yml",
			"      - name: build the policy pack\n        run: go build -o \"$RUNNER_TEMP/webplatform-policy\" ./cmd/policy-pack\n", "",
			"drift.yml/drift: step \"drift ${{ matrix.stack }}\" runs `delivery drift --policy-pack \"$RUNNER_TEMP/webplatform-policy\"`, which no earlier step of the job builds"},
		{"pack built elsewhere", "drift.yml",
			`run: go build -o "$RUNNER_TEMP/webplatform-policy" ./cmd/policy-pack`, `run: go build -o "$RUNNER_TEMP/other" ./cmd/policy-pack`,
			"drift.yml/drift: step \"drift ${{ matrix.stack }}\" runs `delivery drift --policy-pack \"$RUNNER_TEMP/webplatform-policy\"`, which no earlier step"},
		{"another package built", "drift.yml",
			`run: go build -o "$RUNNER_TEMP/webplatform-policy" ./cmd/policy-pack`, `run: go build -o "$RUNNER_TEMP/webplatform-policy" ./cmd/policy-violations`,
			"drift.yml/drift: step \"drift ${{ matrix.stack }}\" runs `delivery drift --policy-pack"},
	})
}

// Catches: a pack built after the preview that uses it (separate steps or
// one script) accepted, a build earlier in the same script, with the
// preview's flags continued over lines, refused, or a `pulumi up` without
// the pack passed because the preview before it has it.
func TestDeliveryPolicyPackBuildOrder(t *testing.T) {
	dir := t.TempDir()
	wf := `on: pull_request
jobs:
  late:
    steps:
      - name: preview
        run: go run ./cmd/delivery preview --stack dev --policy-pack "$RUNNER_TEMP/p"
      - run: go build -o "$RUNNER_TEMP/p" ./cmd/policy-pack
  late-in-script:
    steps:
      - name: drift
        run: |
          go run ./cmd/delivery drift --stack dev --policy-pack /tmp/p
          go build -o /tmp/p ./cmd/policy-pack
  early-in-script:
    steps:
      - name: drift
        run: |
          go build -trimpath -o /tmp/p ./cmd/policy-pack
          go run ./cmd/delivery drift --stack dev \
            --policy-pack /tmp/p --report r.md
  up-unchecked:
    steps:
      - run: go build -o /tmp/p ./cmd/policy-pack
      - name: up
        run: |
          pulumi preview --stack dev --policy-pack /tmp/p
          pulumi up --yes --stack dev
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.yml"), []byte(wf), 0o600))
	set, err := deliveryLoad(dir, filepath.Join(dir, "environments.yml"))
	require.NoError(t, err)
	got := strings.Join(deliveryCheckPolicyPack(set), "\n")
	assert.Contains(t, got, `x.yml/late: step "preview" runs `+"`delivery preview --policy-pack \"$RUNNER_TEMP/p\"`")
	assert.Contains(t, got, `x.yml/late-in-script: step "drift" runs `+"`delivery drift --policy-pack /tmp/p`")
	assert.NotContains(t, got, "early-in-script")
	assert.Contains(t, got, `x.yml/up-unchecked: step "up" runs `+"`pulumi up` without --policy-pack")
	assert.NotContains(t, got, "`pulumi preview")
}
