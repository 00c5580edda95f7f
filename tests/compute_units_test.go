package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

func computeClusterArgs(edit func(*cluster.ClusterArgs)) *cluster.ClusterArgs {
	a := &cluster.ClusterArgs{
		Settings: cluster.Settings{
			Tags:          unitTags,
			AdminRoleArns: []string{"arn:aws:iam::123456789012:role/admin", "arn:aws:iam::123456789012:role/breakglass"},
		},
		Wiring: cluster.Wiring{
			VpcId: pulumi.String("vpc-1"), SubnetIds: []pulumi.StringInput{pulumi.String("subnet-a"), pulumi.String("subnet-b")},
		},
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func computeRunCluster(t *testing.T, a *cluster.ClusterArgs) (*mockgraph.Graph, error) {
	t.Helper()
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := cluster.NewCluster(ctx, "eks", a)
		return err
	})
}

func TestComputeClusterDefaults(t *testing.T) {
	g, err := computeRunCluster(t, computeClusterArgs(nil))
	require.NoError(t, err)
	c := g.Named(computeTCluster, "eks")
	require.NotNil(t, c)
	assert.Equal(t, cluster.DefaultVersion, c.Str("version"))
	assert.False(t, c.Bool("vpcConfig.endpointPublicAccess"), "private by default")
	assert.False(t, c.Bool("accessConfig.bootstrapClusterCreatorAdminPermissions"))

	// Access entries with the cluster-admin policy for each configured role.
	assert.Len(t, g.ByType(computeTAccessEntry), 2)
	for _, a := range g.ByType(computeTAccessPol) {
		assert.True(t, strings.HasSuffix(a.Str("policyArn"), ":cluster-access-policy/AmazonEKSClusterAdminPolicy"))
		assert.Equal(t, "cluster", a.Str("accessScope.type"))
	}
	assert.Len(t, g.ByType(computeTAccessPol), 2)

	oidc := g.ByType(computeTOIDC)
	require.Len(t, oidc, 1)
	assert.Equal(t, []string{cluster.OIDCThumbprint}, oidc[0].Strings("thumbprintLists"))
	assert.Equal(t, []string{"sts.amazonaws.com"}, oidc[0].Strings("clientIdLists"))

	// Pinned add-ons; the nodes wait for the networking ones.
	ng := g.ByType(computeTNodeGroup)[0]
	addons := map[string]*mockgraph.Resource{}
	for _, a := range g.ByType(computeTAddon) {
		addons[a.Str("addonName")] = a
		assert.Equal(t, cluster.DefaultAddonVersions[a.Str("addonName")], a.Str("addonVersion"))
	}
	assert.Len(t, addons, 5)
	assert.True(t, ng.DependsOn(addons[cluster.AddonVpcCni]), "nodes need the CNI to become Ready")
	assert.True(t, addons[cluster.AddonCoreDNS].DependsOn(ng), "CoreDNS needs nodes")
	assert.Contains(t, addons[cluster.AddonVpcCni].Str("configurationValues"), "enableNetworkPolicy")
	ebsRole := addons[cluster.AddonEbsCsi].Str("serviceAccountRoleArn")
	require.NotEmpty(t, ebsRole, "EBS CSI has its own IRSA role")
	role := g.Named(tRole, "eks-ebs-csi")
	require.NotNil(t, role)
	assert.Contains(t, role.Str("assumeRolePolicy"), "system:serviceaccount:kube-system:ebs-csi-controller-sa")

	// Helm releases: pinned versions, a repository, the cluster's provider.
	rels := g.ByType(computeTRelease)
	require.Len(t, rels, 3)
	prov := g.ByType(computeTK8sProvider)
	require.Len(t, prov, 1)
	for _, r := range rels {
		assert.Equal(t, cluster.DefaultChartVersions[r.Str("chart")], r.Str("version"), r.Name)
		assert.True(t, strings.HasPrefix(r.Str("repositoryOpts.repo"), "https://"), r.Name)
		assert.True(t, strings.HasPrefix(r.Provider, prov[0].URN), "%s uses the cluster's provider", r.Name)
	}
	lbc := g.Named(computeTRelease, "eks-lb-controller")
	require.NotNil(t, lbc)
	assert.Equal(t, "vpc-1", lbc.Str("values.vpcId"))
	assert.Equal(t, "eu-west-1", lbc.Str("values.region"))
	lbRole := g.Named(tRole, "eks-lb-controller")
	assert.Contains(t, lbRole.Str("assumeRolePolicy"), "system:serviceaccount:kube-system:aws-load-balancer-controller")
	assert.Contains(t, g.Named(tRolePolicy, "eks-lb-controller").Str("policy"), "elasticloadbalancing:RegisterTargets")
	assert.Contains(t, g.Named(tRolePolicy, "eks-autoscaler").Str("policy"), "k8s.io/cluster-autoscaler/eks")

	// Kubeconfig authenticates with aws eks get-token and is secret.
	kc := prov[0].Str("kubeconfig")
	assert.True(t, prov[0].IsSecret("kubeconfig"), "kubeconfig is secret")
	var cfg map[string]any
	require.NoError(t, json.Unmarshal([]byte(kc), &cfg))
	assert.Equal(t, "aws", computeGet(cfg["users"].([]any)[0], "user", "exec", "command"))
	assert.Contains(t, kc, "get-token")
}

