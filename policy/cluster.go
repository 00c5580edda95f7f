package policy

import (
	"fmt"
	"slices"
	"strings"
)

// controlPlaneLogs are the EKS log types the audit trail needs.
var controlPlaneLogs = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

func clusterRules() []Rule {
	return []Rule{
		{
			Name: "eks-control-plane-private-and-audited",
			Description: "Every EKS cluster has its private endpoint on, a public endpoint only behind an allow-list without " +
				"0.0.0.0/0, access entries (authenticationMode API) and all five control-plane log types.",
			Remediation: "use components/cluster; a public endpoint needs clusterPublicAccessCidrs",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_38", "checkov CKV_AWS_39", "checkov CKV_AWS_37", "cdk-nag AwsSolutions-EKS1", "cdk-nag AwsSolutions-EKS2"},
			Check:       checkEKS,
		},
		{
			Name: "nodes-imdsv2-encrypted-no-ssh",
			Description: "Every EKS node group uses a launch template of the stack that requires IMDSv2 (hop limit at most 2), " +
				"encrypts every volume with a KMS key of the stack and sets no key pair; the group allows no remote access.",
			Remediation: "use components/cluster's node groups",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_79", "checkov CKV_AWS_8", "checkov CKV_AWS_100", "cdk-nag AwsSolutions-EC26", "awsguard encrypted-volumes"},
			Check:       checkNodes,
		},
		{
			Name: "pod-roles-name-their-resources",
			Description: "Inline policies of IAM roles that pods assume (trusted through the cluster's OIDC provider) allow " +
				"actions on \"*\" only when no resource can be named: read actions without resource-level permissions " +
				"(Describe*, List*, a few Get*), or a statement narrowed by a resource-tag condition.",
			Remediation: "name the ARNs the service needs; record an exception for a controller whose upstream policy needs \"*\"",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_355", "cdk-nag AwsSolutions-IAM5"},
			Check:       checkPodRoles,
		},
	}
}

func checkEKS(s *Stack, report Reporter) {
	for _, c := range s.Of(tEKS) {
		if !c.Bool("vpcConfig.endpointPrivateAccess") {
			report(c, "the private endpoint is off")
		}
		if c.Input("vpcConfig.endpointPublicAccess") != false {
			cidrs := c.Strings("vpcConfig.publicAccessCidrs")
			if len(cidrs) == 0 || slices.Contains(cidrs, "0.0.0.0/0") {
				report(c, "the public endpoint is open to the internet (publicAccessCidrs %s)", listOf(cidrs))
			}
		}
		if m := c.Str("accessConfig.authenticationMode"); m != "API" {
			report(c, "%s", must("accessConfig.authenticationMode", "API", m))
		}
		var missing []string
		for _, l := range controlPlaneLogs {
			if !slices.Contains(c.Strings("enabledClusterLogTypes"), l) {
				missing = append(missing, l)
			}
		}
		if len(missing) > 0 {
			report(c, "control-plane logs missing: %s", listOf(missing))
		}
	}
}

func checkNodes(s *Stack, report Reporter) {
	for _, ng := range s.Of(tNodeGroup) {
		if ng.Has("remoteAccess") {
			report(ng, "remote access (SSH) is configured")
		}
		tpls := s.Refs(ng, "launchTemplate", tLaunchTpl)
		if len(tpls) == 0 {
			report(ng, "no launch template of the stack: IMDSv2 and volume encryption are not enforced")
		}
		for _, lt := range tpls {
			checkLaunchTemplate(s, lt, report)
		}
	}
}

func checkLaunchTemplate(s *Stack, lt *Resource, report Reporter) {
	if lt.Str("metadataOptions.httpTokens") != "required" {
		report(lt, "IMDSv2 is not required (metadataOptions.httpTokens)")
	}
	if hop := lt.Int("metadataOptions.httpPutResponseHopLimit"); hop > 2 {
		report(lt, "%s", must("metadataOptions.httpPutResponseHopLimit", "at most 2", hop))
	}
	if lt.Has("keyName") {
		report(lt, "sets a key pair")
	}
	bdms := objects(lt.List("blockDeviceMappings"))
	if len(bdms) == 0 {
		report(lt, "no block device mapping: the root volume's encryption is not set")
	}
	for _, b := range bdms {
		if enc := get(b, "ebs", "encrypted"); enc != "true" && enc != true {
			report(lt, "volume %s is not encrypted", str(b, "deviceName"))
		}
	}
	if len(bdms) > 0 && !s.keyOfStack(lt, "blockDeviceMappings") {
		report(lt, "volumes are not encrypted with a KMS key of the stack")
	}
}

func checkPodRoles(s *Stack, report Reporter) {
	for _, rp := range s.Of(tRolePolicy) {
		roles := s.Refs(rp, "role", tRole)
		if !slices.ContainsFunc(roles, s.assumedByPods) {
			continue
		}
		sts, ok := statements(rp.Str("policy"))
		if !ok {
			continue
		}
		for _, st := range sts {
			if st.Effect == "Allow" && slices.Contains(strs(st.Resource), "*") && !resourceless(st) {
				report(rp, "statement %q allows %s on \"*\"", st.Sid, listOf(strs(st.Action)))
			}
		}
	}
}

// assumedByPods reports whether a role's trust policy admits Kubernetes
// service accounts (IRSA: a web identity federated through the cluster's
// OIDC provider), read from the trust policy or, while it is unknown,
// from its reference to an OIDC provider of the stack.
func (s *Stack) assumedByPods(role *Resource) bool {
	doc := role.Str("assumeRolePolicy")
	return len(s.Refs(role, "assumeRolePolicy", tOIDC)) > 0 ||
		strings.Contains(doc, "sts:AssumeRoleWithWebIdentity") || strings.Contains(doc, "system:serviceaccount:")
}

// resourcelessGets are Get actions the Service Authorization Reference
// lists with no resource type (read 2026-12-03): "*" is their only
// resource.
var resourcelessGets = []string{"cloudwatch:GetMetricData", "ec2:GetInstanceTypesFromInstanceRequirements"}

// resourceless reports whether a statement on "*" could not name its
// resources: every action is a Describe/List read or a resource-less Get,
// or a condition narrows it to resources tagged for the stack
// (aws:ResourceTag), which is how AWS documents scoping such controllers.
func resourceless(st statement) bool {
	if strings.Contains(fmt.Sprint(st.Condition), "aws:ResourceTag/") {
		return true
	}
	for _, a := range strs(st.Action) {
		_, verb, _ := strings.Cut(a, ":")
		if !strings.HasPrefix(verb, "Describe") && !strings.HasPrefix(verb, "List") && !slices.Contains(resourcelessGets, a) {
			return false
		}
	}
	return true
}
