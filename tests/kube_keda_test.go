package tests

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// KEDA's objects are checked twice: by the API server against KEDA's own
// CRDs (v2.19.0, installed by scripts/kube-apiserver.sh), and by an oracle
// built at test time from KEDA v2.19.0's source ($KUBE_KEDA_SOURCE): the
// struct tags that declare each scaler's trigger metadata, and the rules
// KEDA's code applies to them, restated below with the function they come
// from. Nothing here reads the program's constants: the expected values
// are KEDA's.

const (
	kedaTTriggerAuth = "kubernetes:keda.sh/v1alpha1:ClusterTriggerAuthentication"
	kedaTDeployment  = "kubernetes:apps/v1:Deployment"
	kedaSourceEnv    = "KUBE_KEDA_SOURCE"
)

// kedaStacks are the stacks whose services scale on requests.
var kedaStacks = []string{"staging", "prod"}

// kedaCRDFiles are the file names of KEDA's CRDs in KUBE_CRD_FILES.
var kedaCRDFiles = []string{"keda.sh_scaledobjects.yaml", "keda.sh_clustertriggerauthentications.yaml"}

// Every ScaledObject and ClusterTriggerAuthentication of staging and prod
// is accepted by the API server with KEDA v2.19.0's CRDs installed: none
// is left unvalidated for want of a CRD (that fails, it does not skip).
func TestKubeKEDAObjectsAreValidated(t *testing.T) {
	c := kubeClient(t)
	for _, name := range kedaCRDFiles {
		if !slices.ContainsFunc(c.CRDFiles, func(f string) bool { return filepath.Base(f) == name }) {
			t.Fatalf("KEDA CRD %s not installed (KUBE_CRD_FILES=%v); unavailable: %q", name, c.CRDFiles, c.CRDUnavailable)
		}
	}
	for _, stack := range kedaStacks {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			want := append(g.ByType(computeTScaledObject), g.ByType(kedaTTriggerAuth)...)
			require.NotEmpty(t, g.ByType(computeTScaledObject), "%s declares no ScaledObject", stack)
			require.Len(t, g.ByType(kedaTTriggerAuth), 1, "%s: one ClusterTriggerAuthentication", stack)
			rep := kubeValidate(t, g)
			validated := map[string]bool{}
			for _, o := range rep.Validated {
				validated[o.URN] = true
			}
			for _, f := range rep.Failures {
				if f.Object.APIVersion == "keda.sh/v1alpha1" {
					t.Errorf("%s: rejected: %s", stack, f)
				}
			}
			for _, s := range rep.NotValidated {
				if strings.Contains(s.Type, "keda.sh/") {
					t.Errorf("%s: %s %s not validated: %s", stack, s.Type, s.Name, s.Reason)
				}
			}
			for _, r := range want {
				assert.True(t, validated[r.URN], "%s: %s %s is not in the validated list", stack, r.Type, r.Name)
			}
			t.Logf("stack %s: %d ScaledObjects and %d ClusterTriggerAuthentication validated by the API server",
				stack, len(g.ByType(computeTScaledObject)), len(g.ByType(kedaTTriggerAuth)))
		})
	}
}

// kedaParam is one parameter of a scaler's metadata struct, read from its
// `keda:"..."` tag (grammar: pkg/scalers/scalersconfig/typed_config.go,
// paramsFromTag, KEDA v2.19.0).
type kedaParam struct {
	field      string
	goType     string // the field's Go type: float64, int64, bool, string, []string ...
	names      []string
	order      []string // triggerMetadata, resolvedEnv, authParams
	optional   bool
	def        string
	deprecated string
	enum       []string
	separator  string
}

// required is KEDA's setValue: a parameter with no value, no default and
// not optional (nor deprecated) is "missing required parameter".
func (p kedaParam) required() bool { return !p.optional && p.def == "" && p.deprecated == "" }

