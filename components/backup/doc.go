// Package backup provides Backup, an AWS Backup setup for one environment:
//
//   - a backup vault named after the component (or Settings.NamePrefix),
//     encrypted with its own
//     customer-managed KMS key (rotation on);
//   - a backup plan with one rule per Rule: a cron schedule, retention,
//     optional cold storage, optional continuous backup (point-in-time
//     restore for RDS/Aurora and S3, at most 35 days) and optional copies
//     of every recovery point to a DR vault in another region;
//   - a DR vault with its own KMS key, created through Wiring.DRProvider, when a
//     rule copies to DR;
//   - an optional Vault Lock on both vaults (recovery points cannot be
//     deleted early by anyone once the grace period has passed);
//   - an IAM role AWS Backup assumes (trust limited to this account) with
//     the AWS managed backup and restore policies, including the S3 ones;
//   - a selection of the resources carrying the tag backup=true and every
//     one of Settings.ScopeTags (the stack's own tags, such as project and
//     stack).
//
// Why selection by tag: the data components (database, cache, storage) tag
// what they create with tags.BackupKey=tags.BackupValue. The plan selects
// by that tag instead of listing ARNs, so a stateful resource this stack
// adds later is backed up without touching this component, and nothing
// depends on output ordering between the data tier and the backup tier.
// The ScopeTags conditions (AND, with Resources "*") keep the selection to
// this stack: stacks sharing an account do not back up each other, and
// one stack's vault lock never holds another's data.
//
// The helpers HasContinuous, CopiesToDR, BestRPO, BestDRRPO and
// ScheduleInterval let a stack reason about its recovery point objective
// without creating anything.
//
// Usage, dev (the defaults: one daily rule at 03:00 UTC keeping 7 days):
//
//	b, err := backup.NewBackup(ctx, "shop-dev-backup", &backup.BackupArgs{Settings: backup.Settings{
//		ForceDestroy: true,
//		ScopeTags:    map[string]string{"project": "shop", "stack": "dev"},
//		Tags:         map[string]string{"project": "shop", "environment": "dev", "owner": "team-shop"},
//	}})
//
// Usage, prod (hourly continuous backups kept 35 days, daily snapshots kept
// 35 days and monthly ones kept a year, both copied to the DR region, and
// the vaults locked and protected):
//
//	dr, _ := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
//	b, err := backup.NewBackup(ctx, "shop-prod-backup", &backup.BackupArgs{
//		Settings: backup.Settings{
//			Rules: []backup.Rule{
//				{Name: "hourly", Schedule: "cron(0 * * * ? *)", RetentionDays: 35, Continuous: true},
//				{Name: "daily", Schedule: "cron(0 3 * * ? *)", RetentionDays: 35, CopyToDR: true},
//				{Name: "monthly", Schedule: "cron(0 4 1 * ? *)", RetentionDays: 365, ColdStorageAfterDays: 30, CopyToDR: true},
//			},
//			VaultLock: &backup.VaultLock{MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 3},
//			Protect:   true,
//			ScopeTags: map[string]string{"project": "shop", "stack": "prod"},
//			Tags:      map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//		},
//		Wiring: backup.Wiring{DRProvider: dr},
//	})
//	// b.Settings.BestRPO() == 5*time.Minute; b.Settings.BestDRRPO() == 25h, true
//
// A compiled example that go test runs: Example_backup in
// examples/consumer/example_data_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package backup
