// Package irsa builds IAM roles for Kubernetes service accounts (IRSA):
// a role whose trust policy admits exactly one service account of one
// namespace through the cluster's OIDC provider.
package irsa

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/catalog"
)

// TrustPolicy is the trust policy that lets the service account
// system:serviceaccount:<namespace>:<serviceAccount> assume a role through
// the OIDC provider providerArn whose issuer is issuerURL.
func TrustPolicy(providerArn, issuerURL, namespace, serviceAccount string) string {
	host := strings.TrimPrefix(issuerURL, "https://")
	return awsutil.Policy(awsutil.Statement{
		Effect:    "Allow",
		Principal: map[string]any{"Federated": providerArn},
		Action:    "sts:AssumeRoleWithWebIdentity",
		Condition: map[string]map[string]any{"StringEquals": {
			host + ":sub": fmt.Sprintf("system:serviceaccount:%s:%s", namespace, serviceAccount),
			host + ":aud": "sts.amazonaws.com",
		}},
	}).JSON()
}

// RoleArgs describe one IRSA role.
type RoleArgs struct {
	ProviderArn    pulumi.StringInput
	IssuerURL      pulumi.StringInput
	Namespace      string
	ServiceAccount string
	Description    string
	Tags           pulumi.StringMap
}

// NewRole creates the role. Attach permissions to the returned role. The
// role is auto-named from name, which is shortened with a hash
// (catalog.Fit) when it would leave no room for the provider's random
// suffix within IAM's 64 characters (catalog.IAMRoleAutoName): names
// built from a service or namespace can be long.
func NewRole(ctx *pulumi.Context, name string, a RoleArgs, opts ...pulumi.ResourceOption) (*iam.Role, error) {
	name = catalog.Fit(name, catalog.IAMRoleAutoName.Max)
	trust := pulumi.All(a.ProviderArn, a.IssuerURL).ApplyT(func(v []any) string {
		return TrustPolicy(v[0].(string), v[1].(string), a.Namespace, a.ServiceAccount)
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Description:      pulumi.String(a.Description),
		Tags:             a.Tags,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("irsa role %s: %w", name, err)
	}
	return role, nil
}
