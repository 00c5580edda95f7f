package tests

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// The delivery checks below are functions over a workflow directory and an
// environments file (.github/environments.yml, the settings-as-code of the
// GitHub environments). Each test runs its check on the repository's
// workflows (no finding allowed), on testdata/workflows-before (the
// workflows before the delivery redesign, kept verbatim: the check must
// report the mistake they had) and, where those workflows did not have the
// mistake, on a copy of today's workflows with the mistake put in.

// deliveryStacks are the stacks; deliveryDeployEnvs the environments that
// hold each stack's deploy token and deploy role.
var (
	deliveryStacks     = []string{"dev", "staging", "prod"}
	deliveryDeployEnvs = []string{"dev", "staging", "prod"}
)

const (
	deliveryDeployStack = "deploy-stack.yml"
	deliveryMainGuard   = "github.ref == 'refs/heads/main'"
)

type deliveryEnvironment struct {
	Name                   string `yaml:"name"`
	Kind                   string `yaml:"kind"`
	RequiredReviewers      bool   `yaml:"required_reviewers"`
	DeploymentBranchPolicy *struct {
		ProtectedBranches    bool `yaml:"protected_branches"`
		CustomBranchPolicies bool `yaml:"custom_branch_policies"`
	} `yaml:"deployment_branch_policy"`
	BranchPolicies []struct {
		Name string `yaml:"name"`
		Type string `yaml:"type"`
	} `yaml:"branch_policies"`
	Secrets     map[string]string `yaml:"secrets"`
	Variables   map[string]string `yaml:"variables"`
	OIDCSubject string            `yaml:"oidc_subject"`
}

// mainOnly tells whether the environment accepts runs on main alone.
func (e *deliveryEnvironment) mainOnly() bool {
	p := e.DeploymentBranchPolicy
	return p != nil && p.CustomBranchPolicies && !p.ProtectedBranches &&
		len(e.BranchPolicies) == 1 && e.BranchPolicies[0].Name == "main" && e.BranchPolicies[0].Type == "branch"
}

type deliveryStep struct {
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]any    `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

type deliveryJob struct {
	ID          string         `yaml:"-"`
	If          string         `yaml:"if"`
	RunsOn      any            `yaml:"runs-on"`
	Environment any            `yaml:"environment"`
	Permissions yaml.Node      `yaml:"permissions"`
	Concurrency any            `yaml:"concurrency"`
	Uses        string         `yaml:"uses"`
	Secrets     any            `yaml:"secrets"`
	Strategy    map[string]any `yaml:"strategy"`
	Steps       []deliveryStep `yaml:"steps"`
	node        yaml.Node
}

type deliveryWorkflow struct {
	File        string
	On          yaml.Node `yaml:"on"`
	Permissions yaml.Node `yaml:"permissions"`
	Jobs        map[string]*deliveryJob
	node        yaml.Node
}

// deliverySet is a workflow directory with its environments file.
type deliverySet struct {
	Workflows []*deliveryWorkflow // sorted by file
	Envs      map[string]*deliveryEnvironment
	EnvErr    error // the environments file is missing or unreadable
}

// deliveryLoad reads every *.yml of dir and the environments file.
func deliveryLoad(dir, envFile string) (*deliverySet, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil {
		return nil, err
	}
	s := &deliverySet{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		wf := &deliveryWorkflow{File: filepath.Base(f)}
		if err := yaml.Unmarshal(b, &wf.node); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		var raw struct {
			On          yaml.Node            `yaml:"on"`
			Permissions yaml.Node            `yaml:"permissions"`
			Jobs        map[string]yaml.Node `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		wf.On, wf.Permissions, wf.Jobs = raw.On, raw.Permissions, map[string]*deliveryJob{}
		for id, n := range raw.Jobs {
			j := &deliveryJob{ID: id, node: n}
			if err := n.Decode(j); err != nil {
				return nil, fmt.Errorf("%s: job %s: %w", f, id, err)
			}
			wf.Jobs[id] = j
		}
		s.Workflows = append(s.Workflows, wf)
	}
	if len(s.Workflows) == 0 {
		return nil, fmt.Errorf("no workflows in %s", dir)
	}
	// A missing or unreadable file is a finding of the checks (EnvErr).
	s.Envs, s.EnvErr = deliveryReadEnvironments(envFile)
	return s, nil
}

// deliveryReadEnvironments reads an environments file by name.
func deliveryReadEnvironments(file string) (map[string]*deliveryEnvironment, error) {
	envs := map[string]*deliveryEnvironment{}
	b, err := os.ReadFile(file)
	if err != nil {
		return envs, err
	}
	var ef struct {
		Environments []*deliveryEnvironment `yaml:"environments"`
	}
	if err := yaml.Unmarshal(b, &ef); err != nil {
		return envs, fmt.Errorf("%s: %w", file, err)
	}
	for _, e := range ef.Environments {
		envs[e.Name] = e
	}
	return envs, nil
}

