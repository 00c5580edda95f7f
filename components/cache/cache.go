package cache

import (
	"cmp"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/catalog"
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

// LogTypes are the logs a Cache delivers, each to its own log group.
var LogTypes = []string{"engine-log", "slow-log"}

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

	// Settings are the defaulted settings.
	Settings Settings
	// GroupId is the replication group id (NamePrefix, or the name), as a
	// plain value for composition.
	GroupId string
	// LogGroupNames are the log groups per entry of LogTypes.
	LogGroupNames map[string]string
}

var _ pulumi.ComponentResource = (*Cache)(nil)

// NewCache validates args and creates the replication group. Nothing is
// registered when the settings or the wiring are invalid.
func NewCache(ctx *pulumi.Context, name string, args *CacheArgs, opts ...pulumi.ResourceOption) (*Cache, error) {
	if args == nil {
		args = &CacheArgs{}
	}
	s := args.WithDefaults() // Settings.WithDefaults (promoted)
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("cache %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("cache %q: invalid settings:\n%w", name, err)
	}
	id := cmp.Or(s.NamePrefix, name)
	c := &Cache{Settings: s, GroupId: id, LogGroupNames: map[string]string{}}
	for _, kind := range LogTypes {
		c.LogGroupNames[kind] = "/aws/elasticache/" + id + "/" + kind
	}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, s: s, w: args.Wiring, c: c, parent: pulumi.Parent(c)}
	steps := []func() error{b.lookup, b.key, b.authToken, b.subnetGroup, b.securityGroup, b.logGroups, b.group}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("cache %q: %w", name, err)
		}
	}
	b.outputs()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"primaryEndpoint": c.PrimaryEndpoint, "readerEndpoint": c.ReaderEndpoint, "port": c.Port,
		"secretArn": c.SecretArn, "securityGroupId": c.SecurityGroupId,
		"replicationGroupId": c.ReplicationGroupId, "kmsKeyArn": c.KmsKeyArn,
	})
}

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // logical names derive from it, physical ones from c.GroupId
	s      Settings
	w      Wiring
	c      *Cache
	parent pulumi.ResourceOrInvokeOption

	env  awsutil.Env
	base map[string]string
	// keep holds the group, its key and its AUTH token when Protect is set.
	keep      []pulumi.ResourceOption
	kms       *kmskey.Key
	secretArn pulumi.StringOutput
	token     pulumi.StringOutput
	subnets   *elasticache.SubnetGroup
	sg        *ec2.SecurityGroup
	logs      elasticache.ReplicationGroupLogDeliveryConfigurationArray
	rg        *elasticache.ReplicationGroup
}

func (b *builder) lookup() error {
	var err error
	b.env, err = awsutil.Lookup(b.ctx, b.parent)
	b.base = tags.Component(b.s.Tags, "cache")
	b.keep = protect.If(b.s.Protect, b.parent)
	return err
}

func (b *builder) key() error {
	var err error
	b.kms, err = kmskey.New(b.ctx, b.name, kmskey.Args{
		Env: b.env, Description: "ElastiCache data, AUTH token and logs of " + b.c.GroupId,
		LogsArnPattern: b.env.ARN("logs", "log-group:/aws/elasticache/"+b.c.GroupId+"/*"), Tags: b.base, Alias: b.c.GroupId,
		Services: []string{"elasticache", "secretsmanager"},
	}, b.keep...)
	return err
}