func TestComputeClusterDevPublicEndpointAndSpot(t *testing.T) {
	g, err := computeRunCluster(t, computeClusterArgs(func(a *cluster.ClusterArgs) {
		a.PublicEndpointCidrs = []string{"203.0.113.0/24"}
		a.CapacityType = "SPOT"
		a.MetadataHopLimit = 2
	}))
	require.NoError(t, err)
	c := g.Named(computeTCluster, "eks")
	assert.True(t, c.Bool("vpcConfig.endpointPublicAccess"))
	assert.Equal(t, []string{"203.0.113.0/24"}, c.Strings("vpcConfig.publicAccessCidrs"))
	assert.Equal(t, "SPOT", g.ByType(computeTNodeGroup)[0].Str("capacityType"))
	assert.Equal(t, 2, g.ByType(computeTLaunchTpl)[0].Int("metadataOptions.httpPutResponseHopLimit"))
}

func TestComputeClusterInvalidArgsRegisterNothing(t *testing.T) {
	g, err := computeRunCluster(t, computeClusterArgs(func(a *cluster.ClusterArgs) {
		a.KubernetesVersion = "1.19"
		a.NodeMin, a.NodeMax = 4, 2
		a.MetadataHopLimit = 3
		a.AdminRoleArns = []string{"admin"}
	}))
	require.Error(t, err)
	for _, want := range []string{"KubernetesVersion: must be one of", "NodeMax: must be at least NodeMin (4)", "MetadataHopLimit", "AdminRoleArns"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Zero(t, g.Len(), "nothing registered")
}

func computeWorkloadArgs(edit func(*workload.WorkloadArgs)) *workload.WorkloadArgs {
	a := &workload.WorkloadArgs{
		Settings: workload.Settings{
			Services: []workload.Service{{Name: "web", Image: "web:1.2.3"}},
			Tags:     unitTags,
		},
		Wiring: workload.Wiring{
			ServiceInputs: map[string]workload.ServiceWiring{"web": {
				DatabaseEndpoint: pulumi.String("db.cluster-abc.eu-west-1.rds.amazonaws.com"),
				SecretArns:       []pulumi.StringInput{pulumi.String("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf")},
				BucketArns:       []pulumi.StringInput{pulumi.String("arn:aws:s3:::files")},
				KMSKeyArns:       []pulumi.StringInput{pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/k1")},
			}},
			OidcProviderArn:     pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X"),
			OidcProviderUrl:     pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/X"),
			VpcId:               pulumi.String("vpc-1"),
			NodeSecurityGroupId: pulumi.String("sg-nodes"),
			LoadBalancerCidrs:   []pulumi.StringInput{pulumi.String("10.0.0.0/24")},
		},
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func computeRunWorkload(t *testing.T, a *workload.WorkloadArgs) (*mockgraph.Graph, error) {
	t.Helper()
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := workload.NewWorkload(ctx, "app", a)
		return err
	})
}

func TestComputeWorkloadService(t *testing.T) {
	g, err := computeRunWorkload(t, computeWorkloadArgs(nil))
	require.NoError(t, err)
	d := g.Named(computeTDeployment, "app-web")
	require.NotNil(t, d)
	c := computeContainers(d)[0]
	assert.True(t, strings.HasSuffix(c["image"].(string), ".dkr.ecr.eu-west-1.amazonaws.com/app-web:1.2.3"), "image from the service's ECR repository: %v", c["image"])
	env := map[string]any{}
	for _, e := range c["env"].([]any) {
		env[computeGet(e, "name").(string)] = computeGet(e, "value")
	}
	assert.Equal(t, "db.cluster-abc.eu-west-1.rds.amazonaws.com", env["DATABASE_HOST"])
	assert.Equal(t, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", env["SECRET_ARNS"])
	assert.Equal(t, 0, computeNum(d.Input("spec.strategy.rollingUpdate.maxUnavailable")))
	assert.Equal(t, "25%", d.Str("spec.strategy.rollingUpdate.maxSurge"))
	assert.Equal(t, "/tmp", computeGet(c["volumeMounts"].([]any)[0], "mountPath"))
	assert.NotNil(t, computeGet(c, "lifecycle", "preStop", "sleep", "seconds"))
	assert.Greater(t, d.Int("spec.template.spec.terminationGracePeriodSeconds"), computeNum(computeGet(c, "lifecycle", "preStop", "sleep", "seconds")))

	pdb := g.Named(computeTPDB, "app-web")
	assert.Equal(t, 1, pdbAllowedEvictions(t, pdb, 3), "3 replicas: one pod may be drained")
	assert.Equal(t, 3, pdbAllowedEvictions(t, pdb, 12), "12 replicas after a scale-up: three pods, not ten")

	repo := g.Named(computeTECR, "app-web")
	require.NotNil(t, repo)
	assert.Equal(t, "IMMUTABLE", repo.Str("imageTagMutability"))
	assert.True(t, repo.Bool("imageScanningConfiguration.scanOnPush"))
	assert.Equal(t, "KMS", repo.Str("encryptionConfigurations.0.encryptionType"))

	policy := g.Named(tRolePolicy, "app-web").Str("policy")
	assert.Contains(t, policy, `"arn:aws:s3:::files/*"`)
	assert.Contains(t, policy, "secretsmanager:GetSecretValue")
	assert.NotContains(t, policy, `"*"`)
	sa := g.Named(computeTSA, "app-web")
	assert.Equal(t, g.Named(tRole, "app-web").Output("arn"), sa.Map("metadata.annotations")["eks.amazonaws.com/role-arn"])

	pols := g.ByType(computeTNetPol)
	require.Len(t, pols, 2)
	deny := g.Named(computeTNetPol, "app-web-default-deny")
	assert.Empty(t, deny.Map("spec.podSelector"), "default deny selects every pod")
	assert.ElementsMatch(t, []string{"Ingress", "Egress"}, deny.Strings("spec.policyTypes"))
	allow := g.Named(computeTNetPol, "app-web-allow")
	assert.Equal(t, "10.0.0.0/24", allow.Str("spec.ingress.0.from.0.ipBlock.cidr"), "only the load balancer's subnets")
	assert.Equal(t, 8080, allow.Int("spec.ingress.0.ports.0.port"))
}

func TestComputeWorkloadExternalRegistry(t *testing.T) {
	g, err := computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.ExternalRegistry = "ghcr.io/acme"
		a.Services[0].Image = "ghcr.io/acme/web@sha256:" + strings.Repeat("a", 64)
	}))
	require.NoError(t, err)
	assert.Empty(t, g.ByType(computeTECR))
	assert.Equal(t, "ghcr.io/acme/web@sha256:"+strings.Repeat("a", 64), computeContainers(g.Named(computeTDeployment, "app-web"))[0]["image"])
}

