// expect: error TS2322: Type '(Output|OutputInstance)<number>' is not assignable to type 'number'
// fix: instances: db.port => instances: 2
// An input the schema declares plain (not an Input) takes no output: the
// generated type says so (scripts/sdks.sh, as misspelled-input.ts).
import * as webplatform from "@webplatform-dev/webplatform";

const net = new webplatform.network.Network("net", {});
const db = new webplatform.database.Database("db", { vpcId: net.vpcId, subnetIds: net.isolatedSubnetIds });
new webplatform.database.Database("db2", { vpcId: net.vpcId, subnetIds: net.isolatedSubnetIds, instances: db.port });
