package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

const (
	tDeployment = "kubernetes:apps/v1:Deployment"
	tJob        = "kubernetes:batch/v1:Job"
	tKubeSA     = "kubernetes:core/v1:ServiceAccount"
	tNamespace  = "kubernetes:core/v1:Namespace"
	tDBCluster  = "aws:rds/cluster:Cluster"
)

// statementsOf parses a role policy document.
func statementsOf(t *testing.T, rp *mockgraph.Resource) []policyStatement {
	t.Helper()
	return parsePolicy(t, "role policy "+rp.Name, rp.Str("policy")).Statement
}

// actionMatches reports whether an IAM action pattern (with *) admits action.
func actionMatches(pattern, action string) bool {
	p, a := strings.ToLower(pattern), strings.ToLower(action)
	if p == "*" || p == a {
		return true
	}
	if pre, ok := strings.CutSuffix(p, "*"); ok {
		return strings.HasPrefix(a, pre)
	}
	return false
}

func grants(st policyStatement, action, resource string) bool {
	if st.Effect != "Allow" || !slices.ContainsFunc(st.actions(), func(p string) bool { return actionMatches(p, action) }) {
		return false
	}
	return slices.ContainsFunc(st.resources(), func(r string) bool { return r == "*" || r == resource })
}

// podIdentity is a workload's pod identity read from the graph: the
// namespace, the IRSA role (through the service account's annotation) and
// the role's inline policies.
type podIdentity struct {
	owner     *mockgraph.Resource // the Deployment or Job
	namespace string
	role      *mockgraph.Resource
	policies  []*mockgraph.Resource
	env       map[string]string // the first container's plain env
}

func identityOf(t *testing.T, g *mockgraph.Graph, owner *mockgraph.Resource) podIdentity {
	t.Helper()
	id := podIdentity{owner: owner, namespace: owner.Str("metadata.namespace"), env: map[string]string{}}
	saName := owner.Str("spec.template.spec.serviceAccountName")
	var roleArn string
	for _, sa := range g.ByType(tKubeSA) {
		if sa.Str("metadata.name") == saName && sa.Str("metadata.namespace") == id.namespace {
			roleArn, _ = sa.Map("metadata.annotations")["eks.amazonaws.com/role-arn"].(string)
		}
	}
	for _, r := range g.ByType(tRole) {
		if roleArn != "" && r.Output("arn") == roleArn {
			id.role = r
		}
	}
	if id.role == nil {
		t.Fatalf("%s %s: no IAM role for service account %s/%s (annotation %q)", owner.Type, owner.Name, id.namespace, saName, roleArn)
	}
	for _, rp := range g.ByType(tRolePolicy) {
		if slices.Contains(rp.PropertyDependencies["role"], id.role.URN) {
			id.policies = append(id.policies, rp)
		}
	}
	if cs := owner.List("spec.template.spec.containers"); len(cs) > 0 {
		c, _ := cs[0].(map[string]any)
		for _, e := range asMaps(c["env"]) {
			n, _ := e["name"].(string)
			v, _ := e["value"].(string)
			id.env[n] = v
		}
	}
	return id
}

