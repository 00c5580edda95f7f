package tests

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/kubevalidate"
)

// viewerUser is how EKS names an access entry's principal to Kubernetes
// (any user name: RBAC binds the group), in the viewer group.
func viewerAccess(verb, apiVersion, kind, ns string) kubevalidate.Access {
	return kubevalidate.Access{User: "webplatform-preview", Groups: []string{cluster.ViewerGroup, "system:authenticated"},
		Verb: verb, APIVersion: apiVersion, Kind: kind, Namespace: ns}
}

var rbacKinds = []string{"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"}

// The preview role refreshes a stack (pull-request previews, drift): it
// must read every object the stack manages, and nothing it does not need.
// The stack's own RBAC objects are created in a real kube-apiserver (RBAC
// authorizer, with Kubernetes' bootstrap `view` ClusterRole aggregated as
// the controller manager does on EKS) and
// the server is asked, for the viewer group, about every Kubernetes object
// of the plan and every Helm release's records.
//
// Catches: a custom resource kind missing from cluster.ViewerRules (its
// refresh fails with 403: every drift run opens an issue, the finding of
// issue 17); the Helm release Secrets not readable in the release
// namespace; a viewer binding that grants writes or Secrets elsewhere.
func TestKubeViewerCanRefreshEveryObjectAndChangeNone(t *testing.T) {
	c := kubeClient(t)
	require.NoError(t, c.AggregateClusterRoles())
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			objs, skipped := kubevalidate.Manifests(g)
			// The namespaces and CRDs the objects need, then the RBAC for real.
			_, err := c.Validate(objs, skipped)
			require.NoError(t, err)
			var rbac []kubevalidate.Object
			for _, o := range objs {
				if o.APIVersion == "rbac.authorization.k8s.io/v1" && slices.Contains(rbacKinds, o.Kind) {
					rbac = append(rbac, o)
				}
			}
			require.NotEmpty(t, rbac, "stack %s grants the preview role nothing in the cluster", stack)
			undo, err := c.Apply(rbac)
			require.NoError(t, err)
			defer undo()
			// The RBAC authorizer reads roles and bindings through an informer:
			// wait (at most 10 s) until the new bindings are seen.
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				if ok, _, err := c.Allowed(viewerAccess("list", "v1", "Namespace", "")); err == nil && ok {
					break
				}
			}

			ask := func(a kubevalidate.Access, want bool, why string) {
				t.Helper()
				got, reason, err := c.Allowed(a)
				require.NoError(t, err)
				if got != want {
					t.Errorf("stack %s: viewer %s: allowed=%v, want %v (%s; authorizer: %q)", stack, a, got, want, why, reason)
				}
			}
			for _, o := range objs {
				ask(viewerAccess("get", o.APIVersion, o.Kind, o.Namespace), true, "refresh reads it: "+o.ID())
				ask(viewerAccess("list", o.APIVersion, o.Kind, o.Namespace), true, "refresh lists it: "+o.ID())
				for _, verb := range []string{"create", "update", "patch", "delete"} {
					ask(viewerAccess(verb, o.APIVersion, o.Kind, o.Namespace), false, "a preview changes nothing: "+o.ID())
				}
			}
			releases := 0
			for _, r := range g.ByType(kubevalidate.HelmReleaseType) {
				ns := r.Str("namespace")
				require.NotEmpty(t, ns, "helm release %s has no namespace", r.Name)
				releases++
				// Helm finds a release's latest record by listing its Secrets by label.
				ask(viewerAccess("list", "v1", "Secret", ns), true, "Helm reads release "+r.Name+"'s records")
				ask(viewerAccess("get", "v1", "Secret", ns), true, "Helm reads release "+r.Name+"'s records")
				ask(viewerAccess("delete", "v1", "Secret", ns), false, "a preview changes nothing")
			}
			require.NotZero(t, releases, "stack %s has no Helm release", stack)
			// Secrets of the application namespaces stay out of reach.
			for _, o := range objs {
				if o.Kind == "Namespace" && o.Name != "kube-system" {
					ask(viewerAccess("get", "v1", "Secret", o.Name), false, "no Secret outside the Helm release namespace")
				}
			}
			ask(viewerAccess("list", "v1", "Secret", ""), false, "no Secret cluster-wide")
		})
	}
}
