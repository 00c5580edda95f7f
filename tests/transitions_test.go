package tests

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/internal/validate"
	"github.com/webplatform-dev/webplatform/stacks"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
	"github.com/webplatform-dev/webplatform/tooling/standin"
)

// statefulTypes hold data a replacement loses (the new resource starts
// empty): the oracle's list, independent of the program's rules.
var statefulTypes = map[string]string{
	"aws:rds/cluster:Cluster":                           "the database",
	"aws:elasticache/replicationGroup:ReplicationGroup": "the cache's data",
	"aws:s3/bucketV2:BucketV2":                          "the objects",
	"aws:kms/key:Key":                                   "the key material (data encrypted under it)",
	"aws:backup/vault:Vault":                            "the recovery points",
	"aws:eks/cluster:Cluster":                           "the cluster's Kubernetes objects",
	"aws:cognito/userPool:UserPool":                     "the users",
	"aws:ecr/repository:Repository":                     "the images",
}

// conditionalForceNew are the provider's CustomizeDiff replacements that
// depend on the values, not only on a change (sources: the rows of
// standin.InPlace for these properties, read 2026-12-02:
// terraform-provider-aws internal/service/elasticache/replication_group.go
// customizeDiffEngineForceNewOnDowngrade, customizeDiffEngineVersionForceNewOnDowngrade).
var conditionalForceNew = []struct {
	typ, prop string
	replaces  func(before, after any) bool
}{
	{"aws:elasticache/replicationGroup:ReplicationGroup", "engine", func(b, a any) bool { return b == "valkey" && a == "redis" }},
	{"aws:elasticache/replicationGroup:ReplicationGroup", "engineVersion", func(b, a any) bool {
		bs, _ := b.(string)
		as, _ := a.(string)
		return versionBelow(as, bs)
	}},
}

