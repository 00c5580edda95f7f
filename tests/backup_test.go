package tests

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awsbackup "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens of the backup tier.
const (
	bkTComponent = "webplatform:backup:Backup"
	bkTVault     = "aws:backup/vault:Vault"
	bkTLock      = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	bkTPlan      = "aws:backup/plan:Plan"
	bkTSelection = "aws:backup/selection:Selection"
	bkTAttach    = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	bkDRRegion   = "eu-central-1"
)

// The backup tier's types without a Tags argument.
// backupCases adds this file's cases to the shared tables (see cases).
func backupCases(c *testCases) {
	c.untaggable[bkTLock] = awsbackup.VaultLockConfigurationArgs{}
	c.untaggable[bkTSelection] = awsbackup.SelectionArgs{}
}

// bkProdArgs are prod-shaped args: continuous hourly, daily and monthly
// copied to DR, vault lock, protection.
func bkProdArgs() backup.Settings {
	return backup.Settings{
		Rules: []backup.Rule{
			{Name: "hourly", Schedule: "cron(0 * * * ? *)", RetentionDays: 35, Continuous: true},
			{Name: "daily", Schedule: "cron(0 3 * * ? *)", RetentionDays: 35, CopyToDR: true, DRRetentionDays: 14},
			{Name: "monthly", Schedule: "cron(0 4 1 * ? *)", RetentionDays: 365, ColdStorageAfterDays: 30, CopyToDR: true},
		},
		VaultLock: &backup.VaultLock{MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 5},
		Protect:   true,
		Tags:      unitTags,
	}
}

// bkOutputs are the component's outputs as resolved under the mocks.
type bkOutputs struct {
	mu                                                                   sync.Mutex
	VaultName, VaultArn, DRVaultArn, PlanId, PlanArn, RoleArn, KmsKeyArn string
}

// bkRunErr runs one Backup named "bk" in eu-west-1 with settings s; the
// DRProvider wiring is an eu-central-1 provider when withDR.
func bkRunErr(t *testing.T, s backup.Settings, withDR bool) (*mockgraph.Graph, *bkOutputs, error) {
	t.Helper()
	out := &bkOutputs{}
	args := backup.BackupArgs{Settings: s}
	g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		if withDR {
			dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String(bkDRRegion)})
			if err != nil {
				return err
			}
			args.DRProvider = dr
		}
		b, err := backup.NewBackup(ctx, "bk", &args)
		if err != nil {
			return err
		}
		capture := func(o pulumi.StringOutput, dst *string) {
			o.ApplyT(func(s string) string {
				out.mu.Lock()
				defer out.mu.Unlock()
				*dst = s
				return s
			})
		}
		capture(b.VaultName, &out.VaultName)
		capture(b.VaultArn, &out.VaultArn)
		capture(b.DRVaultArn, &out.DRVaultArn)
		capture(b.PlanId, &out.PlanId)
		capture(b.PlanArn, &out.PlanArn)
		capture(b.RoleArn, &out.RoleArn)
		capture(b.KmsKeyArn, &out.KmsKeyArn)
		return nil
	})
	return g, out, err
}

func bkRun(t *testing.T, args backup.Settings, withDR bool) (*mockgraph.Graph, *bkOutputs) {
	t.Helper()
	g, out, err := bkRunErr(t, args, withDR)
	require.NoError(t, err)
	return g, out
}

// bkRegion is the region r is created in: its explicit provider's, or the
// program's (eu-west-1).
func bkRegion(g *mockgraph.Graph, r *mockgraph.Resource) string {
	if p := g.ProviderOf(r); p != nil {
		return p.Str("region")
	}
	return "eu-west-1"
}

// bkInRegion returns the single resource of a type in a region.
func bkInRegion(t *testing.T, g *mockgraph.Graph, token, region string) *mockgraph.Resource {
	t.Helper()
	var out []*mockgraph.Resource
	for _, r := range g.ByType(token) {
		if bkRegion(g, r) == region {
			out = append(out, r)
		}
	}
	require.Len(t, out, 1, "want exactly one %s in %s", token, region)
	return out[0]
}

