package cluster

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ViewerGroup is the Kubernetes group of the viewer roles' access entries
// (Settings.ViewerRoleArns); the RBAC bindings below name it.
const ViewerGroup = "webplatform:viewers"

// ViewerRules are what a viewer may read beyond Kubernetes' `view`
// ClusterRole: the custom resources the components create and the RBAC
// objects granting this access (view covers neither), nothing else. A `pulumi refresh` reads
// every object the stack manages, so a kind missing here makes the preview
// role's refresh fail (tests/kube_viewer_test.go asks the API server).
var ViewerRules = []PolicyRule{
	{APIGroups: []string{"keda.sh"}, Resources: []string{"scaledobjects", "triggerauthentications", "clustertriggerauthentications"}},
	{APIGroups: []string{"elbv2.k8s.aws"}, Resources: []string{"targetgroupbindings"}},
	{APIGroups: []string{"vpcresources.k8s.aws"}, Resources: []string{"securitygrouppolicies"}},
	{APIGroups: []string{"rbac.authorization.k8s.io"}, Resources: []string{"clusterroles", "clusterrolebindings", "roles", "rolebindings"}},
}

// ReleaseReaderRules let a viewer read Helm's release records: Helm keeps
// each release as a Secret in the release's namespace and finds the latest
// by listing them by label, which RBAC cannot narrow, so this is every
// Secret of that one namespace (documented in docs/SECURITY.md).
var ReleaseReaderRules = []PolicyRule{{APIGroups: []string{""}, Resources: []string{"secrets"}}}

// ReadVerbs are the verbs of every viewer rule.
var ReadVerbs = []string{"get", "list", "watch"}

// PolicyRule is a read rule: ReadVerbs on Resources of APIGroups.
type PolicyRule struct {
	APIGroups, Resources []string
}

func rbacRules(rules []PolicyRule) rbacv1.PolicyRuleArray {
	out := rbacv1.PolicyRuleArray{}
	for _, r := range rules {
		out = append(out, rbacv1.PolicyRuleArgs{
			ApiGroups: pulumi.ToStringArray(r.APIGroups), Resources: pulumi.ToStringArray(r.Resources), Verbs: pulumi.ToStringArray(ReadVerbs),
		})
	}
	return out
}

// viewerEntries gives each viewer role an access entry in ViewerGroup and no
// EKS access policy: what the group may do is the RBAC of viewerRBAC
// alone, which the tests evaluate with a real API server.
func (b *builder) viewerEntries() error {
	for i, arn := range b.s.ViewerRoleArns {
		if _, err := b.accessEntry(fmt.Sprintf("%s-viewer-%d", b.name, i), arn, []string{ViewerGroup}); err != nil {
			return err
		}
	}
	return nil
}

// viewerRBAC binds ViewerGroup to `view`, to ViewerRules and, in the
// namespace of the Helm releases, to ReleaseReaderRules.
func (b *builder) viewerRBAC() error {
	if len(b.s.ViewerRoleArns) == 0 {
		return nil
	}
	kube := []pulumi.ResourceOption{b.parent, pulumi.Provider(b.c.Provider)}
	group := rbacv1.SubjectArray{rbacv1.SubjectArgs{Kind: pulumi.String("Group"), Name: pulumi.String(ViewerGroup), ApiGroup: pulumi.String("rbac.authorization.k8s.io")}}
	ref := func(kind, name string) rbacv1.RoleRefArgs {
		return rbacv1.RoleRefArgs{Kind: pulumi.String(kind), Name: pulumi.String(name), ApiGroup: pulumi.String("rbac.authorization.k8s.io")}
	}
	n := b.name + "-viewer"
	phys := n
	if _, err := rbacv1.NewClusterRoleBinding(b.ctx, n+"-view", &rbacv1.ClusterRoleBindingArgs{
		Metadata: metav1.ObjectMetaArgs{Name: pulumi.String(phys + "-view")}, Subjects: group, RoleRef: ref("ClusterRole", "view"),
	}, kube...); err != nil {
		return fmt.Errorf("viewer binding to view: %w", err)
	}
	role, err := rbacv1.NewClusterRole(b.ctx, n, &rbacv1.ClusterRoleArgs{
		Metadata: metav1.ObjectMetaArgs{Name: pulumi.String(phys)}, Rules: rbacRules(ViewerRules),
	}, kube...)
	if err != nil {
		return fmt.Errorf("viewer cluster role: %w", err)
	}
	if _, err := rbacv1.NewClusterRoleBinding(b.ctx, n, &rbacv1.ClusterRoleBindingArgs{
		Metadata: metav1.ObjectMetaArgs{Name: pulumi.String(phys)}, Subjects: group, RoleRef: ref("ClusterRole", phys),
	}, append(kube, pulumi.DependsOn([]pulumi.Resource{role}))...); err != nil {
		return fmt.Errorf("viewer cluster role binding: %w", err)
	}
	releases := metav1.ObjectMetaArgs{Name: pulumi.String(phys + "-helm-releases"), Namespace: pulumi.String(controllerNamspace)}
	reader, err := rbacv1.NewRole(b.ctx, n+"-helm-releases", &rbacv1.RoleArgs{Metadata: releases, Rules: rbacRules(ReleaseReaderRules)}, kube...)
	if err != nil {
		return fmt.Errorf("viewer helm release role: %w", err)
	}
	if _, err := rbacv1.NewRoleBinding(b.ctx, n+"-helm-releases", &rbacv1.RoleBindingArgs{
		Metadata: releases, Subjects: group, RoleRef: ref("Role", phys+"-helm-releases"),
	}, append(kube, pulumi.DependsOn([]pulumi.Resource{reader}))...); err != nil {
		return fmt.Errorf("viewer helm release binding: %w", err)
	}
	return nil
}
