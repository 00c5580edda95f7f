package tests

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// iamPrefixOfType maps a resource type (its "aws:<module>" or the whole
// token where a module spans services) to the IAM service prefixes the
// provider calls to manage it. Prefixes from the Service Authorization
// Reference (docs.aws.amazon.com/service-authorization/latest/reference/
// reference_policies_actions-resources-contextkeys.html), the module to
// service mapping from the pulumi-aws v6.83.2 SDK's package docs; read
// 2026-12-02. Extra prefixes: a backup vault needs backup-storage
// (CreateBackupVault's dependent actions list backup-storage:MountCapsule).
var iamPrefixOfType = map[string][]string{
	"aws:acm":                        {"acm"},
	"aws:apigatewayv2":               {"apigateway"},
	"aws:appautoscaling":             {"application-autoscaling"},
	"aws:backup":                     {"backup", "backup-storage"},
	"aws:cloudfront":                 {"cloudfront"},
	"aws:cloudtrail":                 {"cloudtrail"},
	"aws:cloudwatch/logGroup":        {"logs"},
	"aws:cloudwatch/logMetricFilter": {"logs"},
	"aws:cloudwatch/eventRule":       {"events"},
	"aws:cloudwatch/eventTarget":     {"events"},
	"aws:cloudwatch/metricAlarm":     {"cloudwatch"},
	"aws:cloudwatch/compositeAlarm":  {"cloudwatch"},
	"aws:cloudwatch/dashboard":       {"cloudwatch"},
	"aws:cognito":                    {"cognito-idp"},
	"aws:ec2":                        {"ec2"},
	"aws:vpc":                        {"ec2"},
	"aws:ecr":                        {"ecr"},
	"aws:eks":                        {"eks"},
	"aws:elasticache":                {"elasticache"},
	"aws:guardduty":                  {"guardduty"},
	"aws:iam":                        {"iam"},
	"aws:kms":                        {"kms"},
	"aws:lb":                         {"elasticloadbalancing"},
	"aws:rds":                        {"rds"},
	"aws:route53":                    {"route53"},
	"aws:s3":                         {"s3"},
	"aws:secretsmanager":             {"secretsmanager"},
	"aws:sns":                        {"sns"},
	"aws:wafv2":                      {"wafv2"},
}

// prefixesOf is the IAM prefixes for one resource type; ok is false for a
// type the table does not know (which fails the test: a new service must
// be added to the table and, if needed, to the deploy policy).
func prefixesOf(token string) ([]string, bool) {
	mod, _, _ := strings.Cut(token, ":")
	if mod != "aws" {
		return nil, true // kubernetes, random, providers: no AWS API of the deploy role
	}
	parts := strings.SplitN(token, ":", 3)
	module := parts[0] + ":" + parts[1]
	short, _, _ := strings.Cut(module, "/")
	if p, ok := iamPrefixOfType[module]; ok {
		return p, true
	}
	if p, ok := iamPrefixOfType[short]; ok && short != "aws:cloudwatch" {
		return p, true
	}
	return nil, false
}

// TestIAMDeployPolicyGrantsWhatTheProgramNeeds: docs/iam/deploy-role-policy.json
// (which docs/INSTALLATION.md tells users to attach to the deploy role in
// place of PowerUserAccess + iam:*Role* + iam:*Policy*) allows exactly the
// AWS services the stacks' resources belong to: nothing missing, nothing
// extra. Fails before the fix: the file did not exist.
func TestIAMDeployPolicyGrantsWhatTheProgramNeeds(t *testing.T) {
	doc := loadIAMDoc(t, "deploy-role-policy.json")
	granted := map[string]bool{}
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		assert.Nil(t, s.NotAction, "%s: NotAction in an Allow grants everything else", s.Sid)
		for _, a := range s.actions() {
			if a == "*" || !strings.Contains(a, ":") || strings.HasPrefix(a, "*") {
				t.Errorf("%s: action %q is not limited to a service", s.Sid, a)
				continue
			}
			granted[strings.SplitN(a, ":", 2)[0]] = true
		}
	}
	needed := map[string]bool{}
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		for token := range g.CountByType() {
			ps, ok := prefixesOf(token)
			if !ok {
				t.Errorf("%s: resource type %s has no IAM prefix in iamPrefixOfType", stack, token)
			}
			for _, p := range ps {
				needed[p] = true
			}
		}
	}
	assert.Equal(t, sortedKeys(needed), sortedKeys(granted), "deploy policy service prefixes (want: from the stacks' resource types)")
}