func TestComputeWorkloadInvalidArgsRegisterNothing(t *testing.T) {
	g, err := computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.Services = append(a.Services, workload.Service{Name: "Bad_Name", Image: "x", MinReplicas: 3, MaxReplicas: 1})
		a.TerminationGracePeriodSeconds, a.PreStopSleepSeconds = 5, 10
	}))
	require.Error(t, err)
	for _, want := range []string{"Services[Bad_Name].Name", "Services[Bad_Name].Image", "Services[Bad_Name].MaxReplicas", "TerminationGracePeriodSeconds"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Zero(t, g.Len())
}

func TestComputeImageReferences(t *testing.T) {
	good := []string{"web:1.2.3", "registry.example.com:5000/team/web:v2", "web@sha256:" + strings.Repeat("0", 64)}
	bad := []string{"web", "web:latest", "web:LATEST", "registry.example.com:5000/web", "web@sha256:short", ":1.0"}
	for _, img := range good {
		_, _, err := workload.SplitImage(img)
		assert.NoError(t, err, img)
	}
	for _, img := range bad {
		_, _, err := workload.SplitImage(img)
		assert.Error(t, err, img)
	}
}

func TestComputeServicePolicyNamesOnlyItsResources(t *testing.T) {
	doc := workload.ServicePolicy([]string{"arn:s1"}, []string{"arn:aws:s3:::b"}, nil, nil).JSON()
	assert.Contains(t, doc, `"arn:s1"`)
	assert.Contains(t, doc, `"arn:aws:s3:::b/*"`)
	assert.NotContains(t, doc, "kms:")
	assert.NotContains(t, doc, `"*"`)
}

