package tests

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Capacity model of the AZ-loss test: an oracle of its own, apart from
// the program's settings.
//
// An EC2 size has 2 vCPUs at large, 4 at xlarge and 4N at Nxlarge (1 at
// medium), and the family letter sets the memory per vCPU: c 2 GiB, m and
// t 4 GiB, r 8 GiB, x 16 GiB (Amazon EC2 instance types guide, general
// purpose, compute and memory optimized specifications, read 2026-12-03).
// A node keeps back what the EKS AMI reserves for the kubelet and the
// system (awslabs/amazon-eks-ami: kube-reserved memory 255 MiB + 11 MiB
// per pod at the 110-pod maximum, eviction threshold 100 MiB; CPU about
// 6% of the first core, rounded up here to 100m) plus the requests of the
// add-on DaemonSets on every node (vpc-cni, kube-proxy, EBS CSI node,
// pod identity agent, CloudWatch agent and Fluent Bit: an estimate of
// their chart defaults, 400m and 600 MiB together). The cluster's own
// Deployments (CoreDNS, metrics-server, Load Balancer Controller, Cluster
// Autoscaler, EBS CSI controller: about 1 vCPU and 1.7 GiB) are counted
// whole in each remaining zone, the worst placement.
const (
	azlossReservedCPU   = 100 + 400
	azlossReservedMemMi = 255 + 11*110 + 100 + 600
	azlossSystemCPU     = 1000
	azlossSystemMemMi   = 1700
	// KEDA, where a service scales on requests: two operators, the
	// metrics server and the webhooks at 100m and 100 MiB each (the
	// production requests of https://keda.sh/docs/2.20/operate/cluster/,
	// read 2026-12-03).
	azlossKEDAPods  = cluster.KEDAOperatorReplicas + 2
	azlossKEDACPU   = 100
	azlossKEDAMemMi = 100
)

// azlossNode is the allocatable CPU (millicores) and memory (MiB) of one
// node of an instance type, or false for a type the model does not know.
func azlossNode(instanceType string) (cpu, mem int, ok bool) {
	fam, size, found := strings.Cut(instanceType, ".")
	if !found || fam == "" {
		return 0, 0, false
	}
	vcpu := 0
	switch {
	case size == "medium":
		vcpu = 1
	case size == "large":
		vcpu = 2
	case size == "xlarge":
		vcpu = 4
	case strings.HasSuffix(size, "xlarge"):
		n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge"))
		if err != nil {
			return 0, 0, false
		}
		vcpu = 4 * n
	default:
		return 0, 0, false
	}
	perCPU := map[byte]int{'c': 2, 'm': 4, 't': 4, 'r': 8, 'x': 16}[fam[0]]
	if perCPU == 0 {
		return 0, 0, false
	}
	return vcpu*1000 - azlossReservedCPU, vcpu*perCPU*1024 - azlossReservedMemMi, true
}

// azlossEndpoints are the AWS APIs the serving path needs from a private
// subnet when it has no NAT: nodes pull images (ecr.api, ecr.dkr, s3),
// the VPC CNI assigns pod addresses (ec2), pods assume their IRSA roles
// (sts), the Load Balancer Controller registers new pods (elasticloadbalancing)
// and the Cluster Autoscaler adds nodes in the zones that remain
// (autoscaling). EKS User Guide, "Deploy private clusters with limited
// internet access" (VPC endpoints nodes and controllers need), read
// 2026-12-03.
var azlossEndpoints = []string{"ecr.api", "ecr.dkr", "s3", "sts", "ec2", "elasticloadbalancing", "autoscaling"}

// runsKEDA says whether the cluster installs KEDA (a service scales on
// requests): its pods need room and its operator reads CloudWatch.
func (s *azlossSite) runsKEDA() bool {
	return slices.ContainsFunc(s.g.ByType(computeTRelease), func(r *mockgraph.Resource) bool { return r.Str("chart") == cluster.ChartKEDA })
}

// endpointsNeeded are azlossEndpoints plus, where KEDA runs, CloudWatch
// (monitoring): its operator reads the request metric.
func (s *azlossSite) endpointsNeeded() []string {
	if !s.runsKEDA() {
		return azlossEndpoints
	}
	return append(slices.Clone(azlossEndpoints), "monitoring")
}

// azlossSite is a stack's graph seen by zone.
type azlossSite struct {
	t     *testing.T
	g     *mockgraph.Graph
	zones []string
	zone  map[string]string // subnet id -> AZ
}

func newAZLossSite(t *testing.T, g *mockgraph.Graph) *azlossSite {
	s := &azlossSite{t: t, g: g, zone: map[string]string{}}
	for _, sn := range g.ByType(tSubnet) {
		az := sn.Str("availabilityZone")
		s.zone[mockID(sn)] = az
		if !slices.Contains(s.zones, az) {
			s.zones = append(s.zones, az)
		}
	}
	sort.Strings(s.zones)
	return s
}