// bkRules returns the plan's rules by name.
func bkRules(t *testing.T, plan *mockgraph.Resource) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range plan.List("rules") {
		m, ok := r.(map[string]any)
		require.True(t, ok)
		out[m["ruleName"].(string)] = m
	}
	return out
}

func bkNum(m map[string]any, path string) int {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return 0
		}
		cur = mm[k]
	}
	f, _ := cur.(float64)
	return int(f)
}

// Catches: vault not encrypted with the component's own key (or the DR
// vault with the primary-region key), DR vault created in the primary
// region, rules losing schedule/retention/cold storage, continuous flag on
// the wrong rule, copies to the wrong vault or with the wrong retention.
func TestBackupProdVaultsPlanAndCopies(t *testing.T) {
	g, out := bkRun(t, bkProdArgs(), true)

	vault := bkInRegion(t, g, bkTVault, "eu-west-1")
	key := bkInRegion(t, g, tKmsKey, "eu-west-1")
	drVault := bkInRegion(t, g, bkTVault, bkDRRegion)
	drKey := bkInRegion(t, g, tKmsKey, bkDRRegion)
	require.Len(t, g.ByType(bkTVault), 2)

	assert.Equal(t, "bk", vault.Str("name"))
	assert.Equal(t, "bk-dr", drVault.Str("name"))
	assert.Equal(t, key.Output("arn"), vault.Str("kmsKeyArn"), "primary vault must use the component's CMK")
	assert.Equal(t, drKey.Output("arn"), drVault.Str("kmsKeyArn"), "DR vault must use its own key in the DR region")
	assert.Contains(t, drVault.Str("kmsKeyArn"), ":"+bkDRRegion+":", "KMS keys are regional: the DR vault needs a DR-region key")
	assert.True(t, key.Bool("enableKeyRotation"))
	assert.True(t, drKey.Bool("enableKeyRotation"))
	assert.False(t, vault.Bool("forceDestroy"))

	plan := edgeOne(t, g, bkTPlan)
	assert.Equal(t, "eu-west-1", bkRegion(g, plan))
	rules := bkRules(t, plan)
	require.Len(t, rules, 3)
	drArn := drVault.Output("arn").(string)
	want := map[string]struct {
		schedule             string
		retention, cold, dr  int
		continuous, copiesDR bool
	}{
		"hourly":  {"cron(0 * * * ? *)", 35, 0, 0, true, false},
		"daily":   {"cron(0 3 * * ? *)", 35, 0, 14, false, true},
		"monthly": {"cron(0 4 1 * ? *)", 365, 30, 365, false, true},
	}
	for name, w := range want {
		r, ok := rules[name]
		if !assert.True(t, ok, "rule %s missing", name) {
			continue
		}
		assert.Equal(t, w.schedule, r["schedule"], "%s schedule", name)
		assert.Equal(t, "bk", r["targetVaultName"], "%s targets the primary vault", name)
		assert.Equal(t, w.retention, bkNum(r, "lifecycle.deleteAfter"), "%s retention", name)
		assert.Equal(t, w.cold, bkNum(r, "lifecycle.coldStorageAfter"), "%s cold storage", name)
		assert.Equal(t, w.continuous, r["enableContinuousBackup"] == true, "%s continuous", name)
		copies, _ := r["copyActions"].([]any)
		if !w.copiesDR {
			assert.Empty(t, copies, "%s must not copy to DR", name)
			continue
		}
		require.Len(t, copies, 1, "%s copies to DR", name)
		c := copies[0].(map[string]any)
		assert.Equal(t, drArn, c["destinationVaultArn"], "%s copies to the DR vault", name)
		assert.Equal(t, w.dr, bkNum(c, "lifecycle.deleteAfter"), "%s DR retention", name)
		assert.Equal(t, w.cold, bkNum(c, "lifecycle.coldStorageAfter"), "%s DR cold storage", name)
	}

	// Component outputs are wired to the right resources.
	out.mu.Lock()
	defer out.mu.Unlock()
	assert.Equal(t, "bk", out.VaultName)
	assert.Equal(t, vault.Output("arn"), out.VaultArn)
	assert.Equal(t, drArn, out.DRVaultArn)
	assert.Equal(t, key.Output("arn"), out.KmsKeyArn)
	assert.Equal(t, plan.Output("arn"), out.PlanArn)
	assert.Equal(t, mockID(plan), out.PlanId)
	assert.Equal(t, edgeOne(t, g, tRole).Output("arn"), out.RoleArn)
}

