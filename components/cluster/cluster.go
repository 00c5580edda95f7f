package cluster

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:cluster:Cluster"

// OIDCThumbprint is the SHA-1 thumbprint of the root CA (Amazon Root CA 1 /
// Starfield chain) that serves every EKS OIDC issuer
// (oidc.eks.<region>.amazonaws.com). IAM no longer checks thumbprints for
// these well-known issuers but still requires one in the provider; this is
// the value AWS documents and eksctl writes.
const OIDCThumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"

// Cluster is an EKS cluster with managed nodes, add-ons, a Kubernetes
// provider and the platform's controllers.
type Cluster struct {
	pulumi.ResourceState

	ClusterName            pulumi.StringOutput `pulumi:"clusterName"`
	Endpoint               pulumi.StringOutput `pulumi:"endpoint"`
	OidcProviderArn        pulumi.StringOutput `pulumi:"oidcProviderArn"`
	OidcProviderUrl        pulumi.StringOutput `pulumi:"oidcProviderUrl"`
	NodeRoleArn            pulumi.StringOutput `pulumi:"nodeRoleArn"`
	ClusterSecurityGroupId pulumi.StringOutput `pulumi:"clusterSecurityGroupId"`
	// Kubeconfig is secret: it names the cluster and its CA.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`

	// Provider deploys into the cluster; pass it to workloads.
	Provider *kubernetes.Provider
	// LBController is the AWS Load Balancer Controller release; resources
	// it reconciles (TargetGroupBinding) depend on it.
	LBController pulumi.Resource
	// KEDATriggerAuthentication is the ClusterTriggerAuthentication that
	// lends KEDA's operator role to aws-cloudwatch triggers, with Settings.KEDA;
	// ScaledObjects reference it and depend on it. Nil without KEDA.
	KEDATriggerAuthentication pulumi.Resource
	// Name is the EKS cluster's name (NamePrefix, default the name argument).
	Name string
	// LogGroupName is the log group of the control-plane logs.
	LogGroupName string
	// Settings are the defaulted settings.
	Settings Settings
}

var _ pulumi.ComponentResource = (*Cluster)(nil)

