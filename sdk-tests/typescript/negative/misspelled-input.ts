// expect: error TS2561: .*'vpcID' does not exist in type 'DatabaseArgs'
// fix: vpcID: => vpcId:
// A misspelled input name must not compile. scripts/sdks.sh checks that
// tsc fails with the error above and that the file compiles once the fix
// is applied, so the failure is the misspelling's and nothing else's.
import * as webplatform from "@webplatform-dev/webplatform";

const net = new webplatform.network.Network("net", {});
new webplatform.database.Database("db", { vpcID: net.vpcId, subnetIds: net.isolatedSubnetIds });
