package cache

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/clientsg"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/loggroup"
	"github.com/webplatform-dev/webplatform/internal/protect"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:cache:Cache"

// tokenSpecials are the punctuation ElastiCache allows in an AUTH token
// (printable ASCII except space, '"', '/' and '@').
const tokenSpecials = "!&#$^<>-"

// Cache is an ElastiCache replication group.
type Cache struct {
	pulumi.ResourceState

	PrimaryEndpoint    pulumi.StringOutput `pulumi:"primaryEndpoint"`
	ReaderEndpoint     pulumi.StringOutput `pulumi:"readerEndpoint"`
	Port               pulumi.IntOutput    `pulumi:"port"`
	SecretArn          pulumi.StringOutput `pulumi:"secretArn"`
	SecurityGroupId    pulumi.StringOutput `pulumi:"securityGroupId"`
	ReplicationGroupId pulumi.StringOutput `pulumi:"replicationGroupId"`
	KmsKeyArn          pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Args are the defaulted arguments.
	Args CacheArgs
}

var _ pulumi.ComponentResource = (*Cache)(nil)

// NewCache validates args and creates the replication group.
func NewCache(ctx *pulumi.Context, name string, args *CacheArgs, opts ...pulumi.ResourceOption) (*Cache, error) {
	if args == nil {
		args = &CacheArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("cache %q: invalid arguments:\n%w", name, err)
	}
	if err := clientsg.ValidateWiring(a.VpcId, a.SubnetIds, a.AllowedSecurityGroupIds); err != nil {
		return nil, fmt.Errorf("cache %q: invalid arguments:\n%w", name, err)
	}
	c := &Cache{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, name, a, c); err != nil {
		return nil, fmt.Errorf("cache %q: %w", name, err)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"primaryEndpoint": c.PrimaryEndpoint, "readerEndpoint": c.ReaderEndpoint, "port": c.Port,
		"secretArn": c.SecretArn, "securityGroupId": c.SecurityGroupId,
		"replicationGroupId": c.ReplicationGroupId, "kmsKeyArn": c.KmsKeyArn,
	})
}

