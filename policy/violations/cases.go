package violations

// Cases are the rule, broken resource and compliant twin of every case the
// program registers. policy's tests fail when a rule has no case.
var Cases = []Case{
	{"kms-keys-rotate-and-name-their-principals", "key-norotate", "key"},
	{"log-groups-encrypted-and-retained", "logs-bad", "logs-good"},
	{"data-encrypted-with-stack-keys", "secret-bad", "secret-good"},
	{"data-stores-in-isolated-subnets", "dbsubnets-bad", "dbsubnets-good"},
	{"data-stores-admit-only-security-groups", "cache-bad", "cache-good"},
	{"default-security-groups-deny-all", "vpc-bad", "vpc-good"},
	{"distributions-https-tls12-and-waf", "cdn-bad", "cdn-good"},
	{"web-acls-managed-rules-and-rate-limit", "acl-bad", "acl-good"},
	{"load-balancers-reachable-only-through-the-edge", "edge-rule-bad", "edge-rule-good"},
	{"load-balancer-listeners-tls13", "listener-bad", "listener-good"},
	{"load-balancers-hardened", "alb-bad", "alb-good"},
	{"api-routes-require-jwt", "route-bad", "route-good"},
	{"eks-control-plane-private-and-audited", "eks-bad", "eks-good"},
	{"nodes-imdsv2-encrypted-no-ssh", "nodes-bad", "nodes-good"},
	{"pod-roles-name-their-resources", "pod-policy-bad", "pod-policy-good"},
	{"containers-limited-probed-and-restricted", "deploy-bad", "deploy-good"},
	{"no-secret-values-in-kubernetes-objects", "config-bad", "config-good"},
	{"alarms-notify-topics-in-their-region", "alarm-bad", "alarm-good"},
	{"stateful-resources-protected", "bucket-bad", "bucket-good"},
	{"stateful-resources-backed-up", "db-bad", "db-good"},
}
