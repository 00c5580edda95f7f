// Package iamguard holds the account-level guard rails every resource of
// the program gets in one place: the permissions boundary on every IAM
// role and the break-glass statements in every KMS key policy. Both are
// applied by Transformation, a stack transformation, so that no component
// (and no role or key a component adds later) can miss them.
package iamguard

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Default names (docs/iam/*.json and docs/INSTALLATION.md use them).
const (
	DefaultBreakGlassRoleName            = "webplatform-break-glass"
	DefaultDeployRoleName                = "webplatform-deploy"
	DefaultPreviewRoleName               = "webplatform-preview"
	DefaultPermissionsBoundaryPolicyName = "webplatform-permissions-boundary"
	roleNameChars                        = `^[\w+=,.@-]{1,64}$`
	policyNameChars                      = `^[\w+=,.@-]{1,128}$`
)

var (
	rolePattern   = regexp.MustCompile(roleNameChars)
	policyPattern = regexp.MustCompile(policyNameChars)
)

// Settings name the account's IAM principals and policy the guard rails
// refer to. They must exist before the first deploy (docs/INSTALLATION.md).
type Settings struct {
	// BreakGlassRoleName is the only role that may schedule a key's
	// deletion, disable a key or replace its policy outside a deploy.
	// Default: "webplatform-break-glass".
	BreakGlassRoleName string
	// DeployRoleName is the role that runs `pulumi up`. It may replace key
	// policies (KMS's lockout check requires it of the principal creating
	// a key) and, where AllowKeyDeletion, schedule key deletion.
	// Default: "webplatform-deploy".
	DeployRoleName string
	// PreviewRoleName is the read-only role that runs `pulumi preview
	// --refresh` (pull requests, drift): the cluster gives it a read-only
	// access entry (docs/iam/preview-role-policy.json is its IAM policy).
	// Default: "webplatform-preview".
	PreviewRoleName string
	// PermissionsBoundaryPolicyName is the customer-managed policy set as
	// the permissions boundary of every role the program creates.
	// Default: "webplatform-permissions-boundary".
	PermissionsBoundaryPolicyName string
	// AllowKeyDeletion lets the deploy role schedule key deletion (so
	// `pulumi destroy` of a stack whose data may be deleted can remove its
	// keys). Default: false.
	AllowKeyDeletion bool
}

// WithDefaults returns s with every unset name at its default.
func (s Settings) WithDefaults() Settings {
	if s.BreakGlassRoleName == "" {
		s.BreakGlassRoleName = DefaultBreakGlassRoleName
	}
	if s.DeployRoleName == "" {
		s.DeployRoleName = DefaultDeployRoleName
	}
	if s.PreviewRoleName == "" {
		s.PreviewRoleName = DefaultPreviewRoleName
	}
	if s.PermissionsBoundaryPolicyName == "" {
		s.PermissionsBoundaryPolicyName = DefaultPermissionsBoundaryPolicyName
	}
	return s
}

// Validate checks the names against IAM's character set and lengths
// (a role name: 1-64 of [A-Za-z0-9+=,.@_-]; a policy name: 1-128).
func (s Settings) Validate() error {
	var p validate.Problems
	for _, f := range []struct{ field, v string }{
		{"BreakGlassRoleName", s.BreakGlassRoleName}, {"DeployRoleName", s.DeployRoleName}, {"PreviewRoleName", s.PreviewRoleName},
	} {
		if !rolePattern.MatchString(f.v) {
			p.Addf(f.field, "must be an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -), got %q", f.v)
		}
	}
	if !policyPattern.MatchString(s.PermissionsBoundaryPolicyName) {
		p.Addf("PermissionsBoundaryPolicyName", "must be an IAM policy name (1-128 of A-Z a-z 0-9 + = , . @ _ -), got %q", s.PermissionsBoundaryPolicyName)
	}
	if s.BreakGlassRoleName == s.DeployRoleName {
		p.Addf("BreakGlassRoleName", "must differ from the deploy role name (%q): the deploy role must not hold the break-glass rights", s.DeployRoleName)
	}
	if s.PreviewRoleName == s.DeployRoleName || s.PreviewRoleName == s.BreakGlassRoleName {
		p.Addf("PreviewRoleName", "must differ from the deploy and break-glass role names (%q, %q): it runs untrusted previews read-only", s.DeployRoleName, s.BreakGlassRoleName)
	}
	return p.Err()
}

// Guard is Settings resolved to ARNs in one account and partition.
type Guard struct {
	BreakGlassRoleArn   string
	DeployRoleArn       string
	PreviewRoleArn      string
	PermissionsBoundary string
	AllowKeyDeletion    bool
}

// Resolve builds the ARNs of s (with defaults) in env's account and partition.
func (s Settings) Resolve(env awsutil.Env) Guard {
	s = s.WithDefaults()
	iamArn := func(kind, name string) string {
		return fmt.Sprintf("arn:%s:iam::%s:%s/%s", env.Partition, env.AccountID, kind, name)
	}
	return Guard{
		BreakGlassRoleArn:   iamArn("role", s.BreakGlassRoleName),
		DeployRoleArn:       iamArn("role", s.DeployRoleName),
		PreviewRoleArn:      iamArn("role", s.PreviewRoleName),
		PermissionsBoundary: iamArn("policy", s.PermissionsBoundaryPolicyName),
		AllowKeyDeletion:    s.AllowKeyDeletion,
	}
}

// KeyStatements are the statements Guard adds to every key policy: deny
// the irreversible or lock-out actions to every principal but the named
// ones. A Deny wins over every Allow, the account root's included.
//   - kms:ScheduleKeyDeletion: break-glass; also the deploy role where
//     AllowKeyDeletion (pulumi destroy of a dev stack).
//   - kms:DisableKey: break-glass only.
//   - kms:PutKeyPolicy: break-glass and the deploy role. The deploy role
//     cannot be left out: CreateKey refuses a policy that does not let the
//     calling principal make a later PutKeyPolicy request (the policy
//     lockout safety check, see the CreateKey API reference, parameter
//     BypassPolicyLockoutSafetyCheck), and pulumi updates a key's policy
//     with PutKeyPolicy. The deploy role's own policy (docs/iam) lets it
//     call PutKeyPolicy only on keys it deploys.
func (g Guard) KeyStatements() []awsutil.Statement {
	deleters := []string{g.BreakGlassRoleArn}
	if g.AllowKeyDeletion {
		deleters = append(deleters, g.DeployRoleArn)
	}
	deny := func(sid, action string, except []string) awsutil.Statement {
		return awsutil.Statement{
			Sid: sid, Effect: "Deny", Principal: map[string]any{"AWS": "*"},
			Action: action, Resource: "*",
			Condition: map[string]map[string]any{"ArnNotEquals": {"aws:PrincipalArn": except}},
		}
	}
	return []awsutil.Statement{
		deny("DenyKeyDeletionExceptBreakGlass", "kms:ScheduleKeyDeletion", deleters),
		deny("DenyDisableKeyExceptBreakGlass", "kms:DisableKey", []string{g.BreakGlassRoleArn}),
		deny("DenyPutKeyPolicyExceptBreakGlassAndDeploy", "kms:PutKeyPolicy", []string{g.BreakGlassRoleArn, g.DeployRoleArn}),
	}
}

// Transformation is the stack transformation that applies g: every
// aws:iam/role:Role gets PermissionsBoundary, every aws:kms/key:Key gets
// KeyStatements appended to its policy. Register it with
// ctx.RegisterStackTransformation before the first resource.
func (g Guard) Transformation() pulumi.ResourceTransformation {
	return func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		switch props := args.Props.(type) {
		case *iam.RoleArgs:
			p := *props
			p.PermissionsBoundary = pulumi.String(g.PermissionsBoundary)
			return &pulumi.ResourceTransformationResult{Props: &p, Opts: args.Opts}
		case *kms.KeyArgs:
			if props.Policy == nil {
				return nil
			}
			p := *props
			p.Policy = props.Policy.ToStringPtrOutput().ApplyT(func(doc *string) (*string, error) {
				if doc == nil {
					return nil, nil
				}
				out, err := g.AddKeyStatements(*doc)
				return &out, err
			}).(pulumi.StringPtrOutput)
			return &pulumi.ResourceTransformationResult{Props: &p, Opts: args.Opts}
		}
		return nil
	}
}

// AddKeyStatements appends KeyStatements to a key policy document (JSON).
func (g Guard) AddKeyStatements(doc string) (string, error) {
	var d struct {
		Version   string            `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return "", fmt.Errorf("key policy: %w", err)
	}
	for _, s := range g.KeyStatements() {
		b, err := json.Marshal(s)
		if err != nil {
			return "", fmt.Errorf("key policy: %w", err)
		}
		d.Statement = append(d.Statement, b)
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("key policy: %w", err)
	}
	return string(b), nil
}
