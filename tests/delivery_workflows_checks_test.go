package tests

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The delivery checks: each returns its findings over a deliverySet
// (tests/delivery_workflows_model_test.go); tests/delivery_workflows_test.go
// runs them on .github, on testdata/workflows-before and on mutations.

var (
	deliverySHA        = regexp.MustCompile(`^[0-9a-f]{40}$`)
	deliveryVersionTag = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
)

// deliveryCheckPins: every remote `uses` is pinned to a full commit SHA
// with a `# vX.Y.Z` comment, one SHA (and one version) per action across
// all workflows; pulumi/actions installs the CLI version of go.mod.
func deliveryCheckPins(s *deliverySet) []string {
	var findings []string
	type pin struct{ sha, version, where string }
	pins := map[string][]pin{}
	for _, wf := range s.Workflows {
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value != "uses" || v.Kind != yaml.ScalarNode {
					continue
				}
				ref := v.Value
				where := fmt.Sprintf("%s:%d", wf.File, v.Line)
				if strings.HasPrefix(ref, "./") {
					continue
				}
				if strings.HasPrefix(ref, "docker://") {
					if !strings.Contains(ref, "@sha256:") {
						findings = append(findings, fmt.Sprintf("%s: %s is not pinned to an image digest", where, ref))
					}
					continue
				}
				action, at, _ := strings.Cut(ref, "@")
				comment := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v.LineComment+k.LineComment), "#"))
				if !deliverySHA.MatchString(at) {
					findings = append(findings, fmt.Sprintf("%s: %s is not pinned to a full commit SHA (the tag or branch %q can be moved)", where, ref, at))
					continue
				}
				if !deliveryVersionTag.MatchString(comment) {
					findings = append(findings, fmt.Sprintf("%s: %s has no `# vX.Y.Z` comment naming the pinned release (got %q)", where, ref, comment))
				}
				owner, rest, _ := strings.Cut(action, "/")
				repo, _, _ := strings.Cut(rest, "/")
				key := owner + "/" + repo
				pins[key] = append(pins[key], pin{at, comment, where})
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&wf.node)
	}
	keys := make([]string, 0, len(pins))
	for k := range pins {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		first := pins[k][0]
		for _, p := range pins[k][1:] {
			if p.sha != first.sha || p.version != first.version {
				findings = append(findings, fmt.Sprintf("%s: %s pinned at %s (%s) but at %s (%s) in %s: one version per action",
					p.where, k, p.sha, p.version, first.sha, first.version, first.where))
			}
		}
	}
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		for _, st := range j.stepsUsing("pulumi/actions") {
			if v := fmt.Sprint(st.With["pulumi-version"]); v != "3.259.0" {
				findings = append(findings, fmt.Sprintf("%s: pulumi/actions installs pulumi-version %q, not 3.259.0 (the SDK in go.mod)", deliveryWhere(wf, j), v))
			}
		}
	})
	return findings
}

// deliveryCheckTriggers: no trigger that runs with the repository's
// secrets on behalf of a pull request.
func deliveryCheckTriggers(s *deliverySet) []string {
	var findings []string
	for _, wf := range s.Workflows {
		for _, t := range []string{"pull_request_target", "workflow_run"} {
			if wf.on(t) {
				findings = append(findings, fmt.Sprintf("%s: triggered by %s, which runs with the base repository's secrets and write token on behalf of untrusted code", wf.File, t))
			}
		}
	}
	return findings
}

// deliveryWriteAllowed says where each write permission may appear.
var deliveryWriteAllowed = map[string]string{
	"contents":      "release.yml/tag",
	"issues":        "drift.yml/notify",
	"pull-requests": "pr.yml/comment",
}

