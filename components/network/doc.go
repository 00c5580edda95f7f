// Package network provides Network, a VPC laid out in three subnet tiers per
// availability zone:
//
//   - public: the load balancer and NAT gateways; routes to the internet gateway;
//   - private: the application (EKS nodes and pods); egress through NAT, if any;
//   - isolated: the data stores; no route to or from the internet at all, and a
//     network ACL that only admits traffic from inside the VPC.
//
// Subnet CIDRs are computed from the VPC CIDR with a fixed number of AZ slots
// per tier, so raising AZCount later adds subnets without moving existing
// ones. VPC flow logs go to a KMS-encrypted CloudWatch log group, the default
// security group is emptied, and an S3 gateway endpoint (free) plus optional
// interface endpoints keep AWS API traffic off the NAT gateways.
//
// Settings are plain values, checked by Validate without a Pulumi context;
// the only Wiring is an optional KMS key for the flow logs. NamePrefix sets
// the physical names (the flow log group, the key alias) so that two stacks
// can hold a "shop" network in one account.
//
// Usage from another Go Pulumi program:
//
//	net, err := network.NewNetwork(ctx, "shop", &network.NetworkArgs{Settings: network.Settings{
//		Cidr:               "10.42.0.0/16",
//		AZCount:            3,
//		NatStrategy:        network.NatPerAZ,
//		InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "sts", "logs"},
//		Tags:               map[string]string{"project": "shop", "environment": "prod", "owner": "team-shop"},
//	}})
//	if err != nil {
//		return err
//	}
//	ctx.Export("vpcId", net.VpcId)
//
// A compiled example that go test runs: Example_network in
// examples/consumer/example_data_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package network
