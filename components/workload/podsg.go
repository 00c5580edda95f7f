package workload

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/clientsg"
)

// SecurityGroupPolicy is the API version and kind of the object that puts
// a service's pods on branch ENIs with the service's own security group
// (EKS security groups for pods; the VPC CNI runs with ENABLE_POD_ENI).
const (
	SecurityGroupPolicyAPIVersion = "vpcresources.k8s.aws/v1beta1"
	SecurityGroupPolicyKind       = "SecurityGroupPolicy"
)

// DNSPort is the port of CoreDNS (kube-dns in kube-system).
const DNSPort = 53

// podSecurityGroup gives the service's pods their own security group: it
// admits the nodes (kubelet probes) on the service port (the load balancer
// adds its own rule), and lets the pods reach DNS, the collector, the data
// stores the service uses (which admit this group and no other), the AWS
// API endpoints, S3 when the service has buckets, and the internet on 443
// only with AllowInternetEgress. A SecurityGroupPolicy selects the pods.
func (v *svc) podSecurityGroup() error {
	n := v.n + "-pods"
	sg, err := ec2.NewSecurityGroup(v.ctx, n, &ec2.SecurityGroupArgs{
		VpcId:       v.wiring.VpcId,
		Description: pulumi.String(fmt.Sprintf("Pods of %s of %s (SecurityGroupPolicy)", v.s.Name, v.name)),
		Tags:        v.tagged(n),
	}, v.parent)
	if err != nil {
		return fmt.Errorf("pod security group: %w", err)
	}
	v.podSG = sg.ID().ToStringOutput()
	node := v.wiring.NodeSecurityGroupId
	var rules []sgRule
	if !v.job { // a Job serves nothing: no ingress, nothing for the load balancer
		v.w.PodSecurityGroupIds[v.s.Name] = v.podSG
		rules = append(rules, sgRule{name: "from-nodes", in: true, proto: "tcp", port: v.s.Port, peerSG: node, desc: "kubelet probes from the nodes"})
	}
	for _, proto := range []string{"udp", "tcp"} {
		rules = append(rules, sgRule{name: "dns-" + proto, proto: proto, port: DNSPort, peerSG: node, mirror: true, desc: "DNS to CoreDNS on the nodes"})
	}
	if c := v.wiring.Collector; c != nil {
		for _, port := range c.Ports {
			rules = append(rules, sgRule{name: fmt.Sprintf("collector-%d", port), proto: "tcp", port: port, peerSG: node, mirror: true, desc: "telemetry to the collector on the nodes"})
		}
	}
	for _, store := range v.stores() {
		ds := v.wiring.DataStores[store]
		rules = append(rules, sgRule{name: store, proto: "tcp", port: ds.Port, peerSG: ds.SecurityGroupId, desc: "the " + store + " the service uses"})
	}
	if v.wiring.EndpointSecurityGroupId != nil {
		rules = append(rules, sgRule{name: "endpoints", proto: "tcp", port: 443, peerSG: v.wiring.EndpointSecurityGroupId, desc: "AWS APIs through the VPC's interface endpoints"})
	}
	if v.usesS3() {
		rules = append(rules, sgRule{name: "s3", proto: "tcp", port: 443, prefixList: v.wiring.S3PrefixListId, desc: "S3 through the gateway endpoint"})
	}
	if v.s.AllowInternetEgress {
		rules = append(rules, sgRule{name: "internet", proto: "tcp", port: 443, cidr: pulumi.String("0.0.0.0/0"), desc: "HTTPS to the internet (allowInternetEgress)"})
	}
	for _, r := range rules {
		if err := v.rule(n, r); err != nil {
			return err
		}
	}
	for _, store := range v.stores() {
		ds := v.wiring.DataStores[store]
		if err := clientsg.Admit(v.ctx, v.n+"-"+store, clientsg.Rule{
			SecurityGroupId: ds.SecurityGroupId, Port: ds.Port, Client: v.podSG,
			Description: fmt.Sprintf("pods of service %s of %s", v.s.Name, v.name), Tags: v.tags,
		}, v.parent); err != nil {
			return err
		}
	}
	return v.securityGroupPolicy()
}