func computeLBArgs(edit func(*loadbalancer.LoadBalancerArgs)) *loadbalancer.LoadBalancerArgs {
	a := &loadbalancer.LoadBalancerArgs{
		Settings: loadbalancer.Settings{
			DomainName: "shop.example.com", HostedZoneId: "Z123",
			Targets: []loadbalancer.Target{{Name: "web", Namespace: "web", ServiceName: "web", Port: 8080}},
			Tags:    unitTags,
		},
		Wiring: loadbalancer.Wiring{
			VpcId: pulumi.String("vpc-1"), VpcCidr: pulumi.String("10.0.0.0/16"), PrivateSubnetIds: pulumi.ToStringArray([]string{"a", "b"}),
			NodeSecurityGroupId: pulumi.String("sg-nodes"),
		},
	}
	if edit != nil {
		edit(a)
	}
	return a
}

func computeRunLB(t *testing.T, a *loadbalancer.LoadBalancerArgs) (*mockgraph.Graph, error) {
	t.Helper()
	return harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		_, err := loadbalancer.NewLoadBalancer(ctx, "alb", a)
		return err
	})
}

func TestComputeLoadBalancerIssuesOriginCertificate(t *testing.T) {
	g, err := computeRunLB(t, computeLBArgs(nil))
	require.NoError(t, err)
	certs := g.ByType(computeTCert)
	require.Len(t, certs, 1)
	assert.Equal(t, "origin.shop.example.com", certs[0].Str("domainName"))
	assert.Equal(t, "DNS", certs[0].Str("validationMethod"))
	rec := g.Named("aws:route53/record:Record", "alb-cert-validation")
	require.NotNil(t, rec)
	assert.Equal(t, "Z123", rec.Str("zoneId"))
	alb := g.Named(computeTLB, "alb")
	assert.False(t, alb.Bool("enableDeletionProtection"))
	assert.False(t, alb.Has("accessLogs"), "access logs off without a bucket")
	assert.True(t, alb.Bool("internal"), "no load balancer faces the internet")
	assert.True(t, alb.DeleteBeforeReplace, "fixed name: a replacement (e.g. of an internet-facing ALB by the internal one) must delete first or collide")
	// Nodes admit the ALB on the service port.
	var nodeRule *mockgraph.Resource
	for _, r := range g.ByType(computeTIngress) {
		if r.Str("securityGroupId") == "sg-nodes" {
			nodeRule = r
		}
	}
	require.NotNil(t, nodeRule)
	assert.Equal(t, 8080, nodeRule.Int("fromPort"))
	assert.Equal(t, "alb-sg-id", nodeRule.Str("referencedSecurityGroupId"))
	tgb := g.Named(computeTTGB, "alb-web-binding")
	require.NotNil(t, tgb)
	assert.Equal(t, "elbv2.k8s.aws/v1beta1", tgb.Str("apiVersion"))
	assert.Equal(t, "ip", tgb.Str("spec.targetType"))
	assert.Equal(t, g.Named(computeTTG, "alb-web").Output("arn"), tgb.Input("spec.targetGroupARN"))
}

