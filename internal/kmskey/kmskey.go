// Package kmskey creates the customer-managed KMS keys components encrypt
// with: rotation on, a 30-day deletion window, an alias, and a key policy
// that names its principals (never "*" in an Allow) and separates key
// administration from key use:
//   - the account may administer the key (IAM policies decide who), but
//     the administration statement holds no cryptographic action;
//   - the account's principals may use the key only through the AWS
//     services that encrypt with it (Args.Services: kms:ViaService and
//     kms:CallerAccount), never by calling Decrypt themselves;
//   - service principals (CloudWatch Logs, SNS publishers, CloudTrail...)
//     get their own statements, each with a condition naming the resource.
//
// The break-glass statements (deny deletion, disabling and policy changes
// to all but named roles) need the account's role names, which only the
// program knows: internal/iamguard adds them to every key by a stack
// transformation.
package kmskey

import (
	"cmp"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// Args describe one key.
type Args struct {
	// Env is the account and region the key lives in.
	Env awsutil.Env
	// Alias names the alias "alias/<Alias>". Default: the key's name (the
	// name argument of New). A component whose physical names take a
	// prefix other than its name sets it, so two instances coexist.
	Alias string
	// Description says what the key protects.
	Description string
	// LogsArnPattern, when set, lets CloudWatch Logs in this region use the
	// key for log groups whose ARN matches it (for example
	// "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/*").
	LogsArnPattern string
	// Services are the AWS services (as in "rds", "secretsmanager", "s3")
	// through which principals of the account may use the key. None: only
	// the service principals of LogsArnPattern and Statements use it.
	Services []string
	// Statements are further policy statements (service principals that use
	// the key on the account's behalf).
	Statements []awsutil.Statement
	// Tags go on the key.
	Tags map[string]string
}

// Key is a created key and its alias.
type Key struct {
	Key   *kms.Key
	Alias *kms.Alias
}

// New creates a key named name and the alias "alias/<Alias>". It fails,
// creating nothing, when the policy statements cannot be rendered as JSON.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Key, error) {
	statements := []awsutil.Statement{{
		// Without an account statement the key becomes unmanageable; IAM
		// policies in the account then decide who administers it. No
		// cryptographic action and no grant here: see the use statements.
		Sid:       "AccountAdministration",
		Effect:    "Allow",
		Principal: map[string]any{"AWS": args.Env.RootARN()},
		Action:    AdminActions,
		Resource:  "*",
	}}
	statements = append(statements, UseStatements(args.Env, args.Services)...)
	if args.LogsArnPattern != "" {
		statements = append(statements, awsutil.Statement{
			Sid:       "CloudWatchLogs",
			Effect:    "Allow",
			Principal: map[string]any{"Service": args.Env.ServicePrincipal("logs")},
			Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
			Resource:  "*",
			Condition: map[string]map[string]any{"ArnLike": {"kms:EncryptionContext:aws:logs:arn": args.LogsArnPattern}},
		})
	}
	statements = append(statements, args.Statements...)
	policy, err := awsutil.Policy(statements...).Marshal()
	if err != nil {
		return nil, fmt.Errorf("kms key %s: policy: %w", name, err)
	}
	aliasName := cmp.Or(args.Alias, name)

	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String(args.Description),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               pulumi.String(policy),
		Tags:                 tags.Named(args.Tags, name),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("kms key %s: %w", name, err)
	}
	alias, err := kms.NewAlias(ctx, name+"-alias", &kms.AliasArgs{
		Name:        pulumi.String("alias/" + aliasName),
		TargetKeyId: key.KeyId,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("kms alias %s: %w", name, err)
	}
	return &Key{Key: key, Alias: alias}, nil
}

// AdminActions manage a key without using it: the actions of the key
// administrators statement of the KMS default key policy minus
// kms:Create* (which holds kms:CreateGrant, a use).
var AdminActions = []string{
	"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias",
	"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags",
	"kms:ListKeyPolicies", "kms:ListGrants", "kms:ListKeyRotations", "kms:ListAliases",
	"kms:EnableKey", "kms:DisableKey", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand",
	"kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource",
	"kms:RevokeGrant", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
}

// UseActions encrypt and decrypt with a key.
var UseActions = []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}

// UseStatements let the account's principals use a key in env only
// through services (their regional endpoints, kms:ViaService) and only for
// the account (kms:CallerAccount); grants only for AWS resources, which is
// how RDS, ElastiCache, EKS, ECR and EBS hold on to a key.
func UseStatements(env awsutil.Env, services []string) []awsutil.Statement {
	if len(services) == 0 {
		return nil
	}
	via := make([]string, len(services))
	for i, s := range services {
		via[i] = env.ServicePrincipal(s)
	}
	root := map[string]any{"AWS": env.RootARN()}
	through := map[string]any{"kms:ViaService": via, "kms:CallerAccount": env.AccountID}
	return []awsutil.Statement{
		{
			Sid: "UseThroughServices", Effect: "Allow", Principal: root,
			Action: UseActions, Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": through},
		},
		{
			Sid: "GrantsForServiceResources", Effect: "Allow", Principal: root,
			Action: []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}, Resource: "*",
			Condition: map[string]map[string]any{"StringEquals": through, "Bool": {"kms:GrantIsForAWSResource": true}},
		},
	}
}