// deliveryCheckPermissions: top-level `permissions: {}`, explicit job
// permissions, each write scope only in the one job that needs it, and
// id-token: write exactly in the jobs that assume an AWS role.
func deliveryCheckPermissions(s *deliverySet) []string {
	var findings []string
	for _, wf := range s.Workflows {
		if p, ok := deliveryPermissions(&wf.Permissions); !ok || len(p) != 0 {
			findings = append(findings, fmt.Sprintf("%s: top-level permissions must be `{}` (each job asks for its own)", wf.File))
		}
	}
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		where := deliveryWhere(wf, j)
		perms, ok := deliveryPermissions(&j.Permissions)
		if !ok {
			findings = append(findings, fmt.Sprintf("%s: no explicit permissions map (it would get the workflow's or the repository's default)", where))
			return
		}
		scopes := make([]string, 0, len(perms))
		for scope := range perms {
			scopes = append(scopes, scope)
		}
		sort.Strings(scopes)
		aws := s.configuresAWS(j)
		for _, scope := range scopes {
			if perms[scope] != "write" {
				continue
			}
			switch {
			case scope == "id-token":
				if !aws {
					findings = append(findings, fmt.Sprintf("%s: id-token: write but the job assumes no AWS role", where))
				}
			case deliveryWriteAllowed[scope] == where:
			case deliveryWriteAllowed[scope] != "":
				findings = append(findings, fmt.Sprintf("%s: %s: write (allowed only in %s)", where, scope, deliveryWriteAllowed[scope]))
			default:
				findings = append(findings, fmt.Sprintf("%s: %s: write (no job needs it)", where, scope))
			}
		}
		if aws && perms["id-token"] != "write" {
			findings = append(findings, fmt.Sprintf("%s: assumes an AWS role without id-token: write", where))
		}
	})
	return findings
}

// deliveryCheckCredentials: every secret (GITHUB_TOKEN aside) comes from the
// job's environment, which declares it in environments.yml; every AWS role
// is the environment's AWS_ROLE_ARN; no `secrets: inherit`.
func deliveryCheckCredentials(s *deliverySet) []string {
	var findings []string
	if s.EnvErr != nil {
		findings = append(findings, fmt.Sprintf("no environments file: %v", s.EnvErr))
	}
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		where := deliveryWhere(wf, j)
		if sec, ok := j.Secrets.(string); ok && sec == "inherit" {
			findings = append(findings, fmt.Sprintf("%s: `secrets: inherit` hands every secret of the caller to %s", where, j.Uses))
		}
		for _, v := range deliveryScalars(&j.node) {
			if deliveryDynSecret.MatchString(v) {
				findings = append(findings, fmt.Sprintf("%s: secrets[...] chosen at run time: %q", where, v))
			}
		}
		envs := j.environments()
		for _, name := range j.secrets() {
			if len(envs) == 0 {
				findings = append(findings, fmt.Sprintf("%s: secrets.%s outside an environment: a repository-level secret, readable by every job of every workflow", where, name))
			}
			for _, e := range envs {
				switch env := s.Envs[e]; {
				case env == nil:
					findings = append(findings, fmt.Sprintf("%s: secrets.%s from environment %s, which environments.yml does not declare", where, name, e))
				case env.Secrets[name] == "":
					findings = append(findings, fmt.Sprintf("%s: secrets.%s is not declared by environment %s in environments.yml", where, name, e))
				}
			}
		}
		for _, st := range j.stepsUsing("aws-actions/configure-aws-credentials") {
			role := fmt.Sprint(st.With["role-to-assume"])
			if role != "${{ vars.AWS_ROLE_ARN }}" {
				findings = append(findings, fmt.Sprintf("%s: assumes role %s, not the environment's ${{ vars.AWS_ROLE_ARN }}", where, role))
			}
			if len(envs) == 0 {
				findings = append(findings, fmt.Sprintf("%s: assumes an AWS role outside an environment (its OIDC subject names no environment)", where))
			}
			for _, e := range envs {
				if env := s.Envs[e]; env != nil && env.Variables["AWS_ROLE_ARN"] == "" {
					findings = append(findings, fmt.Sprintf("%s: environment %s declares no variable AWS_ROLE_ARN", where, e))
				}
			}
		}
	})
	return findings
}

