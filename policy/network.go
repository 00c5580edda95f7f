package policy

func networkRules() []Rule {
	return []Rule{
		{
			Name: "data-stores-in-isolated-subnets",
			Description: "Aurora and ElastiCache subnet groups use only subnets of the stack whose route table has no route " +
				"to an internet or NAT gateway, and no database instance is publicly accessible.",
			Remediation: "put the subnet group on the isolated tier of components/network and leave publiclyAccessible false",
			Severity:    Critical,
			Equivalents: []string{"checkov CKV_AWS_17", "awsguard rds-instance-public-access"},
			Check:       checkIsolatedSubnets,
		},
		{
			Name: "data-stores-admit-only-security-groups",
			Description: "The security groups of Aurora clusters and ElastiCache replication groups are groups of the stack " +
				"with no inline rules, and every ingress rule on them admits another security group, never a CIDR or prefix list.",
			Remediation: "admit clients with components' clientsg.Admit (a referenced security group per client)",
			Severity:    Critical,
			Check:       checkDataStoreIngress,
		},
		{
			Name:        "default-security-groups-deny-all",
			Description: "Every VPC of the stack manages its default security group, with no rules.",
			Remediation: "declare aws.ec2.DefaultSecurityGroup for the VPC with empty ingress and egress",
			Severity:    Medium,
			Equivalents: []string{"checkov CKV2_AWS_12"},
			Check:       checkDefaultSGs,
		},
	}
}

func checkIsolatedSubnets(s *Stack, report Reporter) {
	for _, g := range s.Of(tDBSubnetGroup, tCacheSubnets) {
		if !s.fromStack(g, "subnetIds", tSubnet) {
			report(g, "uses subnets that are not subnets of the stack")
		}
		for _, sn := range s.Refs(g, "subnetIds", tSubnet) {
			if why := s.internetRoute(sn); why != "" {
				report(g, "subnet %s %s", sn.Name, why)
			}
		}
	}
	for _, in := range s.Of(tDBInstance, tRDSInstance) {
		if in.Bool("publiclyAccessible") {
			report(in, "publiclyAccessible is true")
		}
	}
}

// internetRoute says how a subnet reaches the internet ("" if it cannot):
// through its route table association to a route to an internet or NAT
// gateway or an inline route to 0.0.0.0/0. A subnet without an associated
// route table of the stack uses the VPC's main table, which the stack does
// not control.
func (s *Stack) internetRoute(sn *Resource) string {
	assocs := s.Referrers(sn, "subnetId", tRTAssoc)
	if len(assocs) == 0 {
		return "has no route table of the stack (it uses the VPC's main route table)"
	}
	for _, a := range assocs {
		for _, rt := range s.Refs(a, "routeTableId", tRouteTable) {
			for _, r := range s.Referrers(rt, "routeTableId", tRoute) {
				if len(s.Refs(r, "gatewayId", tIGW)) > 0 || len(s.Refs(r, "natGatewayId", tNAT)) > 0 {
					return "routes to the internet through " + rt.Name
				}
			}
			for _, r := range objects(rt.List("routes")) {
				if r["cidrBlock"] == "0.0.0.0/0" || r["ipv6CidrBlock"] == "::/0" {
					return "has a default route in " + rt.Name
				}
			}
		}
	}
	return ""
}

// dataStoreGroups are the security groups each data store attaches.
var dataStoreGroups = map[string]string{tDBCluster: "vpcSecurityGroupIds", tCacheRG: "securityGroupIds"}

func checkDataStoreIngress(s *Stack, report Reporter) {
	for typ, path := range dataStoreGroups {
		for _, ds := range s.Of(typ) {
			if !s.fromStack(ds, path, tSG) {
				report(ds, "%s names security groups that are not groups of the stack", path)
			}
			for _, sg := range s.Refs(ds, path, tSG) {
				if len(sg.List("ingress")) > 0 || len(sg.List("egress")) > 0 {
					report(ds, "security group %s has inline rules", sg.Name)
				}
				for _, in := range s.Referrers(sg, "securityGroupId", tIngress) {
					if in.Has("cidrIpv4") || in.Has("cidrIpv6") || in.Has("prefixListId") || !in.Has("referencedSecurityGroupId") {
						report(ds, "ingress rule %s on %s admits addresses, not a security group", in.Name, sg.Name)
					}
				}
				for _, in := range s.Referrers(sg, "securityGroupId", tLegacyRule) {
					if in.Str("type") == "ingress" && !in.Has("sourceSecurityGroupId") {
						report(ds, "ingress rule %s on %s admits addresses, not a security group", in.Name, sg.Name)
					}
				}
			}
		}
	}
}

func checkDefaultSGs(s *Stack, report Reporter) {
	for _, v := range s.Of(tVpc) {
		defaults := s.Referrers(v, "vpcId", tDefaultSG)
		if len(defaults) == 0 {
			report(v, "its default security group is not managed: AWS's default admits all traffic within the group")
		}
		for _, d := range defaults {
			if len(d.List("ingress")) > 0 || len(d.List("egress")) > 0 {
				report(d, "the default security group has rules")
			}
		}
	}
}
