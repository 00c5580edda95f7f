package tests

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Types of the pod network.
const (
	tSGIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tSGEgressRule  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tSGPolicy      = "kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy"
	tNetPol        = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	tLB            = "aws:lb/loadBalancer:LoadBalancer"
)

// source is one admitted source of a security group: a group (by its
// role in the stack), a CIDR or a prefix list, on a port range.
type source struct {
	kind, name string // kind: sg, cidr, prefix-list
	proto      string
	from, to   int
}

func (s source) String() string {
	return fmt.Sprintf("%s %s %s/%d-%d", s.kind, s.name, s.proto, s.from, s.to)
}

// podNet is the stack's pod network computed from the graph: the groups
// by id, their role, the pods each SecurityGroupPolicy puts on a group.
type podNet struct {
	g    *mockgraph.Graph
	role map[string]string // security group id -> role ("pods:web", "database", "alb", "nodes")
	pods map[string]string // service -> pod security group id
}

func newPodNet(t *testing.T, g *mockgraph.Graph) *podNet {
	t.Helper()
	n := &podNet{g: g, role: map[string]string{}, pods: map[string]string{}}
	for _, sg := range g.ByType(tSG) {
		role := sg.Name
		if c := g.Component(sg); c != nil {
			switch c.Type {
			case "webplatform:database:Database":
				role = workload.StoreDatabase
			case "webplatform:cache:Cache":
				role = workload.StoreCache
			case "webplatform:loadbalancer:LoadBalancer":
				role = "alb"
			}
		}
		n.role[mockID(sg)] = role
	}
	for _, cl := range g.ByType("aws:eks/cluster:Cluster") {
		if id, _ := cl.Output("vpcConfig.clusterSecurityGroupId").(string); id != "" {
			n.role[id] = "nodes"
		}
	}
	for _, p := range g.ByType(tSGPolicy) {
		svc, _ := p.Input("spec.podSelector.matchLabels").(map[string]any)["app.kubernetes.io/name"].(string)
		ids := p.Strings("spec.securityGroups.groupIds")
		if svc == "" || len(ids) != 1 {
			t.Errorf("SecurityGroupPolicy %s: want one service's pods on one group, got selector %v groups %v", p.Name, p.Input("spec.podSelector"), ids)
			continue
		}
		n.pods[svc] = ids[0]
		n.role[ids[0]] = "pods:" + svc
	}
	return n
}

// peer names a rule's peer by its role.
func (n *podNet) peer(sg, cidr, prefixList string) (kind, name string) {
	switch {
	case sg != "":
		if r, ok := n.role[sg]; ok {
			return "sg", r
		}
		return "sg", sg
	case prefixList != "":
		return "prefix-list", prefixList
	default:
		return "cidr", cidr
	}
}