// remaining counts the subnet ids outside the lost zone.
func (s *azlossSite) remaining(ids []string, lost string) int {
	n := 0
	for _, id := range ids {
		if z, ok := s.zone[id]; ok && z != lost {
			n++
		}
	}
	return n
}

// compute: every Deployment at its HPA minimum must be schedulable on
// the node groups of the remaining zones at their maximum size, spread as
// its zone constraint requires.
func (s *azlossSite) compute(lost string) []string {
	t := s.t
	left := len(s.zones) - 1
	capCPU, capMem := map[string]int{}, map[string]int{}
	for _, ng := range s.g.ByType(computeTNodeGroup) {
		subnets := ng.Strings("subnetIds")
		if !assert.Len(t, subnets, 1, "%s: a node group spanning zones cannot be grown in one", ng.Name) {
			continue
		}
		z := s.zone[subnets[0]]
		cpu, mem, ok := azlossNode(ng.Strings("instanceTypes")[0])
		if !assert.True(t, ok, "%s: instance type %v unknown to the capacity model", ng.Name, ng.Strings("instanceTypes")) {
			continue
		}
		capCPU[z] += ng.Int("scalingConfig.maxSize") * cpu
		capMem[z] += ng.Int("scalingConfig.maxSize") * mem
	}
	needCPU, needMem := map[string]int{}, map[string]int{}
	sysCPU, sysMem := azlossSystemCPU, azlossSystemMemMi
	if s.runsKEDA() {
		sysCPU += azlossKEDAPods * azlossKEDACPU
		sysMem += azlossKEDAPods * azlossKEDAMemMi
	}
	var lines []string
	for _, d := range s.g.ByType(computeTDeployment) {
		replicas := d.Int("spec.replicas")
		if a := computeAutoscalerOf(s.g, d); a != nil {
			replicas = a.min
		}
		perZone := int(math.Ceil(float64(replicas) / float64(left)))
		placeable := replicas
		if !azlossSpreadHonoursTaints(d) {
			// The lost zone stays a domain with no pods: skew 1 allows
			// one pod in each remaining zone.
			placeable = min(replicas, left)
		}
		assert.Equal(t, replicas, placeable, "%s without %s: %d of %d pods can be placed (zone spread counts the lost zone's tainted nodes)", d.Name, lost, placeable, replicas)
		req := computeContainers(d)[0]["resources"].(map[string]any)["requests"].(map[string]any)
		milli, err := workload.ParseCPU(fmt.Sprint(req["cpu"]))
		assert.NoError(t, err, d.Name)
		bytes, err := workload.ParseMemory(fmt.Sprint(req["memory"]))
		assert.NoError(t, err, d.Name)
		cpu, mem := int(milli)*perZone, int(bytes>>20)*perZone
		for _, z := range s.zones {
			if z != lost {
				needCPU[z] += cpu
				needMem[z] += mem
			}
		}
		lines = append(lines, fmt.Sprintf("%s %d pods (%d per zone)", d.Name, replicas, perZone))
	}
	for _, z := range s.zones {
		if z == lost {
			continue
		}
		cpu, mem := needCPU[z]+sysCPU, needMem[z]+sysMem
		assert.LessOrEqual(t, cpu, capCPU[z], "without %s, zone %s needs %dm CPU of %dm its node group can grow to", lost, z, cpu, capCPU[z])
		assert.LessOrEqual(t, mem, capMem[z], "without %s, zone %s needs %d MiB of %d MiB its node group can grow to", lost, z, mem, capMem[z])
		lines = append(lines, fmt.Sprintf("zone %s needs %dm/%dMi of %dm/%dMi", z, cpu, mem, capCPU[z], capMem[z]))
	}
	return []string{"compute: " + strings.Join(lines, "; ")}
}

// azlossSpreadHonoursTaints reports whether the Deployment's zone spread
// ignores nodes whose taints its pods do not tolerate (nodeTaintsPolicy
// Honor; the default, Ignore, keeps the lost zone's NotReady nodes as a
// domain: Kubernetes "Pod Topology Spread Constraints").
func azlossSpreadHonoursTaints(d *mockgraph.Resource) bool {
	for _, c := range d.List("spec.template.spec.topologySpreadConstraints") {
		m := c.(map[string]any)
		if m["topologyKey"] == "topology.kubernetes.io/zone" && m["whenUnsatisfiable"] == "DoNotSchedule" {
			return m["nodeTaintsPolicy"] == "Honor"
		}
	}
	return true // no hard zone constraint: nothing to hold pods back
}

// database: an instance must remain outside the lost zone, and if the
// writer (promotion tier 0) was in it, a reader elsewhere is promoted.
func (s *azlossSite) database(lost string) []string {
	best := ""
	tier := math.MaxInt
	for _, in := range s.g.ByType("aws:rds/clusterInstance:ClusterInstance") {
		z := in.Str("availabilityZone")
		assert.NotEmpty(s.t, z, "%s: no availability zone, placement unknown", in.Name)
		if z != lost && in.Int("promotionTier") < tier {
			best, tier = in.Name+" in "+z, in.Int("promotionTier")
		}
	}
	assert.NotEmpty(s.t, best, "without %s no database instance remains", lost)
	return []string{"database: " + best + fmt.Sprintf(" (promotion tier %d)", tier)}
}

