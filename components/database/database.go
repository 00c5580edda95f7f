package database

import (
	"cmp"
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
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
const TypeToken = "webplatform:database:Database"

// Port is the PostgreSQL port.
const Port = 5432

// The database and master user a new cluster gets (a restored one keeps
// the snapshot's).
const (
	DatabaseName   = "app"
	MasterUsername = "app_admin"
)

// Database is an Aurora PostgreSQL cluster.
type Database struct {
	pulumi.ResourceState

	WriterEndpoint    pulumi.StringOutput `pulumi:"writerEndpoint"`
	ReaderEndpoint    pulumi.StringOutput `pulumi:"readerEndpoint"`
	Port              pulumi.IntOutput    `pulumi:"port"`
	SecretArn         pulumi.StringOutput `pulumi:"secretArn"`
	SecurityGroupId   pulumi.StringOutput `pulumi:"securityGroupId"`
	ClusterIdentifier pulumi.StringOutput `pulumi:"clusterIdentifier"`
	// ClusterResourceId is the cluster's resource id, the scope of IAM
	// database authentication (rds-db:connect on dbuser:<id>/<user>).
	ClusterResourceId pulumi.StringOutput `pulumi:"clusterResourceId"`
	KmsKeyArn         pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// LogGroupName is the log group RDS exports the PostgreSQL log to.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`

	// Settings are the defaulted settings.
	Settings Settings
	// Identifier is the cluster identifier (NamePrefix, or the name), as a
	// plain value for composition; InstanceIdentifiers are the
	// instances', writer first.
	Identifier          string
	InstanceIdentifiers []string
}

var _ pulumi.ComponentResource = (*Database)(nil)

// NewDatabase validates args and creates the cluster. Nothing is
// registered when the settings or the wiring are invalid.
func NewDatabase(ctx *pulumi.Context, name string, args *DatabaseArgs, opts ...pulumi.ResourceOption) (*Database, error) {
	if args == nil {
		args = &DatabaseArgs{}
	}
	s := args.WithDefaults() // Settings.WithDefaults (promoted)
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("database %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("database %q: invalid settings:\n%w", name, err)
	}
	id := cmp.Or(s.NamePrefix, name)
	d := &Database{Settings: s, Identifier: id}
	for i := range s.Instances {
		d.InstanceIdentifiers = append(d.InstanceIdentifiers, fmt.Sprintf("%s-%d", id, i+1))
	}
	if err := ctx.RegisterComponentResource(TypeToken, name, d, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, s: s, w: args.Wiring, d: d, parent: pulumi.Parent(d)}
	steps := []func() error{b.lookup, b.key, b.logGroup, b.subnetGroup, b.securityGroup, b.parameterGroup,
		b.cluster, b.monitoringRole, b.instances, b.readerAutoscaling}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("database %q: %w", name, err)
		}
	}
	b.outputs()
	return d, ctx.RegisterResourceOutputs(d, pulumi.Map{
		"writerEndpoint": d.WriterEndpoint, "readerEndpoint": d.ReaderEndpoint, "port": d.Port,
		"secretArn": d.SecretArn, "securityGroupId": d.SecurityGroupId,
		"clusterIdentifier": d.ClusterIdentifier, "clusterResourceId": d.ClusterResourceId, "kmsKeyArn": d.KmsKeyArn, "logGroupName": d.LogGroupName,
	})
}

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // logical names derive from it, physical ones from d.Identifier
	s      Settings
	w      Wiring
	d      *Database
	parent pulumi.ResourceOrInvokeOption

	env            awsutil.Env
	base, stateful map[string]string
	// keep holds the stateful resources, and the key without which their
	// data and snapshots are unreadable, when Protect is set.
	keep   []pulumi.ResourceOption
	kms    *kmskey.Key
	logs   *cloudwatch.LogGroup
	subnet *rds.SubnetGroup
	sg     *ec2.SecurityGroup
	params *rds.ClusterParameterGroup
	rds    *rds.Cluster
	role   *iam.Role
}

