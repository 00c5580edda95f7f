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
// Engine, EngineVersion and NodeType are checked against what AWS offers
// (internal/catalog); the default parameter group derives from the
// version's family (redis 6.2 uses default.redis6.x, valkey 8.x
// default.valkey8, with ".cluster.on" in cluster mode), and r6gd node
// types turn data tiering on.
//
// Settings (plain values, checked by Validate without a Pulumi context)
// are separate from the Wiring (the network's outputs); NamePrefix sets
// the physical names so that two stacks can hold a "cache" in one account.
//
// Usage:
//
//	c, err := cache.NewCache(ctx, "shop-cache", &cache.CacheArgs{
//		Settings: cache.Settings{Nodes: 3, MultiAZ: true},
//		Wiring: cache.Wiring{
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
//	ctx.Export("cacheEndpoint", c.PrimaryEndpoint)
//
// A compiled example that go test runs: Example_cache in
// examples/consumer/example_data_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package cache