func (s *deliverySet) workflow(file string) *deliveryWorkflow {
	for _, wf := range s.Workflows {
		if wf.File == file {
			return wf
		}
	}
	return nil
}

// jobs are the workflow's jobs in ID order.
func (wf *deliveryWorkflow) jobs() []*deliveryJob {
	out := make([]*deliveryJob, 0, len(wf.Jobs))
	for _, j := range wf.Jobs {
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

// each calls f for every job of every workflow, in file and job order.
func (s *deliverySet) each(f func(wf *deliveryWorkflow, j *deliveryJob)) {
	for _, wf := range s.Workflows {
		for _, j := range wf.jobs() {
			f(wf, j)
		}
	}
}

// triggers are the event names of the workflow's `on`.
func (wf *deliveryWorkflow) triggers() []string {
	switch wf.On.Kind {
	case yaml.ScalarNode:
		return []string{wf.On.Value}
	case yaml.SequenceNode:
		var out []string
		for _, n := range wf.On.Content {
			out = append(out, n.Value)
		}
		return out
	case yaml.MappingNode:
		var out []string
		for i := 0; i < len(wf.On.Content); i += 2 {
			out = append(out, wf.On.Content[i].Value)
		}
		return out
	}
	return nil
}

func (wf *deliveryWorkflow) on(event string) bool { return slices.Contains(wf.triggers(), event) }

// called is the local reusable workflow a job calls (nil for a job with
// steps, or a remote workflow).
func (s *deliverySet) called(j *deliveryJob) *deliveryWorkflow {
	if !strings.HasPrefix(j.Uses, "./") {
		return nil
	}
	return s.workflow(filepath.Base(j.Uses))
}

// scalars are every scalar value below n.
func deliveryScalars(n *yaml.Node) []string {
	var out []string
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			out = append(out, n.Value)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return out
}

var (
	deliverySecretRef = regexp.MustCompile(`\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)`)
	deliveryDynSecret = regexp.MustCompile(`\bsecrets\s*\[`)
	deliveryVarRef    = regexp.MustCompile(`\bvars\.([A-Za-z_][A-Za-z0-9_]*)`)
	deliveryExpr      = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
)

// secrets are the secrets a job names, GITHUB_TOKEN aside.
func (j *deliveryJob) secrets() []string {
	var out []string
	for _, v := range deliveryScalars(&j.node) {
		for _, m := range deliverySecretRef.FindAllStringSubmatch(v, -1) {
			if m[1] != "GITHUB_TOKEN" && !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	sort.Strings(out)
	return out
}

func (j *deliveryJob) matrix() map[string][]string {
	out := map[string][]string{}
	m, _ := j.Strategy["matrix"].(map[string]any)
	for k, v := range m {
		if list, ok := v.([]any); ok {
			for _, x := range list {
				out[k] = append(out[k], fmt.Sprint(x))
			}
		}
	}
	return out
}

// deliveryExpand replaces each ${{ matrix.K }} by the matrix's values and
// any other expression by each stack (an expression could be any of them).
func deliveryExpand(s string, matrix map[string][]string) []string {
	loc := deliveryExpr.FindStringSubmatchIndex(s)
	if loc == nil {
		return []string{s}
	}
	expr := s[loc[2]:loc[3]]
	values := deliveryStacks
	if k, ok := strings.CutPrefix(expr, "matrix."); ok && len(matrix[k]) > 0 {
		values = matrix[k]
	}
	var out []string
	for _, v := range values {
		for _, rest := range deliveryExpand(s[loc[1]:], matrix) {
			out = append(out, s[:loc[0]]+v+rest)
		}
	}
	return out
}

// environments are the environment names a job may run in.
func (j *deliveryJob) environments() []string {
	var name string
	switch e := j.Environment.(type) {
	case string:
		name = e
	case map[string]any:
		name, _ = e["name"].(string)
	}
	if name == "" {
		return nil
	}
	return deliveryExpand(name, j.matrix())
}

func (j *deliveryJob) runsOn() string {
	switch r := j.RunsOn.(type) {
	case string:
		return r
	case nil:
		return ""
	default:
		b, _ := yaml.Marshal(r)
		return strings.TrimSpace(string(b))
	}
}

// runnerVars are the repository variables a job's runs-on reads.
func (j *deliveryJob) runnerVars() []string {
	var out []string
	for _, m := range deliveryVarRef.FindAllStringSubmatch(j.runsOn(), -1) {
		out = append(out, m[1])
	}
	return out
}

// permissions of the job: scope -> level; ok is false when the job has no
// permissions block or a read-all/write-all shorthand.
func deliveryPermissions(n *yaml.Node) (perms map[string]string, ok bool) {
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	perms = map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		perms[n.Content[i].Value] = n.Content[i+1].Value
	}
	return perms, true
}

func (j *deliveryJob) stepsUsing(action string) []deliveryStep {
	var out []deliveryStep
	for _, st := range j.Steps {
		if strings.HasPrefix(st.Uses, action+"@") {
			out = append(out, st)
		}
	}
	return out
}

// configuresAWS: the job, or the workflow it calls, assumes an AWS role.
func (s *deliverySet) configuresAWS(j *deliveryJob) bool {
	if len(j.stepsUsing("aws-actions/configure-aws-credentials")) > 0 {
		return true
	}
	if c := s.called(j); c != nil {
		for _, cj := range c.Jobs {
			if s.configuresAWS(cj) {
				return true
			}
		}
	}
	return false
}

// runs tells whether a run step of the job matches re.
func (j *deliveryJob) runs(re *regexp.Regexp) bool {
	for _, st := range j.Steps {
		if re.MatchString(st.Run) {
			return true
		}
	}
	return false
}

var (
	deliveryPulumiDirect   = regexp.MustCompile(`\bpulumi\s+(preview|up|update|refresh|destroy)\b`)
	deliveryPulumiUp       = regexp.MustCompile(`\bpulumi\s+(up|update|destroy)\b`)
	deliveryCLIDeploy      = regexp.MustCompile(`go run \./cmd/delivery deploy\b`)
	deliveryCLIPreview     = regexp.MustCompile(`go run \./cmd/delivery preview\b`)
	deliveryCLIDrift       = regexp.MustCompile(`go run \./cmd/delivery drift\b`)
	deliveryCLIStackVerbs  = regexp.MustCompile(`go run \./cmd/delivery (preview|deploy|drift)\b`)
	deliveryWithReportFlag = regexp.MustCompile(`--report[ =]`)
)

// deploys: the job (not a caller) changes a stack: it runs in a deploy
// environment, runs `delivery deploy` or `pulumi up`, or has pulumi/actions
// run up/destroy.
func (s *deliverySet) deploys(j *deliveryJob) bool {
	for _, e := range j.environments() {
		if slices.Contains(deliveryDeployEnvs, e) {
			return true
		}
	}
	if j.runs(deliveryCLIDeploy) || j.runs(deliveryPulumiUp) {
		return true
	}
	for _, st := range j.stepsUsing("pulumi/actions") {
		if c := fmt.Sprint(st.With["command"]); c == "up" || c == "update" || c == "destroy" {
			return true
		}
	}
	return false
}

// deploysOrCalls: the job deploys, or calls a workflow that does.
func (s *deliverySet) deploysOrCalls(j *deliveryJob) bool {
	if s.deploys(j) {
		return true
	}
	if c := s.called(j); c != nil {
		for _, cj := range c.Jobs {
			if s.deploysOrCalls(cj) {
				return true
			}
		}
	}
	return false
}

// deployRunnerVars are the runner variables of the deploy jobs, plus
// DEPLOY_RUNNER.
func (s *deliverySet) deployRunnerVars() []string {
	out := []string{"DEPLOY_RUNNER"}
	s.each(func(_ *deliveryWorkflow, j *deliveryJob) {
		if s.deploys(j) {
			for _, v := range j.runnerVars() {
				if !slices.Contains(out, v) {
					out = append(out, v)
				}
			}
		}
	})
	return out
}

// runsCheckedOutCode: the job checks out the repository (in a
// pull_request workflow: the pull request's code) or runs commands.
func (j *deliveryJob) runsCheckedOutCode() bool {
	if len(j.stepsUsing("actions/checkout")) > 0 {
		return true
	}
	for _, st := range j.Steps {
		if st.Run != "" {
			return true
		}
	}
	return false
}

func deliveryWhere(wf *deliveryWorkflow, j *deliveryJob) string { return wf.File + "/" + j.ID }

// ---------------------------------------------------------------------------
// Checks.

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
			`        run: go run ./cmd/delivery preview --stack "$STACK" --report "out/delivery/$STACK-preview.md"
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
		{"no report flag", "drift.yml", `run: go run ./cmd/delivery drift --stack "$STACK" --report "out/delivery/$STACK-drift.md"`, `run: go run ./cmd/delivery drift --stack "$STACK"`,
			"drift.yml/drift: `delivery drift` without --report"},
	})
}