// deliveryCheckPullRequestCode: the jobs of a pull_request workflow run
// the pull request's code: never in a deploy environment or on the deploy
// runner, credentials only from <stack>-preview environments (staging and
// prod behind reviewers), no write permission but id-token; the job that
// writes (the comment) runs no code and holds no credentials.
func deliveryCheckPullRequestCode(s *deliverySet) []string {
	var findings []string
	deployRunners := s.deployRunnerVars()
	for _, wf := range s.Workflows {
		if !wf.on("pull_request") && !wf.on("pull_request_target") {
			continue
		}
		for _, j := range wf.jobs() {
			where := deliveryWhere(wf, j)
			envs := j.environments()
			for _, e := range envs {
				if slices.Contains(deliveryDeployEnvs, e) {
					findings = append(findings, fmt.Sprintf("%s: runs pull-request code in deploy environment %s (its token and role can update the stack)", where, e))
				}
			}
			if s.deploysOrCalls(j) {
				findings = append(findings, fmt.Sprintf("%s: a pull request deploys", where))
			}
			for _, v := range j.runnerVars() {
				if slices.Contains(deployRunners, v) {
					findings = append(findings, fmt.Sprintf("%s: runs pull-request code on vars.%s, the runner the deploy jobs use", where, v))
				}
			}
			creds := j.secrets()
			aws := s.configuresAWS(j)
			if len(creds) > 0 || aws {
				if len(envs) == 0 {
					what := deliveryPrefixed("secrets.", creds)
					if aws {
						what = append(what, "an AWS role")
					}
					stacks := j.matrix()["stack"]
					if len(stacks) == 0 {
						stacks = deliveryStacks
					}
					findings = append(findings, fmt.Sprintf("%s: runs pull-request code with %s outside a <stack>-preview environment: repository-wide credentials, the same for every pull request, unreviewed, for stacks %s (prod's included)",
						where, strings.Join(what, " and "), strings.Join(stacks, ", ")))
				}
				for _, e := range envs {
					env := s.Envs[e]
					stack, isPreview := strings.CutSuffix(e, "-preview")
					switch {
					case !isPreview || env == nil || env.Kind != "preview":
						findings = append(findings, fmt.Sprintf("%s: runs pull-request code with credentials of environment %s, not a declared <stack>-preview environment", where, e))
					case stack != "dev" && !env.RequiredReviewers:
						findings = append(findings, fmt.Sprintf("%s: runs pull-request code against %s without a reviewer (environment %s has no required reviewers)", where, stack, e))
					}
				}
			}
			perms, _ := deliveryPermissions(&j.Permissions)
			if j.runsCheckedOutCode() {
				for scope, level := range perms {
					if level == "write" && scope != "id-token" {
						findings = append(findings, fmt.Sprintf("%s: %s: write in a job that runs pull-request code", where, scope))
					}
				}
			} else if len(creds) > 0 || aws || len(envs) > 0 {
				findings = append(findings, fmt.Sprintf("%s: the job that only posts results holds credentials", where))
			}
		}
	}
	sort.Strings(findings)
	return findings
}

func deliveryPrefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// deliveryCheckEnvironments: environments.yml declares the deploy, preview
// and drift environments with their gates; the workflows use only declared
// environments, and each kind only where it belongs.
func deliveryCheckEnvironments(s *deliverySet) []string {
	var findings []string
	if s.EnvErr != nil {
		findings = append(findings, fmt.Sprintf("no environments file: %v", s.EnvErr))
	}
	for _, stack := range deliveryStacks {
		for _, kind := range []string{"deploy", "preview", "drift"} {
			name := map[string]string{"deploy": stack, "preview": stack + "-preview", "drift": stack + "-drift"}[kind]
			e := s.Envs[name]
			if e == nil {
				findings = append(findings, fmt.Sprintf("environment %s is not declared", name))
				continue
			}
			if e.Kind != kind {
				findings = append(findings, fmt.Sprintf("environment %s: kind %q, want %s", name, e.Kind, kind))
			}
			if e.Secrets["PULUMI_ACCESS_TOKEN"] == "" || e.Variables["AWS_ROLE_ARN"] == "" {
				findings = append(findings, fmt.Sprintf("environment %s: must hold its own secret PULUMI_ACCESS_TOKEN and variable AWS_ROLE_ARN", name))
			}
			if !strings.HasSuffix(e.OIDCSubject, ":environment:"+name) {
				findings = append(findings, fmt.Sprintf("environment %s: oidc_subject %q does not end in :environment:%s", name, e.OIDCSubject, name))
			}
			switch kind {
			case "deploy", "drift":
				if !e.mainOnly() {
					findings = append(findings, fmt.Sprintf("environment %s: deployment branch policy must be main only", name))
				}
			case "preview":
				if e.DeploymentBranchPolicy != nil {
					findings = append(findings, fmt.Sprintf("environment %s: previews run on pull-request refs; a branch policy would refuse them", name))
				}
			}
			switch {
			case kind == "deploy" && stack == "prod" && !e.RequiredReviewers:
				findings = append(findings, "environment prod: no required reviewers")
			case kind == "preview" && stack != "dev" && !e.RequiredReviewers:
				findings = append(findings, fmt.Sprintf("environment %s: no required reviewers (pull-request code would reach %s unapproved)", name, stack))
			case kind == "drift" && e.RequiredReviewers:
				findings = append(findings, fmt.Sprintf("environment %s: required reviewers would stall the scheduled check", name))
			}
		}
	}
	if ds := s.workflow(deliveryDeployStack); ds != nil {
		if tr := ds.triggers(); len(tr) != 1 || tr[0] != "workflow_call" {
			findings = append(findings, fmt.Sprintf("%s: triggers %v; it must be callable only (on: workflow_call)", deliveryDeployStack, tr))
		}
	}
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		where := deliveryWhere(wf, j)
		for _, e := range j.environments() {
			env := s.Envs[e]
			if (slices.Contains(deliveryDeployEnvs, e) || env != nil && env.Kind == "deploy") && wf.File != deliveryDeployStack {
				findings = append(findings, fmt.Sprintf("%s: deploy environment %s used outside %s", where, e, deliveryDeployStack))
			}
			if env == nil {
				findings = append(findings, fmt.Sprintf("%s: environment %s is not declared in environments.yml", where, e))
				continue
			}
			switch env.Kind {
			case "preview":
				if !wf.on("pull_request") {
					findings = append(findings, fmt.Sprintf("%s: preview environment %s outside a pull_request workflow", where, e))
				}
			case "drift":
				if !wf.on("schedule") {
					findings = append(findings, fmt.Sprintf("%s: drift environment %s outside a scheduled workflow", where, e))
				}
			}
		}
	})
	return findings
}

// deliveryCheckMainGuard: in a workflow_dispatch workflow, every job that
// deploys (or calls deploy-stack.yml) or pushes (contents: write) carries
// its own `if: github.ref == 'refs/heads/main'` (and no `||` around it).
func deliveryCheckMainGuard(s *deliverySet) []string {
	var findings []string
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		if !wf.on("workflow_dispatch") {
			return
		}
		perms, _ := deliveryPermissions(&j.Permissions)
		if !s.deploysOrCalls(j) && perms["contents"] != "write" {
			return
		}
		if !strings.Contains(j.If, deliveryMainGuard) || strings.Contains(j.If, "||") {
			findings = append(findings, fmt.Sprintf("%s: deploys or pushes on workflow_dispatch without `if: %s`: any branch can be run against the stacks", deliveryWhere(wf, j), deliveryMainGuard))
		}
	})
	return findings
}

// deliveryCheckDeployJobs: the jobs that deploy run on vars.DEPLOY_RUNNER,
// one at a time per stack (concurrency group deploy-<stack>, never
// cancelled), with the full history checked out and no persisted token;
// no other job runs on a deploy runner.
func deliveryCheckDeployJobs(s *deliverySet) []string {
	var findings []string
	deployRunners := s.deployRunnerVars()
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		where := deliveryWhere(wf, j)
		if !s.deploys(j) {
			for _, v := range j.runnerVars() {
				if slices.Contains(deployRunners, v) {
					findings = append(findings, fmt.Sprintf("%s: does not deploy but runs on vars.%s, the runner the deploy jobs use", where, v))
				}
			}
			return
		}
		if !slices.Contains(j.runnerVars(), "DEPLOY_RUNNER") {
			findings = append(findings, fmt.Sprintf("%s: deploys on %q, not vars.DEPLOY_RUNNER", where, j.runsOn()))
		}
		var group string
		cancel := false
		switch c := j.Concurrency.(type) {
		case string:
			group = c
		case map[string]any:
			group = fmt.Sprint(c["group"])
			cancel = fmt.Sprint(c["cancel-in-progress"]) != "false" && c["cancel-in-progress"] != nil
		}
		perStack := strings.Contains(group, ".stack }}") || slices.Contains(deliveryStacks, strings.TrimPrefix(group, "deploy-"))
		if !strings.HasPrefix(group, "deploy-") || !perStack {
			findings = append(findings, fmt.Sprintf("%s: concurrency group %q is not deploy-<stack>", where, group))
		}
		if cancel {
			findings = append(findings, fmt.Sprintf("%s: cancel-in-progress would interrupt a running update", where))
		}
		checkouts := j.stepsUsing("actions/checkout")
		if len(checkouts) == 0 {
			findings = append(findings, fmt.Sprintf("%s: no checkout", where))
		}
		for _, st := range checkouts {
			if fmt.Sprint(st.With["fetch-depth"]) != "0" {
				findings = append(findings, fmt.Sprintf("%s: checkout without fetch-depth: 0 (the rollback and the on-main check need the full history)", where))
			}
			if fmt.Sprint(st.With["persist-credentials"]) != "false" {
				findings = append(findings, fmt.Sprintf("%s: checkout persists the token in .git/config", where))
			}
		}
	})
	return findings
}

