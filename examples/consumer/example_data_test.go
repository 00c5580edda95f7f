package consumer_test

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/cache"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/storage"
)

// The examples of this package are compiled and run by go test: example
// (consumer_test.go) stands for pulumi.Run in a program's main and runs
// the program under the mock monitor, so an example whose arguments the
// components refuse fails. A StackReference reads platformStack there.

// tags every example puts on its resources (project, environment and
// owner are what the components' callers in this repository set).
var tags = map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"}

// A VPC over three zones: public, private and isolated subnets per zone, a
// NAT gateway per zone, interface endpoints for the images and the logs.
func Example_network() {
	var net *network.Network
	example(func(ctx *pulumi.Context) (err error) {
		net, err = network.NewNetwork(ctx, "shop", &network.NetworkArgs{Settings: network.Settings{
			Cidr:               "10.42.0.0/16",
			AZCount:            3,
			NatStrategy:        network.NatPerAZ,
			InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "sts", "logs"},
			Tags:               tags,
		}})
		if err != nil {
			return err
		}
		ctx.Export("vpcId", net.VpcId)
		ctx.Export("isolatedSubnetIds", net.IsolatedSubnetIds)
		return nil
	})
	fmt.Println(net.Zones)
	fmt.Println(net.SubnetCidrs[network.TierIsolated])
	// Output:
	// [eu-west-1a eu-west-1b eu-west-1c]
	// [10.42.102.0/24 10.42.103.0/24 10.42.104.0/24]
}

// Aurora PostgreSQL in the network's isolated subnets, one instance per
// zone: every wiring input is one of the network's outputs.
func Example_database() {
	var db *database.Database
	example(func(ctx *pulumi.Context) error {
		net, err := network.NewNetwork(ctx, "shop", &network.NetworkArgs{Settings: network.Settings{Tags: tags}})
		if err != nil {
			return err
		}
		db, err = database.NewDatabase(ctx, "shop-db", &database.DatabaseArgs{
			Settings: database.Settings{Instances: 3, MaxReaders: 6, Protect: true, Tags: tags},
			Wiring: database.Wiring{
				VpcId:             net.VpcId,
				SubnetIds:         net.IsolatedSubnetIds,
				AvailabilityZones: net.AvailabilityZones,
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("dbWriterEndpoint", db.WriterEndpoint)
		ctx.Export("dbSecretArn", db.SecretArn)
		return nil
	})
	fmt.Println(db.InstanceIdentifiers)
	// Output: [shop-db-1 shop-db-2 shop-db-3]
}

// A Valkey replication group in another project: the network comes from
// the stack that owns it, through a StackReference.
func Example_cache() {
	var c *cache.Cache
	example(func(ctx *pulumi.Context) error {
		platform, err := pulumi.NewStackReference(ctx, "acme/platform/prod", nil)
		if err != nil {
			return err
		}
		c, err = cache.NewCache(ctx, "sessions", &cache.CacheArgs{
			Settings: cache.Settings{Nodes: 3, MultiAZ: true, NodeType: "cache.r7g.large", Tags: tags},
			Wiring: cache.Wiring{
				VpcId:             platform.GetStringOutput(pulumi.String("vpcId")),
				SubnetIds:         platform.GetOutput(pulumi.String("isolatedSubnetIds")).AsStringArrayOutput(),
				AvailabilityZones: platform.GetOutput(pulumi.String("availabilityZones")).AsStringArrayOutput(),
				// One ingress rule per element: the count is known, the ids
				// are outputs.
				AllowedSecurityGroupIds: []pulumi.StringInput{platform.GetStringOutput(pulumi.String("appSecurityGroupId"))},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("cacheEndpoint", c.PrimaryEndpoint)
		return nil
	})
	fmt.Println(c.GroupId, c.LogGroupNames["slow-log"])
	// Output: sessions /aws/elasticache/sessions/slow-log
}

// The files, assets and log buckets, the files replicated to a locked
// bucket in the DR region through a provider of that region.
func Example_storage() {
	var st *storage.Storage
	example(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
		if err != nil {
			return err
		}
		st, err = storage.NewStorage(ctx, "shop-storage", &storage.StorageArgs{
			Settings: storage.Settings{Replicate: true, ReplicaLockDays: 30, Protect: true, Tags: tags},
			Wiring:   storage.Wiring{DRProvider: dr},
		})
		if err != nil {
			return err
		}
		ctx.Export("filesBucket", st.FilesBucketName)
		return nil
	})
	fmt.Println(st.Prefix, st.ReplicationRuleId)
	// Output: shop-storage files-to-dr
}

// Hourly continuous backups, daily and monthly snapshots copied to the DR
// region, the vaults locked: what the data components tag backup=true in
// this stack is selected.
func Example_backup() {
	var b *backup.Backup
	example(func(ctx *pulumi.Context) error {
		dr, err := aws.NewProvider(ctx, "dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
		if err != nil {
			return err
		}
		b, err = backup.NewBackup(ctx, "shop-backup", &backup.BackupArgs{
			Settings: backup.Settings{
				Rules: []backup.Rule{
					{Name: "hourly", Schedule: "cron(0 * * * ? *)", RetentionDays: 35, Continuous: true},
					{Name: "daily", Schedule: "cron(0 3 * * ? *)", RetentionDays: 35, CopyToDR: true},
					{Name: "monthly", Schedule: "cron(0 4 1 * ? *)", RetentionDays: 365, ColdStorageAfterDays: 30, CopyToDR: true},
				},
				VaultLock: &backup.VaultLock{MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 3},
				ScopeTags: map[string]string{"project": "shop", "environment": "prod"},
				Tags:      tags,
			},
			Wiring: backup.Wiring{DRProvider: dr},
		})
		if err != nil {
			return err
		}
		ctx.Export("vaultArn", b.VaultArn)
		return nil
	})
	drRPO, copied := b.Settings.BestDRRPO()
	fmt.Println(b.Settings.BestRPO(), drRPO, copied)
	// Output: 5m0s 25h0m0s true
}