// Catches: lock missing on the DR vault, lock on the wrong vault, lock
// bounds not passed through.
func TestBackupVaultLockOnBothVaults(t *testing.T) {
	g, _ := bkRun(t, bkProdArgs(), true)
	locks := g.ByType(bkTLock)
	require.Len(t, locks, 2)
	byVault := map[string]*mockgraph.Resource{}
	for _, l := range locks {
		byVault[l.Str("backupVaultName")] = l
		assert.Equal(t, 7, l.Int("minRetentionDays"), l.Name)
		assert.Equal(t, 400, l.Int("maxRetentionDays"), l.Name)
		assert.Equal(t, 5, l.Int("changeableForDays"), l.Name)
	}
	require.Contains(t, byVault, "bk")
	require.Contains(t, byVault, "bk-dr")
	assert.Equal(t, bkDRRegion, bkRegion(g, byVault["bk-dr"]), "the DR lock must be created where the DR vault is")
	assert.Equal(t, "eu-west-1", bkRegion(g, byVault["bk"]))
}

// Catches: selection by ARN list instead of tag, wrong tag, selection
// without the role, role trusting the wrong service or any account,
// missing S3 policies or S3 policy ARNs under service-role/ (which do not
// exist).
func TestBackupSelectionByTagWithRole(t *testing.T) {
	g, _ := bkRun(t, bkProdArgs(), true)
	sel := edgeOne(t, g, bkTSelection)
	role := edgeOne(t, g, tRole)
	plan := edgeOne(t, g, bkTPlan)
	assert.Empty(t, sel.List("selectionTags"), "ListOfTags ORs its tags: the selection uses conditions (AND) only")
	assert.Equal(t, []string{"*"}, sel.Strings("resources"), "the conditions alone decide")
	want := []any{map[string]any{"key": "aws:ResourceTag/backup", "value": "true"}}
	for _, k := range []string{"environment", "owner", "project"} { // unitTags, sorted: the default ScopeTags
		want = append(want, map[string]any{"key": "aws:ResourceTag/" + k, "value": unitTags[k]})
	}
	assert.Equal(t, want, sel.List("conditions.0.stringEquals"))
	assert.Equal(t, role.Output("arn"), sel.Str("iamRoleArn"))
	assert.Equal(t, mockID(plan), sel.Str("planId"))
	for _, a := range g.ByType(bkTAttach) {
		assert.True(t, sel.DependsOn(a), "selection must wait for policy %s, else the first backup job fails", a.Str("policyArn"))
	}

	trust := role.Str("assumeRolePolicy")
	assert.Contains(t, trust, `"Service":"backup.amazonaws.com"`)
	assert.Contains(t, trust, `"aws:SourceAccount":"`+mockgraph.Account+`"`)
	var arns []string
	for _, a := range g.ByType(bkTAttach) {
		assert.Equal(t, role.Output("name"), a.Str("role"))
		arns = append(arns, a.Str("policyArn"))
	}
	sort.Strings(arns)
	assert.Equal(t, []string{
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
		"arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	}, arns)

	custom := backup.Settings{SelectionTagKey: "snapshot", SelectionTagValue: "yes", Tags: unitTags}
	g2, _ := bkRun(t, custom, false)
	assert.Equal(t, "aws:ResourceTag/snapshot", edgeOne(t, g2, bkTSelection).Str("conditions.0.stringEquals.0.key"))
	assert.Equal(t, "yes", edgeOne(t, g2, bkTSelection).Str("conditions.0.stringEquals.0.value"))
}

// Catches: defaults that create DR resources, locks or copies; a wrong
// default rule; a DR output that is not "" without DR.
func TestBackupDevDefaults(t *testing.T) {
	g, out := bkRun(t, backup.Settings{ForceDestroy: true, Tags: unitTags}, false)
	require.Len(t, g.ByType(bkTVault), 1)
	require.Len(t, g.ByType(tKmsKey), 1)
	assert.Empty(t, g.ByType(bkTLock), "no vault lock by default")
	assert.True(t, edgeOne(t, g, bkTVault).Bool("forceDestroy"))
	rules := bkRules(t, edgeOne(t, g, bkTPlan))
	require.Len(t, rules, 1)
	r := rules["daily"]
	require.NotNil(t, r, "default rule is named daily")
	assert.Equal(t, "cron(0 3 * * ? *)", r["schedule"])
	assert.Equal(t, 7, bkNum(r, "lifecycle.deleteAfter"))
	assert.Equal(t, false, r["enableContinuousBackup"])
	assert.Empty(t, r["copyActions"])
	for _, res := range g.All() {
		assert.Nil(t, g.ProviderOf(res), "%s must use the default provider without DR", res.Name)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	assert.Equal(t, "", out.DRVaultArn)
	assert.NotEmpty(t, out.VaultArn)

	// A DR provider without any copying rule creates nothing in DR.
	g2, _ := bkRun(t, backup.Settings{Tags: unitTags}, true)
	assert.Len(t, g2.ByType(bkTVault), 1)
}

// Catches: children created at the stack root or named without the
// component's name (collisions, unreadable plans).
func TestBackupChildrenParentedAndNamedAfterComponent(t *testing.T) {
	g, _ := bkRun(t, bkProdArgs(), true)
	comp := edgeOne(t, g, bkTComponent)
	n := 0
	for _, r := range customResources(g) {
		n++
		assert.Equal(t, comp.URN, r.Parent, "%s %s must be parented to the component", r.Type, r.Name)
		assert.True(t, strings.HasPrefix(r.Name, "bk-"), "%s %s is not named after the component", r.Type, r.Name)
	}
	// 2 keys + 2 aliases + 2 vaults + 2 locks + role + 4 attachments + plan + selection.
	assert.Equal(t, 15, n)
}

// Catches: fixed child or AWS names that collide between two instances.
func TestBackupTwoInstancesDoNotCollide(t *testing.T) {
	g := harness.MustRun(t, "eu-west-1", func(ctx *pulumi.Context) error {
		for _, name := range []string{"app-backup", "audit-backup"} {
			if _, err := backup.NewBackup(ctx, name, &backup.BackupArgs{Settings: backup.Settings{Tags: unitTags}}); err != nil {
				return err
			}
		}
		return nil
	})
	seen := map[string]bool{}
	for _, r := range g.All() {
		assert.False(t, seen[r.URN], "duplicate URN %s", r.URN)
		seen[r.URN] = true
	}
	awsNames := map[string]string{}
	for _, token := range []string{bkTVault, bkTPlan, bkTSelection, "aws:kms/alias:Alias"} {
		for _, r := range g.ByType(token) {
			key := token + "/" + r.Str("name")
			assert.NotContains(t, awsNames, key, "AWS name %s used twice", key)
			awsNames[key] = r.Name
		}
	}
	assert.Len(t, g.ByType(bkTVault), 2)
}

// Catches: a taggable resource without the caller's tags, component=backup
// or Name; recovery points without tags.
func TestBackupTagsEveryTaggableResource(t *testing.T) {
	g, _ := bkRun(t, bkProdArgs(), true)
	for _, r := range customResources(g) {
		if _, ok := cases().untaggable[r.Type]; ok {
			continue
		}
		tags := r.Tags()
		assert.Equal(t, "backup", tags["component"], "%s %s component tag", r.Type, r.Name)
		assert.NotEmpty(t, tags["Name"], "%s %s Name tag", r.Type, r.Name)
		for k, v := range unitTags {
			assert.Equal(t, v, tags[k], "%s %s tag %s", r.Type, r.Name, k)
		}
	}
	for name, r := range bkRules(t, edgeOne(t, g, bkTPlan)) {
		rp, _ := r["recoveryPointTags"].(map[string]any)
		assert.Equal(t, "backup", rp["component"], "rule %s recovery point tags", name)
		assert.Equal(t, "test", rp["environment"], "rule %s recovery point tags", name)
	}
}

// Catches: Protect not applied to the vaults or keys (a destroy would
// delete every backup), or applied when not asked for.
func TestBackupProtectMarksVaultsAndKeys(t *testing.T) {
	g, _ := bkRun(t, bkProdArgs(), true)
	for _, token := range []string{bkTVault, tKmsKey} {
		for _, r := range g.ByType(token) {
			assert.True(t, r.Protect, "%s must be protected", r.Name)
			assert.True(t, r.RetainOnDelete, "%s must be retained on delete", r.Name)
		}
	}
	assert.False(t, edgeOne(t, g, bkTPlan).Protect, "the plan is cheap to recreate; protecting it only blocks changes")

	args := bkProdArgs()
	args.Protect = false
	g2, _ := bkRun(t, args, true)
	for _, r := range g2.All() {
		assert.False(t, r.Protect, "%s protected without Protect", r.Name)
		assert.False(t, r.RetainOnDelete, "%s retained without Protect", r.Name)
	}
}

// Catches: each validation rule missing or naming the wrong field, and
// resources registered before validation.
func TestBackupRejectsInvalidArgs(t *testing.T) {
	rule := func(edit func(*backup.Rule)) []backup.Rule {
		r := backup.Rule{Name: "r", Schedule: "cron(0 3 * * ? *)", RetentionDays: 30}
		edit(&r)
		return []backup.Rule{r}
	}
	lock := func(l backup.VaultLock) *backup.VaultLock { return &l }
	cases := []struct {
		name   string
		args   backup.Settings
		withDR bool
		want   []string
	}{
		{"empty rules", backup.Settings{Rules: []backup.Rule{}}, false, []string{"Rules: must list at least one rule"}},
		{"rule without name", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Name = "" })}, false, []string{"Rules[0].Name: is required"}},
		{"rule name not a label", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Name = "Daily_Rule" })}, false, []string{"Rules[Daily_Rule].Name: must be lowercase"}},
		{"duplicate rule names", backup.Settings{Rules: append(rule(func(*backup.Rule) {}), rule(func(*backup.Rule) {})...)}, false, []string{`Rules[r].Name: "r" is used by more than one rule`}},
		{"schedule not cron", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Schedule = "rate(1 day)" })}, false, []string{"Rules[r].Schedule:", "cron(Minutes Hours"}},
		{"schedule with 5 fields", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Schedule = "cron(0 3 * * ?)" })}, false, []string{"Rules[r].Schedule:", "has 5 fields"}},
		{"schedule without ?", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Schedule = "cron(0 3 * * * *)" })}, false, []string{"Rules[r].Schedule:", `must be "?"`}},
		{"schedule every minute", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Schedule = "cron(* * * * ? *)" })}, false, []string{"Rules[r].Schedule:", "at most once an hour"}},
		{"missing schedule", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Schedule = "" })}, false, []string{"Rules[r].Schedule:"}},
		{"zero retention", backup.Settings{Rules: rule(func(r *backup.Rule) { r.RetentionDays = 0 })}, false, []string{"Rules[r].RetentionDays: must be between 1 and 36500, got 0"}},
		{"retention over 100 years", backup.Settings{Rules: rule(func(r *backup.Rule) { r.RetentionDays = 36501 })}, false, []string{"Rules[r].RetentionDays: must be between 1 and 36500"}},
		{"continuous over 35 days", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Continuous, r.RetentionDays = true, 36 })}, false, []string{"Rules[r].RetentionDays: must be between 1 and 35, got 36"}},
		{"continuous with cold storage", backup.Settings{Rules: rule(func(r *backup.Rule) { r.Continuous, r.ColdStorageAfterDays = true, 10 })}, false, []string{"Rules[r].ColdStorageAfterDays: must be 0 on a continuous rule"}},
		{"cold storage too short", backup.Settings{Rules: rule(func(r *backup.Rule) { r.ColdStorageAfterDays, r.RetentionDays = 30, 119 })}, false, []string{"Rules[r].RetentionDays: must be at least ColdStorageAfterDays + 90 = 120"}},
		{"negative cold storage", backup.Settings{Rules: rule(func(r *backup.Rule) { r.ColdStorageAfterDays = -1 })}, false, []string{"Rules[r].ColdStorageAfterDays: must be 0 (off) or between 1 and 36500"}},
		{"DR copy cold storage too short", backup.Settings{Rules: rule(func(r *backup.Rule) {
			r.ColdStorageAfterDays, r.RetentionDays, r.CopyToDR, r.DRRetentionDays = 30, 365, true, 100
		})}, true, []string{"Rules[r].DRRetentionDays: must be at least ColdStorageAfterDays + 90 = 120"}},
		{"copy without DR provider", backup.Settings{Rules: rule(func(r *backup.Rule) { r.CopyToDR = true })}, false, []string{"Rules[r].CopyToDR: needs DRProvider"}},
		{"DR retention out of range", backup.Settings{Rules: rule(func(r *backup.Rule) { r.CopyToDR, r.DRRetentionDays = true, -5 })}, true, []string{"Rules[r].DRRetentionDays: must be between 1 and 36500"}},
		{"lock min above max", backup.Settings{VaultLock: lock(backup.VaultLock{MinRetentionDays: 30, MaxRetentionDays: 10})}, false, []string{"VaultLock.MinRetentionDays: must not exceed VaultLock.MaxRetentionDays (10)"}},
		{"lock min negative", backup.Settings{VaultLock: lock(backup.VaultLock{MinRetentionDays: -1})}, false, []string{"VaultLock.MinRetentionDays: must be between 1 and 36500"}},
		{"lock max over 100 years", backup.Settings{VaultLock: lock(backup.VaultLock{MaxRetentionDays: 40000})}, false, []string{"VaultLock.MaxRetentionDays: must be between 1 and 36500"}},
		{"lock grace below AWS minimum", backup.Settings{VaultLock: lock(backup.VaultLock{ChangeableForDays: 2})}, false, []string{"VaultLock.ChangeableForDays: must be between 3"}},
		{"rule retention below lock", backup.Settings{VaultLock: lock(backup.VaultLock{MinRetentionDays: 14})}, false, []string{"Rules[daily].RetentionDays: must lie within the vault lock's range", "14..36500", "got 7"}},
		{"rule retention above lock", backup.Settings{Rules: rule(func(*backup.Rule) {}), VaultLock: lock(backup.VaultLock{MaxRetentionDays: 20})}, false, []string{"Rules[r].RetentionDays: must lie within the vault lock's range", "1..20"}},
		{"DR retention outside lock", backup.Settings{Rules: rule(func(r *backup.Rule) { r.CopyToDR, r.DRRetentionDays = true, 3 }), VaultLock: lock(backup.VaultLock{MinRetentionDays: 7})}, true, []string{"Rules[r].DRRetentionDays: must lie within the vault lock's range"}},
		{"force destroy with lock", backup.Settings{ForceDestroy: true, VaultLock: &backup.VaultLock{}}, false, []string{"ForceDestroy: must be false with VaultLock"}},
		{"force destroy with protect", backup.Settings{ForceDestroy: true, Protect: true}, false, []string{"ForceDestroy: must be false when Protect is true"}},
		{"selection tag key too long", backup.Settings{SelectionTagKey: strings.Repeat("k", 129)}, false, []string{"SelectionTagKey: must be at most 128"}},
		{"selection not scoped to the stack", backup.Settings{}, false, []string{"ScopeTags: must name at least one tag"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, _, err := bkRunErr(t, c.args, c.withDR)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			bkAssertNothingRegistered(t, g)
		})
	}

	t.Run("DR provider in the primary region", func(t *testing.T) {
		g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
			same, err := aws.NewProvider(ctx, "same", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
			if err != nil {
				return err
			}
			_, err = backup.NewBackup(ctx, "bk", &backup.BackupArgs{Settings: backup.Settings{Rules: rule(func(r *backup.Rule) { r.CopyToDR = true }), Tags: unitTags}, Wiring: backup.Wiring{DRProvider: same}})
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "DRProvider: must be in another region")
		bkAssertNothingRegistered(t, g)
	})
	t.Run("component name unusable as a vault name", func(t *testing.T) {
		g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
			_, err := backup.NewBackup(ctx, "my backup", nil)
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "name: must be 2-47 letters")
		bkAssertNothingRegistered(t, g)
	})
	t.Run("DR copy is a wiring rule, not a settings one", func(t *testing.T) {
		// The stack validates Settings from config with no provider at all
		// (it used to fake one); the component's wiring check asks for it.
		s := backup.Settings{Rules: rule(func(r *backup.Rule) { r.CopyToDR = true }), Tags: unitTags}
		require.NoError(t, s.WithDefaults().Validate())
		_, _, err := bkRunErr(t, s, false)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "invalid settings:\nRules[r].CopyToDR: needs DRProvider")
	})
	t.Run("every problem reported at once", func(t *testing.T) {
		err := backup.Settings{Rules: []backup.Rule{{Name: "x", Schedule: "nope", RetentionDays: 0}}}.WithDefaults().Validate()
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Rules[x].Schedule")
		assert.Contains(t, err.Error(), "Rules[x].RetentionDays")
	})
}