// deliveryCheckStacksUpsert: no job previews or updates a stack with
// `pulumi` directly or through pulumi/actions `command:` (both select an
// existing stack and fail on a new one); pulumi/actions only installs the
// CLI, and every job that installs it runs `delivery preview|deploy|drift`,
// which create the stack or fall back to a throwaway backend.
func deliveryCheckStacksUpsert(s *deliverySet) []string {
	var findings []string
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		where := deliveryWhere(wf, j)
		for _, st := range j.Steps {
			if m := deliveryPulumiDirect.FindString(st.Run); m != "" {
				findings = append(findings, fmt.Sprintf("%s: runs `%s` directly: fails when the stack does not exist yet (no create or fallback)", where, m))
			}
		}
		installs := j.stepsUsing("pulumi/actions")
		for _, st := range installs {
			if c, ok := st.With["command"]; ok {
				findings = append(findings, fmt.Sprintf("%s: pulumi/actions command: %v selects an existing stack: fails when the stack does not exist yet (no create or fallback)", where, c))
			}
		}
		if len(installs) > 0 && !j.runs(deliveryCLIStackVerbs) {
			findings = append(findings, fmt.Sprintf("%s: installs Pulumi but runs none of `go run ./cmd/delivery preview|deploy|drift`", where))
		}
	})
	return findings
}

// deliveryCheckReports: previews and drift checks write a report per stack
// and upload it whatever the outcome; the comment and the drift issue are
// made from those reports.
func deliveryCheckReports(s *deliverySet) []string {
	var findings []string
	for _, c := range []struct {
		trigger, writer, verb, reader string
		cli                           *regexp.Regexp
	}{
		{"pull_request", "preview", "preview", "pull-requests", deliveryCLIPreview},
		{"schedule", "drift", "drift", "issues", deliveryCLIDrift},
	} {
		for _, wf := range s.Workflows {
			if !wf.on(c.trigger) {
				continue
			}
			writers, readers := 0, 0
			for _, j := range wf.jobs() {
				where := deliveryWhere(wf, j)
				if j.runs(c.cli) {
					writers++
					if !j.runs(deliveryWithReportFlag) {
						findings = append(findings, fmt.Sprintf("%s: `delivery %s` without --report", where, c.verb))
					}
					uploaded := false
					for _, st := range j.stepsUsing("actions/upload-artifact") {
						uploaded = uploaded || strings.Contains(st.If, "always()")
					}
					if !uploaded {
						findings = append(findings, fmt.Sprintf("%s: the %s report is not uploaded with `if: always()`", where, c.verb))
					}
				}
				if perms, _ := deliveryPermissions(&j.Permissions); perms[c.reader] == "write" {
					readers++
					if len(j.stepsUsing("actions/download-artifact")) == 0 {
						findings = append(findings, fmt.Sprintf("%s: posts without the per-stack %s reports (no download-artifact)", where, c.verb))
					}
				}
			}
			if writers == 0 {
				findings = append(findings, fmt.Sprintf("%s: no job runs `go run ./cmd/delivery %s --report`: nothing says per stack what the %s found", wf.File, c.verb, c.writer))
			}
			if readers == 0 {
				findings = append(findings, fmt.Sprintf("%s: no job posts the %s reports (%s: write)", wf.File, c.verb, c.reader))
			}
		}
	}
	return findings
}