func (b *builder) lookup() error {
	var err error
	b.env, err = awsutil.Lookup(b.ctx, b.parent)
	b.base = tags.Component(b.s.Tags, "database")
	b.stateful = maps.Clone(b.base)
	b.stateful[tags.BackupKey] = tags.BackupValue
	b.keep = protect.If(b.s.Protect, b.parent)
	return err
}

// logGroupName is the group RDS exports the PostgreSQL log to.
func (b *builder) logGroupName() string {
	return fmt.Sprintf("/aws/rds/cluster/%s/postgresql", b.d.Identifier)
}

func (b *builder) key() error {
	var err error
	b.kms, err = kmskey.New(b.ctx, b.name, kmskey.Args{
		Env: b.env, Description: "Aurora storage, Performance Insights, credentials and logs of " + b.d.Identifier,
		LogsArnPattern: b.env.ARN("logs", "log-group:"+b.logGroupName()), Tags: b.base, Alias: b.d.Identifier,
		Services: []string{"rds", "secretsmanager"},
	}, b.keep...)
	return err
}

// logGroup exists before the cluster: RDS would create it itself, without
// retention or a key.
func (b *builder) logGroup() error {
	var err error
	b.logs, err = loggroup.New(b.ctx, b.name+"-postgresql", b.logGroupName(), b.s.LogRetentionDays, b.kms.Key.Arn, b.base, b.parent)
	return err
}

