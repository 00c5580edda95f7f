// expect: error TS2322: Type 'Output<string\[\]>' is not assignable to type 'Input<string( \| undefined)?>'
// fix: vpcId: net.isolatedSubnetIds => vpcId: net.vpcId
// An output of the wrong type must not compile: a list of subnets is not a
// VPC id (scripts/sdks.sh, as misspelled-input.ts).
import * as webplatform from "@webplatform-dev/webplatform";

const net = new webplatform.network.Network("net", {});
new webplatform.database.Database("db", { vpcId: net.isolatedSubnetIds, subnetIds: net.isolatedSubnetIds });
