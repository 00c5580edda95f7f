package backup

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:backup:Backup"

// ManagedPolicies are the AWS managed policies attached to the role AWS
// Backup assumes, as paths below arn:<partition>:iam::aws:policy/. The S3
// ones are not under service-role/.
var ManagedPolicies = []string{
	"service-role/AWSBackupServiceRolePolicyForBackup",
	"service-role/AWSBackupServiceRolePolicyForRestores",
	"AWSBackupServiceRolePolicyForS3Backup",
	"AWSBackupServiceRolePolicyForS3Restore",
}

// policySuffixes name the role policy attachments, in ManagedPolicies order.
var policySuffixes = []string{"backup", "restores", "s3-backup", "s3-restore"}

// Backup is an AWS Backup vault (KMS-encrypted, optionally locked), a plan
// with one rule per Rule, a selection of the resources carrying the
// selection tag and every scope tag, the IAM role AWS Backup uses, and, when a rule copies to
// DR, a second vault in the DR region.
type Backup struct {
	pulumi.ResourceState

	// VaultName is the primary vault's name (the name prefix).
	VaultName pulumi.StringOutput `pulumi:"vaultName"`
	// VaultArn is the primary vault's ARN.
	VaultArn pulumi.StringOutput `pulumi:"vaultArn"`
	// DRVaultName is the DR vault's name ("<prefix>-dr"), "" when no rule
	// copies to DR.
	DRVaultName pulumi.StringOutput `pulumi:"drVaultName"`
	// DRVaultArn is the DR vault's ARN, "" when no rule copies to DR.
	DRVaultArn pulumi.StringOutput `pulumi:"drVaultArn"`
	// PlanId is the backup plan's id.
	PlanId pulumi.StringOutput `pulumi:"planId"`
	// PlanArn is the backup plan's ARN.
	PlanArn pulumi.StringOutput `pulumi:"planArn"`
	// RoleArn is the IAM role AWS Backup assumes to back up and restore.
	RoleArn pulumi.StringOutput `pulumi:"roleArn"`
	// KmsKeyArn is the customer-managed key encrypting the primary vault.
	KmsKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// NamePrefix is the prefix of the physical names (Settings.NamePrefix,
	// or the component's name).
	NamePrefix string
	// Settings are the defaulted settings the backup was built with.
	Settings Settings
}

var _ pulumi.ComponentResource = (*Backup)(nil)

