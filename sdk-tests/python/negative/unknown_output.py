# expect: error: Cannot access attribute "vpc_ids" for class "Network"
# fix: net.vpc_ids => net.vpc_id
# A misspelled output name must not type-check (scripts/sdks.sh, as
# misspelled_kwarg.py).
import webplatform_dev_webplatform as webplatform

net = webplatform.network.Network("net")
vpc = net.vpc_ids