var (
	// deliveryStackOperation is a command of a run step that previews or
	// updates a stack: `delivery preview|drift|deploy`, or `pulumi
	// preview|up|update` itself.
	deliveryStackOperation = regexp.MustCompile(`go run \./cmd/delivery (?:preview|drift|deploy)\b|\bpulumi\s+(?:preview|up|update)\b`)
	// deliveryPolicyPackFlag is --policy-pack (not --policy-pack-config)
	// and its value.
	deliveryPolicyPackFlag = regexp.MustCompile(`--policy-pack[ =]("[^"]*"|'[^']*'|[^\s;&|]+)`)
	// deliveryGoBuild is a `go build` command, deliveryOutFlag its -o and
	// deliveryPackPackage the policy pack's main package among its
	// arguments.
	deliveryGoBuild     = regexp.MustCompile(`\bgo build\b[^\n;&|]*`)
	deliveryOutFlag     = regexp.MustCompile(`\s-o[ =]("[^"]*"|'[^']*'|[^\s;&|]+)`)
	deliveryPackPackage = regexp.MustCompile(`\s\./cmd/policy-pack(?:\s|$)`)
)

// deliveryPackBuilds are the output paths of the `go build -o P
// ./cmd/policy-pack` commands of script, each with its offset.
func deliveryPackBuilds(script string) map[string]int {
	out := map[string]int{}
	for _, loc := range deliveryGoBuild.FindAllStringIndex(script, -1) {
		cmd := deliveryCommandAt(script, loc[0])
		o := deliveryOutFlag.FindStringSubmatch(cmd)
		if o == nil || !deliveryPackPackage.MatchString(cmd) {
			continue
		}
		if _, seen := out[o[1]]; !seen {
			out[o[1]] = loc[0]
		}
	}
	return out
}

// deliveryCommandAt is the command line of script that starts at start,
// continuation lines (a trailing backslash) included.
func deliveryCommandAt(script string, start int) string {
	rest := script[start:]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '\n' && (i == 0 || rest[i-1] != '\\') {
			return rest[:i]
		}
	}
	return rest
}

// deliveryPolicyPackCommands are the pulumi/actions commands that run a
// policy pack when given policyPacks.
var deliveryPolicyPackCommands = []string{"preview", "up", "update"}

// deliveryCheckPolicyPack: every preview, drift check and deploy of a
// stack runs the policy pack. Each run step that runs `delivery
// preview|drift|deploy` (or `pulumi preview|up|update`) passes
// --policy-pack P, and an earlier step of the same job (or the same script
// before it) builds P with `go build -o P ./cmd/policy-pack`; a
// pulumi/actions preview or up names policyPacks.
func deliveryCheckPolicyPack(s *deliverySet) []string {
	var findings []string
	s.each(func(wf *deliveryWorkflow, j *deliveryJob) {
		where := deliveryWhere(wf, j)
		built := map[string]bool{}
		for _, st := range j.Steps {
			command := fmt.Sprint(st.With["command"])
			if _, packs := st.With["policyPacks"]; strings.HasPrefix(st.Uses, "pulumi/actions@") &&
				slices.Contains(deliveryPolicyPackCommands, command) && !packs {
				findings = append(findings, fmt.Sprintf("%s: pulumi/actions command: %s runs no policy pack (no policyPacks): the policy pack does not check this stack", where, command))
			}
			builds := deliveryPackBuilds(st.Run)
			for _, loc := range deliveryStackOperation.FindAllStringIndex(st.Run, -1) {
				cmd := strings.TrimPrefix(st.Run[loc[0]:loc[1]], "go run ./cmd/")
				flag := deliveryPolicyPackFlag.FindStringSubmatch(deliveryCommandAt(st.Run, loc[0]))
				if flag == nil {
					findings = append(findings, fmt.Sprintf("%s: step %q runs `%s` without --policy-pack: the policy pack does not check this stack", where, st.Name, cmd))
					continue
				}
				if at, ok := builds[flag[1]]; !built[flag[1]] && (!ok || at > loc[0]) {
					findings = append(findings, fmt.Sprintf("%s: step %q runs `%s --policy-pack %s`, which no earlier step of the job builds (`go build -o %s ./cmd/policy-pack`)",
						where, st.Name, cmd, flag[1], flag[1]))
				}
			}
			for p := range builds {
				built[p] = true
			}
		}
	})
	return findings
}