// NewBackup validates args and creates the vault(s), plan, selection and
// role. Nothing is registered when the arguments are invalid.
func NewBackup(ctx *pulumi.Context, name string, args *BackupArgs, opts ...pulumi.ResourceOption) (*Backup, error) {
	if args == nil {
		args = &BackupArgs{}
	}
	s := args.WithDefaults() // Settings.WithDefaults
	prefix := s.NamePrefix
	var p validate.Problems
	p.Merge("", s.Validate())
	p.Merge("", args.check(s)) // Wiring.check
	if prefix == "" {
		prefix = name
		checkPrefix(&p, "name", name)
	}
	if err := p.Err(); err != nil {
		return nil, fmt.Errorf("backup %q: invalid settings:\n%w", name, err)
	}
	b := &builder{ctx: ctx, name: name, prefix: prefix, s: s, w: args.Wiring, set: tags.Component(s.Tags, "backup")}
	if err := b.lookup(awsutil.InvokeOptions(opts...)); err != nil {
		return nil, fmt.Errorf("backup %q: %w", name, err)
	}

	c := &Backup{Settings: s, NamePrefix: prefix}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	b.c = c
	b.child = []pulumi.ResourceOption{pulumi.Parent(c)}
	b.keep = protect.If(s.Protect, b.child...)

	for _, step := range []func() error{b.vaults, b.role, b.plan, b.selection} {
		if err := step(); err != nil {
			return nil, fmt.Errorf("backup %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vaultName": c.VaultName, "vaultArn": c.VaultArn, "drVaultName": c.DRVaultName, "drVaultArn": c.DRVaultArn,
		"planId": c.PlanId, "planArn": c.PlanArn, "roleArn": c.RoleArn, "kmsKeyArn": c.KmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// builder carries what the steps of NewBackup share.
type builder struct {
	ctx          *pulumi.Context
	name, prefix string
	s            Settings
	w            Wiring
	set          map[string]string
	env, drEnv   awsutil.Env
	copies       bool

	c           *Backup
	child, keep []pulumi.ResourceOption
	vault       *backup.Vault
	roleRes     *iam.Role
	attachments []pulumi.Resource
	planRes     *backup.Plan
}

// lookup finds the account and regions, and rejects a DR provider in the
// primary region, before anything is registered. invoke asks the provider
// the component's options give it (awsutil.InvokeOptions): the primary
// region is the one its children are created in.
func (b *builder) lookup(invoke []pulumi.InvokeOption) error {
	var err error
	if b.env, err = awsutil.Lookup(b.ctx, invoke...); err != nil {
		return err
	}
	b.copies = b.s.CopiesToDR()
	if !b.copies {
		return nil
	}
	if b.drEnv, err = awsutil.Lookup(b.ctx, pulumi.Provider(b.w.DRProvider)); err != nil {
		return fmt.Errorf("DR region: %w", err)
	}
	if b.drEnv.Region == b.env.Region {
		return fmt.Errorf("invalid settings:\nDRProvider: must be in another region than the primary vault (%s): a copy in the same region does not survive a regional outage", b.env.Region)
	}
	return nil
}

// vaults creates the primary vault and, when a rule copies, the DR vault.
func (b *builder) vaults() error {
	vault, key, err := b.newVault(b.name, b.prefix, b.env, b.keep)
	if err != nil {
		return err
	}
	b.vault = vault
	b.c.VaultName, b.c.VaultArn, b.c.KmsKeyArn = vault.Name, vault.Arn, key.Key.Arn
	b.c.DRVaultName = pulumi.String("").ToStringOutput()
	b.c.DRVaultArn = pulumi.String("").ToStringOutput()
	if !b.copies {
		return nil
	}
	drOpts := append(append([]pulumi.ResourceOption(nil), b.keep...), pulumi.Provider(b.w.DRProvider))
	drVault, _, err := b.newVault(b.name+"-dr", b.prefix+"-dr", b.drEnv, drOpts)
	if err != nil {
		return fmt.Errorf("DR %w", err)
	}
	b.c.DRVaultName, b.c.DRVaultArn = drVault.Name, drVault.Arn
	return nil
}

// role creates the role AWS Backup assumes, with the managed policies.
func (b *builder) role() error {
	role, err := iam.NewRole(b.ctx, b.name+"-role", &iam.RoleArgs{
		Description:      pulumi.String("Assumed by AWS Backup to back up and restore the resources plan " + b.prefix + " selects"),
		AssumeRolePolicy: pulumi.String(b.env.AssumeRoleFor("backup")),
		Tags:             tags.Named(b.set, b.prefix+"-role"),
	}, b.child...)
	if err != nil {
		return fmt.Errorf("role: %w", err)
	}
	for i, p := range ManagedPolicies {
		att, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-role-"+policySuffixes[i], &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", b.env.Partition, p)),
		}, b.child...)
		if err != nil {
			return fmt.Errorf("role policy %s: %w", p, err)
		}
		b.attachments = append(b.attachments, att)
	}
	b.roleRes = role
	b.c.RoleArn = role.Arn
	return nil
}

// plan creates the plan with one rule per Rule.
func (b *builder) plan() error {
	var rules backup.PlanRuleArray
	for _, r := range b.s.Rules {
		rule := backup.PlanRuleArgs{
			RuleName:               pulumi.String(r.Name),
			TargetVaultName:        b.vault.Name,
			Schedule:               pulumi.String(r.Schedule),
			EnableContinuousBackup: pulumi.Bool(r.Continuous),
			Lifecycle:              lifecycle(r.RetentionDays, r.ColdStorageAfterDays),
			RecoveryPointTags:      pulumi.ToStringMap(b.set),
		}
		if r.CopyToDR {
			rule.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
				DestinationVaultArn: b.c.DRVaultArn,
				Lifecycle:           copyLifecycle(r.DRRetentionDays, r.ColdStorageAfterDays),
			}}
		}
		rules = append(rules, rule)
	}
	plan, err := backup.NewPlan(b.ctx, b.name+"-plan", &backup.PlanArgs{
		Name:  pulumi.String(b.prefix),
		Rules: rules,
		Tags:  tags.Named(b.set, b.prefix+"-plan"),
	}, b.child...)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	b.planRes = plan
	b.c.PlanId = plan.ID().ToStringOutput()
	b.c.PlanArn = plan.Arn
	return nil
}

