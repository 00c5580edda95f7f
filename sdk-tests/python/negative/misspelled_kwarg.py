# expect: error: No overloads for "__init__" match the provided arguments
# fix: vpc_idd= => vpc_id=
# A misspelled keyword argument must not type-check. scripts/sdks.sh checks
# that pyright fails with the error above and passes once the fix is
# applied, so the failure is the misspelling's and nothing else's.
import webplatform_dev_webplatform as webplatform

net = webplatform.network.Network("net")
webplatform.database.Database("db", vpc_idd=net.vpc_id, subnet_ids=net.isolated_subnet_ids)