// ingress are the sources the group admits: its inline rules and every
// ingress rule resource on it.
func (n *podNet) ingress(id string) []source {
	var out []source
	for _, sg := range n.g.ByType(tSG) {
		if mockID(sg) != id {
			continue
		}
		for _, r := range sg.List("ingress") {
			m, _ := r.(map[string]any)
			from, _ := m["fromPort"].(float64)
			to, _ := m["toPort"].(float64)
			proto, _ := m["protocol"].(string)
			for _, s := range anyStrings(m["securityGroups"]) {
				k, nm := n.peer(s, "", "")
				out = append(out, source{k, nm, proto, int(from), int(to)})
			}
			for _, c := range anyStrings(m["cidrBlocks"]) {
				out = append(out, source{"cidr", c, proto, int(from), int(to)})
			}
			for _, p := range anyStrings(m["prefixListIds"]) {
				out = append(out, source{"prefix-list", p, proto, int(from), int(to)})
			}
		}
	}
	for _, r := range n.g.ByType(tSGIngressRule) {
		if r.Str("securityGroupId") == id {
			k, nm := n.peer(r.Str("referencedSecurityGroupId"), r.Str("cidrIpv4"), r.Str("prefixListId"))
			out = append(out, source{k, nm, r.Str("ipProtocol"), r.Int("fromPort"), r.Int("toPort")})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func anyStrings(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// services are the stack's services as configured, defaulted.
func stackServices(t *testing.T, stack string) []workload.Service {
	t.Helper()
	var svcs []workload.Service
	if err := json.Unmarshal([]byte(harness.LoadStack(t, stack).Config["webplatform:services"]), &svcs); err != nil {
		t.Fatalf("services: %v", err)
	}
	for i := range svcs {
		svcs[i] = svcs[i].WithDefaults()
	}
	return svcs
}

// TestDataStoresAdmitOnlyTheirServicesPods enumerates who reaches Aurora
// and the cache: exactly the pod security groups of the services that use
// them (and, for the database, the Job that creates their database
// users), on the store's port; never the nodes' group (every pod on a node,
// kube-system included), a CIDR or another group. Before pod security
// groups the stores admitted the network's app group, which sat on the
// nodes.
func TestDataStoresAdmitOnlyTheirServicesPods(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			checkStoreReach(t, stack, harness.RunStack(t, stack), stackServices(t, stack))
		})
	}
	// A second service that uses no data store is admitted by none.
	t.Run("dev with a store-less service", func(t *testing.T) {
		svcs := `[{"name":"web","image":"web:1.0.0","allowInternetEgress":true},{"name":"render","image":"render:1.0.0","paths":["/render/*"],"dataStores":[],"allowInternetEgress":true}]`
		g := harness.RunStack(t, "dev", harness.Set("services", svcs))
		var parsed []workload.Service
		if err := json.Unmarshal([]byte(svcs), &parsed); err != nil {
			t.Fatal(err)
		}
		for i := range parsed {
			parsed[i] = parsed[i].WithDefaults()
		}
		checkStoreReach(t, "dev", g, parsed)
	})
}

func checkStoreReach(t *testing.T, stack string, g *mockgraph.Graph, svcs []workload.Service) {
	t.Helper()
	n := newPodNet(t, g)
	ports := map[string]int{workload.StoreDatabase: 5432, workload.StoreCache: 6379}
	for id, role := range n.role {
		port, ok := ports[role]
		if !ok {
			continue
		}
		var want []string
		for _, s := range svcs {
			if slices.Contains(s.DataStores, role) {
				want = append(want, fmt.Sprintf("sg pods:%s tcp/%d-%d", s.Name, port, port))
			}
		}
		// The database also admits the Job that creates the services'
		// database users, the only reader of the master secret.
		if role == workload.StoreDatabase && len(want) > 0 {
			want = append(want, fmt.Sprintf("sg pods:%s tcp/%d-%d", workload.DatabaseUsersName, port, port))
		}
		var got []string
		for _, s := range n.ingress(id) {
			got = append(got, s.String())
			t.Logf("%s: %s <- %s", stack, role, s)
		}
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s %s admits %v, want exactly the pods of the services that use it %v", stack, role, got, want)
		}
	}
}

// TestPodsAdmitOnlyTheLoadBalancerAndProbes enumerates each service's pod
// security group: the load balancer's group and the nodes' group (kubelet
// probes), each on the service port, and nothing else. Fails without pod
// security groups (no SecurityGroupPolicy selects the pods).
func TestPodsAdmitOnlyTheLoadBalancerAndProbes(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			n := newPodNet(t, g)
			for _, s := range stackServices(t, stack) {
				id, ok := n.pods[s.Name]
				if !ok {
					t.Errorf("%s: no SecurityGroupPolicy gives service %s's pods their own security group", stack, s.Name)
					continue
				}
				var got []string
				for _, src := range n.ingress(id) {
					got = append(got, src.String())
					t.Logf("%s: pods:%s <- %s", stack, s.Name, src)
				}
				p := s.Port
				want := []string{fmt.Sprintf("sg alb tcp/%d-%d", p, p), fmt.Sprintf("sg nodes tcp/%d-%d", p, p)}
				if !slices.Equal(got, want) {
					t.Errorf("%s pods of %s admit %v, want %v", stack, s.Name, got, want)
				}
			}
		})
	}
}

// TestNetworkPoliciesAreLeastPrivilege checks each service's policies: a
// default deny of ingress and egress; ingress only from the load
// balancer's subnets on the service port; egress never to the whole VPC
// (or a range holding it), never to every destination, and to 0.0.0.0/0
// only for a service with allowInternetEgress and then without the private
// ranges. Fails on the policies that admitted the VPC CIDR and 0.0.0.0/0:443.
func TestNetworkPoliciesAreLeastPrivilege(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			vpc := netip.MustParsePrefix(g.ByType(tVpc)[0].Str("cidrBlock"))
			albSubnets := map[string]bool{}
			for _, lb := range g.ByType(tLB) {
				for _, id := range lb.Strings("subnets") {
					if sn := byID(g, tSubnet, id); sn != nil {
						albSubnets[sn.Str("cidrBlock")] = true
					}
				}
			}
			for _, s := range stackServices(t, stack) {
				checkPolicies(t, g, s, vpc, albSubnets)
			}
		})
	}
}

