package database

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
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
	KmsKeyArn         pulumi.StringOutput `pulumi:"kmsKeyArn"`

	// Args are the defaulted arguments.
	Args DatabaseArgs
}

var _ pulumi.ComponentResource = (*Database)(nil)

// NewDatabase validates args and creates the cluster.
func NewDatabase(ctx *pulumi.Context, name string, args *DatabaseArgs, opts ...pulumi.ResourceOption) (*Database, error) {
	if args == nil {
		args = &DatabaseArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("database %q: invalid arguments:\n%w", name, err)
	}
	if err := clientsg.ValidateWiring(a.VpcId, a.SubnetIds, a.AllowedSecurityGroupIds); err != nil {
		return nil, fmt.Errorf("database %q: invalid arguments:\n%w", name, err)
	}
	d := &Database{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, d, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, name, a, d); err != nil {
		return nil, fmt.Errorf("database %q: %w", name, err)
	}
	return d, ctx.RegisterResourceOutputs(d, pulumi.Map{
		"writerEndpoint": d.WriterEndpoint, "readerEndpoint": d.ReaderEndpoint, "port": d.Port,
		"secretArn": d.SecretArn, "securityGroupId": d.SecurityGroupId,
		"clusterIdentifier": d.ClusterIdentifier, "kmsKeyArn": d.KmsKeyArn,
	})
}

func build(ctx *pulumi.Context, name string, a DatabaseArgs, d *Database) error {
	parent := pulumi.Parent(d)
	env, err := awsutil.Lookup(ctx, parent)
	if err != nil {
		return err
	}
	base := tags.Component(a.Tags, "database")
	stateful := maps.Clone(base)
	stateful[tags.BackupKey] = tags.BackupValue
	// The stateful resources, and the key without which their data and
	// snapshots are unreadable, are protected in Pulumi's sense when asked.
	keep := protect.If(a.Protect, parent)
	logGroup := fmt.Sprintf("/aws/rds/cluster/%s/postgresql", name)

	key, err := kmskey.New(ctx, name, kmskey.Args{
		Env: env, Description: "Aurora storage, Performance Insights, credentials and logs of " + name,
		LogsArnPattern: env.ARN("logs", "log-group:"+logGroup), Tags: base,
	}, keep...)
	if err != nil {
		return err
	}
	// RDS would create the log group itself, without retention or a key.
	logs, err := loggroup.New(ctx, name+"-postgresql", logGroup, a.LogRetentionDays, key.Key.Arn, base, parent)
	if err != nil {
		return err
	}
	subnets, err := rds.NewSubnetGroup(ctx, name, &rds.SubnetGroupArgs{
		SubnetIds: a.SubnetIds, Description: pulumi.String("isolated subnets of " + name), Tags: tags.Named(base, name),
	}, parent)
	if err != nil {
		return fmt.Errorf("subnet group: %w", err)
	}
	sg, err := clientsg.New(ctx, name+"-sg", clientsg.Args{
		VpcId: a.VpcId, Port: Port, Clients: a.AllowedSecurityGroupIds,
		Description: "PostgreSQL from the application tier to " + name, Tags: base,
	}, parent)
	if err != nil {
		return err
	}
	params, err := rds.NewClusterParameterGroup(ctx, name, &rds.ClusterParameterGroupArgs{
		Family:      pulumi.String("aurora-postgresql" + versionPattern.FindStringSubmatch(a.EngineVersion)[1]),
		Description: pulumi.String("TLS-only connections for " + name),
		Parameters: rds.ClusterParameterGroupParameterArray{
			rds.ClusterParameterGroupParameterArgs{Name: pulumi.String("rds.force_ssl"), Value: pulumi.String("1")},
			rds.ClusterParameterGroupParameterArgs{Name: pulumi.String("log_min_duration_statement"), Value: pulumi.String("1000")},
		},
		Tags: tags.Named(base, name),
	}, parent)
	if err != nil {
		return fmt.Errorf("cluster parameter group: %w", err)
	}
	ca := &rds.ClusterArgs{
		ClusterIdentifier:                pulumi.String(name),
		Engine:                           pulumi.String("aurora-postgresql"),
		EngineVersion:                    pulumi.String(a.EngineVersion),
		DatabaseName:                     pulumi.String(DatabaseName),
		MasterUsername:                   pulumi.String(MasterUsername),
		ManageMasterUserPassword:         pulumi.Bool(true),
		MasterUserSecretKmsKeyId:         key.Key.Arn,
		StorageEncrypted:                 pulumi.Bool(true),
		KmsKeyId:                         key.Key.Arn,
		IamDatabaseAuthenticationEnabled: pulumi.Bool(true),
		BackupRetentionPeriod:            pulumi.Int(a.BackupRetentionDays),
		PreferredBackupWindow:            pulumi.String(a.BackupWindow),
		PreferredMaintenanceWindow:       pulumi.String(a.MaintenanceWindow),
		CopyTagsToSnapshot:               pulumi.Bool(true),
		DeletionProtection:               pulumi.Bool(!a.AllowDeletion),
		SkipFinalSnapshot:                pulumi.Bool(a.AllowDeletion),
		FinalSnapshotIdentifier:          pulumi.String(name + "-final"),
		EnabledCloudwatchLogsExports:     pulumi.StringArray{pulumi.String("postgresql")},
		DbSubnetGroupName:                subnets.Name,
		VpcSecurityGroupIds:              pulumi.StringArray{sg.ID()},
		DbClusterParameterGroupName:      params.Name,
		Tags:                             tags.Named(stateful, name),
	}
	if a.SnapshotIdentifier != "" {
		// The snapshot brings its database and master user.
		ca.SnapshotIdentifier = pulumi.String(a.SnapshotIdentifier)
		ca.DatabaseName, ca.MasterUsername = nil, nil
	}
	cluster, err := rds.NewCluster(ctx, name, ca, append(keep, pulumi.DependsOn([]pulumi.Resource{logs}))...)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if err := instances(ctx, name, a, env, cluster, subnets, key, base, keep); err != nil {
		return err
	}
	if err := readerAutoscaling(ctx, name, a, cluster, base, parent); err != nil {
		return err
	}
	d.WriterEndpoint = cluster.Endpoint
	d.ReaderEndpoint = cluster.ReaderEndpoint
	d.Port = cluster.Port
	d.SecretArn = cluster.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	d.SecurityGroupId = sg.ID().ToStringOutput()
	d.ClusterIdentifier = cluster.ClusterIdentifier
	d.KmsKeyArn = key.Key.Arn
	return nil
}

