package policy

import (
	"fmt"
	"strings"
)

// managedGroups are the AWS managed rule groups every web ACL runs.
var managedGroups = []string{
	"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesSQLiRuleSet",
}

func edgeRules() []Rule {
	return []Rule{
		{
			Name: "distributions-https-tls12-and-waf",
			Description: "Every CloudFront distribution has a web ACL of the stack, redirects viewers to HTTPS on every " +
				"behaviour, requires TLSv1.2_2021 or newer (which needs its own certificate) and reaches custom origins over TLS 1.2 only.",
			Remediation: "use components/cdn with a certificate (cdnDefaultCertificate false) and the stack's web ACL",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_68", "checkov CKV_AWS_174", "checkov CKV_AWS_34", "cdk-nag AwsSolutions-CFR2", "cdk-nag AwsSolutions-CFR4", "cdk-nag AwsSolutions-CFR5"},
			Check:       checkDistributions,
		},
		{
			Name: "web-acls-managed-rules-and-rate-limit",
			Description: "Every WAFv2 web ACL runs the common, known-bad-inputs, IP-reputation and SQL-injection managed rule " +
				"groups and at least one rate-based rule; a CLOUDFRONT-scoped ACL is created in us-east-1.",
			Remediation: "build web ACLs with components/waf",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_175"},
			Check:       checkWebACLs,
		},
		{
			Name: "load-balancers-reachable-only-through-the-edge",
			Description: "An ALB admits traffic only from a managed prefix list (CloudFront's origin-facing list) or an API " +
				"Gateway VPC link's security group, never from CIDRs; its HTTPS listeners answer 403 by default and every " +
				"forwarding rule requires secret origin headers (every header condition a single secret value), so no request reaches the pods around the WAF and the JWT authorizer.",
			Remediation: "use components/loadbalancer: its listener rules require the CloudFront or gateway origin secrets",
			Severity:    Critical,
			Check:       checkEdgeOnly,
		},
		{
			Name:        "load-balancer-listeners-tls13",
			Description: "HTTPS listeners use a TLS 1.3 security policy (ELBSecurityPolicy-TLS13-*) and every other listener redirects to HTTPS.",
			Remediation: "set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 and make HTTP listeners redirect",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_2", "checkov CKV_AWS_103", "awsguard alb-http-to-https-redirection"},
			Check:       checkListeners,
		},
		{
			Name:        "load-balancers-hardened",
			Description: "Every ALB drops invalid header fields, uses the strictest desync mitigation, writes access logs and has deletion protection.",
			Remediation: "use components/loadbalancer with albDeletionProtection true",
			Severity:    Medium,
			Equivalents: []string{"checkov CKV_AWS_131", "checkov CKV_AWS_150", "checkov CKV_AWS_91", "cdk-nag AwsSolutions-ELB2", "awsguard elb-deletion-protection-enabled", "awsguard elb-logging-enabled"},
			Check:       checkLBHardening,
		},
		{
			Name:        "api-routes-require-jwt",
			Description: "Every API Gateway v2 route requires the JWT authorizer of its API.",
			Remediation: "leave authDisabled unset on the route, or record an exception with its reason",
			Severity:    Critical,
			Equivalents: []string{"checkov CKV_AWS_309", "cdk-nag AwsSolutions-APIG4"},
			Check:       checkRoutes,
		},
	}
}

func checkDistributions(s *Stack, report Reporter) {
	for _, d := range s.Of(tDistribution) {
		if !s.fromStack(d, "webAclId", tWebACL) {
			report(d, "no web ACL of the stack (webAclId)")
		}
		if d.Bool("viewerCertificate.cloudfrontDefaultCertificate") {
			report(d, "the default *.cloudfront.net certificate allows TLSv1: give the distribution its own certificate")
		} else if v := d.Str("viewerCertificate.minimumProtocolVersion"); !strings.HasPrefix(v, "TLSv1.2_") && !strings.HasPrefix(v, "TLSv1.3") {
			report(d, "%s", must("viewerCertificate.minimumProtocolVersion", "TLSv1.2_2021 or newer", v))
		}
		behaviours := append([]map[string]any{d.Map("defaultCacheBehavior")}, objects(d.List("orderedCacheBehaviors"))...)
		for _, b := range behaviours {
			if p := str(b, "viewerProtocolPolicy"); p != "redirect-to-https" && p != "https-only" {
				report(d, "behaviour %q lets viewers use HTTP (%s)", pathOf(b), p)
			}
		}
		for _, o := range objects(d.List("origins")) {
			c, ok := o["customOriginConfig"].(map[string]any)
			if !ok {
				continue
			}
			if str(c, "originProtocolPolicy") != "https-only" {
				report(d, "origin %s is reached over HTTP", str(o, "originId"))
			}
			for _, p := range strs(c["originSslProtocols"]) {
				if p != "TLSv1.2" {
					report(d, "origin %s accepts %s", str(o, "originId"), p)
				}
			}
		}
	}
}

func pathOf(b map[string]any) string {
	if p := str(b, "pathPattern"); p != "" {
		return p
	}
	return "default"
}

