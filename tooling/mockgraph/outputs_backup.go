package mockgraph

import "fmt"

// Computed attributes of AWS Backup resource types, shaped like the real
// ones.
func backupModel(t outputTable) {
	t.add("aws:backup/vault:Vault", func(r *Resource, region string) map[string]any {
		name := nameOr(r, "name")
		return map[string]any{
			"name":           name,
			"arn":            fmt.Sprintf("arn:aws:backup:%s:%s:backup-vault:%s", region, Account, name),
			"recoveryPoints": 0,
		}
	})
	t.add("aws:backup/plan:Plan", func(r *Resource, region string) map[string]any {
		return map[string]any{
			"arn":     fmt.Sprintf("arn:aws:backup:%s:%s:backup-plan:%s-id", region, Account, r.Name),
			"version": "ZjE0NzU0YWMtMjM1Ny00",
		}
	})
}
