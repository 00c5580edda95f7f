# expect: error: Argument missing for parameter "subnet_ids"
# fix: DatabaseArgs(vpc_id=net.vpc_id) => DatabaseArgs(vpc_id=net.vpc_id, subnet_ids=net.isolated_subnet_ids)
# A required input left out must not type-check (scripts/sdks.sh, as
# misspelled_kwarg.py).
import webplatform_dev_webplatform as webplatform

net = webplatform.network.Network("net")
webplatform.database.Database("db", webplatform.database.DatabaseArgs(vpc_id=net.vpc_id))
