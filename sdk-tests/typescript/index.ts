// A consumer of the generated TypeScript SDK: a network, an Aurora database
// in its isolated subnets admitting its application tier, and a backup plan.
// scripts/sdks.sh type-checks it (tsc --noEmit --strict) against the SDK that
// `pulumi package gen-sdk` generated and tsc compiled; it is never run here
// (no Node.js language host), so it shows what a program can say, not what
// a deployment does.
import * as pulumi from "@pulumi/pulumi";
import * as webplatform from "@webplatform-dev/webplatform";

const net = new webplatform.network.Network("net", {
    cidr: "10.20.0.0/16",
    azCount: 3,
    natStrategy: "one-per-az",
    tags: { team: "platform" },
});

const db = new webplatform.database.Database("db", {
    vpcId: net.vpcId,
    subnetIds: net.isolatedSubnetIds,
    availabilityZones: net.availabilityZones,
    allowedSecurityGroupIds: [net.appSecurityGroupId],
    instances: 2,
    backupRetentionDays: 14,
    tags: { team: "platform" },
}, { dependsOn: [net] });

const backup = new webplatform.backup.Backup("backup", {
    rules: [{ name: "daily", schedule: "cron(0 3 * * ? *)", retentionDays: 35 }],
    selectionTagKey: "backup",
    selectionTagValue: "daily",
    drRegion: "us-west-2",
    vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 },
});

// Outputs keep their types: a string output is not a number output.
export const writerEndpoint: pulumi.Output<string> = db.writerEndpoint;
export const port: pulumi.Output<number> = db.port;
export const subnets: pulumi.Output<string[]> = net.isolatedSubnetIds;
export const vaultArn: pulumi.Output<string> = backup.vaultArn;
