# expect: error: No parameter named "subnet_id"
# fix: subnet_id= => subnet_ids=
# A misspelled field of an Args class must not type-check (scripts/sdks.sh,
# as misspelled_kwarg.py).
import webplatform_dev_webplatform as webplatform

net = webplatform.network.Network("net")
args = webplatform.database.DatabaseArgs(vpc_id=net.vpc_id, subnet_id=net.isolated_subnet_ids)
webplatform.database.Database("db", args)