// TestEachServiceHasItsOwnDatabaseIdentity, computed from the graph of
// every stack: no service role's policy names the Aurora master secret or
// the database's KMS key; each service role has rds-db:connect on exactly
// dbuser:<cluster resource id>/<its DB_USER>, a user no other service has;
// its pods get DB_USER, DB_IAM_AUTH=true and the host and port; the only
// role that reads the master secret is the bootstrap Job's, which creates
// every service's user. Failed before the fix: every service role read the
// master secret and decrypted with the database key, none had
// rds-db:connect, and there was no bootstrap Job.
func TestEachServiceHasItsOwnDatabaseIdentity(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			clusters := g.ByType(tDBCluster)
			if len(clusters) != 1 {
				t.Fatalf("want one Aurora cluster, got %d", len(clusters))
			}
			cl := clusters[0]
			secrets, _ := cl.Output("masterUserSecrets").([]any)
			if len(secrets) == 0 {
				t.Fatal("the cluster has no master user secret")
			}
			masterSecret, _ := secrets[0].(map[string]any)["secretArn"].(string)
			dbKey := cl.Str("kmsKeyId")
			resID, _ := cl.Output("clusterResourceId").(string)
			arn := strings.Split(masterSecret, ":") // arn:aws:secretsmanager:<region>:<account>:secret:...
			if masterSecret == "" || dbKey == "" || resID == "" || len(arn) < 5 {
				t.Fatalf("cluster %s: master secret %q, key %q, resource id %q", cl.Name, masterSecret, dbKey, resID)
			}
			readers := map[string]bool{}
			for _, rp := range g.ByType(tRolePolicy) {
				for _, st := range statementsOf(t, rp) {
					if grants(st, "secretsmanager:GetSecretValue", masterSecret) {
						readers[rp.Str("role")] = true
					}
				}
			}
			users := map[string]string{}
			deps := g.ByType(tDeployment)
			if len(deps) == 0 {
				t.Fatal("no Deployment")
			}
			var serviceNamespaces []string
			for _, d := range deps {
				id := identityOf(t, g, d)
				serviceNamespaces = append(serviceNamespaces, id.namespace)
				user := id.env["DB_USER"]
				if user == "" || id.env["DB_IAM_AUTH"] != "true" || id.env["DATABASE_HOST"] == "" || id.env["DATABASE_PORT"] == "" {
					t.Errorf("service %s: env DB_USER=%q DB_IAM_AUTH=%q DATABASE_HOST=%q DATABASE_PORT=%q", d.Name, user, id.env["DB_IAM_AUTH"], id.env["DATABASE_HOST"], id.env["DATABASE_PORT"])
				}
				if other, dup := users[user]; dup && user != "" {
					t.Errorf("services %s and %s share the database user %q", other, d.Name, user)
				}
				users[user] = d.Name
				if strings.Contains(id.env["SECRET_ARNS"], masterSecret) {
					t.Errorf("service %s is told the master secret's ARN", d.Name)
				}
				want := fmt.Sprintf("arn:aws:rds-db:%s:%s:dbuser:%s/%s", arn[3], arn[4], resID, user)
				var connect []string
				for _, rp := range id.policies {
					if strings.Contains(rp.Str("policy"), masterSecret) || strings.Contains(rp.Str("policy"), dbKey) {
						t.Errorf("service %s: role policy %s names the master secret or the database key", d.Name, rp.Name)
					}
					for _, st := range statementsOf(t, rp) {
						if slices.ContainsFunc(st.actions(), func(p string) bool { return actionMatches(p, "rds-db:connect") }) {
							connect = append(connect, st.resources()...)
						}
					}
				}
				if len(connect) != 1 || connect[0] != want {
					t.Errorf("service %s: rds-db:connect on %v, want exactly [%s]", d.Name, connect, want)
				}
			}
			jobs := g.ByType(tJob)
			if len(jobs) != 1 {
				t.Fatalf("want one database users bootstrap Job, got %d", len(jobs))
			}
			job := identityOf(t, g, jobs[0])
			if slices.Contains(serviceNamespaces, job.namespace) {
				t.Errorf("the bootstrap Job runs in a service's namespace %s", job.namespace)
			}
			roleName, _ := job.role.Output("name").(string)
			if len(readers) != 1 || !readers[roleName] {
				t.Errorf("roles that read the master secret: %v, want only the bootstrap Job's %s", readers, roleName)
			}
			created := strings.Fields(job.env["SERVICE_USERS"])
			for user, svc := range users {
				if !slices.Contains(created, user) {
					t.Errorf("the bootstrap Job does not create %s's user %q (SERVICE_USERS %v)", svc, user, created)
				}
			}
			checkRestrictedPod(t, g, jobs[0])
		})
	}
}

