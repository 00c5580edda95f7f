// Package database provides Database, an Aurora PostgreSQL cluster in the
// isolated subnets: a writer plus readers spread over the AZs with promotion
// tiers for failover, optional reader autoscaling, storage and Performance
// Insights encrypted with its own customer-managed KMS key, TLS forced by
// the cluster parameter group, IAM database authentication, master
// credentials managed by RDS in Secrets Manager (never in outputs), backups
// with point-in-time recovery, enhanced monitoring and PostgreSQL logs in a
// log group with retention and KMS. Only the given client security groups
// may connect, on 5432.
//
// IAM database authentication is how applications log in: ClusterResourceId
// scopes rds-db:connect to one database user (workload.DatabaseWiring);
// the master secret is for bootstrapping those users only.
//
// The cluster identifier and the instance identifiers are fixed (alarms,
// log groups and the runbook name them), so the cluster and its instances
// are replaced delete-first (a restore from SnapshotIdentifier, another
// AZ): never a second resource under the same name. With Protect (and
// deletion protection) such a replacement is refused before anything is
// deleted.
//
// EngineVersion and InstanceClass are checked against what AWS offers
// (internal/catalog: the exact minor versions, and the instance classes
// each version runs on); the cluster parameter group family derives from
// the version.
//
// Settings (plain values, checked by Validate without a Pulumi context)
// are separate from the Wiring (the network's outputs); NamePrefix sets
// the physical names so that two stacks can hold a "db" in one account.
//
// Usage:
//
//	db, err := database.NewDatabase(ctx, "shop-db", &database.DatabaseArgs{
//		Settings: database.Settings{Instances: 3, BackupRetentionDays: 35},
//		Wiring: database.Wiring{
//			VpcId:                   net.VpcId,
//			SubnetIds:               net.IsolatedSubnetIds,
//			AvailabilityZones:       net.AvailabilityZones, // or pulumi.ToStringArray(net.Zones)
//			// No AllowedSecurityGroupIds: the workload admits the pods of
//			// the services that use the store (clientsg.Admit).
//		},
//	})
//	if err != nil {
//		return err
//	}
//	ctx.Export("dbEndpoint", db.WriterEndpoint)
//
// A compiled example that go test runs: Example_database in
// examples/consumer/example_data_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package database
