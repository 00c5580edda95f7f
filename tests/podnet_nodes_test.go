package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/trunkcatalog"
)

// TestNodesCanCarryPodSecurityGroups checks, against the VPC resource
// controller's catalog (trunkcatalog), that every node instance type of
// every stack supports a trunk ENI (pods' own security groups need one),
// that the cluster role has the VPC resource controller policy and that
// the VPC CNI runs with pod ENIs in standard enforcing mode. Fails on
// dev's t3.large/t3a.large (not trunk compatible) and on today's add-on
// configuration.
func TestNodesCanCarryPodSecurityGroups(t *testing.T) {
	t.Log(trunkcatalog.Source)
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			for _, ng := range g.ByType("aws:eks/nodeGroup:NodeGroup") {
				for _, it := range ng.Strings("instanceTypes") {
					known, trunk := trunkcatalog.Lookup(it)
					t.Logf("%s node type %s: known %t, trunk ENI %t", stack, it, known, trunk)
					if !trunk {
						t.Errorf("%s node type %s cannot carry security groups for pods (catalog: known %t)", stack, it, known)
					}
				}
			}
			var cni map[string]any
			for _, a := range g.ByType("aws:eks/addon:Addon") {
				if a.Str("addonName") == cluster.AddonVpcCni {
					if err := json.Unmarshal([]byte(a.Str("configurationValues")), &cni); err != nil {
						t.Fatalf("vpc-cni configurationValues: %v", err)
					}
				}
			}
			env, _ := cni["env"].(map[string]any)
			if env["ENABLE_POD_ENI"] != "true" || env["POD_SECURITY_GROUP_ENFORCING_MODE"] != "standard" || cni["enableNetworkPolicy"] != "true" {
				t.Errorf("%s vpc-cni configuration %v: want ENABLE_POD_ENI, standard enforcing and network policies", stack, cni)
			}
			found := false
			for _, att := range g.ByType("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
				found = found || strings.HasSuffix(att.Str("policyArn"), ":policy/AmazonEKSVPCResourceController")
			}
			if !found {
				t.Errorf("%s: the cluster role lacks AmazonEKSVPCResourceController (no branch ENIs for pods)", stack)
			}
		})
	}
}

// TestPodENIFamiliesCanTrunk cross-checks the program's own list of
// instance families (cluster.PodENIFamilies) with the catalog: every size
// the catalog knows of each family trunks, and validation rejects every
// type the catalog says cannot.
func TestPodENIFamiliesCanTrunk(t *testing.T) {
	for _, fam := range cluster.PodENIFamilies {
		n := 0
		for _, it := range append(append([]string{}, trunkcatalog.Trunking...), trunkcatalog.NotTrunking...) {
			if f, _, _ := strings.Cut(it, "."); f != fam {
				continue
			}
			n++
			if _, trunk := trunkcatalog.Lookup(it); !trunk {
				t.Errorf("family %s is in cluster.PodENIFamilies but %s cannot trunk", fam, it)
			}
		}
		if n == 0 {
			t.Errorf("family %s is unknown to the catalog", fam)
		}
	}
	for _, it := range trunkcatalog.NotTrunking {
		s := cluster.Settings{InstanceTypes: []string{it}}.WithDefaults()
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "InstanceTypes") {
			t.Errorf("validation accepts %s, which cannot carry pod security groups: %v", it, err)
		}
	}
}
