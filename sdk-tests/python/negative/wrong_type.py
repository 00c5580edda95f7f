# expect: error: Argument of type "Output\[Sequence\[str\]\]" cannot be assigned to parameter "vpc_id"
# fix: vpc_id=net.isolated_subnet_ids => vpc_id=net.vpc_id
# An output of the wrong type must not type-check: a list of subnets is not
# a VPC id (scripts/sdks.sh, as misspelled_kwarg.py).
import webplatform_dev_webplatform as webplatform

net = webplatform.network.Network("net")
webplatform.database.Database("db", webplatform.database.DatabaseArgs(vpc_id=net.isolated_subnet_ids, subnet_ids=net.isolated_subnet_ids))
