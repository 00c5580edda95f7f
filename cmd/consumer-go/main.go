// Command consumer-go is the Go twin of testdata/consumer-yaml/Pulumi.yaml:
// the same network, database and backup with the same inputs, built by the Go
// components directly. The engine tests run both and require identical
// children (types, names, parents and inputs): what a YAML, TypeScript or
// Python program gets through the provider is what a Go program gets.
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/network"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		tags := map[string]string{"project": "consumer", "environment": "test"}
		net, err := network.NewNetwork(ctx, "net", &network.NetworkArgs{Settings: network.Settings{
			Cidr: "10.40.0.0/16", AZCount: 2, AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"},
			NatStrategy: network.NatSingle, InterfaceEndpoints: []string{"sts", "logs"},
			FlowLogRetentionDays: 30, Tags: tags,
		}})
		if err != nil {
			return err
		}
		db, err := database.NewDatabase(ctx, "db", &database.DatabaseArgs{
			Settings: database.Settings{
				NamePrefix: "consumer", Instances: 2, InstanceClass: "db.t4g.medium",
				BackupRetentionDays: 7, LogRetentionDays: 30, AllowDeletion: true, Tags: tags,
			},
			Wiring: database.Wiring{
				VpcId: net.VpcId, SubnetIds: net.IsolatedSubnetIds, AvailabilityZones: net.AvailabilityZones,
				AllowedSecurityGroupIds: []pulumi.StringInput{net.AppSecurityGroupId},
			},
		})
		if err != nil {
			return err
		}
		dr, err := aws.NewProvider(ctx, "backup-dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
		if err != nil {
			return err
		}
		bk, err := backup.NewBackup(ctx, "backup", &backup.BackupArgs{
			Settings: backup.Settings{
				NamePrefix: "consumer", ForceDestroy: true, Tags: tags,
				Rules: []backup.Rule{{Name: "daily", Schedule: "cron(0 3 * * ? *)", RetentionDays: 7, CopyToDR: true}},
			},
			Wiring: backup.Wiring{DRProvider: dr},
		})
		if err != nil {
			return err
		}
		ctx.Export("vpcId", net.VpcId)
		ctx.Export("isolatedSubnetIds", net.IsolatedSubnetIds)
		ctx.Export("writerEndpoint", db.WriterEndpoint)
		ctx.Export("readerEndpoint", db.ReaderEndpoint)
		ctx.Export("backupVault", bk.VaultName)
		return nil
	})
}
