package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
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
