package mockgraph

// Status fields of the Kubernetes objects the program registers, as the
// kubernetes provider reports them once the object is ready (the program
// reads none of them today; the engine's state and the plan show them).
func kubernetesModel(t outputTable) {
	t.add("kubernetes:helm.sh/v3:Release", func(r *Resource, _ string) map[string]any {
		ns := r.Str("namespace")
		if ns == "" {
			ns = "default"
		}
		return map[string]any{"status": map[string]any{
			"name":       nameOr(r, "name"),
			"namespace":  ns,
			"chart":      r.Str("chart"),
			"version":    r.Str("version"),
			"appVersion": r.Str("version"),
			"revision":   1,
			"status":     "deployed",
		}}
	})
	t.add("kubernetes:apps/v1:Deployment", func(r *Resource, _ string) map[string]any {
		replicas := r.Int("spec.replicas")
		if !r.Has("spec.replicas") {
			replicas = 1
		}
		return map[string]any{"status": map[string]any{
			"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas, "updatedReplicas": replicas, "observedGeneration": 1,
		}}
	})
}
