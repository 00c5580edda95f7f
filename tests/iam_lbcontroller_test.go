package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

const tTargetGroup = "aws:lb/targetGroup:TargetGroup"

// TestIAMLBControllerOnlyServesTargetGroupBindings: the Load Balancer
// Controller's role, in every stack, may not create, delete or change a
// load balancer, listener, rule, target group or security group, and its
// only mutations ((de)registering targets) are limited to target groups of
// the stack's account and region carrying tags that the stack's own target
// groups carry (so it can still serve them) and that name this stack.
// Fails before the fix: the upstream policy allowed CreateListener,
// CreateRule, ModifyRule, SetWebAcl and security-group ingress changes on
// "*".
func TestIAMLBControllerOnlyServesTargetGroupBindings(t *testing.T) {
	forbidden := []string{"CreateLoadBalancer", "DeleteLoadBalancer", "CreateListener", "DeleteListener", "ModifyListener",
		"CreateRule", "DeleteRule", "ModifyRule", "SetRulePriorities", "CreateTargetGroup", "DeleteTargetGroup", "ModifyTargetGroup",
		"SetWebAcl", "SetSecurityGroups", "CreateSecurityGroup", "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress",
		"RevokeSecurityGroupIngress", "AssociateWebACL", "CreateProtection", "CreateServiceLinkedRole"}
	readOnly := func(a string) bool {
		name := a[strings.Index(a, ":")+1:]
		return strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List")
	}
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		var policies []string
		for _, rp := range g.ByType(tRolePolicy) {
			if strings.HasSuffix(rp.Name, "-eks-lb-controller") {
				policies = append(policies, rp.Str("policy"))
			}
		}
		if len(policies) != 1 {
			t.Fatalf("%s: want one lb-controller role policy, got %d", stack, len(policies))
		}
		doc := parsePolicy(t, "lb-controller", policies[0])
		tgs := g.ByType(tTargetGroup)
		assert.NotEmpty(t, tgs, stack)
		mutations := 0
		for _, s := range doc.Statement {
			assert.Equal(t, "Allow", s.Effect)
			for _, a := range s.actions() {
				for _, f := range forbidden {
					assert.False(t, globMatch(a, "elasticloadbalancing:"+f) || globMatch(a, "ec2:"+f) || globMatch(a, "wafv2:"+f) || globMatch(a, "shield:"+f) || globMatch(a, "iam:"+f),
						"%s: the controller may %s (%s)", stack, f, a)
				}
				if readOnly(a) {
					continue
				}
				mutations++
				for _, r := range s.resources() {
					assert.True(t, strings.HasPrefix(r, "arn:aws:elasticloadbalancing:") && strings.Contains(r, ":targetgroup/") && !strings.HasPrefix(r, "arn:aws:elasticloadbalancing:*:*:"),
						"%s: %s on %s, not the stack's account and region's target groups", stack, a, r)
				}
				tagged := s.Condition["StringEquals"]
				assert.NotEmpty(t, tagged, "%s: %s without a tag condition", stack, a)
				assert.Contains(t, tagged, "aws:ResourceTag/stack", "%s: %s not limited to this stack's target groups", stack, a)
				for _, tg := range tgs {
					tags := tg.Tags()
					for k, v := range tagged {
						assert.Equal(t, v, tags[strings.TrimPrefix(k, "aws:ResourceTag/")], "%s: target group %s lacks %s, so the controller cannot serve it", stack, tg.Name, k)
					}
				}
			}
		}
		assert.Positive(t, mutations, "%s: the controller cannot register targets", stack)
	}
}