// NewCluster validates args and creates the cluster. Nothing is registered
// when the settings or the wiring are invalid.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if args == nil {
		args = &ClusterArgs{}
	}
	s := args.WithDefaults()
	if err := errors.Join(s.Validate(), args.check()); err != nil {
		return nil, fmt.Errorf("cluster %q: invalid settings:\n%w", name, err)
	}
	phys := cmp.Or(s.NamePrefix, name)
	c := &Cluster{Settings: s, Name: phys, LogGroupName: "/aws/eks/" + phys + "/cluster"}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, phys: phys, s: s, w: args.Wiring, c: c, tags: tags.Component(s.Tags, "cluster"), parent: pulumi.Parent(c)}
	var err error
	if b.env, err = awsutil.Lookup(ctx, pulumi.Parent(c)); err != nil {
		return nil, fmt.Errorf("cluster %q: %w", name, err)
	}
	for _, step := range []func() error{b.key, b.controlPlane, b.access, b.viewerEntries, b.oidc, b.networkAddons, b.nodes, b.addons, b.provider, b.charts, b.viewerRBAC} {
		if err := step(); err != nil {
			return nil, fmt.Errorf("cluster %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName":            c.ClusterName,
		"endpoint":               c.Endpoint,
		"oidcProviderArn":        c.OidcProviderArn,
		"oidcProviderUrl":        c.OidcProviderUrl,
		"nodeRoleArn":            c.NodeRoleArn,
		"clusterSecurityGroupId": c.ClusterSecurityGroupId,
		"kubeconfig":             c.Kubeconfig,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

type builder struct {
	ctx    *pulumi.Context
	name   string // the logical name: resource names derive from it
	phys   string // the physical name (NamePrefix or name)
	s      Settings
	w      Wiring
	c      *Cluster
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOption

	keyArn     pulumi.StringInput
	cluster    *eks.Cluster
	oidcArn    pulumi.StringOutput
	oidcURL    pulumi.StringOutput
	nodeGroups []pulumi.Resource // one per AZ
	// earlyAddons are the add-ons nodes need before they become Ready.
	earlyAddons []pulumi.Resource
	// adminAccess are the admin roles' access policies: the Kubernetes
	// provider's first call needs the deploying role's.
	adminAccess []pulumi.Resource
}

func (b *builder) tagged(name string) pulumi.StringMap { return tags.Named(b.tags, name) }

func (b *builder) managedPolicy(name string) pulumi.String {
	return pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", b.env.Partition, name))
}

// key creates the customer-managed key for secrets, logs and node volumes.
func (b *builder) key() error {
	if b.w.KMSKeyArn != nil {
		b.keyArn = b.w.KMSKeyArn
		return nil
	}
	asg := fmt.Sprintf("arn:%s:iam::%s:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", b.env.Partition, b.env.AccountID)
	key, err := kmskey.New(b.ctx, b.name+"-key", kmskey.Args{
		Env:            b.env,
		Alias:          b.phys + "-key",
		Description:    fmt.Sprintf("EKS cluster %s: secrets, control-plane logs, node volumes", b.phys),
		LogsArnPattern: b.env.ARN("logs", "log-group:"+b.c.LogGroupName),
		Services:       []string{"eks", "ec2"}, // secrets; EBS volumes of the CSI driver
		Statements: []awsutil.Statement{
			{
				// The node group's Auto Scaling group launches instances
				// with encrypted volumes on the account's behalf.
				Sid:       "AutoScalingVolumes",
				Effect:    "Allow",
				Principal: map[string]any{"AWS": asg},
				Action:    []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"},
				Resource:  "*",
			},
			{
				Sid:       "AutoScalingGrants",
				Effect:    "Allow",
				Principal: map[string]any{"AWS": asg},
				Action:    "kms:CreateGrant",
				Resource:  "*",
				Condition: map[string]map[string]any{"Bool": {"kms:GrantIsForAWSResource": true}},
			},
		},
		Tags: b.tags,
	}, b.parent)
	if err != nil {
		return err
	}
	b.keyArn = key.Key.Arn
	return nil
}

func (b *builder) controlPlane() error {
	s := b.s
	group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(b.c.LogGroupName),
		RetentionInDays: pulumi.Int(s.LogRetentionDays),
		KmsKeyId:        b.keyArn,
		Tags:            b.tagged(b.name + "-logs"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("log group: %w", err)
	}
	role, err := iam.NewRole(b.ctx, b.name+"-role", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(awsutil.Policy(awsutil.Statement{
			Effect:    "Allow",
			Principal: map[string]any{"Service": "eks." + b.env.DNSSuffix},
			Action:    []string{"sts:AssumeRole", "sts:TagSession"},
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": b.env.AccountID}},
		}).JSON()),
		Description: pulumi.String("EKS control plane of " + b.phys),
		Tags:        b.tagged(b.name + "-role"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("cluster role: %w", err)
	}
	// AmazonEKSVPCResourceController lets the control plane's VPC resource
	// controller create the trunk and branch ENIs that give pods their own
	// security groups (SecurityGroupPolicy).
	for _, pol := range []struct{ suffix, name string }{{"eks", "AmazonEKSClusterPolicy"}, {"vpc-resources", "AmazonEKSVPCResourceController"}} {
		if _, err := iam.NewRolePolicyAttachment(b.ctx, b.name+"-role-"+pol.suffix, &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: b.managedPolicy(pol.name),
		}, b.parent); err != nil {
			return fmt.Errorf("cluster role policy %s: %w", pol.name, err)
		}
	}
	keyPolicy := b.keyArn.ToStringOutput().ApplyT(func(arn string) string {
		return awsutil.Policy(awsutil.Statement{
			Effect:   "Allow",
			Action:   []string{"kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"},
			Resource: arn,
		}).JSON()
	}).(pulumi.StringOutput)
	kp, err := iam.NewRolePolicy(b.ctx, b.name+"-role-kms", &iam.RolePolicyArgs{Role: role.Name, Policy: keyPolicy}, b.parent)
	if err != nil {
		return fmt.Errorf("cluster key policy: %w", err)
	}
	public := len(s.PublicEndpointCidrs) > 0
	vpc := eks.ClusterVpcConfigArgs{
		SubnetIds:             pulumi.StringArray(b.w.SubnetIds),
		EndpointPrivateAccess: pulumi.Bool(true),
		EndpointPublicAccess:  pulumi.Bool(public),
	}
	if public {
		vpc.PublicAccessCidrs = pulumi.ToStringArray(s.PublicEndpointCidrs)
	}
	cl, err := eks.NewCluster(b.ctx, b.name, &eks.ClusterArgs{
		Name:                   pulumi.String(b.phys),
		Version:                pulumi.String(s.KubernetesVersion),
		RoleArn:                role.Arn,
		VpcConfig:              vpc,
		EnabledClusterLogTypes: pulumi.ToStringArray(LogTypes),
		EncryptionConfig: eks.ClusterEncryptionConfigArgs{
			Provider:  eks.ClusterEncryptionConfigProviderArgs{KeyArn: b.keyArn},
			Resources: pulumi.StringArray{pulumi.String("secrets")},
		},
		AccessConfig: eks.ClusterAccessConfigArgs{
			AuthenticationMode:                      pulumi.String("API"),
			BootstrapClusterCreatorAdminPermissions: pulumi.Bool(false),
		},
		// The managed add-ons below replace the self-managed defaults.
		BootstrapSelfManagedAddons: pulumi.Bool(false),
		Tags:                       b.tagged(b.name),
	}, b.parent, pulumi.DependsOn([]pulumi.Resource{group, kp}))
	if err != nil {
		return fmt.Errorf("eks cluster: %w", err)
	}
	b.cluster = cl
	b.c.ClusterName = cl.Name
	b.c.Endpoint = cl.Endpoint
	b.c.ClusterSecurityGroupId = cl.VpcConfig.ClusterSecurityGroupId().Elem()
	return nil
}

// access grants cluster-admin to the configured roles through access entries.
func (b *builder) access() error {
	for i, arn := range b.s.AdminRoleArns {
		n := fmt.Sprintf("%s-admin-%d", b.name, i)
		entry, err := b.accessEntry(n, arn, nil)
		if err != nil {
			return err
		}
		policy, err := eks.NewAccessPolicyAssociation(b.ctx, n, &eks.AccessPolicyAssociationArgs{
			ClusterName:  b.cluster.Name,
			PrincipalArn: pulumi.String(arn),
			PolicyArn:    pulumi.String(fmt.Sprintf("arn:%s:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", b.env.Partition)),
			AccessScope:  eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
		}, b.parent, pulumi.DependsOn([]pulumi.Resource{entry}))
		if err != nil {
			return fmt.Errorf("access policy %s: %w", arn, err)
		}
		b.adminAccess = append(b.adminAccess, policy)
	}
	return nil
}

// accessEntry lets the IAM role arn into the cluster (a STANDARD access
// entry named n), in the Kubernetes groups given; what it may do there
// comes from an access policy or from RBAC bound to those groups.
func (b *builder) accessEntry(n, arn string, groups []string) (*eks.AccessEntry, error) {
	args := &eks.AccessEntryArgs{
		ClusterName:  b.cluster.Name,
		PrincipalArn: pulumi.String(arn),
		Type:         pulumi.String("STANDARD"),
		Tags:         b.tagged(n),
	}
	if len(groups) > 0 {
		args.KubernetesGroups = pulumi.ToStringArray(groups)
	}
	entry, err := eks.NewAccessEntry(b.ctx, n, args, b.parent)
	if err != nil {
		return nil, fmt.Errorf("access entry %s: %w", arn, err)
	}
	return entry, nil
}

// oidc registers the cluster's issuer with IAM for IRSA.
func (b *builder) oidc() error {
	issuer := b.cluster.Identities.Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
	p, err := iam.NewOpenIdConnectProvider(b.ctx, b.name+"-oidc", &iam.OpenIdConnectProviderArgs{
		Url:             issuer,
		ClientIdLists:   pulumi.StringArray{pulumi.String("sts.amazonaws.com")},
		ThumbprintLists: pulumi.StringArray{pulumi.String(OIDCThumbprint)},
		Tags:            b.tagged(b.name + "-oidc"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("oidc provider: %w", err)
	}
	b.oidcArn = p.Arn
	b.oidcURL = issuer
	b.c.OidcProviderArn = p.Arn
	b.c.OidcProviderUrl = issuer
	return nil
}

// provider builds the Kubernetes provider from the cluster; the kubeconfig
// fetches short-lived tokens with `aws eks get-token`.
func (b *builder) provider() error {
	region := b.env.Region
	kc := pulumi.All(b.cluster.Name, b.cluster.Endpoint, b.cluster.CertificateAuthority.Data().Elem()).ApplyT(func(v []any) (string, error) {
		return Kubeconfig(v[0].(string), v[1].(string), v[2].(string), region)
	}).(pulumi.StringOutput)
	b.c.Kubeconfig = pulumi.ToSecret(kc).(pulumi.StringOutput)
	p, err := kubernetes.NewProvider(b.ctx, b.name+"-k8s", &kubernetes.ProviderArgs{
		Kubeconfig:            b.c.Kubeconfig,
		EnableServerSideApply: pulumi.Bool(true),
	}, b.parent, pulumi.DependsOn(append(slices.Clone(b.nodeGroups), b.adminAccess...)))
	if err != nil {
		return fmt.Errorf("kubernetes provider: %w", err)
	}
	b.c.Provider = p
	return nil
}

// Kubeconfig renders a kubeconfig for the cluster that authenticates with
// `aws eks get-token`.
func Kubeconfig(clusterName, endpoint, caData, region string) (string, error) {
	cfg := map[string]any{
		"apiVersion":      "v1",
		"kind":            "Config",
		"current-context": clusterName,
		"clusters": []any{map[string]any{"name": clusterName, "cluster": map[string]any{
			"server": endpoint, "certificate-authority-data": caData,
		}}},
		"contexts": []any{map[string]any{"name": clusterName, "context": map[string]any{
			"cluster": clusterName, "user": clusterName,
		}}},
		"users": []any{map[string]any{"name": clusterName, "user": map[string]any{
			"exec": map[string]any{
				"apiVersion": "client.authentication.k8s.io/v1beta1",
				"command":    "aws",
				"args":       []string{"eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"},
			},
		}}},
	}
	out, err := json.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("kubeconfig of %s: %w", clusterName, err)
	}
	return string(out), nil
}
