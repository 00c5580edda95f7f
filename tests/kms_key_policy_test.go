package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

const tRdsCluster = "aws:rds/cluster:Cluster"

// stackRoleArn is the ARN of a role named by a stack config key (its
// Pulumi.yaml default unless the stack file sets it).
func stackRoleArn(t *testing.T, stack, key string) string {
	t.Helper()
	s := harness.LoadStack(t, stack)
	name := s.Config[s.Project+":"+key]
	if name == "" {
		t.Fatalf("%s: %s has no value", stack, key)
	}
	return "arn:aws:iam::" + mockgraph.Account + ":role/" + name
}

// TestKMSKeyAdministrationIsSeparateFromUse evaluates every key policy of
// every stack for three callers whose IAM policies allow kms:* (as the
// PowerUser deploy role of the old docs did): the deploy role, the
// break-glass role and any other role of the account. It used to fail on
// "may decrypt directly" for every key (the only statement gave kms:* to
// the account root) and on every deny.
//   - Nobody decrypts or generates data keys by calling KMS directly; only
//     through a service (kms:ViaService) for the account.
//   - Only break-glass disables a key.
//   - Scheduling deletion: break-glass, and the deploy role only in a
//     stack whose database may be deleted (deletionProtection off in the
//     graph), so `pulumi destroy` of dev removes its keys and of prod
//     cannot.
//   - Replacing the policy: break-glass and the deploy role (KMS's policy
//     lockout check requires the creator to keep PutKeyPolicy), nobody else.
func TestKMSKeyAdministrationIsSeparateFromUse(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		deploy := stackRoleArn(t, stack, "iamDeployRoleName")
		breakGlass := stackRoleArn(t, stack, "iamBreakGlassRoleName")
		other := "arn:aws:iam::" + mockgraph.Account + ":role/developer-power-user"
		dataDeletable := false
		for _, c := range g.ByType(tRdsCluster) {
			dataDeletable = dataDeletable || !c.Bool("deletionProtection")
		}
		keys := g.ByType(tKmsKey)
		if len(keys) == 0 {
			t.Fatalf("%s: no KMS key", stack)
		}
		for _, k := range keys {
			doc := parsePolicy(t, k.Name, k.Str("policy"))
			can := func(who, action string, ctx map[string]string) bool {
				return keyPolicyAllows(t, doc, mockgraph.Account, kmsRequest{principal: who, action: action, context: ctx})
			}
			direct := map[string]string{"kms:CallerAccount": mockgraph.Account}
			id := stack + " " + k.Name
			for _, who := range []string{deploy, breakGlass, other} {
				for _, a := range []string{"kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant"} {
					assert.False(t, can(who, a, direct), "%s: %s may call %s directly", id, who, a)
				}
			}
			assert.True(t, can(breakGlass, "kms:DisableKey", nil), "%s: break-glass cannot disable the key", id)
			assert.False(t, can(deploy, "kms:DisableKey", nil), "%s: the deploy role may disable the key", id)
			assert.False(t, can(other, "kms:DisableKey", nil), "%s: any role may disable the key", id)

			assert.True(t, can(breakGlass, "kms:ScheduleKeyDeletion", nil), "%s: break-glass cannot delete the key", id)
			assert.Equal(t, dataDeletable, can(deploy, "kms:ScheduleKeyDeletion", nil),
				"%s: the deploy role may schedule deletion exactly where the data may be deleted (%v)", id, dataDeletable)
			assert.False(t, can(other, "kms:ScheduleKeyDeletion", nil), "%s: any role may delete the key", id)

			assert.True(t, can(deploy, "kms:PutKeyPolicy", nil), "%s: the deploy role loses PutKeyPolicy: CreateKey's lockout check refuses the policy", id)
			assert.True(t, can(breakGlass, "kms:PutKeyPolicy", nil), "%s: break-glass cannot replace the policy", id)
			assert.False(t, can(other, "kms:PutKeyPolicy", nil), "%s: any role may replace the policy", id)

			for _, s := range doc.Statement {
				if s.Effect == "Allow" {
					assert.NotContains(t, s.actions(), "kms:*", "%s: statement %s allows kms:*", id, s.Sid)
				}
			}
		}
	}
}

// TestKMSKeysUsedThroughTheirServices: where a key's policy lets the
// account use the key, it does so only through named service endpoints
// of the key's region, and the service that actually uses the key in the
// graph is among them (a key given to Aurora must admit rds). Fails
// before the fix: no statement had a kms:ViaService condition.
func TestKMSKeysUsedThroughTheirServices(t *testing.T) {
	// resource type -> the service whose endpoint uses the key it names in
	// the input; from the KMS Developer Guide, "kms:ViaService" (2026-12-02).
	users := map[string]struct{ input, service string }{
		"aws:rds/cluster:Cluster":                           {"kmsKeyId", "rds"},
		"aws:elasticache/replicationGroup:ReplicationGroup": {"kmsKeyId", "elasticache"},
		"aws:secretsmanager/secret:Secret":                  {"kmsKeyId", "secretsmanager"},
		"aws:sns/topic:Topic":                               {"kmsMasterKeyId", "sns"},
		"aws:backup/vault:Vault":                            {"kmsKeyArn", "backup"},
	}
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		via := map[string][]string{} // key ARN -> its ViaService values
		for _, k := range g.ByType(tKmsKey) {
			for _, s := range parsePolicy(t, k.Name, k.Str("policy")).Statement {
				if s.Effect != "Allow" || !hasString(s.awsPrincipals(), "arn:aws:iam::"+mockgraph.Account+":root") {
					continue
				}
				if anyMatch(s.actions(), "kms:Decrypt") {
					v := list(s.Condition["StringEquals"]["kms:ViaService"])
					assert.NotEmpty(t, v, "%s %s: %s lets the account decrypt without kms:ViaService", stack, k.Name, s.Sid)
					assert.Equal(t, mockgraph.Account, s.Condition["StringEquals"]["kms:CallerAccount"], "%s %s: %s without kms:CallerAccount", stack, k.Name, s.Sid)
					via[k.Output("arn").(string)] = append(via[k.Output("arn").(string)], v...)
				}
			}
		}
		checked := 0
		for token, u := range users {
			for _, r := range g.ByType(token) {
				arn := r.Str(u.input)
				if arn == "" {
					continue
				}
				checked++
				found := false
				for _, v := range via[arn] {
					found = found || globMatch(u.service+".*.amazonaws.com", v)
				}
				assert.True(t, found, "%s: %s %s uses key %s, whose policy does not admit %s (has %v)", stack, token, r.Name, arn, u.service, via[arn])
			}
		}
		assert.Positive(t, checked, "%s: no key user found", stack)
	}
}
