package violations

// Cases are the rule, broken resource and compliant twin of every case the
// program registers. policy's tests fail when a rule has no case.
var Cases = []Case{
	{"kms-keys-rotate-and-name-their-principals", "key-norotate", "key", nil},
	{"log-groups-encrypted-and-retained", "logs-bad", "logs-good", nil},
	{"data-encrypted-with-stack-keys", "secret-bad", "secret-good", nil},
	{"data-stores-in-isolated-subnets", "dbsubnets-bad", "dbsubnets-good", nil},
	{"data-stores-admit-only-security-groups", "cache-bad", "cache-good", nil},
	{"default-security-groups-deny-all", "vpc-bad", "vpc-good", nil},
	{"distributions-https-tls12-and-waf", "cdn-bad", "cdn-good", nil},
	{"web-acls-managed-rules-and-rate-limit", "acl-bad", "acl-good", nil},
	{"load-balancers-reachable-only-through-the-edge", "edge-rule-bad", "edge-rule-good", []string{"edge-rule-clear", "alb-bad"}},
	{"load-balancer-listeners-tls13", "listener-bad", "listener-good", nil},
	{"load-balancers-hardened", "alb-bad", "alb-good", nil},
	{"api-routes-require-jwt", "route-bad", "route-good", nil},
	{"eks-control-plane-private-and-audited", "eks-bad", "eks-good", nil},
	{"nodes-imdsv2-encrypted-no-ssh", "nodes-bad", "nodes-good", nil},
	{"pod-roles-name-their-resources", "pod-policy-bad", "pod-policy-good", nil},
	{"containers-limited-probed-and-restricted", "deploy-bad", "deploy-good", []string{"deploy-root"}},
	{"no-secret-values-in-kubernetes-objects", "config-bad", "config-good", nil},
	{"alarms-notify-topics-in-their-region", "alarm-bad", "alarm-good", nil},
	{"stateful-resources-protected", "bucket-bad", "bucket-good", nil},
	{"stateful-resources-backed-up", "db-bad", "db-good", nil},
}