func bkAssertNothingRegistered(t *testing.T, g *mockgraph.Graph) {
	t.Helper()
	for _, r := range g.All() {
		assert.False(t, strings.HasPrefix(r.Type, "aws:"), "%s %s registered for invalid args", r.Type, r.Name)
		assert.NotEqual(t, bkTComponent, r.Type, "component registered for invalid args")
	}
}

// Catches: misread cron fields (hours vs minutes, */N), weekly/monthly
// confused, irregular schedules reported as if regular.
func TestBackupScheduleInterval(t *testing.T) {
	cases := []struct {
		expr string
		want time.Duration
	}{
		{"cron(0 * * * ? *)", time.Hour},
		{"cron(15 */4 * * ? *)", 4 * time.Hour},
		{"cron(0 0/6 * * ? *)", 6 * time.Hour},
		{"cron(0 */5 * * ? *)", 5 * time.Hour},
		{"cron(0 3 * * ? *)", 24 * time.Hour},
		{"cron(30 23 ? * * *)", 24 * time.Hour},
		{"cron(0 5 ? * SUN *)", 7 * 24 * time.Hour},
		{"cron(0 5 ? * 2 *)", 7 * 24 * time.Hour},
		{"cron(0 4 1 * ? *)", 31 * 24 * time.Hour},
	}
	for _, c := range cases {
		got, err := backup.ScheduleInterval(c.expr)
		if assert.NoError(t, err, c.expr) {
			assert.Equal(t, c.want, got, c.expr)
		}
	}
	for _, bad := range []string{
		"rate(1 hour)", "cron(0 3 * * ?)", "cron(0 3,15 * * ? *)", "cron(0 3 ? * MON-FRI *)",
		"cron(0 3 L * ? *)", "cron(0 3 1 1 ? *)", "cron(0 3 * * ? 2027)", "cron(*/5 * * * ? *)", "cron(0 */24 * * ? *)",
	} {
		_, err := backup.ScheduleInterval(bad)
		assert.Error(t, err, bad)
	}
}