// instances creates the writer and readers round-robin over the AZs. The
// promotion tier of each reader is its index, so failover picks the first
// reader, which sits in another AZ than the writer.
func instances(ctx *pulumi.Context, name string, a DatabaseArgs, env awsutil.Env, cluster *rds.Cluster,
	subnets *rds.SubnetGroup, key *kmskey.Key, base map[string]string, keep []pulumi.ResourceOption) error {
	role, err := iam.NewRole(ctx, name+"-monitoring", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(env.AssumeRoleFor("monitoring.rds")),
		Description:      pulumi.String("Enhanced monitoring of " + name),
		Tags:             tags.Named(base, name+"-monitoring"),
	}, keep[0])
	if err != nil {
		return fmt.Errorf("monitoring role: %w", err)
	}
	if _, err := iam.NewRolePolicyAttachment(ctx, name+"-monitoring", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", env.Partition),
	}, keep[0]); err != nil {
		return fmt.Errorf("monitoring role policy: %w", err)
	}
	for i := 0; i < a.Instances; i++ {
		iname := fmt.Sprintf("%s-%d", name, i+1)
		args := &rds.ClusterInstanceArgs{
			Identifier:                         pulumi.String(iname),
			ClusterIdentifier:                  cluster.ID(),
			InstanceClass:                      pulumi.String(a.InstanceClass),
			Engine:                             pulumi.String("aurora-postgresql"),
			EngineVersion:                      cluster.EngineVersion,
			PromotionTier:                      pulumi.Int(i),
			DbSubnetGroupName:                  subnets.Name,
			PubliclyAccessible:                 pulumi.Bool(false),
			AutoMinorVersionUpgrade:            pulumi.Bool(true),
			PerformanceInsightsEnabled:         pulumi.Bool(true),
			PerformanceInsightsKmsKeyId:        key.Key.Arn,
			PerformanceInsightsRetentionPeriod: pulumi.Int(7),
			MonitoringInterval:                 pulumi.Int(a.MonitoringInterval),
			MonitoringRoleArn:                  role.Arn,
			Tags:                               tags.Named(base, iname),
		}
		if len(a.AvailabilityZones) > 0 {
			args.AvailabilityZone = pulumi.String(a.AvailabilityZones[i%len(a.AvailabilityZones)])
		}
		if _, err := rds.NewClusterInstance(ctx, iname, args, keep...); err != nil {
			return fmt.Errorf("instance %s: %w", iname, err)
		}
	}
	return nil
}

// readerAutoscaling adds readers beyond the fixed ones on reader CPU.
func readerAutoscaling(ctx *pulumi.Context, name string, a DatabaseArgs, cluster *rds.Cluster, base map[string]string, parent pulumi.ResourceOption) error {
	if a.MaxReaders == 0 {
		return nil
	}
	target, err := appautoscaling.NewTarget(ctx, name+"-readers", &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("rds"),
		ScalableDimension: pulumi.String("rds:cluster:ReadReplicaCount"),
		ResourceId:        pulumi.Sprintf("cluster:%s", cluster.ClusterIdentifier),
		MinCapacity:       pulumi.Int(a.Instances - 1),
		MaxCapacity:       pulumi.Int(a.MaxReaders),
		Tags:              tags.Named(base, name+"-readers"),
	}, parent)
	if err != nil {
		return fmt.Errorf("reader autoscaling target: %w", err)
	}
	_, err = appautoscaling.NewPolicy(ctx, name+"-readers-cpu", &appautoscaling.PolicyArgs{
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  target.ServiceNamespace,
		ScalableDimension: target.ScalableDimension,
		ResourceId:        target.ResourceId,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			TargetValue: pulumi.Float64(float64(a.ReaderTargetCPU)),
			PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
				PredefinedMetricType: pulumi.String("RDSReaderAverageCPUUtilization"),
			},
			ScaleInCooldown:  pulumi.Int(300),
			ScaleOutCooldown: pulumi.Int(300),
		},
	}, parent)
	if err != nil {
		return fmt.Errorf("reader autoscaling policy: %w", err)
	}
	return nil
}