// sgRule is one rule of a pod security group: ingress (in) or egress to a
// group, a prefix list or a CIDR. mirror adds the matching ingress rule to
// the peer group (the nodes' group admits the pods for DNS and telemetry).
type sgRule struct {
	name, proto, desc string
	port              int
	in, mirror        bool
	peerSG            pulumi.StringInput
	prefixList        pulumi.StringInput
	cidr              pulumi.StringInput
}

func (v *svc) rule(sgName string, r sgRule) error {
	name := sgName + "-" + r.name
	// ingress admits from's group to group on the rule's port.
	ingress := func(n string, group, from pulumi.StringInput) error {
		_, err := vpc.NewSecurityGroupIngressRule(v.ctx, n, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: group, ReferencedSecurityGroupId: from, Description: pulumi.String(r.desc),
			IpProtocol: pulumi.String(r.proto), FromPort: pulumi.Int(r.port), ToPort: pulumi.Int(r.port), Tags: v.tagged(n),
		}, v.parent)
		return err
	}
	if r.in {
		if err := ingress(name, v.podSG, r.peerSG); err != nil {
			return fmt.Errorf("pod security group rule %s: %w", r.name, err)
		}
		return nil
	}
	args := &vpc.SecurityGroupEgressRuleArgs{SecurityGroupId: v.podSG, Description: pulumi.String(r.desc),
		IpProtocol: pulumi.String(r.proto), FromPort: pulumi.Int(r.port), ToPort: pulumi.Int(r.port), Tags: v.tagged(name)}
	switch {
	case r.peerSG != nil:
		args.ReferencedSecurityGroupId = r.peerSG
	case r.prefixList != nil:
		args.PrefixListId = r.prefixList
	default:
		args.CidrIpv4 = r.cidr
	}
	if _, err := vpc.NewSecurityGroupEgressRule(v.ctx, name, args, v.parent); err != nil {
		return fmt.Errorf("pod security group rule %s: %w", r.name, err)
	}
	if !r.mirror {
		return nil
	}
	if err := ingress(name+"-in", r.peerSG, v.podSG); err != nil {
		return fmt.Errorf("node security group rule %s: %w", r.name, err)
	}
	return nil
}

// securityGroupPolicy puts the service's pods (all of them: the policy
// selects the Deployment's labels) on branch ENIs with the pod group only.
func (v *svc) securityGroupPolicy() error {
	if _, err := apiextensions.NewCustomResource(v.ctx, v.n+"-pods", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(SecurityGroupPolicyAPIVersion),
		Kind:       pulumi.String(SecurityGroupPolicyKind),
		Metadata:   v.meta(v.s.Name + "-pods"),
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"podSelector":    pulumi.Map{"matchLabels": v.selector.MatchLabels},
			"securityGroups": pulumi.Map{"groupIds": pulumi.StringArray{v.podSG}},
		}},
	}, v.parent, v.kube, v.inNS); err != nil {
		return fmt.Errorf("security group policy: %w", err)
	}
	return nil
}

// stores are the data stores the service uses that the wiring provides,
// in DataStoreNames order.
func (v *svc) stores() []string {
	var out []string
	for _, name := range DataStoreNames {
		if _, ok := v.wiring.DataStores[name]; ok && slices.Contains(v.s.DataStores, name) {
			out = append(out, name)
		}
	}
	return out
}

// usesS3 says whether the service has buckets and the wiring an S3 path.
func (v *svc) usesS3() bool {
	return len(v.wire.BucketArns) > 0 && v.wiring.S3PrefixListId != nil && v.wiring.S3Cidrs != nil
}