// authToken generates the AUTH token and stores it in Secrets Manager. The
// token only ever travels as a secret output; the secret takes keep (the
// group's protection), since the group is unusable without it.
func (b *builder) authToken() error {
	n := b.name + "-auth"
	pw, err := random.NewRandomPassword(b.ctx, n, &random.RandomPasswordArgs{
		Length: pulumi.Int(32), Special: pulumi.Bool(true), OverrideSpecial: pulumi.String(tokenSpecials),
		MinUpper: pulumi.Int(2), MinLower: pulumi.Int(2), MinNumeric: pulumi.Int(2),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("auth token: %w", err)
	}
	secret, err := secretsmanager.NewSecret(b.ctx, n, &secretsmanager.SecretArgs{
		NamePrefix:           pulumi.String(b.c.GroupId + "-auth-"),
		Description:          pulumi.String("AUTH token of the cache " + b.c.GroupId),
		KmsKeyId:             b.kms.Key.Arn,
		RecoveryWindowInDays: pulumi.Int(7),
		Tags:                 tags.Named(b.base, n),
	}, b.keep...)
	if err != nil {
		return fmt.Errorf("auth token secret: %w", err)
	}
	if _, err := secretsmanager.NewSecretVersion(b.ctx, n, &secretsmanager.SecretVersionArgs{
		SecretId: secret.ID(), SecretString: pw.Result,
	}, b.keep...); err != nil {
		return fmt.Errorf("auth token secret version: %w", err)
	}
	b.secretArn, b.token = secret.Arn, pulumi.ToSecret(pw.Result).(pulumi.StringOutput)
	return nil
}

func (b *builder) subnetGroup() error {
	var err error
	b.subnets, err = elasticache.NewSubnetGroup(b.ctx, b.name, &elasticache.SubnetGroupArgs{
		SubnetIds: b.w.SubnetIds, Description: pulumi.String("isolated subnets of " + b.c.GroupId), Tags: tags.Named(b.base, b.name),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("subnet group: %w", err)
	}
	return nil
}

func (b *builder) securityGroup() error {
	var err error
	b.sg, err = clientsg.New(b.ctx, b.name+"-sg", clientsg.Args{
		VpcId: b.w.VpcId, Port: b.s.Port, Clients: b.w.AllowedSecurityGroupIds,
		Description: "cache clients of the application tier to " + b.c.GroupId, Tags: b.base,
	}, b.parent)
	return err
}

// logGroups create the encrypted groups the engine and slow logs go to.
func (b *builder) logGroups() error {
	for _, kind := range LogTypes {
		g, err := loggroup.New(b.ctx, b.name+"-"+kind, b.c.LogGroupNames[kind], b.s.LogRetentionDays, b.kms.Key.Arn, b.base, b.parent)
		if err != nil {
			return err
		}
		b.logs = append(b.logs, elasticache.ReplicationGroupLogDeliveryConfigurationArgs{
			Destination: g.Name, DestinationType: pulumi.String("cloudwatch-logs"),
			LogFormat: pulumi.String("json"), LogType: pulumi.String(kind),
		})
	}
	return nil
}

func (b *builder) group() error {
	s := b.s
	rg := &elasticache.ReplicationGroupArgs{
		ReplicationGroupId:        pulumi.String(b.c.GroupId),
		Description:               pulumi.String("cache of " + b.c.GroupId),
		Engine:                    pulumi.String(s.Engine),
		EngineVersion:             pulumi.String(s.EngineVersion),
		NodeType:                  pulumi.String(s.NodeType),
		Port:                      pulumi.Int(s.Port),
		AutomaticFailoverEnabled:  pulumi.Bool(s.MultiAZ),
		MultiAzEnabled:            pulumi.Bool(s.MultiAZ),
		AtRestEncryptionEnabled:   pulumi.Bool(true),
		KmsKeyId:                  b.kms.Key.Arn,
		TransitEncryptionEnabled:  pulumi.Bool(true),
		TransitEncryptionMode:     pulumi.String("required"),
		AuthToken:                 b.token,
		AuthTokenUpdateStrategy:   pulumi.String("ROTATE"),
		SubnetGroupName:           b.subnets.Name,
		SecurityGroupIds:          pulumi.StringArray{b.sg.ID()},
		SnapshotRetentionLimit:    pulumi.Int(s.SnapshotRetentionDays),
		SnapshotWindow:            pulumi.String(s.SnapshotWindow),
		MaintenanceWindow:         pulumi.String(s.MaintenanceWindow),
		AutoMinorVersionUpgrade:   pulumi.Bool(true),
		LogDeliveryConfigurations: b.logs,
		Tags:                      tags.Named(b.base, b.name),
	}
	b.topology(rg)
	if catalog.CacheDataTiering(s.NodeType) {
		// AWS refuses an r6gd group without data tiering turned on.
		rg.DataTieringEnabled = pulumi.Bool(true)
	}
	var err error
	// The group id is fixed: a replacement (kmsKeyId, port, subnetGroupName
	// force one) deletes the old group first instead of colliding with it;
	// protected (prod), it is refused.
	if b.rg, err = elasticache.NewReplicationGroup(b.ctx, b.name, rg, append(b.keep, pulumi.DeleteBeforeReplace(true))...); err != nil {
		return fmt.Errorf("replication group: %w", err)
	}
	return nil
}

// topology sets the shards (cluster mode) or the nodes and their AZs, and
// the default parameter group of the engine version's family with cluster
// mode on or off: AWS names the families per version (redis6.x for 6.0
// and 6.2, redis7 for 7.0 and 7.1, valkey8 for 8.x), so the name derives
// from the catalog, not from the major.
func (b *builder) topology(rg *elasticache.ReplicationGroupArgs) {
	s := b.s
	family, _ := catalog.CacheParameterGroupFamily(s.Engine, s.EngineVersion)
	rg.ParameterGroupName = pulumi.String(catalog.CacheDefaultParameterGroup(family, s.ClusterMode()))
	if s.ClusterMode() {
		rg.ClusterMode = pulumi.String("enabled")
		rg.NumNodeGroups = pulumi.Int(s.Shards)
		rg.ReplicasPerNodeGroup = pulumi.Int(s.Nodes - 1)
		return
	}
	rg.NumCacheClusters = pulumi.Int(s.Nodes)
	if b.w.AvailabilityZones != nil {
		rg.PreferredCacheClusterAzs = roundRobin(b.w.AvailabilityZones, s.Nodes)
	}
}

// roundRobin lists n zones taken from zones in turn (node i in zones[i mod
// len(zones)]), none (ElastiCache places the nodes) when the list is
// empty. zones may be an output: n is known, the zones wait for the list.
func roundRobin(zones pulumi.StringArrayInput, n int) pulumi.StringArrayOutput {
	return zones.ToStringArrayOutput().ApplyT(func(zs []string) []string {
		if len(zs) == 0 {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			out[i] = zs[i%len(zs)]
		}
		return out
	}).(pulumi.StringArrayOutput)
}

func (b *builder) outputs() {
	c := b.c
	c.PrimaryEndpoint = b.rg.PrimaryEndpointAddress
	if b.s.ClusterMode() {
		c.PrimaryEndpoint = b.rg.ConfigurationEndpointAddress
	}
	c.ReaderEndpoint = b.rg.ReaderEndpointAddress
	c.Port = pulumi.Int(b.s.Port).ToIntOutput()
	c.SecretArn = b.secretArn
	c.SecurityGroupId = b.sg.ID().ToStringOutput()
	c.ReplicationGroupId = b.rg.ID().ToStringOutput()
	c.KmsKeyArn = b.kms.Key.Arn
}
