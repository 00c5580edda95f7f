// Package kmskey creates the customer-managed KMS keys components encrypt
// with: rotation on, a 30-day deletion window, an alias, and a key policy
// that names its principals (never "*").
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
		// policies in the account then decide who may use it.
		Sid:       "AccountAdministration",
		Effect:    "Allow",
		Principal: map[string]any{"AWS": args.Env.RootARN()},
		Action:    "kms:*",
		Resource:  "*",
	}}
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
