package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// TestIAMEveryRoleHasThePermissionsBoundary: the stack transformation of
// stacks/iam.go puts the configured boundary on every role of every stack,
// the roles components create inside other components included. Fails
// before the fix: no role had one.
func TestIAMEveryRoleHasThePermissionsBoundary(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		s := harness.LoadStack(t, stack)
		want := "arn:aws:iam::" + mockgraph.Account + ":policy/" + s.Config[s.Project+":iamPermissionsBoundaryPolicyName"]
		g := harness.RunStack(t, stack)
		roles := g.ByType(tRole)
		assert.NotEmpty(t, roles, stack)
		for _, r := range roles {
			assert.Equal(t, want, r.Str("permissionsBoundary"), "%s: role %s", stack, r.Name)
		}
	}
}

// TestIAMBoundaryLeavesTheRolesTheirPermissions: the boundary must not
// cut what a role's own inline policy grants (a role silently losing an
// action fails at run time only). Every action of every inline role
// policy in every stack is within the boundary's Allow statements and not
// in its Deny statements; the boundary allows no IAM action beyond
// service-linked roles and PassRole of project roles.
func TestIAMBoundaryLeavesTheRolesTheirPermissions(t *testing.T) {
	b := loadIAMDoc(t, "permissions-boundary.json")
	within := func(action string) bool {
		ok := false
		for _, s := range b.Statement {
			if anyMatch(s.actions(), action) {
				if s.Effect == "Deny" {
					return false
				}
				ok = true
			}
		}
		return ok
	}
	for _, s := range b.Statement {
		for _, a := range s.actions() {
			if s.Effect == "Allow" && strings.HasPrefix(a, "iam:") {
				assert.Contains(t, []string{"iam:CreateServiceLinkedRole", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:PassRole"}, a, "boundary %s allows %s", s.Sid, a)
			}
		}
	}
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		n := 0
		for _, rp := range g.ByType(tRolePolicy) {
			for _, s := range parsePolicy(t, rp.Name, rp.Str("policy")).Statement {
				for _, a := range s.actions() {
					n++
					assert.True(t, s.Effect != "Allow" || within(a), "%s: %s allows %s, which the boundary cuts", stack, rp.Name, a)
				}
			}
		}
		assert.Positive(t, n, stack)
	}
}

// iamBoundaryCases: names the guard rails cannot use are rejected before
// any resource, naming the key.
func iamBoundaryCases(c *testCases) {
	c.invalid = append(c.invalid, []invalidConfig{
		{"break-glass is the deploy role", "prod", edits(set("iamBreakGlassRoleName", "webplatform-deploy")),
			[]string{`webplatform:iamBreakGlassRoleName: must differ from the deploy role name ("webplatform-deploy")`}},
		{"deploy role name not an IAM name", "dev", edits(set("iamDeployRoleName", "deploy role")),
			[]string{`webplatform:iamDeployRoleName: must be an IAM role name`}},
		{"boundary policy name not an IAM name", "dev", edits(set("iamPermissionsBoundaryPolicyName", "a/b")),
			[]string{`webplatform:iamPermissionsBoundaryPolicyName: must be an IAM policy name`}},
	}...)
}
