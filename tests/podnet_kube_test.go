package tests

import (
	"testing"

	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// TestKubePodNetworkObjectsAccepted sends every stack's pod-network objects
// to the real kube-apiserver: each service's NetworkPolicies and its
// SecurityGroupPolicy must be validated (dry run, strict fields), the
// latter against the SecurityGroupPolicy CRD that scripts/kube-apiserver.sh
// installs (VPC resource controller v1.7.3,
// config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml). A
// SecurityGroupPolicy that is only listed as not validated fails: without
// its CRD the pods' groups would not be checked at all. Fails before pod
// security groups (no SecurityGroupPolicy exists).
func TestKubePodNetworkObjectsAccepted(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			rep := kubeValidate(t, g)
			for _, f := range rep.Failures {
				if f.Object.Kind == workload.SecurityGroupPolicyKind || f.Object.Kind == "NetworkPolicy" {
					t.Errorf("%s: rejected: %s", stack, f)
				}
			}
			validated := map[string]int{}
			for _, o := range rep.Validated {
				validated[o.Kind]++
			}
			for _, s := range rep.NotValidated {
				if s.Type == tSGPolicy {
					t.Errorf("%s: SecurityGroupPolicy %s not validated: %s", stack, s.Name, s.Reason)
				}
			}
			// One policy per service and one for the database-users Job;
			// a default-deny and an allow policy per service, one for the Job.
			services := len(stackServices(t, stack))
			wantSGP, wantNP := services+1, 2*services+1
			if validated[workload.SecurityGroupPolicyKind] != wantSGP || validated["NetworkPolicy"] != wantNP {
				t.Errorf("%s: validated %d SecurityGroupPolicies and %d NetworkPolicies, want %d and %d",
					stack, validated[workload.SecurityGroupPolicyKind], validated["NetworkPolicy"], wantSGP, wantNP)
			}
		})
	}
}
