package kubevalidate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Access is one question to the API server's authorizer: may User, in
// Groups, Verb the objects of Kind (APIVersion) in Namespace ("" for
// cluster-scoped or every namespace)?
type Access struct {
	User       string
	Groups     []string
	Verb       string
	APIVersion string
	Kind       string
	Namespace  string
}

func (a Access) String() string {
	where := "cluster-wide"
	if a.Namespace != "" {
		where = "in " + a.Namespace
	}
	return fmt.Sprintf("%s %s/%s %s", a.Verb, a.APIVersion, a.Kind, where)
}

// Allowed asks the server (a SubjectAccessReview, answered by its
// authorizer: RBAC in scripts/kube-apiserver.sh, as on EKS) whether a is
// allowed; reason is the authorizer's. The kind's resource name comes from
// discovery, so the server must serve the kind (install its CRD first).
func (c *Client) Allowed(a Access) (allowed bool, reason string, err error) {
	m, err := c.mapping(a.APIVersion, a.Kind, false)
	if err == nil && m == nil {
		m, err = c.mapping(a.APIVersion, a.Kind, true)
	}
	if err != nil {
		return false, "", err
	}
	if m == nil {
		// A kind whose CRD could not be installed (KUBE_CRD_UNAVAILABLE):
		// RBAC needs only its resource name, guessed as kubectl does.
		m = &mapping{Resource: GuessResource(a.Kind), Namespaced: a.Namespace != ""}
	}
	group, _, found := strings.Cut(a.APIVersion, "/")
	if !found {
		group = ""
	}
	attrs := map[string]any{"verb": a.Verb, "group": group, "resource": m.Resource}
	if m.Namespaced && a.Namespace != "" {
		attrs["namespace"] = a.Namespace
	}
	body, _ := json.Marshal(map[string]any{
		"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
		"spec": map[string]any{"user": a.User, "groups": a.Groups, "resourceAttributes": attrs},
	})
	code, resp, err := c.do(http.MethodPost, "/apis/authorization.k8s.io/v1/subjectaccessreviews", "application/json", body)
	if err != nil {
		return false, "", err
	}
	if code >= 300 {
		return false, "", fmt.Errorf("subject access review: %d %s", code, message(resp))
	}
	var r struct {
		Status struct {
			Allowed bool   `json:"allowed"`
			Reason  string `json:"reason"`
		} `json:"status"`
	}
	if err := json.Unmarshal(resp, &r); err != nil {
		return false, "", fmt.Errorf("subject access review: %w", err)
	}
	return r.Status.Allowed, r.Status.Reason, nil
}

// Apply creates objs for real (an object that exists already is left as
// it is) and returns a function that deletes them again.
func (c *Client) Apply(objs []Object) (undo func(), err error) {
	var created []Object
	undo = func() {
		for i := len(created) - 1; i >= 0; i-- {
			o := created[i]
			if m, err := c.mapping(o.APIVersion, o.Kind, false); err == nil && m != nil {
				_, _, _ = c.do(http.MethodDelete, c.collectionPath(o.APIVersion, m, o.Namespace)+"/"+o.Name, "", nil)
			}
		}
	}
	for _, o := range objs {
		rep := &Report{Sent: map[string][]byte{}}
		if err := c.send(rep, o, false); err != nil {
			undo()
			return nil, err
		}
		if len(rep.Failures) > 0 || len(rep.NotValidated) > 0 {
			undo()
			return nil, fmt.Errorf("creating %s: %s", o.ID(), rep.Summary())
		}
		created = append(created, o)
	}
	return undo, nil
}

// GuessResource is the resource name of a kind by apimachinery's rule
// (k8s.io/apimachinery/pkg/api/meta UnsafeGuessKindToResource): lower
// case, then "s" -> "ses", consonant + "y" -> "ies", else + "s". Used only
// for kinds the server does not serve.
func GuessResource(kind string) string {
	r := strings.ToLower(kind)
	switch {
	case r == "":
		return r
	case strings.HasSuffix(r, "s"):
		return r + "es"
	case strings.HasSuffix(r, "y") && len(r) > 1 && !strings.ContainsRune("aeiou", rune(r[len(r)-2])):
		return r[:len(r)-1] + "ies"
	}
	return r + "s"
}

// AggregateClusterRoles does what kube-controller-manager's cluster role
// aggregation controller does on a real cluster (EKS included), which this
// API server runs without: every ClusterRole with an aggregationRule (the
// bootstrap `view`, `edit`, `admin`) gets the rules of the ClusterRoles its
// label selectors match (k8s.io/kubernetes pkg/controller/
// clusterroleaggregation). Without it `view` grants nothing here.
func (c *Client) AggregateClusterRoles() error {
	const path = "/apis/rbac.authorization.k8s.io/v1/clusterroles"
	code, body, err := c.do(http.MethodGet, path, "", nil)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("listing cluster roles: %d %s", code, message(body))
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return err
	}
	labels := func(role map[string]any) map[string]any {
		md, _ := role["metadata"].(map[string]any)
		l, _ := md["labels"].(map[string]any)
		return l
	}
	for _, role := range list.Items {
		agg, ok := role["aggregationRule"].(map[string]any)
		if !ok {
			continue
		}
		selectors, _ := agg["clusterRoleSelectors"].([]any)
		var rules []any
		for _, other := range list.Items {
			if matchesAny(selectors, labels(other)) {
				r, _ := other["rules"].([]any)
				rules = append(rules, r...)
			}
		}
		role["rules"] = rules
		md, _ := role["metadata"].(map[string]any)
		name, _ := md["name"].(string)
		b, _ := json.Marshal(role)
		code, resp, err := c.do(http.MethodPut, path+"/"+name, "application/json", b)
		if err != nil {
			return err
		}
		if code >= 300 {
			return fmt.Errorf("aggregating cluster role %s: %d %s", name, code, message(resp))
		}
	}
	return nil
}

// matchesAny is true when one of the label selectors (matchLabels only,
// which is all the bootstrap roles use) matches labels.
func matchesAny(selectors []any, labels map[string]any) bool {
	for _, s := range selectors {
		sel, _ := s.(map[string]any)
		want, _ := sel["matchLabels"].(map[string]any)
		if len(want) == 0 {
			continue
		}
		ok := true
		for k, v := range want {
			if labels[k] != v {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