func TestComputeLoadBalancerExistingCertificateAndLogs(t *testing.T) {
	arn := "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555"
	g, err := computeRunLB(t, computeLBArgs(func(a *loadbalancer.LoadBalancerArgs) {
		a.CertificateArn = arn
		a.AccessLogsBucket = pulumi.String("logs-bucket")
		a.DeletionProtection = true
	}))
	require.NoError(t, err)
	assert.Empty(t, g.ByType(computeTCert))
	https := g.Named(computeTListener, "alb-https")
	assert.Equal(t, arn, https.Str("certificateArn"))
	alb := g.Named(computeTLB, "alb")
	assert.True(t, alb.Bool("accessLogs.enabled"))
	assert.Equal(t, "logs-bucket", alb.Str("accessLogs.bucket"))
	assert.True(t, alb.Bool("enableDeletionProtection"))
}

func TestComputeLoadBalancerNames(t *testing.T) {
	long := "webplatform-staging-alb-a-very-long-service-name"
	n := loadbalancer.PhysicalName(long)
	assert.LessOrEqual(t, len(n), 32)
	assert.NotEqual(t, n, loadbalancer.PhysicalName(long+"2"), "cut names stay unique")
	assert.Equal(t, "short", loadbalancer.PhysicalName("short"))
}

// TestComputeTargetGroupNameAllowsReplacement: a change to a property that
// replaces a target group (the port) changes its physical name, so a
// create-before-delete replacement does not collide with the old group;
// the name fits ELB's 32 characters. Fails before issue 14 (fixed names).
func TestComputeTargetGroupNameAllowsReplacement(t *testing.T) {
	name := func(port int) string {
		g, err := computeRunLB(t, computeLBArgs(func(a *loadbalancer.LoadBalancerArgs) {
			a.NamePrefix = "webplatform-staging-alb-long"
			a.Targets[0].Port = port
		}))
		require.NoError(t, err)
		tg := g.Named(computeTTG, "alb-web")
		require.NotNil(t, tg)
		return tg.Str("name")
	}
	a, b := name(8080), name(9090)
	assert.NotEqual(t, a, b, "a port change replaces the target group: its name must change too")
	assert.Equal(t, a, name(8080), "stable for the same properties")
	for _, n := range []string{a, b} {
		assert.LessOrEqual(t, len(n), 32, n)
		assert.Regexp(t, `^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`, n)
	}
	assert.NotEqual(t,
		loadbalancer.TargetGroupName("x-web", 80, "HTTP", "HTTP1", "ip", "vpc-1"),
		loadbalancer.TargetGroupName("x-web", 80, "HTTP", "HTTP1", "ip", "vpc-2"), "a VPC change replaces it too")
}

