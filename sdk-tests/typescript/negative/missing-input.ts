// expect: error TS2345: Argument of type '\{ vpcId: Output<string>; \}' is not assignable to parameter of type 'DatabaseArgs'
// fix: { vpcId: net.vpcId } => { vpcId: net.vpcId, subnetIds: net.isolatedSubnetIds }
// A required input left out must not compile (scripts/sdks.sh, as
// misspelled-input.ts).
import * as webplatform from "@webplatform-dev/webplatform";

const net = new webplatform.network.Network("net", {});
new webplatform.database.Database("db", { vpcId: net.vpcId });
