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
//			AvailabilityZones:       net.Zones,
//			// No AllowedSecurityGroupIds: the workload admits the pods of
//			// the services that use the store (clientsg.Admit).
//		},
//	})
//	if err != nil {
//		return err
//	}
//	ctx.Export("dbEndpoint", db.WriterEndpoint)
package database