func checkWebACLs(s *Stack, report Reporter) {
	for _, acl := range s.Of(tWebACL) {
		groups, rate := map[string]bool{}, 0
		for _, r := range objects(acl.List("rules")) {
			if n := str(r, "statement", "managedRuleGroupStatement", "name"); n != "" {
				groups[n] = true
			}
			if get(r, "statement", "rateBasedStatement") != nil {
				rate++
			}
		}
		for _, g := range managedGroups {
			if !groups[g] {
				report(acl, "does not run the managed rule group %s", g)
			}
		}
		if rate == 0 {
			report(acl, "has no rate-based rule")
		}
		if acl.Str("scope") == "CLOUDFRONT" && s.Region(acl) != "us-east-1" {
			report(acl, "a CLOUDFRONT web ACL must be created in us-east-1, not %q", s.Region(acl))
		}
	}
}

func checkEdgeOnly(s *Stack, report Reporter) {
	for _, lb := range s.Of(tLB) {
		for _, sg := range s.Refs(lb, "securityGroups", tSG) {
			if len(sg.List("ingress")) > 0 {
				report(lb, "security group %s has inline ingress rules", sg.Name)
			}
			for _, in := range s.Referrers(sg, "securityGroupId", tIngress) {
				if why := s.edgeSource(in); why != "" {
					report(lb, "ingress rule %s %s", in.Name, why)
				}
			}
		}
		if !s.fromStack(lb, "securityGroups", tSG) {
			report(lb, "uses security groups that are not groups of the stack")
		}
	}
	for _, l := range s.Of(tListener) {
		if l.Str("protocol") == "HTTPS" && l.Str("defaultActions.0.type") != "fixed-response" {
			report(l, "the default action is %q: requests without an origin header must get a fixed response", l.Str("defaultActions.0.type"))
		}
	}
	for _, r := range s.Of(tListenerRule) {
		if !forwards(r) {
			continue
		}
		if !secretHeader(r) {
			report(r, "forwards without requiring a secret origin header (an http-header condition with one secret value)")
		}
	}
}

// edgeSource says why an ALB ingress rule admits more than the edge.
func (s *Stack) edgeSource(in *Resource) string {
	switch {
	case in.Has("cidrIpv4") || in.Has("cidrIpv6"):
		return "admits a CIDR"
	case in.Has("prefixListId"):
		return ""
	case in.Has("referencedSecurityGroupId"):
		for _, sg := range s.Refs(in, "referencedSecurityGroupId", tSG) {
			if len(s.Referrers(sg, "securityGroupIds", tVpcLink)) > 0 {
				return ""
			}
		}
		return "admits a security group that is not an API Gateway VPC link's"
	}
	return "admits no known source"
}

// forwards reports whether a listener rule forwards (an unknown action
// list counts: it may).
func forwards(r *Resource) bool {
	if r.Has("actions") && r.Input("actions") == nil {
		return true
	}
	for _, a := range objects(r.List("actions")) {
		if str(a, "type") == "forward" || get(a, "forward") != nil {
			return true
		}
	}
	return false
}

// secretHeader reports whether a rule requires at least one http-header
// condition and every one of them matches a single secret value (a header
// value in the clear is no credential).
func secretHeader(r *Resource) bool {
	n := 0
	for i, c := range objects(r.List("conditions")) {
		if h, ok := c["httpHeader"].(map[string]any); ok {
			values, _ := h["values"].([]any)
			if len(values) != 1 || !r.IsSecret(fmt.Sprintf("conditions.%d.httpHeader.values.0", i)) {
				return false
			}
			n++
		}
	}
	return n > 0
}

func checkListeners(s *Stack, report Reporter) {
	for _, l := range s.Of(tListener) {
		switch l.Str("protocol") {
		case "HTTPS":
			if p := l.Str("sslPolicy"); !strings.HasPrefix(p, "ELBSecurityPolicy-TLS13-") {
				report(l, "%s", must("sslPolicy", "an ELBSecurityPolicy-TLS13-* policy", p))
			}
		default:
			if l.Str("defaultActions.0.type") != "redirect" || l.Str("defaultActions.0.redirect.protocol") != "HTTPS" {
				report(l, "a %s listener must redirect to HTTPS", l.Str("protocol"))
			}
		}
	}
}

func checkLBHardening(s *Stack, report Reporter) {
	for _, lb := range s.Of(tLB) {
		if !lb.Bool("dropInvalidHeaderFields") {
			report(lb, "dropInvalidHeaderFields is off")
		}
		if m := lb.Str("desyncMitigationMode"); m != "strictest" {
			report(lb, "%s", must("desyncMitigationMode", "strictest", m))
		}
		if !lb.Bool("accessLogs.enabled") {
			report(lb, "access logs are off")
		}
		if !lb.Bool("enableDeletionProtection") {
			report(lb, "deletion protection is off")
		}
	}
}

func checkRoutes(s *Stack, report Reporter) {
	for _, r := range s.Of(tRoute2) {
		if r.Str("authorizationType") != "JWT" || !r.Has("authorizerId") {
			report(r, "route %q is open: authorizationType %q", r.Str("routeKey"), r.Str("authorizationType"))
		}
	}
}