// parseKEDATag restates paramsFromTag (typed_config.go, KEDA v2.19.0).
func parseKEDATag(field, goType, tag string) kedaParam {
	p := kedaParam{field: field, goType: goType}
	for _, ts := range strings.Split(tag, ",") {
		kv := strings.Split(ts, "=")
		key, val := strings.TrimSpace(kv[0]), ""
		if len(kv) > 1 {
			val = strings.TrimSpace(kv[1])
		}
		switch key {
		case "optional":
			p.optional = len(kv) == 1
			if len(kv) > 1 {
				p.optional, _ = strconv.ParseBool(val)
			}
		case "order":
			for _, o := range strings.Split(val, ";") {
				p.order = append(p.order, strings.TrimSpace(o))
			}
		case "name":
			p.names = strings.Split(val, ";")
		case "deprecated":
			p.deprecated = "deprecated"
			if val != "" {
				p.deprecated = val
			}
		case "default":
			p.def = val
		case "enum":
			p.enum = strings.Split(kv[1], ";")
		case "separator":
			p.separator = val
		}
	}
	return p
}

// readKEDAStruct parses the `keda` tags of struct typeName in file (a path
// under $KUBE_KEDA_SOURCE).
func readKEDAStruct(t *testing.T, dir, file, typeName string) []kedaParam {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, file), nil, parser.SkipObjectResolution)
	require.NoError(t, err, "KEDA source %s", file)
	var out []kedaParam
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != typeName {
			return true
		}
		found = true
		for _, fld := range ts.Type.(*ast.StructType).Fields.List {
			if fld.Tag == nil || len(fld.Names) == 0 {
				continue
			}
			raw, err := strconv.Unquote(fld.Tag.Value)
			require.NoError(t, err)
			if tag, ok := reflect.StructTag(raw).Lookup("keda"); ok {
				out = append(out, parseKEDATag(fld.Names[0].Name, types.ExprString(fld.Type), tag))
			}
		}
		return false
	})
	require.True(t, found, "struct %s not found in KEDA's %s", typeName, file)
	require.NotEmpty(t, out, "struct %s in %s has no keda tags", typeName, file)
	return out
}

// kedaOracle knows, per trigger type, the metadata parameters KEDA declares.
type kedaOracle struct {
	params map[string][]kedaParam // trigger type -> parameters
}

// loadKEDAOracle reads KEDA's source from $KUBE_KEDA_SOURCE (written by
// scripts/kube-apiserver.sh); unset FAILS the test.
func loadKEDAOracle(t *testing.T) *kedaOracle {
	t.Helper()
	dir := os.Getenv(kedaSourceEnv)
	if dir == "" {
		t.Fatalf("%s is not set: the oracle reads KEDA v2.19.0's source from it (scripts/kube-apiserver.sh start, then source its env)", kedaSourceEnv)
	}
	cw := readKEDAStruct(t, dir, "pkg/scalers/aws_cloudwatch_scaler.go", "awsCloudwatchMetadata")
	cm := readKEDAStruct(t, dir, "pkg/scalers/cpu_memory_scaler.go", "cpuMemoryMetadata")
	return &kedaOracle{params: map[string][]kedaParam{"aws-cloudwatch": cw, "cpu": cm, "memory": cm}}
}

// kedaTrigger is one trigger of a ScaledObject, as the oracle reads it.
type kedaTrigger struct {
	typ, metricType string
	metadata        map[string]string
	// authParams are the parameter names the referenced trigger
	// authentication supplies (secretTargetRef and env).
	authParams map[string]bool
	// unknown are metadata keys whose value the graph does not know.
	unknown []string
}

// kedaTriggerOf reads a trigger of the graph (metadata values as strings).
func kedaTriggerOf(tr any, authParams map[string]bool) kedaTrigger {
	k := kedaTrigger{typ: fmt.Sprint(computeGet(tr, "type")), metadata: map[string]string{}, authParams: authParams}
	if mt, ok := computeGet(tr, "metricType").(string); ok {
		k.metricType = mt
	}
	if md, ok := computeGet(tr, "metadata").(map[string]any); ok {
		for key, v := range md {
			if v == nil {
				k.unknown = append(k.unknown, key)
				continue
			}
			k.metadata[key] = fmt.Sprint(v)
		}
	}
	return k
}

// value is KEDA's configParamValue: the first of the names found in the
// parsing order (triggerMetadata; resolvedEnv via <name>FromEnv;
// authParams), trimmed, empty meaning absent; then the tag's default.
func (tr kedaTrigger) value(p kedaParam) (string, bool) {
	for _, o := range p.order {
		for _, n := range p.names {
			switch o {
			case "triggerMetadata":
				if v := strings.TrimSpace(tr.metadata[n]); v != "" {
					return v, true
				}
			case "resolvedEnv":
				if tr.metadata[n+"FromEnv"] != "" {
					return "(from env)", true
				}
			case "authParams":
				if tr.authParams[n] {
					return "(from auth)", true
				}
			}
		}
	}
	return p.def, p.def != ""
}

