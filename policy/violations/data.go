package violations

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func encryption(x *b, key *res, _ *prov) {
	x.reg("aws:kms/key:Key", "key-norotate", pulumi.Map{"enableKeyRotation": pulumi.Bool(false)})
	x.reg("aws:cloudwatch/logGroup:LogGroup", "logs-bad", pulumi.Map{"name": pulumi.String("/policy/bad")})
	x.reg("aws:cloudwatch/logGroup:LogGroup", "logs-good", pulumi.Map{
		"name": pulumi.String("/policy/good"), "retentionInDays": pulumi.Int(30), "kmsKeyId": key.Arn,
	})
	// A key of another account, by ARN: not a key of the stack.
	x.reg("aws:secretsmanager/secret:Secret", "secret-bad", pulumi.Map{
		"name": pulumi.String("policy-bad"), "kmsKeyId": pulumi.String("arn:aws:kms:eu-west-1:111111111111:key/foreign"),
	})
	x.reg("aws:secretsmanager/secret:Secret", "secret-good", pulumi.Map{"name": pulumi.String("policy-good"), "kmsKeyId": key.Arn})
}

// network registers a VPC with a public subnet (routed to an internet
// gateway) and an isolated one, a subnet group on each, and two caches
// whose security groups admit a CIDR and a security group.
func network(x *b, key *res, _ *prov) {
	vpc := x.reg("aws:ec2/vpc:Vpc", "vpc-good", pulumi.Map{"cidrBlock": pulumi.String("10.0.0.0/16")})
	x.reg("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpc-good-default", pulumi.Map{"vpcId": id(vpc)})
	x.reg("aws:ec2/vpc:Vpc", "vpc-bad", pulumi.Map{"cidrBlock": pulumi.String("10.1.0.0/16")})
	igw := x.reg("aws:ec2/internetGateway:InternetGateway", "igw", pulumi.Map{"vpcId": id(vpc)})
	subnet := func(name, cidr string, toIGW bool) *res {
		sn := x.reg("aws:ec2/subnet:Subnet", name, pulumi.Map{
			"vpcId": id(vpc), "cidrBlock": pulumi.String(cidr), "availabilityZone": pulumi.String("eu-west-1a"),
		})
		rt := x.reg("aws:ec2/routeTable:RouteTable", name+"-rt", pulumi.Map{"vpcId": id(vpc)})
		x.reg("aws:ec2/routeTableAssociation:RouteTableAssociation", name+"-rta", pulumi.Map{"subnetId": id(sn), "routeTableId": id(rt)})
		if toIGW {
			x.reg("aws:ec2/route:Route", name+"-default", pulumi.Map{
				"routeTableId": id(rt), "destinationCidrBlock": pulumi.String("0.0.0.0/0"), "gatewayId": id(igw),
			})
		}
		return sn
	}
	public, isolated := subnet("public", "10.0.0.0/24", true), subnet("isolated", "10.0.1.0/24", false)
	x.reg("aws:rds/subnetGroup:SubnetGroup", "dbsubnets-bad", pulumi.Map{"subnetIds": pulumi.StringArray{id(public)}})
	x.reg("aws:rds/subnetGroup:SubnetGroup", "dbsubnets-good", pulumi.Map{"subnetIds": pulumi.StringArray{id(isolated)}})

	cache := func(name string, rule pulumi.Map) {
		sg := x.reg("aws:ec2/securityGroup:SecurityGroup", name+"-sg", pulumi.Map{"vpcId": id(vpc), "description": pulumi.String(name)})
		rule["securityGroupId"], rule["ipProtocol"] = id(sg), pulumi.String("tcp")
		rule["fromPort"], rule["toPort"] = pulumi.Int(6379), pulumi.Int(6379)
		x.reg("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name+"-in", rule)
		x.reg("aws:elasticache/replicationGroup:ReplicationGroup", name, pulumi.Map{
			"description": pulumi.String(name), "engine": pulumi.String("valkey"), "nodeType": pulumi.String("cache.t4g.micro"),
			"numCacheClusters": pulumi.Int(1), "securityGroupIds": pulumi.StringArray{id(sg)},
			"atRestEncryptionEnabled": pulumi.Bool(true), "transitEncryptionEnabled": pulumi.Bool(true),
			"kmsKeyId": key.Arn, "snapshotRetentionLimit": pulumi.Int(7),
		}, pulumi.Protect(true))
	}
	client := x.reg("aws:ec2/securityGroup:SecurityGroup", "client-sg", pulumi.Map{"vpcId": id(vpc), "description": pulumi.String("client")})
	cache("cache-bad", pulumi.Map{"cidrIpv4": pulumi.String("10.0.0.0/8")})
	cache("cache-good", pulumi.Map{"referencedSecurityGroupId": id(client)})
}