func build(ctx *pulumi.Context, name string, a CacheArgs, c *Cache) error {
	parent := pulumi.Parent(c)
	env, err := awsutil.Lookup(ctx, parent)
	if err != nil {
		return err
	}
	base := tags.Component(a.Tags, "cache")
	logPrefix := "/aws/elasticache/" + name
	// The group, its key and its AUTH token are protected when asked.
	keep := protect.If(a.Protect, parent)
	key, err := kmskey.New(ctx, name, kmskey.Args{
		Env: env, Description: "ElastiCache data, AUTH token and logs of " + name,
		LogsArnPattern: env.ARN("logs", "log-group:"+logPrefix+"/*"), Tags: base,
	}, keep...)
	if err != nil {
		return err
	}
	secretArn, token, err := authToken(ctx, name, key, base, parent, keep)
	if err != nil {
		return err
	}
	subnets, err := elasticache.NewSubnetGroup(ctx, name, &elasticache.SubnetGroupArgs{
		SubnetIds: a.SubnetIds, Description: pulumi.String("isolated subnets of " + name), Tags: tags.Named(base, name),
	}, parent)
	if err != nil {
		return fmt.Errorf("subnet group: %w", err)
	}
	sg, err := clientsg.New(ctx, name+"-sg", clientsg.Args{
		VpcId: a.VpcId, Port: a.Port, Clients: a.AllowedSecurityGroupIds,
		Description: "cache clients of the application tier to " + name, Tags: base,
	}, parent)
	if err != nil {
		return err
	}
	var logs elasticache.ReplicationGroupLogDeliveryConfigurationArray
	for _, kind := range []string{"engine-log", "slow-log"} {
		g, err := loggroup.New(ctx, name+"-"+kind, logPrefix+"/"+kind, a.LogRetentionDays, key.Key.Arn, base, parent)
		if err != nil {
			return err
		}
		logs = append(logs, elasticache.ReplicationGroupLogDeliveryConfigurationArgs{
			Destination: g.Name, DestinationType: pulumi.String("cloudwatch-logs"),
			LogFormat: pulumi.String("json"), LogType: pulumi.String(kind),
		})
	}

	major, _, _ := strings.Cut(a.EngineVersion, ".")
	paramGroup := "default." + a.Engine + major
	rg := &elasticache.ReplicationGroupArgs{
		ReplicationGroupId:        pulumi.String(name),
		Description:               pulumi.String("cache of " + name),
		Engine:                    pulumi.String(a.Engine),
		EngineVersion:             pulumi.String(a.EngineVersion),
		NodeType:                  pulumi.String(a.NodeType),
		Port:                      pulumi.Int(a.Port),
		AutomaticFailoverEnabled:  pulumi.Bool(a.MultiAZ),
		MultiAzEnabled:            pulumi.Bool(a.MultiAZ),
		AtRestEncryptionEnabled:   pulumi.Bool(true),
		KmsKeyId:                  key.Key.Arn,
		TransitEncryptionEnabled:  pulumi.Bool(true),
		TransitEncryptionMode:     pulumi.String("required"),
		AuthToken:                 token,
		AuthTokenUpdateStrategy:   pulumi.String("ROTATE"),
		SubnetGroupName:           subnets.Name,
		SecurityGroupIds:          pulumi.StringArray{sg.ID()},
		SnapshotRetentionLimit:    pulumi.Int(a.SnapshotRetentionDays),
		SnapshotWindow:            pulumi.String(a.SnapshotWindow),
		MaintenanceWindow:         pulumi.String(a.MaintenanceWindow),
		AutoMinorVersionUpgrade:   pulumi.Bool(true),
		LogDeliveryConfigurations: logs,
		Tags:                      tags.Named(base, name),
	}
	if a.Shards > 1 {
		rg.ClusterMode = pulumi.String("enabled")
		rg.NumNodeGroups = pulumi.Int(a.Shards)
		rg.ReplicasPerNodeGroup = pulumi.Int(a.Nodes - 1)
		rg.ParameterGroupName = pulumi.String(paramGroup + ".cluster.on")
	} else {
		rg.NumCacheClusters = pulumi.Int(a.Nodes)
		rg.ParameterGroupName = pulumi.String(paramGroup)
		if len(a.AvailabilityZones) > 0 {
			azs := make(pulumi.StringArray, a.Nodes)
			for i := range azs {
				azs[i] = pulumi.String(a.AvailabilityZones[i%len(a.AvailabilityZones)])
			}
			rg.PreferredCacheClusterAzs = azs
		}
	}
	group, err := elasticache.NewReplicationGroup(ctx, name, rg, keep...)
	if err != nil {
		return fmt.Errorf("replication group: %w", err)
	}
	c.PrimaryEndpoint = group.PrimaryEndpointAddress
	if a.Shards > 1 {
		c.PrimaryEndpoint = group.ConfigurationEndpointAddress
	}
	c.ReaderEndpoint = group.ReaderEndpointAddress
	c.Port = pulumi.Int(a.Port).ToIntOutput()
	c.SecretArn = secretArn
	c.SecurityGroupId = sg.ID().ToStringOutput()
	c.ReplicationGroupId = group.ID().ToStringOutput()
	c.KmsKeyArn = key.Key.Arn
	return nil
}

// authToken generates the AUTH token and stores it in Secrets Manager. The
// token only ever travels as a secret output; the secret takes keep (the
// group's protection), since the group is unusable without it.
func authToken(ctx *pulumi.Context, name string, key *kmskey.Key, base map[string]string, parent pulumi.ResourceOption, keep []pulumi.ResourceOption) (pulumi.StringOutput, pulumi.StringOutput, error) {
	pw, err := random.NewRandomPassword(ctx, name+"-auth", &random.RandomPasswordArgs{
		Length: pulumi.Int(32), Special: pulumi.Bool(true), OverrideSpecial: pulumi.String(tokenSpecials),
		MinUpper: pulumi.Int(2), MinLower: pulumi.Int(2), MinNumeric: pulumi.Int(2),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, pulumi.StringOutput{}, fmt.Errorf("auth token: %w", err)
	}
	secret, err := secretsmanager.NewSecret(ctx, name+"-auth", &secretsmanager.SecretArgs{
		NamePrefix:           pulumi.String(name + "-auth-"),
		Description:          pulumi.String("AUTH token of the cache " + name),
		KmsKeyId:             key.Key.Arn,
		RecoveryWindowInDays: pulumi.Int(7),
		Tags:                 tags.Named(base, name+"-auth"),
	}, keep...)
	if err != nil {
		return pulumi.StringOutput{}, pulumi.StringOutput{}, fmt.Errorf("auth token secret: %w", err)
	}
	if _, err := secretsmanager.NewSecretVersion(ctx, name+"-auth", &secretsmanager.SecretVersionArgs{
		SecretId: secret.ID(), SecretString: pw.Result,
	}, parent); err != nil {
		return pulumi.StringOutput{}, pulumi.StringOutput{}, fmt.Errorf("auth token secret version: %w", err)
	}
	return secret.Arn, pulumi.ToSecret(pw.Result).(pulumi.StringOutput), nil
}