func TestComputeLoadBalancerInvalidArgsRegisterNothing(t *testing.T) {
	g, err := computeRunLB(t, computeLBArgs(func(a *loadbalancer.LoadBalancerArgs) {
		a.DomainName = ""
		a.Targets = append(a.Targets, loadbalancer.Target{Name: "web", Port: 70000})
	}))
	require.Error(t, err)
	for _, want := range []string{"DomainName: is required", "Targets[web].Name", "Targets[web].Port", "Targets[web].PathPatterns"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Zero(t, g.Len())
}

// A service's env may not set DATABASE_READER_HOST: the component sets it
// from the reader endpoint, so a user value would silently lose (or clash).
func TestComputeWorkloadReservesReaderHost(t *testing.T) {
	g, err := computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.Services[0].Env = map[string]string{"DATABASE_READER_HOST": "replica.example.com"}
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `Services[web].Env: "DATABASE_READER_HOST" is set by the component`)
	assert.Zero(t, g.Len())
}

// With an external registry an image without a registry host comes from
// that registry (it used to be pulled as given, from Docker Hub), an image
// in the registry is used as given, and one of another registry is refused.
func TestComputeWorkloadImagesComeFromTheExternalRegistry(t *testing.T) {
	g, err := computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.ExternalRegistry = "ghcr.io/acme"
	}))
	require.NoError(t, err)
	assert.Equal(t, "ghcr.io/acme/web:1.2.3", computeContainers(g.Named(computeTDeployment, "app-web"))[0]["image"])

	for image, want := range map[string]string{
		"web:1.2.3":              "ghcr.io/acme/web:1.2.3",
		"team/web:1.2.3":         "ghcr.io/acme/team/web:1.2.3",
		"ghcr.io/acme/web:1.2.3": "ghcr.io/acme/web:1.2.3",
		"ghcr.io/acme/team/web@sha256:" + strings.Repeat("b", 64): "ghcr.io/acme/team/web@sha256:" + strings.Repeat("b", 64),
	} {
		got, err := workload.ExternalImage("ghcr.io/acme/", image)
		assert.NoError(t, err, image)
		assert.Equal(t, want, got, image)
	}
	for _, image := range []string{"docker.io/evil/web:1.2.3", "registry.example.com:5000/web:1", "localhost/web:1", "ghcr.io/acmecorp/web:1"} {
		_, err := workload.ExternalImage("ghcr.io/acme", image)
		assert.Error(t, err, image)
	}
	g, err = computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.ExternalRegistry = "ghcr.io/acme"
		a.Services[0].Image = "docker.io/evil/web:1.2.3"
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `Services[web].Image: "docker.io/evil/web:1.2.3" is in registry docker.io, not in ExternalRegistry ghcr.io/acme`)
	assert.Zero(t, g.Len())
}

// The autoscaler may scale Auto Scaling groups of the deploying partition
// only (the partition argument used to be ignored and the resource "*").
func TestComputeAutoscalerPolicyIsScopedToAutoScalingGroups(t *testing.T) {
	doc := cluster.AutoscalerPolicy("aws-cn", "eks")
	var scale *awsutil.Statement
	for i, s := range doc.Statement {
		if s.Sid == "ScaleOwnGroups" {
			scale = &doc.Statement[i]
		}
	}
	require.NotNil(t, scale)
	assert.Equal(t, "arn:aws-cn:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*", scale.Resource)
	assert.Contains(t, doc.JSON(), `"aws:ResourceTag/k8s.io/cluster-autoscaler/eks":"owned"`)
}

// The Load Balancer Controller's policy names the partition it is given
// in every ARN.
func TestComputeLBControllerPolicyPartition(t *testing.T) {
	gov := awsutil.Env{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: "123456789012"}
	doc := cluster.LBControllerPolicy(gov, map[string]string{"stack": "prod"}).JSON()
	assert.NotContains(t, doc, "arn:aws:")
	assert.Contains(t, doc, "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:targetgroup/*/*")
}