// parsesAs restates setConfigValueHelper (typed_config.go): strings and
// string slices take any value, bool goes through strconv.ParseBool, and
// every other type (float64, int64 ...) through encoding/json.
func parsesAs(goType, v string) error {
	switch goType {
	case "string", "[]string":
		return nil
	case "bool":
		_, err := strconv.ParseBool(v)
		return err
	case "float64":
		var f float64
		return json.Unmarshal([]byte(v), &f)
	case "int64", "int":
		var i int64
		return json.Unmarshal([]byte(v), &i)
	case "int32":
		var i int32
		return json.Unmarshal([]byte(v), &i)
	}
	return fmt.Errorf("the oracle has no parser for Go type %s", goType)
}

// knownKey reports whether k is a metadata key some parameter reads.
func knownKey(params []kedaParam, k string) bool {
	for _, p := range params {
		for _, n := range p.names {
			if slices.Contains(p.order, "triggerMetadata") && k == n ||
				slices.Contains(p.order, "resolvedEnv") && k == n+"FromEnv" {
				return true
			}
		}
	}
	return false
}

// checkMetadata applies the scaler's tags to a trigger's metadata: every
// key known, every required parameter present, no deprecated parameter
// (setValue returns it as an error), enums respected, values typed.
// It returns the parsed values by field name.
func (o *kedaOracle) checkMetadata(tr kedaTrigger) (map[string]string, []string) {
	params, ok := o.params[tr.typ]
	if !ok {
		return nil, []string{fmt.Sprintf("trigger type %q: the oracle knows no such scaler", tr.typ)}
	}
	var probs []string
	for _, k := range slices.Sorted(maps.Keys(tr.metadata)) {
		if !knownKey(params, k) {
			probs = append(probs, fmt.Sprintf("%s: metadata key %q is not a parameter of the scaler", tr.typ, k))
		}
	}
	vals := map[string]string{}
	for _, p := range params {
		v, ok := tr.value(p)
		_, given := tr.metadata[p.names[0]]
		switch {
		case given && p.deprecated != "":
			probs = append(probs, fmt.Sprintf("%s: %q is deprecated: %s", tr.typ, p.names[0], p.deprecated))
		case !ok && p.required():
			probs = append(probs, fmt.Sprintf("%s: missing required parameter %q in %v", tr.typ, strings.Join(p.names, ","), p.order))
		case ok && !strings.HasPrefix(v, "(from "):
			if err := parsesAs(p.goType, v); err != nil {
				probs = append(probs, fmt.Sprintf("%s: %q = %q does not parse as %s: %v", tr.typ, p.names[0], v, p.goType, err))
			}
			if p.enum != nil && !slices.Contains(p.enum, v) {
				probs = append(probs, fmt.Sprintf("%s: %q = %q must be one of %v", tr.typ, p.names[0], v, p.enum))
			}
			vals[p.field] = v
		}
	}
	return vals, probs
}

// checkTrigger is the whole oracle for one trigger: the tags, then the
// scaler's own rules.
func (o *kedaOracle) checkTrigger(tr kedaTrigger) []string {
	vals, probs := o.checkMetadata(tr)
	if vals == nil && probs != nil {
		return probs
	}
	for _, k := range tr.unknown {
		probs = append(probs, fmt.Sprintf("%s: metadata %q has no value in the graph: the oracle cannot check it", tr.typ, k))
	}
	switch tr.typ {
	case "aws-cloudwatch":
		probs = append(probs, kedaCloudwatchRules(tr, vals)...)
	case "cpu", "memory":
		probs = append(probs, kedaCPUMemoryRules(tr, vals)...)
	}
	return probs
}

// kedaCloudwatchUnits are CloudWatch's StandardUnit values, what
// checkMetricUnit (aws_cloudwatch_scaler.go) accepts through
// types.StandardUnit("").Values() of aws-sdk-go-v2's cloudwatch types.
var kedaCloudwatchUnits = []string{"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
	"Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
	"Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
	"Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
	"Count/Second", "None"}

