// Package cache provides Cache, an ElastiCache replication group (Valkey by
// default, or Redis OSS) in the isolated subnets: TLS required in transit,
// encryption at rest with its own customer-managed KMS key, an AUTH token
// generated with the random provider (ElastiCache's allowed characters) and
// kept in Secrets Manager under the same key, Multi-AZ with automatic
// failover when there is more than one node, optional cluster mode
// (shards), snapshots, engine and slow logs to encrypted log groups with
// retention. Only the given client security groups may connect.
//
// AWS Backup does not cover ElastiCache; its own snapshot retention does.
//
// Usage:
//
//	c, err := cache.NewCache(ctx, "shop-cache", &cache.CacheArgs{
//		VpcId:                   net.VpcId,
//		SubnetIds:               net.IsolatedSubnetIds,
//		AvailabilityZones:       net.Zones,
//		AllowedSecurityGroupIds: []pulumi.StringInput{net.AppSecurityGroupId},
//		Nodes:                   3,
//		MultiAZ:                 true,
//	})
//	if err != nil {
//		return err
//	}
//	ctx.Export("cacheEndpoint", c.PrimaryEndpoint)
package cache