// 0 is a real value of ScaleDownStabilizationSeconds (scale down at once)
// and of DeregistrationDelay (deregister at once): it is kept, and unset
// means the documented default. Both used to turn 0 into the default.
func TestComputeZeroOptionalsAreKept(t *testing.T) {
	hpaWindow := func(edit func(*workload.WorkloadArgs)) any {
		g, err := computeRunWorkload(t, computeWorkloadArgs(edit))
		require.NoError(t, err)
		return g.Named(computeTHPA, "app-web").Input("spec.behavior.scaleDown.stabilizationWindowSeconds")
	}
	assert.Equal(t, float64(0), hpaWindow(func(a *workload.WorkloadArgs) { a.ScaleDownStabilizationSeconds = defaults.Of(0) }))
	assert.Equal(t, float64(300), hpaWindow(nil))

	delay := func(edit func(*loadbalancer.LoadBalancerArgs)) any {
		g, err := computeRunLB(t, computeLBArgs(edit))
		require.NoError(t, err)
		return g.Named(computeTTG, "alb-web").Input("deregistrationDelay")
	}
	assert.Equal(t, float64(0), delay(func(a *loadbalancer.LoadBalancerArgs) { a.DeregistrationDelay = defaults.Of(0) }))
	assert.Equal(t, float64(30), delay(nil))

	assert.Error(t, workload.Settings{Services: []workload.Service{{Name: "web", Image: "web:1"}}, ScaleDownStabilizationSeconds: defaults.Of(-1)}.WithDefaults().Validate())
	assert.Error(t, loadbalancer.Settings{CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b", DeregistrationDelay: defaults.Of(3601),
		Targets: []loadbalancer.Target{{Name: "web", Namespace: "web", ServiceName: "web", Port: 8080}}}.WithDefaults().Validate())
}

