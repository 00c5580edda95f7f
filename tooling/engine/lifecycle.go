package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

// Options configure a lifecycle run.
type Options struct {
	Env     *Env
	Repo    string
	PlanDir string // offline plan output (resources.json, outputs.json per stack)
	Binary  string // the program, prebuilt (RuntimeBinary)
	WorkDir string // throwaway projects and the file backend
	// Runtime per stack; stacks not listed use RuntimeBinary.
	Runtime map[string]Runtime
	// TimeScale is STANDIN_TIME_SCALE for the measured `up`: the stand-in
	// sleeps each resource's typical AWS create time at this many per
	// second. 0 measures nothing.
	TimeScale time.Duration
	// Parallel for the measured `up`; 0 is the CLI's default.
	Parallel int
	// Weight is each type's create time in AWS seconds
	// (standin.CreateSeconds).
	Weight func(typ string) float64
	Log    io.Writer
	// PolicyPack is the policy pack binary (cmd/policy-pack) the stacks'
	// previews run with their policy/config/<stack>.json; "" runs none.
	PolicyPack string
	// ViolationsProgram is cmd/policy-violations, prebuilt.
	ViolationsProgram string
}

func (o *Options) logf(format string, args ...any) {
	if o.Log != nil {
		_, _ = fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// Output is one stack output.
type Output struct {
	Name   string
	Secret bool
	Value  any
}

// DeployTime is the measured `up` against the longest dependency chain.
type DeployTime struct {
	Scale     time.Duration
	Parallel  int // the --parallel used (the CLI's default when 0 was asked)
	Wall      time.Duration
	Span      time.Duration // first step start to last step end
	Chain     *Chain
	ChainTime time.Duration
	Ratio     float64 // Span / ChainTime
	Late      []Late
	Observed  []ObservedLink
	// Components in registration order, with the gap since the previous.
	Components []Registration
}

// StackReport is everything one stack's lifecycle showed.
type StackReport struct {
	Stack   string
	Runtime Runtime
	Ops     Ops

	CloudResources int // custom resources in the state, not providers
	StateResources int // all, with components, providers and the stack
	Protected      []string
	Unprotected    []string // data-holding resources (DataTypes) without protect

	PlanURNs    int
	PreviewOnly []string // registered by the engine's preview but not by the plan
	PlanOnlyPre []string // planned but not registered by the preview
	UpOnly      []string // in the state after up but not in the plan
	PlanOnlyUp  []string // planned but not in the state after up

	Outputs        []Output
	PlanOutputs    []string
	MissingOutputs []string
	SecretLeaks    []string // plaintext outputs that contain a secret output's value

	ProtectConfig  *OpResult // prod: the config change that would replace a protected resource
	ProtectChange  string    // that change
	Protect        *OpResult // prod: up --replace of the protected resource
	ProtectTarget  string    // URN of the resource whose replacement was refused
	DestroyPreview *OpResult // prod
	Destroy        *OpResult
	AfterDestroy   int // resources left in the state

	Deploy *DeployTime
	// Release is staging's deploy of TestRelease over the first up.
	Release *ReleaseCheck
	Err     error // a setup error (stack init, export)
}

// Op returns the named operation, or nil.
func (r *StackReport) Op(name string) *OpResult { return r.Ops.Op(name) }

// Ops are the operations of a run, in order.
type Ops []*OpResult

// Op returns the named operation, or nil.
func (ops Ops) Op(name string) *OpResult {
	for _, o := range ops {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// DeployParallel is the --parallel the workflows deploy with
// (PULUMI_PARALLEL in .github/workflows): Pulumi's steps wait on AWS, not
// on the runner's CPUs, so the CLI's default (DefaultParallel: 8 on a
// 2-core runner) queues minute-long AWS waits (Aurora instances, the cache,
// certificate validations) behind each other and holds the critical path
// (cluster, nodes, charts, workload) back. 64 is above prod's widest
// level (about 40 steps ready at once at the start of an up), so no ready
// step waits for a worker; AWS throttling is retried by the provider.
// Measured (prod, 2 cores): 1.465 x the longest chain at 8, 1.352 at 32,
// 1.264 at 64. The engine tests measure and bound the deploy time at this
// value.
const DeployParallel = 64

// DefaultParallel is the CLI's default --parallel on this machine
// (v3.259.0: 4 x GOMAXPROCS, unless PULUMI_PARALLEL is set).
func DefaultParallel() int { return 4 * runtime.GOMAXPROCS(0) }

// DataTypes hold data or the keys to it: the report lists those without
// protect (in prod a destroy deletes them before it refuses).
var DataTypes = map[string]bool{
	"aws:rds/cluster:Cluster": true, "aws:rds/clusterInstance:ClusterInstance": true,
	"aws:elasticache/replicationGroup:ReplicationGroup": true, "aws:s3/bucketV2:BucketV2": true,
	"aws:kms/key:Key": true, "aws:backup/vault:Vault": true, "aws:secretsmanager/secret:Secret": true,
}

// ProtectChange is the prod config change that would replace a protected
// resource: restoring the Aurora cluster from a snapshot
// (snapshot_identifier is ForceNew in the AWS provider). The program refuses
// it against the previous deployment before registering anything (stacks/
// transitions.go), so the engine's own protect refusal is exercised with
// up --replace of the same cluster: two layers, each checked.
var ProtectChange = struct{ Key, Value, Type string }{
	"webplatform:dbSnapshotIdentifier", "prod-restore-test", "aws:rds/cluster:Cluster",
}

// RunStack runs one stack's lifecycle: preview, up, preview (no-op),
// refresh (no-op), outputs, and then for prod the refused replacement and
// destroy, for dev and staging a destroy.
func RunStack(ctx context.Context, o *Options, stack string) *StackReport {
	rt := o.Runtime[stack]
	if rt == "" {
		rt = RuntimeBinary
	}
	rep := &StackReport{Stack: stack, Runtime: rt}
	p, err := NewProject(o.Repo, filepath.Join(o.WorkDir, "project-"+stack+"-"+string(rt)), rt, o.Binary)
	if err != nil {
		rep.Err = err
		return rep
	}
	s, err := p.Stack(ctx, o.Env, filepath.Join(o.WorkDir, "state"), stack)
	if err != nil {
		rep.Err = fmt.Errorf("stack init %s: %w", stack, err)
		return rep
	}
	planned, planOutputs, err := LoadPlan(o.PlanDir, stack)
	if err != nil {
		rep.Err = err
		return rep
	}
	rep.PlanOutputs = planOutputs
	planSet := map[string]bool{}
	for _, r := range planned {
		planSet[r.URN] = true
	}
	rep.PlanURNs = len(planSet)
	add := func(r *OpResult) *OpResult {
		rep.Ops = append(rep.Ops, r)
		status := "ok"
		if r.Err != nil {
			status = "FAILED"
		}
		o.logf("engine: %s %-16s %6.1fs %s %s", stack, r.Name, r.Wall.Seconds(), status, r.CountsString())
		return r
	}

	pre := add(Preview(ctx, s, "preview", o.policyOptions(stack)...))
	if pre.Err != nil {
		return rep
	}
	rep.PreviewOnly, rep.PlanOnlyPre = diffURNs(engineURNs(pre.Steps), planSet)

	ws := s.Workspace()
	if o.TimeScale > 0 {
		ws.SetEnvVar("STANDIN_TIME_SCALE", o.TimeScale.String())
	}
	up := add(Up(ctx, s, "up", o.Parallel))
	ws.UnsetEnvVar("STANDIN_TIME_SCALE")
	if up.Err != nil {
		return rep
	}
	state, err := export(ctx, s)
	if err != nil {
		rep.Err = err
		return rep
	}
	stateSet := map[string]bool{}
	for _, r := range state.Resources {
		stateSet[r.URN] = true
		rep.StateResources++
		if r.Custom && !strings.HasPrefix(r.Type, "pulumi:providers:") {
			rep.CloudResources++
		}
		if r.Protect {
			rep.Protected = append(rep.Protected, r.URN)
		} else if DataTypes[r.Type] {
			rep.Unprotected = append(rep.Unprotected, r.URN)
		}
	}
	rep.UpOnly, rep.PlanOnlyUp = diffURNs(engineURNs(stateSetSteps(stateSet)), planSet)
	if o.TimeScale > 0 && o.Weight != nil {
		rep.Deploy = deployTime(o, state, up)
	}
	if dir := os.Getenv("WEBPLATFORM_ENGINE_DUMP"); dir != "" {
		// The up's step times and the state, for analysis outside the report.
		if b, err := json.MarshalIndent(up.Steps, "", " "); err == nil {
			_ = os.WriteFile(filepath.Join(dir, stack+"-up-steps.json"), b, 0o600)
		}
		if d, err := s.Export(ctx); err == nil {
			_ = os.WriteFile(filepath.Join(dir, stack+"-state.json"), d.Deployment, 0o600)
		}
	}

	add(Preview(ctx, s, "preview (again)", o.policyOptions(stack)...))
	add(Refresh(ctx, s, "refresh"))

	outs, err := s.Outputs(ctx)
	if err != nil {
		rep.Err = err
		return rep
	}
	rep.Outputs, rep.MissingOutputs, rep.SecretLeaks = checkOutputs(outs, planOutputs)
	if stack == "staging" {
		rep.Release = releaseChecks(ctx, o, s, add)
	}

	if stack == "prod" {
		protectChecks(ctx, s, state, rep, add)
		rep.DestroyPreview = add(PreviewDestroy(ctx, s, "destroy (preview)"))
	}
	if stack == "prod" || stack == "dev" {
		rep.Destroy = add(Destroy(ctx, s, "destroy"))
		if after, err := export(ctx, s); err == nil {
			rep.AfterDestroy = len(after.Resources)
		} else if rep.Err == nil {
			rep.Err = err
		}
	}
	return rep
}

func protectChecks(ctx context.Context, s auto.Stack, state *State, rep *StackReport, add func(*OpResult) *OpResult) {
	rep.ProtectChange = ProtectChange.Key + "=" + ProtectChange.Value
	for _, r := range state.Resources {
		if r.Type == ProtectChange.Type && r.Protect {
			rep.ProtectTarget = r.URN
		}
	}
	if err := s.SetConfig(ctx, ProtectChange.Key, auto.ConfigValue{Value: ProtectChange.Value}); err != nil {
		rep.Err = err
		return
	}
	rep.ProtectConfig = add(Up(ctx, s, "up ("+rep.ProtectChange+")", 0, optup.Diff()))
	if err := s.RemoveConfig(ctx, ProtectChange.Key); err != nil {
		rep.Err = err
		return
	}
	if rep.ProtectTarget != "" {
		rep.Protect = add(Up(ctx, s, "up --replace (protected)", 0, optup.Diff(), optup.Replace([]string{rep.ProtectTarget})))
	}
}

func export(ctx context.Context, s auto.Stack) (*State, error) {
	d, err := s.Export(ctx)
	if err != nil {
		return nil, fmt.Errorf("stack export: %w", err)
	}
	return ParseState(d)
}

func deployTime(o *Options, state *State, up *OpResult) *DeployTime {
	d := &DeployTime{Scale: o.TimeScale, Parallel: o.Parallel, Wall: up.Wall, Span: state.StepSpan(up.Steps),
		Components: state.ComponentRegistrations(up.Steps)}
	if d.Parallel == 0 {
		d.Parallel = DefaultParallel()
	}
	c, err := state.LongestChain(o.Weight)
	if err != nil {
		return d
	}
	d.Chain = c
	d.ChainTime = time.Duration(c.Seconds * float64(o.TimeScale))
	if d.ChainTime > 0 {
		d.Ratio = d.Span.Seconds() / d.ChainTime.Seconds()
	}
	// A step more than 2 scaled AWS seconds (or 100 ms) late is reported.
	minSlack := 2 * o.TimeScale
	if minSlack < 100*time.Millisecond {
		minSlack = 100 * time.Millisecond
	}
	d.Late = state.LateSteps(c, up.Steps, o.TimeScale, minSlack)
	d.Observed = state.ObservedPath(up.Steps, d.Parallel)
	return d
}

// engineURNs is the set of URNs the engine registered, without the root
// stack and the default providers (which the mock monitor never sees).
func engineURNs(steps map[string]*StepTime) map[string]bool {
	out := map[string]bool{}
	for urn := range steps {
		if isEngineOnly(urn) {
			continue
		}
		out[urn] = true
	}
	return out
}

func isEngineOnly(urn string) bool {
	i := strings.LastIndex(urn, "::")
	if i < 0 {
		return false
	}
	name := urn[i+2:]
	typ := urn[:i]
	if j := strings.LastIndex(typ, "::"); j >= 0 {
		typ = typ[j+2:]
	}
	return typ == "pulumi:pulumi:Stack" || strings.HasPrefix(typ, "pulumi:providers:") && strings.HasPrefix(name, "default")
}

func stateSetSteps(set map[string]bool) map[string]*StepTime {
	out := map[string]*StepTime{}
	for urn := range set {
		out[urn] = &StepTime{URN: urn}
	}
	return out
}

func diffURNs(engine, plan map[string]bool) (engineOnly, planOnly []string) {
	for u := range engine {
		if !plan[u] {
			engineOnly = append(engineOnly, u)
		}
	}
	for u := range plan {
		if !engine[u] {
			planOnly = append(planOnly, u)
		}
	}
	sort.Strings(engineOnly)
	sort.Strings(planOnly)
	return engineOnly, planOnly
}

// MustBeSecret are the outputs that carry credentials.
var MustBeSecret = []string{"kubeconfig"} // the edge credentials are no stack outputs (issue 14)

func checkOutputs(outs auto.OutputMap, planned []string) (list []Output, missing, leaks []string) {
	for name, v := range outs {
		list = append(list, Output{Name: name, Secret: v.Secret, Value: v.Value})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	for _, name := range planned {
		// Present; a value may be empty where the stack has nothing to
		// report (no DR copies in dev: backupDrVaultArn, filesReplicaBucketArn).
		if v, ok := outs[name]; !ok || v.Value == nil {
			missing = append(missing, name)
		}
	}
	for _, s := range list {
		if !s.Secret {
			continue
		}
		sv := fmt.Sprint(s.Value)
		if len(sv) < 8 {
			continue
		}
		for _, p := range list {
			if !p.Secret && strings.Contains(fmt.Sprint(p.Value), sv) {
				leaks = append(leaks, fmt.Sprintf("%s contains the value of secret output %s", p.Name, s.Name))
			}
		}
	}
	return list, missing, leaks
}

// Check lists what a stack report shows to be wrong; empty when the
// lifecycle passed.
func Check(r *StackReport) []string {
	var bad []string
	if r.Err != nil {
		bad = append(bad, r.Err.Error())
	}
	for _, op := range r.Ops {
		wantErr := op == r.Protect || op == r.ProtectConfig || r.Stack == "prod" && (op == r.DestroyPreview || op == r.Destroy)
		if op.Err != nil && !wantErr {
			bad = append(bad, fmt.Sprintf("%s failed: %s", op.Name, FirstLines(op.ErrorText(), 30)))
		}
	}
	bad = append(bad, checkPolicy(r)...)
	if r.Op("up") == nil {
		return bad
	}
	for _, u := range r.PreviewOnly {
		bad = append(bad, "preview registered a resource the offline plan does not: "+u)
	}
	for _, u := range r.PlanOnlyPre {
		bad = append(bad, "the offline plan registers a resource the engine's preview does not: "+u)
	}
	for _, u := range r.UpOnly {
		bad = append(bad, "up created a resource the offline plan does not: "+u)
	}
	for _, u := range r.PlanOnlyUp {
		bad = append(bad, "the offline plan registers a resource up did not create: "+u)
	}
	if again := r.Op("preview (again)"); again != nil && again.Err == nil {
		for _, c := range again.Changes {
			bad = append(bad, "second preview is not a no-op (nondeterminism in the program): "+c.String())
		}
	}
	if ref := r.Op("refresh"); ref != nil && ref.Err == nil {
		for _, c := range ref.Changes {
			bad = append(bad, "refresh found changes: "+c.String())
		}
	}
	for _, m := range r.MissingOutputs {
		bad = append(bad, "stack output missing: "+m)
	}
	secret := map[string]bool{}
	for _, o := range r.Outputs {
		secret[o.Name] = o.Secret
	}
	for _, name := range MustBeSecret {
		if !secret[name] {
			bad = append(bad, "stack output is not secret: "+name)
		}
	}
	bad = append(bad, r.SecretLeaks...)
	switch r.Stack {
	case "prod":
		if r.ProtectTarget == "" {
			bad = append(bad, "prod: no protected "+ProtectChange.Type+" in the state")
		}
		switch pc := r.ProtectConfig; {
		case pc == nil || pc.Err == nil:
			bad = append(bad, "prod: the program did not refuse "+r.ProtectChange+" (it replaces the Aurora cluster)")
		case !strings.Contains(pc.ErrorText(), ProtectChange.Key+":") || !strings.Contains(pc.ErrorText(), "would be replaced"):
			bad = append(bad, "prod: "+r.ProtectChange+" failed, but not with the program's refusal naming "+ProtectChange.Key+": "+FirstLines(pc.ErrorText(), 10))
		case len(pc.Changes) > 0:
			bad = append(bad, fmt.Sprintf("prod: the refused %s still planned %d steps", r.ProtectChange, len(pc.Changes)))
		}
		if r.Protect == nil || r.Protect.Err == nil {
			bad = append(bad, "prod: the engine did not refuse up --replace of the protected "+r.ProtectTarget)
		} else if !strings.Contains(r.Protect.ErrorText(), "marked for protection") || !strings.Contains(r.Protect.ErrorText(), r.ProtectTarget) {
			bad = append(bad, "prod: up --replace failed, but not with the engine's protect refusal of "+r.ProtectTarget+": "+FirstLines(r.Protect.ErrorText(), 10))
		}
		if r.DestroyPreview == nil || r.DestroyPreview.Err == nil || !strings.Contains(r.DestroyPreview.ErrorText(), "because it is protected") {
			bad = append(bad, "prod: destroy preview was not refused for protected resources")
		}
		if r.Destroy == nil || r.Destroy.Err == nil || r.AfterDestroy < len(r.Protected) {
			bad = append(bad, "prod: destroy was not refused while protected resources exist")
		}
	case "staging":
		if r.Release == nil {
			bad = append(bad, "staging: no release was deployed over the first up")
		} else {
			bad = append(bad, r.Release.check()...)
		}
	case "dev":
		if r.Destroy == nil || r.Destroy.Err != nil || r.AfterDestroy != 0 {
			bad = append(bad, fmt.Sprintf("dev: destroy did not remove everything (%d resources left)", r.AfterDestroy))
		}
	}
	return bad
}

// FirstLines is s cut to n lines, saying how many more there were.
func FirstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

// TempDir makes a work directory for a run (under dir, or the system's).
func TempDir(dir string) (string, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", err
		}
	}
	return os.MkdirTemp(dir, "engine-")
}