// checkRestrictedPod checks the Pod Security "restricted" fields of a
// workload's pod template and its namespace's enforce label (Kubernetes
// Pod Security Standards, restricted profile,
// https://kubernetes.io/docs/concepts/security/pod-security-standards/,
// read 2026-12-02).
func checkRestrictedPod(t *testing.T, g *mockgraph.Graph, w *mockgraph.Resource) {
	t.Helper()
	spec := "spec.template.spec."
	if !w.Bool(spec+"securityContext.runAsNonRoot") || w.Str(spec+"securityContext.seccompProfile.type") != "RuntimeDefault" {
		t.Errorf("%s: pod securityContext is not restricted", w.Name)
	}
	containers := append(asMaps(w.Input(spec+"containers")), asMaps(w.Input(spec+"initContainers"))...)
	for _, c := range containers {
		sc, _ := c["securityContext"].(map[string]any)
		caps, _ := sc["capabilities"].(map[string]any)
		if sc["allowPrivilegeEscalation"] != false || !slices.Contains(list(caps["drop"]), "ALL") || sc["runAsNonRoot"] != true {
			t.Errorf("%s: container %v is not restricted: %v", w.Name, c["name"], sc)
		}
	}
	ns := w.Str("metadata.namespace")
	for _, n := range g.ByType(tNamespace) {
		if n.Str("metadata.name") == ns && n.Map("metadata.labels")["pod-security.kubernetes.io/enforce"] != "restricted" {
			t.Errorf("%s: namespace %s does not enforce the restricted profile", w.Name, ns)
		}
	}
}

// TestServicesGetOnlyTheStoresTheyList: a service's dataStores decide
// more than its pod network. A service that lists no store gets no
// database user, no rds-db:connect, no cache secret or key, and no store
// endpoint in its env; one that lists only the cache gets the cache and
// not the database. Fails when serviceWiring hands every service every
// store (as it did when dataStores only shaped the security groups).
func TestServicesGetOnlyTheStoresTheyList(t *testing.T) {
	svcs := `[{"name":"web","image":"web:1.0.0","allowInternetEgress":true},` +
		`{"name":"render","image":"render:1.0.0","paths":["/render/*"],"dataStores":[],"allowInternetEgress":true},` +
		`{"name":"feed","image":"feed:1.0.0","paths":["/feed/*"],"dataStores":["cache"],"allowInternetEgress":true}]`
	g := harness.RunStack(t, "dev", harness.Set("services", svcs))
	cacheSecret := g.ByType(dataTSecret)
	var cacheSecretArn string
	for _, s := range cacheSecret {
		if strings.Contains(s.Name, "cache") {
			cacheSecretArn, _ = s.Output("arn").(string)
		}
	}
	if cacheSecretArn == "" {
		t.Fatal("no cache secret in the graph")
	}
	want := map[string]struct{ db, cache bool }{"web": {true, true}, "render": {false, false}, "feed": {false, true}}
	seen := 0
	for _, d := range g.ByType(tDeployment) {
		name := d.Str("metadata.name")
		w, ok := want[name]
		if !ok {
			continue
		}
		seen++
		id := identityOf(t, g, d)
		var connect, readsCache bool
		for _, rp := range id.policies {
			for _, st := range statementsOf(t, rp) {
				connect = connect || slices.ContainsFunc(st.actions(), func(p string) bool { return actionMatches(p, "rds-db:connect") })
				readsCache = readsCache || grants(st, "secretsmanager:GetSecretValue", cacheSecretArn)
			}
		}
		t.Logf("%s: DB_USER=%q rds-db:connect=%v DATABASE_HOST set=%v cache secret=%v CACHE_HOST set=%v",
			name, id.env["DB_USER"], connect, id.env["DATABASE_HOST"] != "", readsCache, id.env["CACHE_HOST"] != "")
		if connect != w.db || (id.env["DB_USER"] != "") != w.db || (id.env["DATABASE_HOST"] != "") != w.db {
			t.Errorf("%s: database identity %v (user %q, host %q), want %v", name, connect, id.env["DB_USER"], id.env["DATABASE_HOST"], w.db)
		}
		if readsCache != w.cache || (id.env["CACHE_HOST"] != "") != w.cache {
			t.Errorf("%s: cache secret %v (host %q), want %v", name, readsCache, id.env["CACHE_HOST"], w.cache)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d services' Deployments", seen, len(want))
	}
}