// TestIAMDeployPolicyScopesIAM: every IAM action the deploy policy allows
// is limited to the project's roles (or to AWS's own service-linked roles,
// OIDC providers of EKS, AWS managed policies); creating or changing the
// permissions of a role requires the permissions boundary; PassRole goes
// only to the services the stacks' roles trust; the boundary policy and
// the break-glass and deploy roles cannot be touched. The role pattern is
// checked against the roles the stacks create.
func TestIAMDeployPolicyScopesIAM(t *testing.T) {
	doc := loadIAMDoc(t, "deploy-role-policy.json")
	prod := harness.LoadStack(t, "prod")
	cfg := func(k string) string { return prod.Config[prod.Project+":"+k] }
	boundary := "arn:aws:iam::" + mockgraph.Account + ":policy/" + cfg("iamPermissionsBoundaryPolicyName")
	projectRoles := "arn:aws:iam::*:role/" + prod.Project + "-*"
	escalating := []string{"iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:AttachRolePolicy",
		"iam:UpdateAssumeRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRolePolicy"}
	allowedScopes := []string{projectRoles, "arn:aws:iam::*:role/aws-service-role/*", "arn:aws:iam::*:oidc-provider/oidc.eks.*.amazonaws.com/id/*", "arn:aws:iam::aws:policy/*"}
	var passedTo []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.actions() {
			if !strings.HasPrefix(a, "iam:") {
				continue
			}
			assert.NotContains(t, a, "*", "%s: wildcard IAM action %s", s.Sid, a)
			for _, r := range s.resources() {
				assert.Contains(t, allowedScopes, r, "%s: %s on %s", s.Sid, a, r)
			}
			if slices.Contains(escalating, a) {
				got := list(s.Condition["ArnLike"]["iam:PermissionsBoundary"])
				assert.True(t, len(got) == 1 && globMatch(got[0], boundary), "%s: %s without iam:PermissionsBoundary = %s (has %v)", s.Sid, a, boundary, got)
			}
			if a == "iam:PassRole" {
				passedTo = list(s.Condition["StringEquals"]["iam:PassedToService"])
				assert.NotEmpty(t, passedTo, "%s: PassRole without iam:PassedToService", s.Sid)
			}
		}
	}
	// Every role the stacks create matches the pattern, and PassRole names
	// exactly the services those roles trust (IRSA roles are assumed from
	// the cluster's OIDC provider and never passed).
	trusted := map[string]bool{}
	for _, stack := range harness.Stacks(t) {
		g := harness.RunStack(t, stack)
		for _, r := range g.ByType(tRole) {
			name := r.Str("name")
			if name == "" {
				name, _ = r.Output("name").(string)
			}
			assert.True(t, globMatch(strings.TrimPrefix(projectRoles, "arn:aws:iam::*:role/"), name), "%s: role %s (%s) is outside the deploy policy's pattern %s", stack, r.Name, name, projectRoles)
			for _, st := range parsePolicy(t, r.Name, r.Str("assumeRolePolicy")).Statement {
				if m, ok := st.Principal.(map[string]any); ok {
					for _, svc := range list(m["Service"]) {
						trusted[svc] = true
					}
				}
			}
		}
	}
	sort.Strings(passedTo)
	assert.Equal(t, sortedKeys(trusted), passedTo, "iam:PassedToService of the deploy policy (want: the service principals the stacks' roles trust)")

	// The guard rails are out of reach.
	protected := []string{boundary, "arn:aws:iam::" + mockgraph.Account + ":role/" + cfg("iamBreakGlassRoleName"), "arn:aws:iam::" + mockgraph.Account + ":role/" + cfg("iamDeployRoleName")}
	for _, target := range protected {
		denied := false
		for _, s := range doc.Statement {
			if s.Effect == "Deny" && anyMatch(s.actions(), "iam:DeletePolicy") && anyMatch(s.actions(), "iam:AttachRolePolicy") && anyMatch(s.resources(), target) {
				denied = true
			}
		}
		assert.True(t, denied, "the deploy policy does not deny changing %s", target)
	}
}