func (b *builder) subnetGroup() error {
	var err error
	b.subnet, err = rds.NewSubnetGroup(b.ctx, b.name, &rds.SubnetGroupArgs{
		SubnetIds: b.w.SubnetIds, Description: pulumi.String("isolated subnets of " + b.d.Identifier), Tags: tags.Named(b.base, b.name),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("subnet group: %w", err)
	}
	return nil
}

func (b *builder) securityGroup() error {
	var err error
	b.sg, err = clientsg.New(b.ctx, b.name+"-sg", clientsg.Args{
		VpcId: b.w.VpcId, Port: Port, Clients: b.w.AllowedSecurityGroupIds,
		Description: "PostgreSQL from the application tier to " + b.d.Identifier, Tags: b.base,
	}, b.parent)
	return err
}

// parameterGroup forces TLS and logs slow statements. Its family derives
// from the engine version (catalog.AuroraPostgresFamily; Validate refused
// a version the catalog does not have).
func (b *builder) parameterGroup() error {
	family, _ := catalog.AuroraPostgresFamily(b.s.EngineVersion)
	var err error
	b.params, err = rds.NewClusterParameterGroup(b.ctx, b.name, &rds.ClusterParameterGroupArgs{
		Family:      pulumi.String(family),
		Description: pulumi.String("TLS-only connections for " + b.d.Identifier),
		Parameters: rds.ClusterParameterGroupParameterArray{
			rds.ClusterParameterGroupParameterArgs{Name: pulumi.String("rds.force_ssl"), Value: pulumi.String("1")},
			rds.ClusterParameterGroupParameterArgs{Name: pulumi.String("log_min_duration_statement"), Value: pulumi.String("1000")},
		},
		Tags: tags.Named(b.base, b.name),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("cluster parameter group: %w", err)
	}
	return nil
}

func (b *builder) cluster() error {
	s, id, keyArn := b.s, b.d.Identifier, b.kms.Key.Arn
	ca := &rds.ClusterArgs{
		ClusterIdentifier:                pulumi.String(id),
		Engine:                           pulumi.String("aurora-postgresql"),
		EngineVersion:                    pulumi.String(s.EngineVersion),
		DatabaseName:                     pulumi.String(DatabaseName),
		MasterUsername:                   pulumi.String(MasterUsername),
		ManageMasterUserPassword:         pulumi.Bool(true),
		MasterUserSecretKmsKeyId:         keyArn,
		StorageEncrypted:                 pulumi.Bool(true),
		KmsKeyId:                         keyArn,
		IamDatabaseAuthenticationEnabled: pulumi.Bool(true),
		BackupRetentionPeriod:            pulumi.Int(s.BackupRetentionDays),
		PreferredBackupWindow:            pulumi.String(s.BackupWindow),
		PreferredMaintenanceWindow:       pulumi.String(s.MaintenanceWindow),
		CopyTagsToSnapshot:               pulumi.Bool(true),
		DeletionProtection:               pulumi.Bool(!s.AllowDeletion),
		SkipFinalSnapshot:                pulumi.Bool(s.AllowDeletion),
		FinalSnapshotIdentifier:          pulumi.String(id + "-final"),
		EnabledCloudwatchLogsExports:     pulumi.StringArray{pulumi.String("postgresql")},
		DbSubnetGroupName:                b.subnet.Name,
		VpcSecurityGroupIds:              pulumi.StringArray{b.sg.ID()},
		DbClusterParameterGroupName:      b.params.Name,
		Tags:                             tags.Named(b.stateful, b.name),
	}
	if s.AllowMajorVersionUpgrade {
		ca.AllowMajorVersionUpgrade = pulumi.Bool(true)
	}
	if s.IsServerless() {
		ca.Serverlessv2ScalingConfiguration = serverlessScaling(*s.Serverless)
	}
	if s.SnapshotIdentifier != "" {
		// The snapshot brings its database and master user.
		ca.SnapshotIdentifier = pulumi.String(s.SnapshotIdentifier)
		ca.DatabaseName, ca.MasterUsername = nil, nil
	}
	var err error
	// The identifier is fixed (alarms, logs and the runbook name it), so a
	// replacement (snapshotIdentifier, kmsKeyId, ... force one) deletes the
	// old cluster first, after its final snapshot, instead of colliding
	// with it. Protected (prod) or with deletion protection, the
	// replacement is refused before anything is deleted.
	b.rds, err = rds.NewCluster(b.ctx, b.name, ca, append(b.keep, pulumi.DependsOn([]pulumi.Resource{b.logs}), pulumi.DeleteBeforeReplace(true))...)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

// serverlessScaling is the cluster's Serverless v2 capacity range; the
// pause delay is set only where the instances pause (0 ACUs).
func serverlessScaling(sv ServerlessScaling) *rds.ClusterServerlessv2ScalingConfigurationArgs {
	args := &rds.ClusterServerlessv2ScalingConfigurationArgs{
		MinCapacity: pulumi.Float64(sv.MinACU),
		MaxCapacity: pulumi.Float64(sv.MaxACU),
	}
	if sv.MinACU == 0 {
		args.SecondsUntilAutoPause = pulumi.Int(sv.AutoPauseMinutes * 60)
	}
	return args
}

// monitoringRole lets RDS publish enhanced monitoring.
func (b *builder) monitoringRole() error {
	role, err := iam.NewRole(b.ctx, b.name+"-monitoring", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(b.env.AssumeRoleFor("monitoring.rds")),
		Description:      pulumi.String("Enhanced monitoring of " + b.d.Identifier),
		Tags:             tags.Named(b.base, b.name+"-monitoring"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("monitoring role: %w", err)
	}
	if _, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-monitoring", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", b.env.Partition),
	}, b.parent); err != nil {
		return fmt.Errorf("monitoring role policy: %w", err)
	}
	b.role = role
	return nil
}

// instances creates the writer and readers round-robin over the AZs. The
// promotion tier of each reader is its index, so failover picks the first
// reader, which sits in another AZ than the writer.
func (b *builder) instances() error {
	for i, id := range b.d.InstanceIdentifiers {
		iname := fmt.Sprintf("%s-%d", b.name, i+1)
		args := &rds.ClusterInstanceArgs{
			Identifier:                         pulumi.String(id),
			ClusterIdentifier:                  b.rds.ID(),
			InstanceClass:                      pulumi.String(b.s.InstanceClass),
			Engine:                             pulumi.String("aurora-postgresql"),
			EngineVersion:                      b.rds.EngineVersion,
			PromotionTier:                      pulumi.Int(i),
			DbSubnetGroupName:                  b.subnet.Name,
			PubliclyAccessible:                 pulumi.Bool(false),
			AutoMinorVersionUpgrade:            pulumi.Bool(!catalog.AuroraPostgresMinorPinned(b.s.EngineVersion)),
			PerformanceInsightsEnabled:         pulumi.Bool(true),
			PerformanceInsightsKmsKeyId:        b.kms.Key.Arn,
			PerformanceInsightsRetentionPeriod: pulumi.Int(7),
			MonitoringInterval:                 pulumi.Int(b.s.MonitoringInterval),
			MonitoringRoleArn:                  b.role.Arn,
			Tags:                               tags.Named(b.base, iname),
		}
		if b.w.AvailabilityZones != nil {
			args.AvailabilityZone = roundRobin(b.w.AvailabilityZones, i)
		}
		// Fixed identifier: a replacement (availabilityZone, the cluster, ...)
		// deletes the instance first instead of colliding with it.
		if _, err := rds.NewClusterInstance(b.ctx, iname, args, append(b.keep, pulumi.DeleteBeforeReplace(true))...); err != nil {
			return fmt.Errorf("instance %s: %w", iname, err)
		}
	}
	return nil
}

// roundRobin is zones[i mod len(zones)], nil (RDS places the instance)
// when the list is empty. zones may be an output: the instance count is
// known, only the zone each gets waits for the list.
func roundRobin(zones pulumi.StringArrayInput, i int) pulumi.StringPtrOutput {
	return zones.ToStringArrayOutput().ApplyT(func(zs []string) *string {
		if len(zs) == 0 {
			return nil
		}
		return &zs[i%len(zs)]
	}).(pulumi.StringPtrOutput)
}

// readerAutoscaling adds readers beyond the fixed ones on reader CPU.
func (b *builder) readerAutoscaling() error {
	if b.s.MaxReaders == 0 {
		return nil
	}
	target, err := appautoscaling.NewTarget(b.ctx, b.name+"-readers", &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("rds"),
		ScalableDimension: pulumi.String("rds:cluster:ReadReplicaCount"),
		ResourceId:        pulumi.Sprintf("cluster:%s", b.rds.ClusterIdentifier),
		MinCapacity:       pulumi.Int(b.s.Instances - 1),
		MaxCapacity:       pulumi.Int(b.s.MaxReaders),
		Tags:              tags.Named(b.base, b.name+"-readers"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("reader autoscaling target: %w", err)
	}
	_, err = appautoscaling.NewPolicy(b.ctx, b.name+"-readers-cpu", &appautoscaling.PolicyArgs{
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ScalableDimension: target.ScalableDimension,
		ResourceId:        target.ResourceId,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			TargetValue: pulumi.Float64(float64(b.s.ReaderTargetCPU)),
			PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String("RDSReaderAverageCPUUtilization"),
			},
			ScaleInCooldown:  pulumi.Int(300),
			ScaleOutCooldown: pulumi.Int(300),
		},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("reader autoscaling policy: %w", err)
	}
	return nil
}

func (b *builder) outputs() {
	d := b.d
	d.WriterEndpoint = b.rds.Endpoint
	d.ReaderEndpoint = b.rds.ReaderEndpoint
	d.Port = b.rds.Port
	d.SecretArn = b.rds.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	d.SecurityGroupId = b.sg.ID().ToStringOutput()
	d.ClusterIdentifier = b.rds.ClusterIdentifier
	d.ClusterResourceId = b.rds.ClusterResourceId
	d.KmsKeyArn = b.kms.Key.Arn
	d.LogGroupName = b.logs.Name
}