// Settings validate without a Pulumi context; missing wiring is reported
// by NewX, before anything is registered.
func TestComputeMissingWiringRegistersNothing(t *testing.T) {
	g, err := computeRunCluster(t, &cluster.ClusterArgs{Settings: computeClusterArgs(nil).Settings})
	require.Error(t, err)
	for _, want := range []string{"VpcId: is required", "SubnetIds: must be the private subnets of at least two AZs, one per AZ, got 0"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Zero(t, g.Len())

	g, err = computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.Wiring = workload.Wiring{ServiceInputs: map[string]workload.ServiceWiring{"api": {}}}
	}))
	require.Error(t, err)
	for _, want := range []string{"OidcProviderArn: is required", "NodeSecurityGroupId: is required", "LoadBalancerCidrs: is required", "ServiceInputs[api]: names no service"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Zero(t, g.Len())

	g, err = computeRunLB(t, &loadbalancer.LoadBalancerArgs{Settings: computeLBArgs(nil).Settings})
	require.Error(t, err)
	for _, want := range []string{"VpcId: is required", "VpcCidr: is required", "PrivateSubnetIds: is required", "NodeSecurityGroupId: is required"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Zero(t, g.Len())
}

// NamePrefix names the physical resources; the logical names (URNs) stay.
func TestComputeNamePrefixes(t *testing.T) {
	g, err := computeRunCluster(t, computeClusterArgs(func(a *cluster.ClusterArgs) { a.NamePrefix = "blue-eks" }))
	require.NoError(t, err)
	c := g.Named(computeTCluster, "eks")
	require.NotNil(t, c, "the URN keeps the name argument")
	assert.Equal(t, "blue-eks", c.Str("name"))
	assert.Equal(t, "/aws/eks/blue-eks/cluster", g.Named("aws:cloudwatch/logGroup:LogGroup", "eks-logs").Str("name"))
	assert.Equal(t, "blue-eks-nodes-", g.ByType(computeTLaunchTpl)[0].Str("namePrefix"))
	assert.Contains(t, g.Named(tRolePolicy, "eks-autoscaler").Str("policy"), "k8s.io/cluster-autoscaler/blue-eks")
	assert.Equal(t, "alias/blue-eks-key", g.Named("aws:kms/alias:Alias", "eks-key-alias").Str("name"))

	g, err = computeRunWorkload(t, computeWorkloadArgs(func(a *workload.WorkloadArgs) {
		a.NamePrefix, a.NamespacePrefix = "blue-app", "blue"
	}))
	require.NoError(t, err)
	assert.Equal(t, "blue-app-web", g.Named(computeTECR, "app-web").Str("name"))
	assert.Equal(t, "alias/blue-app-ecr", g.Named("aws:kms/alias:Alias", "app-ecr-alias").Str("name"))
	assert.Equal(t, "blue-web", g.Named(computeTNamespace, "app-web").Str("metadata.name"))
	for _, r := range computeK8s(g) {
		if r.Type != computeTNamespace {
			assert.Equal(t, "blue-web", r.Str("metadata.namespace"), "%s %s", r.Type, r.Name)
		}
	}
	assert.Contains(t, g.Named(tRole, "app-web").Str("assumeRolePolicy"), "system:serviceaccount:blue-web:web")

	g, err = computeRunLB(t, computeLBArgs(func(a *loadbalancer.LoadBalancerArgs) {
		a.NamePrefix = "blue-alb"
		a.AccessLogsBucket = pulumi.String("logs")
	}))
	require.NoError(t, err)
	alb := g.Named(computeTLB, "alb")
	assert.Equal(t, "blue-alb", alb.Str("name"))
	assert.Equal(t, "blue-alb", alb.Str("accessLogs.prefix"))
	assert.Regexp(t, `^blue-alb-web-[0-9a-f]{6}$`, g.Named(computeTTG, "alb-web").Str("name"), "the prefix, then the replacement hash")

	for _, bad := range []string{"Blue", "-x", strings.Repeat("a", 23)} {
		err := workload.Settings{Services: []workload.Service{{Name: "web", Image: "web:1"}}, NamespacePrefix: bad}.WithDefaults().Validate()
		assert.ErrorContains(t, err, "NamespacePrefix", bad)
	}
}

// The components export what callers need instead of callers rebuilding it.
func TestComputeExports(t *testing.T) {
	_, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		w, err := workload.NewWorkload(ctx, "app", computeWorkloadArgs(func(a *workload.WorkloadArgs) { a.NamespacePrefix = "blue" }))
		if err != nil {
			return err
		}
		assert.Equal(t, map[string]string{"web": "blue-web"}, w.ServiceNamespaces)
		assert.Equal(t, 300, *w.Settings.ScaleDownStabilizationSeconds, "the defaulted settings")
		l, err := loadbalancer.NewLoadBalancer(ctx, "alb", computeLBArgs(nil))
		if err != nil {
			return err
		}
		assert.Equal(t, "origin.shop.example.com", l.OriginDomainName)
		assert.Equal(t, "alb", l.Name)
		c, err := cluster.NewCluster(ctx, "eks", computeClusterArgs(nil))
		if err != nil {
			return err
		}
		assert.Equal(t, "eks", c.Name)
		assert.Equal(t, "/aws/eks/eks/cluster", c.LogGroupName)
		return nil
	})
	require.NoError(t, err)
}

// TestComputeNodeGroupSizes: the cluster's node counts split over the
// per-AZ groups add up to the minimum and desired counts, and each group
// may grow to its share of the maximum.
func TestComputeNodeGroupSizes(t *testing.T) {
	gs := func(lo, desired, hi int) cluster.GroupSize {
		return cluster.GroupSize{Min: lo, Desired: desired, Max: hi}
	}
	for _, c := range []struct {
		min, desired, max, zones int
		want                     []cluster.GroupSize
	}{
		{3, 3, 12, 3, []cluster.GroupSize{gs(1, 1, 4), gs(1, 1, 4), gs(1, 1, 4)}},
		{2, 2, 4, 2, []cluster.GroupSize{gs(1, 1, 2), gs(1, 1, 2)}},
		{4, 5, 6, 3, []cluster.GroupSize{gs(2, 2, 2), gs(1, 2, 2), gs(1, 1, 2)}},
		{1, 1, 2, 3, []cluster.GroupSize{gs(1, 1, 1), gs(0, 0, 1), gs(0, 0, 1)}},
	} {
		s := cluster.Settings{NodeMin: c.min, NodeDesired: c.desired, NodeMax: c.max}
		assert.Equal(t, c.want, cluster.NodeGroupSizes(s, c.zones), "%+v", c)
	}
}
