package policy

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// podTemplates are the Kubernetes kinds whose pod template the rules read.
var podTemplates = []string{
	tDeployment, "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet",
	"kubernetes:batch/v1:Job", "kubernetes:batch/v1:CronJob",
}

func kubernetesRules() []Rule {
	return []Rule{
		{
			Name: "containers-limited-probed-and-restricted",
			Description: "Every container of a workload the stack creates has CPU and memory requests and limits, liveness " +
				"and readiness probes (long-running workloads), and the restricted Pod Security Standard's context: non-root, RuntimeDefault " +
				"seccomp, no privilege escalation, all capabilities dropped, read-only root filesystem, not privileged.",
			Remediation: "use components/workload, which sets all of these",
			Severity:    High,
			Equivalents: []string{
				"checkov CKV_K8S_10", "checkov CKV_K8S_11", "checkov CKV_K8S_12", "checkov CKV_K8S_13", "checkov CKV_K8S_8",
				"checkov CKV_K8S_9", "checkov CKV_K8S_16", "checkov CKV_K8S_20", "checkov CKV_K8S_22", "checkov CKV_K8S_23",
				"checkov CKV_K8S_28", "checkov CKV_K8S_31", "checkov CKV_K8S_37",
			},
			Check: checkContainers,
		},
		{
			Name: "no-secret-values-in-kubernetes-objects",
			Description: "The stack creates no Kubernetes Secret and puts no Pulumi secret into a Kubernetes object: secret " +
				"values would be stored in the state and in etcd in the clear; pods read them from Secrets Manager.",
			Remediation: "pass the secret's ARN and let the pod read it with its IAM role",
			Severity:    Critical,
			Equivalents: []string{"checkov CKV_K8S_35"},
			Check:       checkK8sSecrets,
		},
	}
}

// podSpec is the pod template's spec of a workload object.
func podSpec(r *Resource) (map[string]any, string) {
	if r.Type == "kubernetes:batch/v1:CronJob" {
		return r.Map("spec.jobTemplate.spec.template.spec"), "spec.jobTemplate.spec.template.spec"
	}
	return r.Map("spec.template.spec"), "spec.template.spec"
}

func checkContainers(s *Stack, report Reporter) {
	for _, w := range s.Of(podTemplates...) {
		pod, _ := podSpec(w)
		if pod == nil {
			continue // unknown until its inputs exist
		}
		if get(pod, "securityContext", "runAsNonRoot") != true {
			report(w, "the pod does not set runAsNonRoot")
		}
		if str(pod, "securityContext", "seccompProfile", "type") != "RuntimeDefault" {
			report(w, "the pod's seccomp profile is not RuntimeDefault")
		}
		for _, key := range []string{"hostNetwork", "hostPID", "hostIPC"} {
			if pod[key] == true {
				report(w, "the pod sets %s", key)
			}
		}
		for _, kind := range []string{"initContainers", "containers"} {
			list, _ := pod[kind].([]any)
			for _, c := range objects(list) {
				for _, problem := range containerProblems(c, kind == "containers" && longRunning(w)) {
					report(w, "container %v: %s", c["name"], problem)
				}
			}
		}
	}
}

// containerProblems lists what a container misses; probes only matter for
// long-running containers.
func containerProblems(c map[string]any, probes bool) []string {
	var out []string
	for _, k := range []string{"requests", "limits"} {
		for _, r := range []string{"cpu", "memory"} {
			if get(c, "resources", k, r) == nil {
				out = append(out, fmt.Sprintf("no %s %s", r, strings.TrimSuffix(k, "s")))
			}
		}
	}
	if probes {
		for _, p := range []string{"livenessProbe", "readinessProbe"} {
			if c[p] == nil {
				out = append(out, "no "+p)
			}
		}
	}
	sc := c["securityContext"]
	checks := []struct {
		ok   bool
		what string
	}{
		{get(sc, "allowPrivilegeEscalation") == false, "allowPrivilegeEscalation is not false"},
		{get(sc, "runAsNonRoot") != false && !isZero(get(sc, "runAsUser")), "runs as root (runAsNonRoot false or runAsUser 0)"},
		{get(sc, "readOnlyRootFilesystem") == true, "the root filesystem is writable"},
		{get(sc, "privileged") != true, "privileged"},
		{dropsAll(get(sc, "capabilities", "drop")), "capabilities are not all dropped"},
		{len(strs(get(sc, "capabilities", "add"))) == 0, "adds capabilities"},
	}
	for _, ch := range checks {
		if !ch.ok {
			out = append(out, ch.what)
		}
	}
	return out
}

// longRunning reports whether a workload's pods serve until replaced (a
// Job's run to completion: probes do not apply).
func longRunning(w *Resource) bool {
	return !strings.HasPrefix(w.Type, "kubernetes:batch/")
}

func isZero(v any) bool {
	f, ok := v.(float64)
	return ok && f == 0
}

func dropsAll(v any) bool {
	for _, c := range strs(v) {
		if c == "ALL" {
			return true
		}
	}
	return false
}

func checkK8sSecrets(s *Stack, report Reporter) {
	for _, r := range s.Graph.All() {
		if !strings.HasPrefix(r.Type, "kubernetes:") || strings.HasPrefix(r.Type, "kubernetes:helm.sh/") {
			continue
		}
		if r.Type == tK8sSecret {
			report(r, "a Kubernetes Secret: its data is stored in the state and in etcd")
			continue
		}
		for k, v := range r.Inputs {
			if containsSecret(v) {
				report(r, "%s carries a Pulumi secret into the object", k)
			}
		}
	}
}

// containsSecret reports whether v is or holds a secret.
func containsSecret(v resource.PropertyValue) bool {
	switch {
	case v.IsSecret():
		return true
	case v.IsOutput():
		return v.OutputValue().Secret || containsSecret(v.OutputValue().Element)
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			if containsSecret(e) {
				return true
			}
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			if containsSecret(e) {
				return true
			}
		}
	}
	return false
}