func versionBelow(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, err1 := strconv.Atoi(pa[i])
		y, err2 := strconv.Atoi(pb[i])
		if err1 != nil || err2 != nil {
			return false
		}
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// plannedReplacements is what the engine would replace going from the
// plan before to the plan after (regions: the default provider's
// aws:region in each): a ForceNew property (standin.Replacements,
// conditionalForceNew) whose value changed, a ForceNew property built
// from a resource that is replaced (its ids become new, so the property
// changes too), and a resource whose provider moved to another region. A
// resource of before missing from after is deleted; both are listed.
func plannedReplacements(before, after *mockgraph.Graph, regionBefore, regionAfter string) map[string]string {
	out := map[string]string{}
	forceNew := map[string][]string{}
	for _, r := range standin.Replacements {
		forceNew[r.Type] = append(forceNew[r.Type], r.Property)
	}
	region := func(g *mockgraph.Graph, r *mockgraph.Resource, def string) string {
		if p := g.ProviderOf(r); p != nil && p.Str("region") != "" {
			return p.Str("region")
		}
		return def
	}
	for _, a := range after.All() {
		b := before.ByURN(a.URN)
		if b == nil {
			continue
		}
		if strings.HasPrefix(a.Type, "aws:") && region(before, b, regionBefore) != region(after, a, regionAfter) {
			out[a.URN] = "region " + region(before, b, regionBefore) + " -> " + region(after, a, regionAfter)
			continue
		}
		if props := replacedProps(b, a); len(props) > 0 {
			out[a.URN] = "ForceNew " + strings.Join(props, ", ")
			continue
		}
		for _, c := range conditionalForceNew {
			if c.typ == a.Type && c.replaces(b.Input(c.prop), a.Input(c.prop)) {
				out[a.URN] = fmt.Sprintf("%s %v -> %v", c.prop, b.Input(c.prop), a.Input(c.prop))
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range after.All() {
			if _, done := out[a.URN]; done || before.ByURN(a.URN) == nil {
				continue
			}
			for _, prop := range forceNew[a.Type] {
				top, _, _ := strings.Cut(prop, ".")
				for _, dep := range a.PropertyDependencies[top] {
					if why, ok := out[dep]; ok && out[a.URN] == "" {
						out[a.URN] = fmt.Sprintf("ForceNew %s from the replaced %s (%s)", prop, dep, why)
						changed = true
					}
				}
			}
		}
	}
	for _, b := range before.All() {
		if after.ByURN(b.URN) == nil {
			out[b.URN] = "deleted"
		}
	}
	return out
}

// alternative is a change of one key (with the keys it needs changed
// together), as key=value pairs, the key under test first.
type alternative [][2]string

// alternatives are valid other values per key: booleans flip and integers
// step by default; strings, lists and objects are listed here. The first
// that the program accepts (as a first deployment) is used.
func alternatives(s *stackconfig.Stack, key string) []alternative {
	full := s.Project + ":" + key
	cur := s.Config[full]
	one := func(vs ...string) []alternative {
		var out []alternative
		for _, v := range vs {
			if v != cur {
				out = append(out, alternative{{key, v}})
			}
		}
		return out
	}
	if key == "aws:region" {
		cur = s.Config[key]
		return one("eu-north-1", "us-east-2")
	}
	switch key {
	case "cacheEngine":
		if cur == "redis" {
			return []alternative{{{key, "valkey"}, {"cacheEngineVersion", "8.0"}}}
		}
		return []alternative{{{key, "redis"}, {"cacheEngineVersion", "7.1"}}}
	case "services":
		var svcs []map[string]any
		if json.Unmarshal([]byte(cur), &svcs) != nil || len(svcs) == 0 {
			return nil
		}
		port, _ := svcs[0]["port"].(float64)
		svcs[0]["port"] = port + 1
		b, _ := json.Marshal(svcs)
		return one(string(b))
	}
	if vs, ok := listedAlternatives[key]; ok {
		return one(vs...)
	}
	decl := s.Declared[key]
	switch decl.TypeName() {
	case "boolean":
		return one(strconv.FormatBool(cur != "true"))
	case "integer":
		n, err := strconv.Atoi(cur)
		if err != nil {
			return nil
		}
		return one(strconv.Itoa(n+1), strconv.Itoa(n-1), strconv.Itoa(2*n))
	}
	return nil
}

var listedAlternatives = map[string][]string{
	"environment": {"staging", "dev"}, "owner": {"ops@example.com"}, "costCenter": {"cc-9999"},
	"drRegion": {"eu-north-1", "us-west-2"}, "domainName": {"other.shop.example.com"},
	"hostedZoneId": {"Z0999999999OTHERZONE"}, "extraTags": {`{"team":"other"}`},
	"vpcCidr": {"10.99.0.0/16"}, "natStrategy": {"single", "one-per-az"},
	"interfaceEndpoints":   {`["sts"]`, `[]`},
	"dbEngineVersion":      {"16.8", "16.4", "17.4"},
	"dbInstanceClass":      {"db.r6g.2xlarge", "db.r7g.large"},
	"dbSnapshotIdentifier": {"restore-1"}, "dbBackupWindow": {"04:00-05:00"},
	"dbMaintenanceWindow": {"mon:05:00-mon:06:00"},
	"cacheEngineVersion":  {"8.1", "7.2", "7.0"}, "cacheNodeType": {"cache.r7g.xlarge", "cache.t4g.medium"},
	"cacheSnapshotWindow": {"05:00-06:00"}, "cacheMaintenanceWindow": {"tue:06:00-tue:07:00"},
	"kubernetesVersion":    {"1.34", "1.32"},
	"clusterAdminRoleArns": {`["arn:aws:iam::123456789012:role/other-admin"]`},
	"publicEndpointCidrs":  {`["198.51.100.0/24"]`}, "nodeInstanceTypes": {`["m6i.large"]`, `["m5.large"]`},
	"nodeCapacityType": {"SPOT", "ON_DEMAND"}, "cdnPriceClass": {"PriceClass_200", "PriceClass_100"},
	"cdnContentSecurityPolicy": {"default-src 'self'"}, "wafAuthPaths": {`["/api/login"]`},
	"apiMfa": {"OPTIONAL", "ON", "OFF"}, "apiAdvancedSecurity": {"AUDIT", "ENFORCED", "OFF"},
	"backupRules":           {`[{"name":"daily","schedule":"cron(0 4 * * ? *)","retentionDays":14}]`},
	"backupVaultLock":       {`{}`, `{"minRetentionDays":1,"maxRetentionDays":400,"changeableForDays":3}`},
	"alarmEmails":           {`["ops@example.com"]`},
	"availabilityTarget":    {"99.95", "99.5"},
	"iamBreakGlassRoleName": {"webplatform-break-glass-2"}, "iamDeployRoleName": {"webplatform-deploy-2"},
	"iamPermissionsBoundaryPolicyName": {"webplatform-boundary-2"},
	"azCount":                          {"3", "2", "4"}, "dbMonitoringInterval": {"30", "15"}, "nodeMin": {"3", "1", "2"},
	"flowLogRetentionDays": {"30", "60", "7"}, "dataLogRetentionDays": {"30", "60", "7"},
	"clusterLogRetentionDays": {"30", "60", "7"}, "wafLogRetentionDays": {"30", "60", "7"},
	"opsLogRetentionDays": {"30", "60", "7"}, "apiLogRetentionDays": {"30", "60", "7"},
	"s3LogRetentionDays": {"30", "60", "90"},
	"containerRegistry":  {"123456789012.dkr.ecr.eu-west-1.amazonaws.com"},
}

// TestChangesThatReplaceStatefulResourcesAreRefused is the oracle for the
// program's transition rules: for every stack and every config key with an
// alternative valid value, plan the stack before and after the change and
// compute what the engine would replace or delete (plannedReplacements,
// from the provider's ForceNew flags in standin.Replacements); whenever that
// includes a stateful resource (statefulTypes), the program, run as the
// next deployment of the 'before' plan's outputs, must refuse the change
// with a ConfigError naming that key. A key missing from the program's
// rules (stacks/transitions.go) fails here: without the dbSnapshotIdentifier
// rule, every stack's Aurora cluster is replaced and nothing refuses it.
func TestChangesThatReplaceStatefulResourcesAreRefused(t *testing.T) {
	found := map[string]bool{}
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			base := harness.LoadStack(t, stack)
			before := harness.RunStack(t, stack)
			prev := before.Exports()
			require.Contains(t, prev, stacks.DeployedOutput, "the plan exports no %q output", stacks.DeployedOutput)
			keys := []string{"aws:region"}
			for k := range base.Declared {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var untested []string
			for _, key := range keys {
				var after *mockgraph.Graph
				var alt alternative
				for _, a := range alternatives(base, key) {
					g, err := harness.RunStackErr(t, stack, altEdits(a)...)
					if err == nil {
						after, alt = g, a
						break
					}
				}
				if after == nil {
					untested = append(untested, key)
					continue
				}
				s := harness.LoadStack(t, stack)
				for _, e := range altEdits(alt) {
					e(s)
				}
				var lost []string
				replaced := plannedReplacements(before, after, base.Config["aws:region"], s.Config["aws:region"])
				for urn, why := range replaced {
					r := after.ByURN(urn)
					if r == nil {
						r = before.ByURN(urn)
					}
					if what, ok := statefulTypes[r.Type]; ok {
						lost = append(lost, fmt.Sprintf("%s %s (%s: %s)", r.Type, r.Name, why, what))
					}
				}
				lost = append(lost, collisions(before, after, replaced)...)
				if len(lost) == 0 {
					continue
				}
				sort.Strings(lost)
				found[key] = true
				_, err := harness.RunStackErr(t, stack, append(altEdits(alt), harness.After(prev))...)
				full := key
				if !strings.Contains(key, ":") {
					full = base.Project + ":" + key
				}
				if !namesKey(err, full) {
					t.Errorf("%s: %s changed to %v replaces or deletes stateful resources or collides with a fixed name, but the next deployment was not refused naming %s (got %v):\n  %s",
						stack, key, alt, full, err, strings.Join(lost, "\n  "))
				}
			}
			t.Logf("%s: %d keys checked; without a valid alternative value: %v", stack, len(keys)-len(untested), untested)
		})
	}
	for _, k := range []string{"dbSnapshotIdentifier", "aws:region", "drRegion"} {
		assert.True(t, found[k], "changing %s replaced no stateful resource: the oracle lost its replacement rules", k)
	}
}

// collisions are the replaced resources whose physical name the program
// fixes (standin.PhysicalNames) and keeps: Pulumi creates the replacement
// first, under the old name, and AWS refuses it, unless the resource is
// deleted before it is replaced or protected (the engine then refuses the
// replacement before it starts).
func collisions(before, after *mockgraph.Graph, replaced map[string]string) []string {
	var out []string
	for urn, why := range replaced {
		a, b := after.ByURN(urn), before.ByURN(urn)
		if a == nil || b == nil {
			continue
		}
		prop, fixed := standin.PhysicalNames[a.Type]
		if !fixed || !a.Has(prop) || a.Str(prop) != b.Str(prop) || a.DeleteBeforeReplace || a.Protect {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s (%s; %s=%s is kept, so the replacement collides with it)", a.Type, a.Name, why, prop, a.Str(prop)))
	}
	return out
}

// previousMinor is the minor version before v ("1.33" -> "1.32").
func previousMinor(v string) string {
	var major, minor int
	_, _ = fmt.Sscanf(v, "%d.%d", &major, &minor)
	return fmt.Sprintf("%d.%d", major, minor-1)
}

func altEdits(a alternative) []func(*stackconfig.Stack) {
	var out []func(*stackconfig.Stack)
	for _, kv := range a {
		out = append(out, harness.Set(kv[0], kv[1]))
	}
	return out
}

// namesKey: err is a ConfigError with a problem for key.
func namesKey(err error, key string) bool {
	var ce *stacks.ConfigError
	if !errors.As(err, &ce) {
		return false
	}
	return slices.ContainsFunc(validate.Fields(ce.Err), func(fe *validate.FieldError) bool { return fe.Field == key })
}

// TestAllowedTransitionsDeploy: the changes AWS makes in place pass, and a
// first deployment (no previous outputs) is never checked; the transition
// keys the program records are the deployed values of the plan.
func TestAllowedTransitionsDeploy(t *testing.T) {
	for _, c := range []struct {
		name  string
		stack string
		edits []func(*stackconfig.Stack)
	}{
		{"first deployment", "dev", edits(harness.After(nil), set("vpcCidr", "10.99.0.0/16"))},
		{"kubernetes one minor version up", "dev", edits(deployed("kubernetesVersion", previousMinor(cluster.DefaultVersion)))},
		{"aurora minor upgrade", "staging", edits(deployed("dbEngineVersion", "16.4"))},
		{"aurora major upgrade with the opt-in", "prod", edits(deployed("dbEngineVersion", "15.10"), set("dbAllowMajorVersionUpgrade", "true"))},
		{"cache redis to valkey", "staging", edits(deployed("cacheEngine", "redis", "cacheEngineVersion", "7.1"))},
		{"cache valkey upgrade", "prod", edits(deployed("cacheEngine", "valkey", "cacheEngineVersion", "7.2"))},
		{"cache resharding in cluster mode", "prod", edits(deployed("cacheShards", "2"), set("cacheShards", "3"))},
		{"an older deployment without the record", "dev", edits(harness.After(map[string]any{"vpcId": "vpc-1"}), set("vpcCidr", "10.99.0.0/16"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := harness.RunStackErr(t, c.stack, c.edits...)
			assert.NoError(t, err)
		})
	}
	g := harness.RunStack(t, "prod")
	d, ok := g.Exports()[stacks.DeployedOutput].(map[string]any)
	require.True(t, ok, "deployed output missing or not plain")
	cl := g.ByType("aws:eks/cluster:Cluster")
	db := g.ByType("aws:rds/cluster:Cluster")
	rg := g.ByType("aws:elasticache/replicationGroup:ReplicationGroup")
	vpc := g.ByType("aws:ec2/vpc:Vpc")
	require.Len(t, cl, 1)
	require.Len(t, db, 1)
	require.Len(t, rg, 1)
	require.Len(t, vpc, 1)
	shards := rg[0].Int("numNodeGroups")
	if shards == 0 {
		shards = 1
	}
	registry := "external"
	if len(g.ByType("aws:ecr/repository:Repository")) > 0 {
		registry = ""
	}
	dr := g.Named("pulumi:providers:aws", "webplatform-prod-dr")
	require.NotNil(t, dr, "no DR provider")
	assert.Equal(t, map[string]any{
		"kubernetesVersion": cl[0].Str("version"), "dbEngineVersion": db[0].Str("engineVersion"),
		"cacheEngine": rg[0].Str("engine"), "cacheEngineVersion": rg[0].Str("engineVersion"),
		"cacheShards": strconv.Itoa(shards), "dbSnapshotIdentifier": db[0].Str("snapshotIdentifier"),
		"vpcCidr": vpc[0].Str("cidrBlock"), "aws:region": "eu-west-1", "drRegion": dr.Str("region"),
		"containerRegistry":  registry,
		"securityMonitoring": strconv.FormatBool(len(g.ByType("aws:cloudtrail/trail:Trail")) > 0),
	}, d, "the deployed record must be what the plan registers")
}

// TestAuroraMajorUpgradeIsSafe: with the opt-in, a major upgrade sets
// allowMajorVersionUpgrade on the cluster, and the cluster parameter group
// (family ForceNew) is replaced under a generated name, so the new group
// is created before the old one is deleted without colliding with it, and
// the cluster itself is updated in place (no stateful replacement).
func TestAuroraMajorUpgradeIsSafe(t *testing.T) {
	before := harness.RunStack(t, "prod")
	after, err := harness.RunStackErr(t, "prod", set("dbEngineVersion", "17.4"), set("dbAllowMajorVersionUpgrade", "true"),
		deployed("dbEngineVersion", "16.6"))
	require.NoError(t, err)
	db := after.ByType("aws:rds/cluster:Cluster")
	require.Len(t, db, 1)
	assert.True(t, db[0].Bool("allowMajorVersionUpgrade"), "the opt-in does not reach the cluster")
	assert.False(t, before.ByType("aws:rds/cluster:Cluster")[0].Has("allowMajorVersionUpgrade"), "allowMajorVersionUpgrade set without the opt-in")
	replaced := plannedReplacements(before, after, "eu-west-1", "eu-west-1")
	pgs := after.ByType("aws:rds/clusterParameterGroup:ClusterParameterGroup")
	require.NotEmpty(t, pgs)
	for _, pg := range pgs {
		assert.Contains(t, replaced, pg.URN, "the parameter group family did not change with the major version")
	}
	assert.Empty(t, collisions(before, after, replaced))
	for urn := range replaced {
		if r := after.ByURN(urn); r != nil {
			_, stateful := statefulTypes[r.Type]
			assert.False(t, stateful, "a major upgrade replaces %s", urn)
		}
	}
}
