package backup

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
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

// The vault is named after the component and the DR vault gets "-dr": AWS
// allows 2-50 letters, digits, hyphens and underscores.
var nameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{2,47}$`)

// Backup is an AWS Backup vault (KMS-encrypted, optionally locked), a plan
// with one rule per Rule, a selection of every resource carrying the
// selection tag, the IAM role AWS Backup uses, and, when a rule copies to
// DR, a second vault in the DR region.
type Backup struct {
	pulumi.ResourceState

	// VaultName is the primary vault's name (the component's name).
	VaultName pulumi.StringOutput `pulumi:"vaultName"`
	// VaultArn is the primary vault's ARN.
	VaultArn pulumi.StringOutput `pulumi:"vaultArn"`
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

	// Args are the defaulted arguments the backup was built with.
	Args BackupArgs
}

var _ pulumi.ComponentResource = (*Backup)(nil)

// NewBackup validates args and creates the vault(s), plan, selection and
// role. Nothing is registered when the arguments are invalid.
func NewBackup(ctx *pulumi.Context, name string, args *BackupArgs, opts ...pulumi.ResourceOption) (*Backup, error) {
	if args == nil {
		args = &BackupArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("backup %q: invalid arguments:\n%w", name, err)
	}
	if !nameRE.MatchString(name) {
		return nil, fmt.Errorf("backup %q: invalid arguments:\nname: must be 2-47 letters, digits, hyphens or underscores (it names the vault, and the DR vault <name>-dr)", name)
	}
	env, err := awsutil.Lookup(ctx)
	if err != nil {
		return nil, fmt.Errorf("backup %q: %w", name, err)
	}
	copies := a.CopiesToDR()
	var drEnv awsutil.Env
	if copies {
		if drEnv, err = awsutil.Lookup(ctx, pulumi.Provider(a.DRProvider)); err != nil {
			return nil, fmt.Errorf("backup %q: DR region: %w", name, err)
		}
		if drEnv.Region == env.Region {
			return nil, fmt.Errorf("backup %q: invalid arguments:\nDRProvider: must be in another region than the primary vault (%s): a copy in the same region does not survive a regional outage", name, env.Region)
		}
	}

	b := &Backup{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, b, opts...); err != nil {
		return nil, err
	}
	child := []pulumi.ResourceOption{pulumi.Parent(b)}
	keep := protect.If(a.Protect, child...)
	set := tags.Component(a.Tags, "backup")

	vault, key, err := newVault(ctx, name, env, a, set, keep)
	if err != nil {
		return nil, fmt.Errorf("backup %q: %w", name, err)
	}

	drVaultArn := pulumi.String("").ToStringOutput()
	if copies {
		drOpts := append(append([]pulumi.ResourceOption(nil), keep...), pulumi.Provider(a.DRProvider))
		drVault, _, err := newVault(ctx, name+"-dr", drEnv, a, set, drOpts)
		if err != nil {
			return nil, fmt.Errorf("backup %q: DR %w", name, err)
		}
		drVaultArn = drVault.Arn
	}

	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Description:      pulumi.String("Assumed by AWS Backup to back up and restore the resources plan " + name + " selects"),
		AssumeRolePolicy: pulumi.String(env.AssumeRoleFor("backup")),
		Tags:             tags.Named(set, name+"-role"),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("backup %q: role: %w", name, err)
	}
	var attachments []pulumi.Resource
	for i, p := range ManagedPolicies {
		att, err := iam.NewRolePolicyAttachment(ctx, name+"-role-"+policySuffixes[i], &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", env.Partition, p)),
		}, child...)
		if err != nil {
			return nil, fmt.Errorf("backup %q: role policy %s: %w", name, p, err)
		}
		attachments = append(attachments, att)
	}

	var rules backup.PlanRuleArray
	for _, r := range a.Rules {
		rule := backup.PlanRuleArgs{
			RuleName:               pulumi.String(r.Name),
			TargetVaultName:        vault.Name,
			Schedule:               pulumi.String(r.Schedule),
			EnableContinuousBackup: pulumi.Bool(r.Continuous),
			Lifecycle:              lifecycle(r.RetentionDays, r.ColdStorageAfterDays),
			RecoveryPointTags:      pulumi.ToStringMap(set),
		}
		if r.CopyToDR {
			rule.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
				DestinationVaultArn: drVaultArn,
				Lifecycle:           copyLifecycle(r.DRRetentionDays, r.ColdStorageAfterDays),
			}}
		}
		rules = append(rules, rule)
	}
	plan, err := backup.NewPlan(ctx, name+"-plan", &backup.PlanArgs{
		Name:  pulumi.String(name),
		Rules: rules,
		Tags:  tags.Named(set, name+"-plan"),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("backup %q: plan: %w", name, err)
	}

	// Selection by tag: whatever stateful resource carries the tag is backed
	// up, including ones created later by other components or stacks.
	if _, err := backup.NewSelection(ctx, name+"-selection", &backup.SelectionArgs{
		Name:       pulumi.String(name + "-tagged"),
		PlanId:     plan.ID().ToStringOutput(),
		IamRoleArn: role.Arn,
		SelectionTags: backup.SelectionSelectionTagArray{backup.SelectionSelectionTagArgs{
			Type:  pulumi.String("STRINGEQUALS"),
			Key:   pulumi.String(a.SelectionTagKey),
			Value: pulumi.String(a.SelectionTagValue),
		}},
	}, append(append([]pulumi.ResourceOption(nil), child...), pulumi.DependsOn(attachments))...); err != nil {
		return nil, fmt.Errorf("backup %q: selection: %w", name, err)
	}

	b.VaultName = vault.Name
	b.VaultArn = vault.Arn
	b.DRVaultArn = drVaultArn
	b.PlanId = plan.ID().ToStringOutput()
	b.PlanArn = plan.Arn
	b.RoleArn = role.Arn
	b.KmsKeyArn = key.Key.Arn
	if err := ctx.RegisterResourceOutputs(b, pulumi.Map{
		"vaultName": b.VaultName, "vaultArn": b.VaultArn, "drVaultArn": b.DRVaultArn,
		"planId": b.PlanId, "planArn": b.PlanArn, "roleArn": b.RoleArn, "kmsKeyArn": b.KmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return b, nil
}

// newVault creates a KMS key, a vault named vaultName encrypted with it and,
// when locked, the vault lock, all with opts (parent, provider, protect).
func newVault(ctx *pulumi.Context, vaultName string, env awsutil.Env, a BackupArgs, set map[string]string, opts []pulumi.ResourceOption) (*backup.Vault, *kmskey.Key, error) {
	key, err := kmskey.New(ctx, vaultName+"-key", kmskey.Args{
		Env:         env,
		Description: fmt.Sprintf("AWS Backup vault %s (%s)", vaultName, env.Region),
		Tags:        set,
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("vault key: %w", err)
	}
	vault, err := backup.NewVault(ctx, vaultName+"-vault", &backup.VaultArgs{
		Name:         pulumi.String(vaultName),
		KmsKeyArn:    key.Key.Arn,
		ForceDestroy: pulumi.Bool(a.ForceDestroy),
		Tags:         tags.Named(set, vaultName),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("vault: %w", err)
	}
	if l := a.VaultLock; l != nil {
		if _, err := backup.NewVaultLockConfiguration(ctx, vaultName+"-lock", &backup.VaultLockConfigurationArgs{
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