// selection selects by tag, within the stack: every resource carrying the
// selection tag and every ScopeTag (AWS Backup ANDs the conditions of a
// selection; Resources "*" lets the conditions alone decide), including
// ones this stack adds later, and nothing of another stack.
func (b *builder) selection() error {
	eq := backup.SelectionConditionStringEqualArray{backup.SelectionConditionStringEqualArgs{
		Key: pulumi.String(ConditionKey(b.s.SelectionTagKey)), Value: pulumi.String(b.s.SelectionTagValue),
	}}
	for _, k := range sortedKeys(b.s.ScopeTags) {
		eq = append(eq, backup.SelectionConditionStringEqualArgs{Key: pulumi.String(ConditionKey(k)), Value: pulumi.String(b.s.ScopeTags[k])})
	}
	if _, err := backup.NewSelection(b.ctx, b.name+"-selection", &backup.SelectionArgs{
		// Every argument of a selection forces its replacement, so its fixed
		// name takes delete-before-replace; "-scoped" replaces the
		// account-wide "-tagged" selection of earlier versions.
		Name:       pulumi.String(b.prefix + "-scoped"),
		PlanId:     b.planRes.ID().ToStringOutput(),
		IamRoleArn: b.roleRes.Arn,
		Resources:  pulumi.StringArray{pulumi.String("*")},
		Conditions: backup.SelectionConditionArray{backup.SelectionConditionArgs{StringEquals: eq}},
	}, append(append([]pulumi.ResourceOption(nil), b.child...), pulumi.DependsOn(b.attachments), pulumi.DeleteBeforeReplace(true))...); err != nil {
		return fmt.Errorf("selection: %w", err)
	}
	return nil
}

// ConditionKey is the selection condition key of a tag.
func ConditionKey(tag string) string { return "aws:ResourceTag/" + tag }

// newVault creates a KMS key, a vault named vaultName encrypted with it and,
// when locked, the vault lock, all with opts (parent, provider, protect).
// resName derives the Pulumi names, vaultName the AWS ones.
func (b *builder) newVault(resName, vaultName string, env awsutil.Env, opts []pulumi.ResourceOption) (*backup.Vault, *kmskey.Key, error) {
	key, err := kmskey.New(b.ctx, resName+"-key", kmskey.Args{
		Env:         env,
		Alias:       vaultName + "-key",
		Description: fmt.Sprintf("AWS Backup vault %s (%s)", vaultName, env.Region),
		Services:    []string{"backup", "rds"}, // rds: copies of Aurora snapshots
		Tags:        b.set,
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("vault key: %w", err)
	}
	vault, err := backup.NewVault(b.ctx, resName+"-vault", &backup.VaultArgs{
		Name:         pulumi.String(vaultName),
		KmsKeyArn:    key.Key.Arn,
		ForceDestroy: pulumi.Bool(b.s.ForceDestroy),
		Tags:         tags.Named(b.set, vaultName),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("vault: %w", err)
	}
	if l := b.s.VaultLock; l != nil {
		if _, err := backup.NewVaultLockConfiguration(b.ctx, resName+"-lock", &backup.VaultLockConfigurationArgs{
			BackupVaultName:   vault.Name,
			MinRetentionDays:  pulumi.Int(l.MinRetentionDays),
			MaxRetentionDays:  pulumi.Int(l.MaxRetentionDays),
			ChangeableForDays: pulumi.Int(l.ChangeableForDays),
		}, opts...); err != nil {
			return nil, nil, fmt.Errorf("vault lock: %w", err)
		}
	}
	return vault, key, nil
}

func lifecycle(deleteAfter, coldAfter int) backup.PlanRuleLifecycleArgs {
	l := backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(deleteAfter)}
	if coldAfter > 0 {
		l.ColdStorageAfter = pulumi.Int(coldAfter)
	}
	return l
}

func copyLifecycle(deleteAfter, coldAfter int) backup.PlanRuleCopyActionLifecycleArgs {
	l := backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(deleteAfter)}
	if coldAfter > 0 {
		l.ColdStorageAfter = pulumi.Int(coldAfter)
	}
	return l
}
