package tests

import (
	"path"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// identityAllows evaluates an identity policy of the role (on top of the
// AWS managed ReadOnlyAccess, whose reads are not modelled here) for an
// action on a resource (see evaluate).
func identityAllows(t *testing.T, doc policyDoc, principal, action, resource string, ctx map[string]string) bool {
	t.Helper()
	return evaluate(doc, identityMatch(t, principal, action, resource, ctx))
}

// identityMatch matches the statements of an identity policy that apply to
// the request: its action, its resource (Resource or NotResource), its
// conditions.
func identityMatch(t *testing.T, principal, action, resource string, ctx map[string]string) func(policyStatement) bool {
	r := kmsRequest{principal: principal, action: action, context: ctx}
	return func(s policyStatement) bool {
		onResource := anyMatch(s.resources(), resource)
		if nr := list(s.NotResource); nr != nil {
			onResource = !anyMatch(nr, resource)
		}
		return anyMatch(s.actions(), action) && onResource && conditionsHold(t, s.Condition, r)
	}
}

// The preview role's refresh reads the cache's AUTH token (a SecretVersion
// is read with GetSecretValue, which ReadOnlyAccess does not grant), and
// the cluster lets it read Kubernetes objects. The path is checked end to
// end for every stack: the secret's ARN (from the plan) -> the preview
// policy (docs/iam/preview-role-policy.json) allows GetSecretValue -> the
// decryption through Secrets Manager is allowed by the policy and by the
// secret's KMS key policy -> the cluster has an access entry for exactly
// the preview role named by iamPreviewRoleName, in cluster.ViewerGroup,
// without an EKS access policy (its rights are the RBAC tested by
// TestKubeViewerCanRefreshEveryObjectAndChangeNone).
//
// Catches: the finding of issue 17 (no secret read and no access entry:
// `preview --refresh` fails on every stack and drift files an issue every
// weekday); a policy that lets untrusted preview code read application
// data (S3 objects of the stack's buckets, log events, image layers,
// other secrets) or decrypt directly.
func TestPreviewRoleRefreshesTheStackAndReadsNoData(t *testing.T) {
	doc := loadIAMDoc(t, "preview-role-policy.json")
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.actions() {
			assert.Regexp(t, `^[a-z0-9-]+:(Get|List|Describe|Decrypt)`, a, "statement %s: the preview role only reads", s.Sid)
		}
	}
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		preview := stackRoleArn(t, stack, "iamPreviewRoleName")
		region := harness.LoadStack(t, stack).Config["aws:region"]
		secrets := g.ByType("aws:secretsmanager/secret:Secret")
		require.NotEmpty(t, g.ByType("aws:secretsmanager/secretVersion:SecretVersion"), "%s: no secret version to refresh", stack)
		for _, sec := range secrets {
			arn := "arn:aws:secretsmanager:" + region + ":" + mockgraph.Account + ":secret:" + sec.Str("namePrefix") + "20261203000000000000000001-AbCdEf"
			assert.True(t, identityAllows(t, doc, preview, "secretsmanager:GetSecretValue", arn, nil),
				"%s: the preview role cannot read %s (refresh of its SecretVersion fails)", stack, arn)
			via := map[string]string{"kms:ViaService": "secretsmanager." + region + ".amazonaws.com", "kms:CallerAccount": mockgraph.Account}
			keyArn := sec.Str("kmsKeyId")
			assert.True(t, identityAllows(t, doc, preview, "kms:Decrypt", keyArn, via), "%s: the preview policy does not let Secrets Manager decrypt %s", stack, sec.Name)
			key := g.Named(tKmsKey, path.Base(keyArn))
			require.NotNil(t, key, "%s: key %s of secret %s not in the plan", stack, keyArn, sec.Name)
			assert.True(t, keyPolicyAllows(t, parsePolicy(t, key.Name, key.Str("policy")), mockgraph.Account,
				kmsRequest{principal: preview, action: "kms:Decrypt", context: via}),
				"%s: key %s does not let the account's roles decrypt through Secrets Manager", stack, key.Name)
			assert.False(t, identityAllows(t, doc, preview, "kms:Decrypt", keyArn, map[string]string{"kms:CallerAccount": mockgraph.Account}),
				"%s: the preview role may decrypt %s directly", stack, key.Name)
		}
		other := "arn:aws:secretsmanager:" + region + ":" + mockgraph.Account + ":secret:rds!cluster-0123-AbCdEf"
		assert.False(t, identityAllows(t, doc, preview, "secretsmanager:GetSecretValue", other, nil), "%s: the preview role may read the database's secret", stack)
		for _, b := range g.ByType("aws:s3/bucketV2:BucketV2") {
			object := "arn:aws:s3:::" + b.Str("bucketPrefix") + "0123/any/object"
			assert.False(t, identityAllows(t, doc, preview, "s3:GetObject", object, nil), "%s: the preview role may read objects of %s", stack, b.Name)
			assert.True(t, denied(t, doc, preview, "s3:GetObject", object), "%s: ReadOnlyAccess's s3:Get* is not denied on %s's objects", stack, b.Name)
		}
		for _, a := range []string{"logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"} {
			assert.True(t, denied(t, doc, preview, a, "arn:aws:logs:"+region+":"+mockgraph.Account+":log-group:any"), "%s: %s is not denied (ReadOnlyAccess grants it)", stack, a)
		}

		var entries []*mockgraph.Resource
		for _, e := range g.ByType("aws:eks/accessEntry:AccessEntry") {
			if e.Str("principalArn") == preview {
				entries = append(entries, e)
			}
		}
		require.Len(t, entries, 1, "%s: the preview role %s has no (or several) EKS access entries", stack, preview)
		assert.Equal(t, []string{cluster.ViewerGroup}, entries[0].Strings("kubernetesGroups"), "%s: the preview role's access entry groups", stack)
		for _, a := range g.ByType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation") {
			assert.NotEqual(t, preview, a.Str("principalArn"), "%s: the preview role gets an EKS access policy (%s): its rights must be the tested RBAC alone", stack, a.Str("policyArn"))
		}
	}
}

// denied is true when a Deny statement of doc matches (what ReadOnlyAccess
// grants, the preview policy must take back).
func denied(t *testing.T, doc policyDoc, principal, action, resource string) bool {
	t.Helper()
	match := identityMatch(t, principal, action, resource, nil)
	return slices.ContainsFunc(doc.Statement, func(s policyStatement) bool { return s.Effect == "Deny" && match(s) })
}