// cache: a node must remain outside the lost zone, with automatic
// failover and Multi-AZ so a replica there becomes primary.
func (s *azlossSite) cache(lost string) []string {
	var out []string
	for _, rg := range s.g.ByType("aws:elasticache/replicationGroup:ReplicationGroup") {
		azs := rg.Strings("preferredCacheClusterAzs")
		if !assert.NotEmpty(s.t, azs, "%s: no node placement (cluster mode without per-shard zones), so no replica is known to sit in another AZ", rg.Name) {
			continue
		}
		left := 0
		for _, z := range azs {
			if z != lost {
				left++
			}
		}
		assert.Positive(s.t, left, "without %s, %s has no node left", lost, rg.Name)
		assert.True(s.t, rg.Bool("automaticFailoverEnabled") && rg.Bool("multiAzEnabled"), "%s: no automatic Multi-AZ failover", rg.Name)
		out = append(out, fmt.Sprintf("cache: %s %d of %d nodes left, automatic failover", rg.Name, left, len(azs)))
	}
	return out
}

// egress: every remaining private subnet keeps a NAT gateway in a
// remaining zone, or the endpoints of the serving path.
func (s *azlossSite) egress(lost string) []string {
	t := s.t
	var lines []string
	endpoints := map[string]*mockgraph.Resource{}
	for _, e := range s.g.ByType(tEndpoint) {
		parts := strings.Split(e.Str("serviceName"), ".")
		endpoints[strings.Join(parts[3:], ".")] = e
	}
	for _, sn := range subnetsOfTier(s.g, "private") {
		if sn.Str("availabilityZone") == lost {
			continue
		}
		rt := routeTableOf(t, s.g, sn)
		nat := ""
		for _, r := range routesOf(s.g, rt) {
			if r.Str("destinationCidrBlock") == "0.0.0.0/0" && r.Str("natGatewayId") != "" {
				if n := byID(s.g, tNat, r.Str("natGatewayId")); n != nil && s.zone[n.Str("subnetId")] != lost {
					nat = n.Name + " in " + s.zone[n.Str("subnetId")]
				}
			}
		}
		if nat != "" {
			lines = append(lines, sn.Name+" via "+nat)
			continue
		}
		var missing []string
		for _, svc := range s.endpointsNeeded() {
			e := endpoints[svc]
			switch {
			case e == nil:
				missing = append(missing, svc)
			case e.Str("vpcEndpointType") == "Gateway" && !slices.Contains(e.Strings("routeTableIds"), mockID(rt)):
				missing = append(missing, svc+" (not on this route table)")
			case e.Str("vpcEndpointType") == "Interface" && s.remaining(e.Strings("subnetIds"), lost) == 0:
				missing = append(missing, svc+" (no subnet left)")
			}
		}
		assert.Empty(t, missing, "without %s, %s has no NAT gateway and lacks the endpoints of the serving path", lost, sn.Name)
		lines = append(lines, sn.Name+" via endpoints only (no internet egress)")
	}
	return []string{"egress: " + strings.Join(lines, "; ")}
}

// entry: the load balancer and the API's VPC link keep subnets in the
// remaining zones.
func (s *azlossSite) entry(lost string) []string {
	var lines []string
	for typ, prop := range map[string]string{tLB: "subnets", edgeTVpcLink: "subnetIds"} {
		for _, r := range s.g.ByType(typ) {
			n := s.remaining(r.Strings(prop), lost)
			assert.Positive(s.t, n, "without %s, %s has no subnet left", lost, r.Name)
			lines = append(lines, fmt.Sprintf("%s %d subnets", r.Name, n))
		}
	}
	sort.Strings(lines)
	return []string{"entry: " + strings.Join(lines, "; ")}
}

// TestEveryTierKeepsAServingPathWhenAnAZIsLost: for staging and prod,
// each AZ in turn is removed from the registered resources, and every
// tier must keep a serving path in the zones that remain: the services'
// pods schedulable at their minimum replicas on the node groups' capacity
// there (and not held Pending by the zone spread), a database instance
// to promote, a cache node to fail over to, egress (a NAT gateway, or the
// endpoints of the serving path) for every remaining private subnet, and
// subnets for the load balancer and the VPC link. The result is printed
// per zone.
func TestEveryTierKeepsAServingPathWhenAnAZIsLost(t *testing.T) {
	for _, stack := range []string{"staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			s := newAZLossSite(t, harness.RunStack(t, stack))
			if !assert.GreaterOrEqual(t, len(s.zones), 2, "a single-AZ stack cannot survive an AZ loss") {
				return
			}
			for _, lost := range s.zones {
				var report []string
				for _, tier := range []func(string) []string{s.compute, s.database, s.cache, s.egress, s.entry} {
					report = append(report, tier(lost)...)
				}
				t.Logf("%s without %s:\n    %s", stack, lost, strings.Join(report, "\n    "))
			}
		})
	}
}
