package stacks

import (
	"fmt"
	"maps"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// ServiceConfig is one entry of the `services` config key: a workload
// service plus the URL paths the load balancer routes to it.
type ServiceConfig struct {
	workload.Service
	// Paths are the ALB path patterns of the service. Default ["/*"].
	Paths []string `json:"paths,omitempty"`
}

// ComputeConfig is the compute tier's configuration.
type ComputeConfig struct {
	Cluster  cluster.ClusterArgs
	Services []ServiceConfig
	// ContainerRegistry is an external registry; empty means ECR.
	ContainerRegistry string
	// AlbCertificateArn is an existing certificate for the ALB.
	AlbCertificateArn string
	// AlbDeletionProtection protects the ALB from deletion.
	AlbDeletionProtection bool
}

// ComputeTier holds the compute tier's components.
type ComputeTier struct {
	Cluster      *cluster.Cluster
	Workload     *workload.Workload
	LoadBalancer *loadbalancer.LoadBalancer
}

// Replica bounds of a service that does not set its own: one replica per
// AZ of a three-AZ environment, room to quadruple. Smaller environments set
// theirs in the stack file (services[].minReplicas, maxReplicas).
const (
	DefaultMinReplicas = 3
	DefaultMaxReplicas = 12
)

// loadCompute reads the compute tier's config keys.
func (c *Config) loadCompute(l *loader) {
	cc := &c.Compute
	cl := &cc.Cluster
	l.str("kubernetesVersion", &cl.KubernetesVersion)
	l.count("clusterLogRetentionDays", &cl.LogRetentionDays)
	l.str("nodeCapacityType", &cl.CapacityType)
	l.count("nodeMin", &cl.NodeMin)
	l.count("nodeDesired", &cl.NodeDesired)
	l.count("nodeMax", &cl.NodeMax)
	l.object("nodeInstanceTypes", &cl.InstanceTypes)
	l.object("clusterAdminRoleArns", &cl.AdminRoleArns)
	l.object("publicEndpointCidrs", &cl.PublicEndpointCidrs)
	l.object("addonVersions", &cl.AddonVersions)
	l.object("chartVersions", &cl.ChartVersions)
	cl.Tags = c.Tags()
	l.str("containerRegistry", &cc.ContainerRegistry)
	l.str("albCertificateArn", &cc.AlbCertificateArn)
	l.bool("albDeletionProtection", &cc.AlbDeletionProtection)

	if l.str("services") == "" {
		l.record("services", &cc.Services)
		return
	}
	if !l.strict("services", &cc.Services, "a list of service objects (name, image, port, cpuRequest, cpuLimit, memoryRequest, memoryLimit, minReplicas, maxReplicas, livenessPath, readinessPath, startupPath, env, paths)") {
		cc.Services = nil
		return
	}
	for i := range cc.Services {
		s := &cc.Services[i]
		if s.MinReplicas == 0 {
			s.MinReplicas = DefaultMinReplicas
		}
		if s.MaxReplicas == 0 {
			s.MaxReplicas = max(DefaultMaxReplicas, s.MinReplicas)
		}
	}
}

// workloadArgs are the workload's arguments; network-dependent fields are
// filled in by buildCompute.
func (c *Config) workloadArgs() workload.WorkloadArgs {
	a := workload.WorkloadArgs{ExternalRegistry: c.Compute.ContainerRegistry, VpcCidr: c.Network.WithDefaults().Cidr, Tags: c.Tags()}
	for _, s := range c.Compute.Services {
		a.Services = append(a.Services, s.Service)
	}
	return a
}

// validateCompute checks the compute tier's config and the environment's policies for it.
func (c *Config) validateCompute(p *validate.Problems) {
	cc := &c.Compute
	ca := cc.Cluster.WithDefaults()
	// Network inputs are outputs of the network; placeholders let the
	// component check the rest before anything is registered.
	ca.VpcId, ca.SubnetIds, ca.AppSecurityGroupId = pulumi.String(""), pulumi.StringArray{}, pulumi.String("")
	p.Merge("", c.rename(&cc.Cluster, ca.Validate()))

	if len(cc.Services) == 0 {
		p.Addf(c.key(&cc.Services), "is required: a list of at least one service ({name, image, port, ...})")
	} else {
		wa := c.workloadArgs()
		wa.OidcProviderArn, wa.OidcProviderUrl = pulumi.String(""), pulumi.String("")
		p.Merge("", c.rename(cc, wa.WithDefaults().Validate()))
		la := c.loadBalancerArgs(cc.Services)
		la.VpcId, la.PublicSubnetIds, la.NodeSecurityGroupId = pulumi.String(""), pulumi.StringArray{}, pulumi.String("")
		for _, fe := range validate.Fields(la.WithDefaults().Validate()) {
			p.Addf(c.key(&cc.Services)+" (load balancer)", "%s: %s", fe.Field, fe.Message)
		}
	}

	if len(ca.AdminRoleArns) == 0 {
		p.Addf(c.key(&cc.Cluster.AdminRoleArns), "is required: list at least the IAM role Pulumi deploys with (for example arn:aws:iam::123456789012:role/platform-deploy); the cluster grants its creator no access, so the Kubernetes objects could not be applied")
	}
	if len(ca.PublicEndpointCidrs) > 0 && c.Environment != Dev {
		p.Addf(c.key(&cc.Cluster.PublicEndpointCidrs), "only dev may expose the Kubernetes API publicly; %s keeps the endpoint private (use a VPN or bastion)", c.Environment)
	}
	if c.Environment == Prod {
		if !cc.AlbDeletionProtection {
			p.Addf(c.key(&cc.AlbDeletionProtection), "must be true in prod")
		}
		if ca.CapacityType != "ON_DEMAND" {
			p.Addf(c.key(&cc.Cluster.CapacityType), "prod runs on ON_DEMAND nodes (Spot can be reclaimed all at once), got %q", ca.CapacityType)
		}
		if !c.AllowReducedHA {
			azs := c.Network.WithDefaults().AZCount
			if ca.NodeMin < azs {
				p.Addf(c.key(&cc.Cluster.NodeMin), "prod needs at least one node per AZ (%d), got %d (set %s: true to accept less)", azs, ca.NodeMin, c.key(&c.AllowReducedHA))
			}
			for _, s := range cc.Services {
				if s.MinReplicas < 2 {
					p.Addf(c.key(&cc.Services)+"["+s.Name+"].minReplicas", "prod needs at least 2 replicas to spread over zones, got %d (set %s: true to accept less)", s.MinReplicas, c.key(&c.AllowReducedHA))
				}
			}
		}
	}
}

// loadBalancerArgs are the load balancer's arguments for the services;
// network and cluster inputs are filled in by buildCompute.
func (c *Config) loadBalancerArgs(services []ServiceConfig) loadbalancer.LoadBalancerArgs {
	a := loadbalancer.LoadBalancerArgs{
		VpcCidr:            c.Network.WithDefaults().Cidr,
		DomainName:         c.DomainName,
		HostedZoneId:       c.HostedZoneID,
		CertificateArn:     c.Compute.AlbCertificateArn,
		DeletionProtection: c.Compute.AlbDeletionProtection,
		Tags:               c.Tags(),
	}
	for _, s := range services {
		d := s.WithDefaults()
		a.Targets = append(a.Targets, loadbalancer.Target{
			Name: d.Name, Namespace: d.Name, ServiceName: d.Name, Port: d.Port,
			HealthPath: d.ReadinessPath, PathPatterns: s.Paths,
		})
	}
	return a
}

// buildCluster creates the EKS cluster. Build runs it right after the
// network: the cluster, its node group and its charts are the longest chain
// of every deploy, and the engine starts steps in the order they become
// ready, so its key and role must not queue behind the data tier's slow
// creates (measured: prod's up took 1.32x the chain at --parallel 8 with
// the data tier registered first).
func buildCluster(ctx *pulumi.Context, p *Platform) error {
	c, net := p.Config, p.Network
	ca := c.Compute.Cluster
	ca.VpcId, ca.SubnetIds, ca.AppSecurityGroupId = net.VpcId, net.PrivateSubnetIds, net.AppSecurityGroupId
	var err error
	p.Compute.Cluster, err = cluster.NewCluster(ctx, c.Name()+"-eks", &ca)
	return err
}

// buildCompute creates the compute tier's other components, on the
// cluster and the data tier.
func buildCompute(ctx *pulumi.Context, p *Platform) error {
	c := p.Config
	t := p.Compute
	net := p.Network
	var err error

	wa := c.workloadArgs()
	wa.OidcProviderArn, wa.OidcProviderUrl = t.Cluster.OidcProviderArn, t.Cluster.OidcProviderUrl
	wa.VpcCidr = net.Settings.Cidr
	d := p.Data
	for i := range wa.Services {
		s := &wa.Services[i]
		// Traces go to the CloudWatch agent the operations tier installs
		// (OpenTelemetry SDKs read these variables); a service may override them.
		env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": monitoring.TracesEndpoint, "OTEL_SERVICE_NAME": s.Name}
		maps.Copy(env, s.Env)
		s.Env = env
		if d.Database == nil {
			continue
		}
		// The data endpoints, and an IAM role limited to the data tier's
		// secrets, the files bucket and their keys.
		s.DatabaseEndpoint, s.DatabaseReaderEndpoint = d.Database.WriterEndpoint, d.Database.ReaderEndpoint
		s.CacheEndpoint, s.BucketName = d.Cache.PrimaryEndpoint, d.Storage.FilesBucketName
		s.SecretArns = []pulumi.StringInput{d.Database.SecretArn, d.Cache.SecretArn}
		s.BucketArns = []pulumi.StringInput{d.Storage.FilesBucketArn}
		s.KMSKeyArns = []pulumi.StringInput{d.Database.KmsKeyArn, d.Cache.KmsKeyArn, d.Storage.FilesKmsKeyArn}
	}
	// Only the Kubernetes objects wait, for the controller's webhooks: a
	// DependsOn on the whole cluster component held the ECR repositories,
	// keys and IAM roles back until every chart was installed.
	wa.KubeDependsOn = []pulumi.Resource{t.Cluster.LBController}
	wa.KubernetesProvider = t.Cluster.Provider
	if t.Workload, err = workload.NewWorkload(ctx, c.Name()+"-app", &wa); err != nil {
		return err
	}

	la := c.loadBalancerArgs(c.Compute.Services)
	la.VpcId, la.PublicSubnetIds, la.NodeSecurityGroupId = net.VpcId, net.PublicSubnetIds, t.Cluster.ClusterSecurityGroupId
	la.BindingDependsOn = []pulumi.Resource{t.Cluster.LBController}
	for _, s := range wa.Services {
		if svc, ok := t.Workload.KubeServices[s.Name]; ok {
			la.BindingDependsOn = append(la.BindingDependsOn, svc)
		}
	}
	if st := p.Data.Storage; st != nil {
		la.AccessLogsBucket = st.LogBucketName // its policy admits ELB log delivery
	}
	la.KubernetesProvider = t.Cluster.Provider
	if t.LoadBalancer, err = loadbalancer.NewLoadBalancer(ctx, c.Name()+"-alb", &la); err != nil {
		return err
	}
	return nil
}

// outputs adds the compute tier's stack outputs.
func (t *ComputeTier) outputs(out map[string]pulumi.Input) {
	if t.Cluster == nil {
		return
	}
	out["clusterName"] = t.Cluster.ClusterName
	out["clusterEndpoint"] = t.Cluster.Endpoint
	out["oidcProviderArn"] = t.Cluster.OidcProviderArn
	out["oidcProviderUrl"] = t.Cluster.OidcProviderUrl
	out["nodeRoleArn"] = t.Cluster.NodeRoleArn
	out["clusterSecurityGroupId"] = t.Cluster.ClusterSecurityGroupId
	out["kubeconfig"] = t.Cluster.Kubeconfig
	out["ecrRepositoryUrls"] = t.Workload.RepositoryUrls
	out["albArn"] = t.LoadBalancer.Arn
	out["albDnsName"] = t.LoadBalancer.DnsName
	out["albZoneId"] = t.LoadBalancer.ZoneId
	out["albArnSuffix"] = t.LoadBalancer.ArnSuffix
	out["albSecurityGroupId"] = t.LoadBalancer.SecurityGroupId
	out["albHttpsListenerArn"] = t.LoadBalancer.HttpsListenerArn
	out["targetGroupArnSuffixes"] = t.LoadBalancer.TargetGroupArnSuffixes
	out["originHeaderName"] = t.LoadBalancer.OriginHeader
	out["originSecret"] = t.LoadBalancer.OriginSecret
}

// summary lists the compute tier's key settings for the offline plan.
func (t *ComputeTier) summary() []Setting {
	if t.Cluster == nil {
		return nil
	}
	a := t.Cluster.Args
	endpoint := "private only"
	if len(a.PublicEndpointCidrs) > 0 {
		endpoint = "private + public from " + strings.Join(a.PublicEndpointCidrs, ", ")
	}
	s := []Setting{
		{"compute", "kubernetes", a.KubernetesVersion + " (" + endpoint + ")"},
		{"compute", "nodes", fmt.Sprintf("%s %s, min %d / desired %d / max %d", strings.Join(a.InstanceTypes, ","), a.CapacityType, a.NodeMin, a.NodeDesired, a.NodeMax)},
		{"compute", "control-plane logs", fmt.Sprintf("%d days", a.LogRetentionDays)},
		{"compute", "cluster admins", fmt.Sprintf("%d roles", len(a.AdminRoleArns))},
	}
	for _, svc := range t.Workload.Services {
		s = append(s, Setting{"compute", "service " + svc.Name, fmt.Sprintf("%s port %d, replicas %d-%d, cpu %s/%s, memory %s/%s",
			svc.Image, svc.Port, svc.MinReplicas, svc.MaxReplicas, svc.CPURequest, svc.CPULimit, svc.MemoryRequest, svc.MemoryLimit)})
	}
	lb := t.LoadBalancer.Args
	s = append(s, Setting{"compute", "load balancer", fmt.Sprintf("HTTPS %s, deletion protection %t, access logs %t", loadbalancer.SSLPolicy, lb.DeletionProtection, lb.AccessLogsBucket != nil)})
	return s
}
