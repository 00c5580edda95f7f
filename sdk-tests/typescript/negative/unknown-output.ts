// expect: error TS2551: Property 'vpcIds' does not exist on type 'Network'
// fix: net.vpcIds => net.vpcId
// A misspelled output name must not compile (scripts/sdks.sh, as
// misspelled-input.ts).
import * as webplatform from "@webplatform-dev/webplatform";

const net = new webplatform.network.Network("net", {});
export const vpc = net.vpcIds;
