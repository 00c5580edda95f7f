# expect: error: Argument of type "Literal\['per-az'\]" cannot be assigned to parameter "nat_strategy"
# fix: nat_strategy="per-az" => nat_strategy=webplatform.network.NatStrategy.ONE_PER_AZ
# A value outside an input's allowed list must not type-check: the schema
# makes nat_strategy an enumeration of network.NatStrategies (provider/enums.go).
import webplatform_dev_webplatform as webplatform

webplatform.network.Network("net", nat_strategy="per-az")