func checkPolicies(t *testing.T, g *mockgraph.Graph, s workload.Service, vpc netip.Prefix, albSubnets map[string]bool) {
	t.Helper()
	var deny, allow *mockgraph.Resource
	for _, p := range g.ByType(tNetPol) {
		if p.Str("metadata.namespace") != s.Name {
			continue
		}
		if len(p.Map("spec.podSelector")) == 0 || len(p.Map("spec.podSelector.matchLabels")) == 0 {
			deny = p
		} else {
			allow = p
		}
	}
	if deny == nil || allow == nil {
		t.Fatalf("service %s: want a default-deny and an allow policy", s.Name)
	}
	if types := deny.Strings("spec.policyTypes"); !slices.Equal(types, []string{"Ingress", "Egress"}) || deny.Has("spec.ingress") || deny.Has("spec.egress") {
		t.Errorf("service %s: default-deny is not a deny of ingress and egress", s.Name)
	}
	for _, rule := range allow.List("spec.ingress") {
		m, _ := rule.(map[string]any)
		for _, peer := range asMaps(m["from"]) {
			cidr, _ := peer["ipBlock"].(map[string]any)["cidr"].(string)
			if !albSubnets[cidr] || len(peer) != 1 {
				t.Errorf("service %s admits %v: only the load balancer's subnets may reach the pods", s.Name, peer)
			}
		}
		if len(asMaps(m["from"])) == 0 {
			t.Errorf("service %s: an ingress rule without sources admits everything", s.Name)
		}
		if ports := asMaps(m["ports"]); len(ports) != 1 || int(ports[0]["port"].(float64)) != s.Port {
			t.Errorf("service %s: ingress ports %v, want only %d", s.Name, ports, s.Port)
		}
		t.Logf("%s ingress: %v", s.Name, m)
	}
	internet := false
	for _, rule := range allow.List("spec.egress") {
		m, _ := rule.(map[string]any)
		t.Logf("%s egress: %v", s.Name, m)
		if len(asMaps(m["to"])) == 0 || len(asMaps(m["ports"])) == 0 {
			t.Errorf("service %s: egress rule %v opens every destination or every port", s.Name, m)
		}
		for _, peer := range asMaps(m["to"]) {
			ip, _ := peer["ipBlock"].(map[string]any)
			cidr, _ := ip["cidr"].(string)
			if cidr == "" {
				continue
			}
			pre := netip.MustParsePrefix(cidr)
			if pre.Bits() == 0 {
				internet = true
				except := anyStrings(ip["except"])
				if !s.AllowInternetEgress {
					t.Errorf("service %s: egress to 0.0.0.0/0 without allowInternetEgress", s.Name)
				}
				if !slices.ContainsFunc(except, func(e string) bool { return netip.MustParsePrefix(e).Contains(vpc.Addr()) }) {
					t.Errorf("service %s: internet egress does not except the VPC %s: %v", s.Name, vpc, except)
				}
				continue
			}
			if pre.Bits() <= vpc.Bits() && pre.Overlaps(vpc) {
				t.Errorf("service %s: egress to %s covers the whole VPC %s", s.Name, cidr, vpc)
			}
		}
	}
	if internet != s.AllowInternetEgress {
		t.Errorf("service %s: internet egress %t, allowInternetEgress %t", s.Name, internet, s.AllowInternetEgress)
	}
}

func asMaps(v any) []map[string]any {
	var out []map[string]any
	l, _ := v.([]any)
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// TestVpcEndpointsAdmitOnlyTheAccount checks that every endpoint has a
// policy and that each of its statements requires this account as the
// principal's or the resource's (aws:PrincipalAccount/aws:ResourceAccount).
// Fails on endpoints without a policy (the default admits any principal
// to any resource, another account's buckets included).
func TestVpcEndpointsAdmitOnlyTheAccount(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			for _, ep := range g.ByType(tEndpoint) {
				raw := ep.Str("policy")
				var doc struct {
					Statement []struct {
						Effect    string
						Condition map[string]map[string]any
					}
				}
				if raw == "" || json.Unmarshal([]byte(raw), &doc) != nil || len(doc.Statement) == 0 {
					t.Errorf("%s endpoint %s has no policy", stack, ep.Name)
					continue
				}
				for i, st := range doc.Statement {
					eq := st.Condition["StringEquals"]
					if st.Effect == "Allow" && eq["aws:PrincipalAccount"] != mockgraph.Account && eq["aws:ResourceAccount"] != mockgraph.Account {
						t.Errorf("%s endpoint %s statement %d allows without naming the account: %v", stack, ep.Name, i, st.Condition)
					}
				}
				t.Logf("%s endpoint %s: %s", stack, ep.Name, strings.TrimSpace(raw))
			}
		})
	}
}