// kedaCloudwatchRules restates KEDA v2.19.0's pkg/scalers/aws_cloudwatch_scaler.go:
// awsCloudwatchMetadata.Validate, checkMetricUnit and checkMetricStatPeriod,
// and pkg/scalers/scaler.go GetMetricTargetType (called by
// NewAwsCloudwatchScaler): Utilization is refused, empty means AverageValue.
func kedaCloudwatchRules(tr kedaTrigger, v map[string]string) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, "aws-cloudwatch: "+fmt.Sprintf(format, a...)) }
	if tr.metricType == "Utilization" {
		bad("metricType Utilization is not supported (GetMetricTargetType)")
	}
	if v["Expression"] == "" {
		if v["Namespace"] == "" {
			bad("namespace not given")
		}
		if v["MetricsName"] == "" {
			bad("metric name not given")
		}
		names, values := v["DimensionName"], v["DimensionValue"]
		switch {
		case names == "":
			bad("dimension name not given")
		case values == "":
			bad("dimension value not given")
		case len(strings.Split(names, ";")) != len(strings.Split(values, ";")):
			bad("dimensionName %q and dimensionValue %q are not matching in size", names, values)
		}
		if u := v["MetricUnit"]; u != "" && !slices.Contains(kedaCloudwatchUnits, u) {
			bad("metricUnit %q is not one of %v", u, kedaCloudwatchUnits)
		}
	}
	period, err1 := strconv.ParseInt(v["MetricStatPeriod"], 10, 64)
	collection, err2 := strconv.ParseInt(v["MetricCollectionTime"], 10, 64)
	if err1 != nil || err2 != nil {
		return probs // reported by checkMetadata
	}
	// checkMetricStatPeriod: at least 1; up to 60 one of 1, 5, 10, 30, 60;
	// above 60 a multiple of 60.
	switch {
	case period < 1:
		bad("metricStatPeriod can not be smaller than 1, %d is provided", period)
	case period <= 60 && !slices.Contains([]int64{1, 5, 10, 30, 60}, period):
		bad("metricStatPeriod < 60 has to be one of [1, 5, 10, 30], %d is provided", period)
	case period > 60 && period%60 != 0:
		bad("metricStatPeriod >= 60 has to be a multiple of 60, %d is provided", period)
	}
	// Validate: "metricCollectionTime must be greater than 0 and a multiple
	// of metricStatPeriod". The code refuses only < 0 and non-multiples; a
	// 0 window would query nothing, so the oracle holds to the message.
	if collection <= 0 || period >= 1 && collection%period != 0 {
		bad("metricCollectionTime must be greater than 0 and a multiple of metricStatPeriod(%d), %d is given", period, collection)
	}
	return probs
}

