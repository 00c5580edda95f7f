// expect: error TS2322: Type '"per-az"' is not assignable to type
// fix: natStrategy: "per-az" => natStrategy: "one-per-az"
// A value outside an input's allowed list must not compile: the schema
// makes natStrategy an enumeration of network.NatStrategies (provider/enums.go).
import * as webplatform from "@webplatform-dev/webplatform";

new webplatform.network.Network("net", { natStrategy: "per-az" });
