// Package consumer is a Pulumi program of another project built from the
// webplatform components, the way any Go Pulumi project uses them:
//
//	go get github.com/webplatform-dev/webplatform@vX.Y.Z
//
// It creates a network and an Aurora PostgreSQL database fed from the
// network's outputs (pulumi inputs: the VPC id, the isolated subnets and
// the zones arrive as outputs, not as plain Go values), under whatever
// provider and parent the caller's resource options give. A program's main
// is
//
//	func main() { pulumi.Run(consumer.Run) }
//
// consumer_test.go runs it under the mock monitor; the other _test.go
// files of this package are compiled examples of every component.
package consumer

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/network"
)

// Orders is the consumer's service platform: its network and its database.
type Orders struct {
	Network  *network.Network
	Database *database.Database
}

// Tags go on every resource the components create.
var Tags = map[string]string{"project": "orders", "environment": "dev", "owner": "team-orders"}

// New creates the network and the database. opts (a provider, a parent)
// apply to both components and so to every resource and lookup in them.
func New(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) (*Orders, error) {
	net, err := network.NewNetwork(ctx, name+"-net", &network.NetworkArgs{Settings: network.Settings{
		Cidr:        "10.60.0.0/16",
		AZCount:     2,
		NatStrategy: network.NatSingle,
		Tags:        Tags,
	}}, opts...)
	if err != nil {
		return nil, err
	}
	db, err := database.NewDatabase(ctx, name+"-db", &database.DatabaseArgs{
		Settings: database.Settings{
			Instances:     2,
			InstanceClass: "db.t4g.medium",
			AllowDeletion: true, // a dev database: no final snapshot
			Tags:          Tags,
		},
		Wiring: database.Wiring{
			VpcId:             net.VpcId,
			SubnetIds:         net.IsolatedSubnetIds,
			AvailabilityZones: net.AvailabilityZones,
		},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Orders{Network: net, Database: db}, nil
}

// Run is the program: the platform with the stack's default AWS provider,
// and the outputs another stack reads through a StackReference.
func Run(ctx *pulumi.Context) error {
	o, err := New(ctx, "orders")
	if err != nil {
		return err
	}
	ctx.Export("vpcId", o.Network.VpcId)
	ctx.Export("availabilityZones", o.Network.AvailabilityZones)
	ctx.Export("isolatedSubnetIds", o.Network.IsolatedSubnetIds)
	ctx.Export("dbWriterEndpoint", o.Database.WriterEndpoint)
	ctx.Export("dbSecretArn", o.Database.SecretArn)
	ctx.Export("dbSecurityGroupId", o.Database.SecurityGroupId)
	return nil
}