// kedaQuantity is the Kubernetes quantity grammar (resource.MustParse in
// parseResourceMetadata panics on anything else).
var kedaQuantity = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$`)

// kedaQuantityPositive reports whether q is a quantity above zero
// (AsApproximateFloat64() > 0 in isWorkloadResourceSet).
func kedaQuantityPositive(q string) bool {
	m := kedaQuantity.FindStringSubmatch(q)
	if m == nil {
		return false
	}
	f, err := strconv.ParseFloat(strings.TrimPrefix(m[0][:len(m[0])-len(m[3])], "+"), 64)
	return err == nil && f > 0
}

// kedaCPUMemoryRules restates KEDA v2.19.0's pkg/scalers/cpu_memory_scaler.go
// parseResourceMetadata: the trigger's metricType must be Utilization
// (value: strconv.ParseInt(value, 10, 32), parseUtilization) or
// AverageValue (value: a resource quantity); anything else, empty
// included, is "unknown metric type".
func kedaCPUMemoryRules(tr kedaTrigger, v map[string]string) []string {
	val := v["Value"]
	switch tr.metricType {
	case "Utilization":
		if _, err := strconv.ParseInt(val, 10, 32); err != nil {
			return []string{fmt.Sprintf("%s: Utilization value %q is not an int32: %v", tr.typ, val, err)}
		}
	case "AverageValue":
		if !kedaQuantity.MatchString(val) {
			return []string{fmt.Sprintf("%s: AverageValue value %q is not a quantity", tr.typ, val)}
		}
	default:
		return []string{fmt.Sprintf("%s: unknown metric type: %q, allowed values are 'Utilization' or 'AverageValue'", tr.typ, tr.metricType)}
	}
	return nil
}

// kedaScaledObjectRules restates, from KEDA v2.19.0's
// apis/keda/v1alpha1/scaledobject_types.go, CheckFallbackValid (called by
// scaledobject_webhook.go verifyFallback) and CheckReplicaCountBoundsAreValid.
func kedaScaledObjectRules(so *mockgraph.Resource) []string {
	var probs []string
	triggers := so.List("spec.triggers")
	if fb := so.Map("spec.fallback"); fb != nil {
		// CheckFallbackValid: failureThreshold and replicas both >= 0; and,
		// unless scalingModifiers are used (IsUsingModifiers), at least one
		// trigger whose type is not cpu or memory. (Its message speaks of
		// the AverageValue type; v2.19.0's code checks only the type.)
		if computeNum(fb["failureThreshold"]) < 0 || computeNum(fb["replicas"]) < 0 {
			probs = append(probs, fmt.Sprintf("fallback: FailureThreshold=%v & Replicas=%v must both be >= 0", fb["failureThreshold"], fb["replicas"]))
		}
		modifiers := so.Map("spec.advanced.scalingModifiers")
		if len(modifiers) == 0 && !slices.ContainsFunc(triggers, func(tr any) bool {
			typ := computeGet(tr, "type")
			return typ != "cpu" && typ != "memory"
		}) {
			probs = append(probs, "fallback: at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled")
		}
	}
	// CheckReplicaCountBoundsAreValid: min (GetHPAMinReplicas: 1 when
	// unset or 0 ... when set) <= max (default 100); idle < min.
	minR, maxR := 0, 100
	if so.Has("spec.minReplicaCount") {
		minR = max(so.Int("spec.minReplicaCount"), 1)
	}
	if so.Has("spec.maxReplicaCount") {
		maxR = so.Int("spec.maxReplicaCount")
	}
	if minR > maxR {
		probs = append(probs, fmt.Sprintf("MinReplicaCount=%d must be less than MaxReplicaCount=%d", minR, maxR))
	}
	if so.Has("spec.idleReplicaCount") && so.Int("spec.idleReplicaCount") >= minR {
		probs = append(probs, fmt.Sprintf("IdleReplicaCount=%d must be less than MinReplicaCount=%d", so.Int("spec.idleReplicaCount"), minR))
	}
	return probs
}

// kedaAuthParams returns, per ClusterTriggerAuthentication name, the
// parameter names it supplies to triggers (secretTargetRef and env; a
// podIdentity supplies none).
func kedaAuthParams(g *mockgraph.Graph) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, a := range g.ByType(kedaTTriggerAuth) {
		names := map[string]bool{}
		for _, path := range []string{"spec.secretTargetRef", "spec.env"} {
			for _, ref := range a.List(path) {
				if p, ok := computeGet(ref, "parameter").(string); ok {
					names[p] = true
				}
			}
		}
		out[a.Str("metadata.name")] = names
	}
	return out
}

// kedaContainerRequests restates verifyCPUMemoryScalers
// (scaledobject_webhook.go, KEDA v2.19.0): for a cpu or memory trigger,
// every container of the Deployment (or the one named containerName) must
// set that resource's request or limit above zero (isWorkloadResourceSet;
// the program declares no LimitRange defaults).
func kedaContainerRequests(g *mockgraph.Graph, so *mockgraph.Resource, tr kedaTrigger) []string {
	if tr.typ != "cpu" && tr.typ != "memory" {
		return nil
	}
	ns, name := so.Str("metadata.namespace"), so.Str("spec.scaleTargetRef.name")
	var dep *mockgraph.Resource
	for _, d := range g.ByType(kedaTDeployment) {
		if d.Str("metadata.namespace") == ns && d.Str("metadata.name") == name {
			dep = d
		}
	}
	if dep == nil {
		return []string{fmt.Sprintf("scaleTargetRef: no Deployment %s/%s in the graph", ns, name)}
	}
	var probs []string
	for _, c := range dep.List("spec.template.spec.containers") {
		cname := fmt.Sprint(computeGet(c, "name"))
		if want := tr.metadata["containerName"]; want != "" && cname != want {
			continue
		}
		set := func(kind string) bool {
			q, _ := computeGet(c, "resources", kind, tr.typ).(string)
			return kedaQuantityPositive(q)
		}
		if !set("requests") && !set("limits") {
			probs = append(probs, fmt.Sprintf("the scaledobject has a %s trigger but the container %s doesn't have the %s request defined", tr.typ, cname, tr.typ))
		}
	}
	return probs
}

// kedaCheckStack runs the oracle over every ScaledObject of g and returns
// the problems by object, and the number of triggers checked.
func kedaCheckStack(t *testing.T, o *kedaOracle, g *mockgraph.Graph) (map[string][]string, int) {
	t.Helper()
	auth := kedaAuthParams(g)
	probs := map[string][]string{}
	checked := 0
	for _, so := range g.ByType(computeTScaledObject) {
		id := so.Str("metadata.namespace") + "/" + so.Str("metadata.name")
		p := kedaScaledObjectRules(so)
		for i, raw := range so.List("spec.triggers") {
			ref := fmt.Sprint(computeGet(raw, "authenticationRef", "name"))
			if kind := computeGet(raw, "authenticationRef", "kind"); kind != nil && kind != "ClusterTriggerAuthentication" {
				p = append(p, fmt.Sprintf("trigger %d: authenticationRef kind %v: only ClusterTriggerAuthentication is declared by the program", i, kind))
			} else if computeGet(raw, "authenticationRef") != nil && auth[ref] == nil {
				p = append(p, fmt.Sprintf("trigger %d: authenticationRef %q names no ClusterTriggerAuthentication of the stack", i, ref))
			}
			tr := kedaTriggerOf(raw, auth[ref])
			for _, msg := range append(o.checkTrigger(tr), kedaContainerRequests(g, so, tr)...) {
				p = append(p, fmt.Sprintf("trigger %d: %s", i, msg))
			}
			checked++
		}
		if len(p) > 0 {
			probs[id] = p
		}
	}
	return probs, checked
}

// Every trigger of every ScaledObject of staging and prod says only what
// KEDA v2.19.0 reads, and all it requires, in the types it parses, and
// satisfies the rules KEDA's scalers and admission webhook apply: the
// oracle is KEDA's own source, read at test time.
func TestKubeScaledObjectTriggersSatisfyKEDA(t *testing.T) {
	o := loadKEDAOracle(t)
	for _, p := range o.params["aws-cloudwatch"] {
		t.Logf("aws-cloudwatch %s (%s): order %v, optional %v, default %q", strings.Join(p.names, ";"), p.goType, p.order, p.optional, p.def)
	}
	for _, stack := range kedaStacks {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			require.NotEmpty(t, g.ByType(computeTScaledObject), "%s declares no ScaledObject", stack)
			probs, checked := kedaCheckStack(t, o, g)
			for id, p := range probs {
				for _, msg := range p {
					t.Errorf("%s: ScaledObject %s: %s", stack, id, msg)
				}
			}
			t.Logf("stack %s: %d ScaledObjects, %d triggers checked against KEDA v2.19.0", stack, len(g.ByType(computeTScaledObject)), checked)
		})
	}
}

// kedaSampleCloudwatch is a hand-written aws-cloudwatch trigger that KEDA
// accepts (values chosen here, not the program's).
func kedaSampleCloudwatch() kedaTrigger {
	return kedaTrigger{typ: "aws-cloudwatch", metricType: "AverageValue", metadata: map[string]string{
		"namespace": "AWS/SQS", "metricName": "ApproximateNumberOfMessagesVisible",
		"dimensionName": "QueueName", "dimensionValue": "jobs",
		"metricStat": "Average", "metricStatPeriod": "300", "metricCollectionTime": "900",
		"targetMetricValue": "5.5", "minMetricValue": "0", "awsRegion": "eu-west-1",
	}}
}

// The oracle bites: a correct trigger passes, and each deliberate mistake
// is reported by the rule it breaks.
func TestKubeKEDAOracleCatchesMistakes(t *testing.T) {
	o := loadKEDAOracle(t)
	require.Empty(t, o.checkTrigger(kedaSampleCloudwatch()), "a correct trigger")
	cpu := kedaTrigger{typ: "cpu", metricType: "Utilization", metadata: map[string]string{"value": "70"}}
	require.Empty(t, o.checkTrigger(cpu), "a correct cpu trigger")
	cases := []struct {
		name string
		edit func(tr *kedaTrigger)
		want string
	}{
		{name: "minMetricValue missing", edit: func(tr *kedaTrigger) { delete(tr.metadata, "minMetricValue") }, want: `missing required parameter "minMetricValue"`},
		{name: "metricStatPeriod 45", edit: func(tr *kedaTrigger) { tr.metadata["metricStatPeriod"] = "45" }, want: "metricStatPeriod < 60 has to be one of"},
		{name: "collection not a multiple", edit: func(tr *kedaTrigger) { tr.metadata["metricCollectionTime"] = "450" }, want: "metricCollectionTime must be"},
		{name: "unknown key", edit: func(tr *kedaTrigger) { tr.metadata["metricsName"] = "x" }, want: `metadata key "metricsName"`},
		{name: "int as float", edit: func(tr *kedaTrigger) { tr.metadata["metricStatPeriod"] = "60.0" }, want: "does not parse as int64"},
		{name: "dimension sizes", edit: func(tr *kedaTrigger) { tr.metadata["dimensionValue"] = "a;b" }, want: "not matching in size"},
		{name: "bad unit", edit: func(tr *kedaTrigger) { tr.metadata["metricUnit"] = "Requests" }, want: "metricUnit"},
		{name: "utilization", edit: func(tr *kedaTrigger) { tr.metricType = "Utilization" }, want: "Utilization is not supported"},
		{name: "cpu without metricType", edit: func(tr *kedaTrigger) { *tr = kedaTrigger{typ: "cpu", metadata: map[string]string{"value": "70"}} }, want: "unknown metric type"},
		{name: "cpu deprecated type", edit: func(tr *kedaTrigger) {
			*tr = kedaTrigger{typ: "memory", metricType: "Utilization", metadata: map[string]string{"value": "70", "type": "Utilization"}}
		}, want: "deprecated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := kedaSampleCloudwatch()
			tc.edit(&tr)
			probs := o.checkTrigger(tr)
			assert.True(t, slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, tc.want) }),
				"want a problem containing %q, got %q", tc.want, probs)
		})
	}
}

// kedaFallbackOnly declares a ScaledObject with a fallback and only a cpu
// trigger, which CheckFallbackValid refuses.
func kedaFallbackOnly(ctx *pulumi.Context) error {
	_, err := apiextensions.NewCustomResource(ctx, "kv-so", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("keda.sh/v1alpha1"), Kind: pulumi.String("ScaledObject"),
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("web"), Namespace: pulumi.String("default")},
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"scaleTargetRef":  pulumi.Map{"name": pulumi.String("web")},
			"minReplicaCount": pulumi.Int(3), "maxReplicaCount": pulumi.Int(2),
			"fallback": pulumi.Map{"failureThreshold": pulumi.Int(3), "replicas": pulumi.Int(2)},
			"triggers": pulumi.Array{pulumi.Map{"type": pulumi.String("cpu"), "metricType": pulumi.String("Utilization"),
				"metadata": pulumi.StringMap{"value": pulumi.String("70")}}},
		}},
	})
	return err
}

// The ScaledObject rules bite: a fallback with only cpu triggers, and a
// minimum above the maximum, are reported.
func TestKubeKEDAScaledObjectRulesCatchMistakes(t *testing.T) {
	g := harness.MustRun(t, "us-east-1", kedaFallbackOnly)
	sos := g.ByType(computeTScaledObject)
	require.Len(t, sos, 1)
	probs := kedaScaledObjectRules(sos[0])
	for _, want := range []string{"fallback: at least one trigger (that is not cpu or memory)", "MinReplicaCount=3 must be less than MaxReplicaCount=2"} {
		assert.True(t, slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, want) }),
			"want a problem containing %q, got %q", want, probs)
	}
	for q, want := range map[string]bool{"250m": true, "1Gi": true, "1e3": true, "0m": false, "0": false, "-1": false, "": false, "lots": false} {
		assert.Equal(t, want, kedaQuantityPositive(q), "quantity %q above zero", q)
	}
}