// Catches: continuous backup not counted as point-in-time, DR RPO taken
// from rules that do not copy, the copy lag forgotten, defaults ignored.
func TestBackupRPOHelpers(t *testing.T) {
	daily := backup.Rule{Name: "daily", Schedule: "cron(0 3 * * ? *)", RetentionDays: 7}
	sixHourly := backup.Rule{Name: "six", Schedule: "cron(0 */6 * * ? *)", RetentionDays: 7}
	weeklyDR := backup.Rule{Name: "weekly", Schedule: "cron(0 3 ? * SUN *)", RetentionDays: 30, CopyToDR: true}
	monthlyDR := backup.Rule{Name: "monthly", Schedule: "cron(0 3 1 * ? *)", RetentionDays: 365, CopyToDR: true}
	pitr := backup.Rule{Name: "pitr", Schedule: "cron(0 * * * ? *)", RetentionDays: 35, Continuous: true}
	cases := []struct {
		name       string
		args       backup.Settings
		continuous bool
		copies     bool
		rpo        time.Duration
		drRPO      time.Duration
		drOK       bool
	}{
		{"defaults", backup.Settings{}, false, false, 24 * time.Hour, 0, false},
		{"shortest rule wins", backup.Settings{Rules: []backup.Rule{daily, sixHourly}}, false, false, 6 * time.Hour, 0, false},
		{"continuous", backup.Settings{Rules: []backup.Rule{daily, pitr}}, true, false, backup.ContinuousRPO, 0, false},
		{"DR from copying rules only", backup.Settings{Rules: []backup.Rule{sixHourly, monthlyDR, weeklyDR}}, false, true, 6 * time.Hour, 7*24*time.Hour + backup.DRCopyLag, true},
		{"unknown schedule", backup.Settings{Rules: []backup.Rule{{Name: "odd", Schedule: "cron(0 3,15 * * ? *)", RetentionDays: 7, CopyToDR: true}}}, false, true, 0, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.continuous, c.args.HasContinuous())
			assert.Equal(t, c.copies, c.args.CopiesToDR())
			assert.Equal(t, c.rpo, c.args.BestRPO())
			d, ok := c.args.BestDRRPO()
			assert.Equal(t, c.drOK, ok)
			assert.Equal(t, c.drRPO, d)
		})
	}
	assert.Equal(t, time.Hour, backup.DRCopyLag, "doc.go's example and the stacks' RTO/RPO text assume a 1h copy lag")
	prod := bkProdArgs()
	d, ok := prod.BestDRRPO()
	assert.True(t, ok)
	assert.Equal(t, 25*time.Hour, d, "prod example in doc.go: daily copy + 1h lag")
	assert.Equal(t, backup.ContinuousRPO, prod.BestRPO())

	// WithDefaults copies: the caller's rules keep their zero DR retention.
	rules := []backup.Rule{{Name: "d", Schedule: "cron(0 3 * * ? *)", RetentionDays: 9, CopyToDR: true}}
	def := backup.Settings{Rules: rules}.WithDefaults()
	assert.Equal(t, 9, def.Rules[0].DRRetentionDays, "DR retention defaults to RetentionDays")
	assert.Equal(t, 0, rules[0].DRRetentionDays, "WithDefaults must not modify the caller's slice")
}
