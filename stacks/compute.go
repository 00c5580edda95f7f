package stacks

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/cluster"
	"github.com/webplatform-dev/webplatform/components/database"
	"github.com/webplatform-dev/webplatform/components/loadbalancer"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/components/workload"
	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// ServiceConfig is one entry of the `services` config key: a workload
// service plus the URL paths the load balancer routes to it.
type ServiceConfig struct {
	workload.Service
	// Paths are the ALB path patterns of the service. Default ["/*"].
	Paths []string `json:"paths,omitempty"`
}

// ComputeConfig is the compute tier's configuration: the components'
// settings. The `services` entries fill the workload's services and the
// load balancer's targets.
type ComputeConfig struct {
	Cluster cluster.Settings
	// Services are the `services` entries as written (defaults applied).
	Services     []ServiceConfig
	Workload     workload.Settings
	LoadBalancer loadbalancer.Settings
}

// ComputeTier holds the compute tier's components.
type ComputeTier struct {
	Cluster      *cluster.Cluster
	Workload     *workload.Workload
	LoadBalancer *loadbalancer.LoadBalancer
}

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
	l.count("nodeVolumeSize", &cl.NodeVolumeSize)
	l.object("nodeInstanceTypes", &cl.InstanceTypes)
	l.object("clusterAdminRoleArns", &cl.AdminRoleArns)
	l.object("publicEndpointCidrs", &cl.PublicEndpointCidrs)
	l.object("addonVersions", &cl.AddonVersions)
	l.object("chartVersions", &cl.ChartVersions)
	wl, lb := &cc.Workload, &cc.LoadBalancer
	l.str("containerRegistry", &wl.ExternalRegistry)
	l.str("albCertificateArn", &lb.CertificateArn)
	l.bool("albDeletionProtection", &lb.DeletionProtection)
	l.str("edgeSecretRotation", &lb.SecretRotation)
	lb.DomainName, lb.HostedZoneId = c.DomainName, c.HostedZoneID
	l.record("domainName", &lb.DomainName)
	l.record("hostedZoneId", &lb.HostedZoneId)
	l.record("services", &cc.Services, &wl.Services, &lb.Targets)
	if l.str("services") == "" {
		return
	}
	if !l.strict("services", &cc.Services, "a list of service objects (name, image, port, cpuRequest, cpuLimit, memoryRequest, memoryLimit, minReplicas, maxReplicas, targetRequestsPerSecond, livenessPath, readinessPath, startupPath, env, dataStores, allowInternetEgress, paths)") {
		cc.Services = nil
		return
	}
	// A field a service leaves out takes the workload's default
	// (workload.Service.WithDefaults), the one place it is defined.
	for _, s := range cc.Services {
		wl.Services = append(wl.Services, s.Service)
	}
	lb.Targets = targets(cc.Services, wl.Namespace)
	// KEDA runs where a service scales on requests, and only there.
	cl.KEDA = slices.ContainsFunc(cc.Services, func(s ServiceConfig) bool { return s.ScalesOnRequests() })
}

// targets are the load balancer's targets for the services: each
// service's Kubernetes Service, in namespace(name), on its port, checked
// on its readiness path.
func targets(services []ServiceConfig, namespace func(string) string) []loadbalancer.Target {
	var out []loadbalancer.Target
	for _, s := range services {
		d := s.WithDefaults()
		out = append(out, loadbalancer.Target{
			Name: d.Name, Namespace: namespace(d.Name), ServiceName: d.Name, Port: d.Port,
			HealthPath: d.ReadinessPath, PathPatterns: s.Paths,
		})
	}
	return out
}

// validateCompute checks the compute tier's config and the environment's policies for it.
func (c *Config) validateCompute(p *validate.Problems) {
	cc := &c.Compute
	ca := cc.Cluster.WithDefaults()
	p.Merge("", c.rename(&cc.Cluster, ca.Validate()))

	if len(cc.Services) == 0 {
		p.Addf(c.key(&cc.Services), "is required: a list of at least one service ({name, image, port, ...})")
	} else {
		p.Merge("", c.rename(&cc.Workload, cc.Workload.WithDefaults().Validate()))
		// Its domain and zone are the stack's, validated first: reported once.
		p.MergeNew(c.rename(&cc.LoadBalancer, cc.LoadBalancer.WithDefaults().Validate()))
	}

	if len(ca.AdminRoleArns) == 0 {
		p.Addf(c.key(&cc.Cluster.AdminRoleArns), "is required: list at least the IAM role Pulumi deploys with (for example arn:aws:iam::123456789012:role/platform-deploy); the cluster grants its creator no access, so the Kubernetes objects could not be applied")
	}
	if len(ca.PublicEndpointCidrs) > 0 && c.Environment != Dev {
		p.Addf(c.key(&cc.Cluster.PublicEndpointCidrs), "only dev may expose the Kubernetes API publicly; %s keeps the endpoint private (use a VPN or bastion)", c.Environment)
	}
	c.validatePodEgress(p)
	c.validateRequestScaling(p)
	c.validateObservabilityAddon(p, ca)
	if c.Environment == Prod {
		c.validateProdCompute(p, ca)
	}
}

// validateObservabilityAddon checks the monitoring tier's EKS add-on
// (observabilityAddonVersion) against the builds published for the
// cluster's Kubernetes version: CreateAddon refuses any other.
func (c *Config) validateObservabilityAddon(p *validate.Problems, ca cluster.Settings) {
	v := c.Ops.Monitoring.WithDefaults().ObservabilityAddonVersion
	if _, known := catalog.Kubernetes(ca.KubernetesVersion); !known || catalog.AddonPublished(catalog.AddonObservability, v, ca.KubernetesVersion) {
		return
	}
	p.Addf(c.key(&c.Ops.Monitoring.ObservabilityAddonVersion), "%s %s is not among the builds EKS publishes for Kubernetes %s (%s): one of %v",
		catalog.AddonObservability, v, ca.KubernetesVersion, c.key(&c.Compute.Cluster.KubernetesVersion),
		catalog.AddonBuildsFor(catalog.AddonObservability, ca.KubernetesVersion))
}

// PodEndpoints are the interface endpoints a service without
// allowInternetEgress needs: STS for its IRSA credentials, Secrets Manager
// for its secrets (its pods reach AWS only through the VPC's endpoints).
var PodEndpoints = []string{"sts", "secretsmanager"}

// validatePodEgress checks that each service can reach the AWS APIs it
// needs: through the interface endpoints, or with allowInternetEgress.
func (c *Config) validatePodEgress(p *validate.Problems) {
	missing := c.missingEndpoints(PodEndpoints)
	if len(missing) == 0 {
		return
	}
	for _, s := range c.Compute.Services {
		if !s.AllowInternetEgress {
			p.Addf(c.key(&c.Network.InterfaceEndpoints), "service %s reaches AWS only through interface endpoints (allowInternetEgress false), but %v are missing: add them, or set allowInternetEgress: true on the service", s.Name, missing)
		}
	}
}

// missingEndpoints are the services of needed that the network has no
// interface endpoint for.
func (c *Config) missingEndpoints(needed []string) []string {
	have := c.Network.WithDefaults().InterfaceEndpoints
	var missing []string
	for _, e := range needed {
		if !slices.Contains(have, e) {
			missing = append(missing, e)
		}
	}
	return missing
}

// KEDAEndpoints are the interface endpoints KEDA's operator needs
// without a NAT gateway: STS for its IRSA credentials, CloudWatch
// (monitoring) for the request metric.
var KEDAEndpoints = []string{"sts", "monitoring"}

// validateRequestScaling checks that KEDA can read the request metric of
// the services that scale on requests: through a NAT gateway, or through
// the STS and CloudWatch interface endpoints.
func (c *Config) validateRequestScaling(p *validate.Problems) {
	if c.Network.WithDefaults().NatStrategy != network.NatNone {
		return
	}
	missing := c.missingEndpoints(KEDAEndpoints)
	if len(missing) == 0 {
		return
	}
	for _, s := range c.Compute.Services {
		if s.ScalesOnRequests() {
			p.Addf(c.key(&c.Network.InterfaceEndpoints), "service %s scales on requests (targetRequestsPerSecond): KEDA reads them from CloudWatch, and with %s %q it needs the interface endpoints %v: add them, or remove targetRequestsPerSecond",
				s.Name, c.key(&c.Network.NatStrategy), network.NatNone, missing)
		}
	}
}

// validateProdCompute checks prod's policies: a protected load balancer,
// on-demand nodes, one node per AZ and two replicas per service.
func (c *Config) validateProdCompute(p *validate.Problems, ca cluster.Settings) {
	cc := &c.Compute
	if !cc.LoadBalancer.DeletionProtection {
		p.Addf(c.key(&cc.LoadBalancer.DeletionProtection), "must be true in prod")
	}
	if ca.CapacityType != "ON_DEMAND" {
		p.Addf(c.key(&cc.Cluster.CapacityType), "prod runs on ON_DEMAND nodes (Spot can be reclaimed all at once), got %q", ca.CapacityType)
	}
	if c.AllowReducedHA {
		return
	}
	azs := c.Network.WithDefaults().AZCount
	if ca.NodeMin < azs {
		p.Addf(c.key(&cc.Cluster.NodeMin), "prod needs at least one node per AZ (%d), got %d (set %s: true to accept less)", azs, ca.NodeMin, c.key(&c.AllowReducedHA))
	}
	var replicas validate.Problems
	for _, s := range cc.Workload.Services {
		if s = s.WithDefaults(); s.MinReplicas < 2 {
			replicas.Addf(fmt.Sprintf("Services[%s].MinReplicas", s.Name), "prod needs at least 2 replicas to spread over zones, got %d (set %s: true to accept less)", s.MinReplicas, c.key(&c.AllowReducedHA))
		}
	}
	p.Merge("", c.rename(&cc.Workload, replicas.Err()))
}

// buildCluster creates the EKS cluster. Build runs it right after the
// network: the cluster, its node group and its charts are the longest chain
// of every deploy, and the engine starts steps in the order they become
// ready, so its key and role must not queue behind the data tier's slow
// creates (measured: prod's up took 1.32x the chain at --parallel 8 with
// the data tier registered first).
func buildCluster(ctx *pulumi.Context, p *Platform) error {
	c, net := p.Config, p.Network
	var err error
	cs := c.Compute.Cluster
	// The preview role refreshes the stack's Kubernetes objects (pull
	// request previews, drift): it gets the cluster's read-only entry.
	cs.ViewerRoleArns = []string{p.Guard.PreviewRoleArn}
	p.Compute.Cluster, err = cluster.NewCluster(ctx, c.Name()+"-eks", &cluster.ClusterArgs{
		Settings: cs,
		Wiring:   cluster.Wiring{VpcId: net.VpcId, SubnetIds: perAZ(net.PrivateSubnetIds, c.Network.WithDefaults().AZCount)},
	})
	return err
}

// perAZ lists the n per-AZ elements of a network output (the network
// creates one subnet per AZ of a tier, in AZ order), for components that
// create one resource per AZ and so need the count at plan time.
func perAZ(ids pulumi.StringArrayOutput, n int) []pulumi.StringInput {
	out := make([]pulumi.StringInput, n)
	for i := range out {
		out[i] = ids.Index(pulumi.Int(i))
	}
	return out
}

// buildCompute creates the compute tier's other components, on the
// cluster and the data tier.
func buildCompute(ctx *pulumi.Context, p *Platform) error {
	c, t := p.Config, p.Compute
	vpcCidr := pulumi.String(c.Network.WithDefaults().Cidr)
	ws := c.Compute.Workload
	ws.Services = slices.Clone(ws.Services)
	for i := range ws.Services {
		s := &ws.Services[i]
		// Traces go to the CloudWatch agent the operations tier installs
		// (OpenTelemetry SDKs read these variables); a service may override them.
		env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": monitoring.TracesEndpoint, "OTEL_SERVICE_NAME": s.Name,
			"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": strconv.FormatFloat(c.Ops.TraceSampleRatio, 'g', -1, 64)}
		maps.Copy(env, s.Env)
		s.Env = env
	}
	var err error
	ww := podNetwork(p)
	ww.OidcProviderArn, ww.OidcProviderUrl = t.Cluster.OidcProviderArn, t.Cluster.OidcProviderUrl
	ww.ServiceInputs = serviceWiring(ws.Services, p.Data)
	ww.Database = databaseWiring(p.Data)
	// Only the Kubernetes objects wait, for the controller's webhooks: a
	// DependsOn on the whole cluster component held the ECR repositories,
	// keys and IAM roles back until every chart was installed.
	ww.KubeDependsOn = []pulumi.Resource{t.Cluster.LBController}
	ww.KubernetesProvider = t.Cluster.Provider
	if auth := t.Cluster.KEDATriggerAuthentication; auth != nil {
		ww.RequestScaling = &workload.RequestScaling{TriggerAuthentication: cluster.KEDATriggerAuthenticationName, DependsOn: []pulumi.Resource{auth}}
	}
	if t.Workload, err = workload.NewWorkload(ctx, c.Name()+"-app", &workload.WorkloadArgs{Settings: ws, Wiring: ww}); err != nil {
		return err
	}

	ls := c.Compute.LoadBalancer
	ls.Targets = targets(c.Compute.Services, func(name string) string { return t.Workload.ServiceNamespaces[name] })
	lw := loadbalancer.Wiring{
		VpcId: p.Network.VpcId, VpcCidr: vpcCidr, PrivateSubnetIds: p.Network.PrivateSubnetIds,
		NodeSecurityGroupId: t.Cluster.ClusterSecurityGroupId,
		BindingDependsOn:    []pulumi.Resource{t.Cluster.LBController},
		KubernetesProvider:  t.Cluster.Provider,
	}
	lw.PodSecurityGroupIds = map[string]pulumi.StringInput{}
	for _, s := range ws.Services {
		if svc, ok := t.Workload.KubeServices[s.Name]; ok {
			lw.BindingDependsOn = append(lw.BindingDependsOn, svc)
		}
		if sg, ok := t.Workload.PodSecurityGroupIds[s.Name]; ok {
			lw.PodSecurityGroupIds[s.Name] = sg
		}
	}
	if st := p.Data.Storage; st != nil {
		lw.AccessLogsBucket = st.LogBucketName // its policy admits ELB log delivery
	}
	if t.LoadBalancer, err = loadbalancer.NewLoadBalancer(ctx, c.Name()+"-alb", &loadbalancer.LoadBalancerArgs{Settings: ls, Wiring: lw}); err != nil {
		return err
	}
	return t.Workload.ScaleOnRequests(requestMetrics(t))
}

// requestMetrics are the CloudWatch names of the target groups of the
// services that scale on requests: the load balancer routes each
// service's requests to the target group its TargetGroupBinding fills
// with the service's pods, so that group's RequestCount is the service's.
func requestMetrics(t *ComputeTier) map[string]workload.RequestMetric {
	out := map[string]workload.RequestMetric{}
	for _, name := range t.Workload.RequestScaled() {
		out[name] = workload.RequestMetric{LoadBalancer: t.LoadBalancer.ArnSuffix, TargetGroup: t.LoadBalancer.TargetGroupArnSuffixes.MapIndex(pulumi.String(name))}
	}
	return out
}

// albTier is the subnet tier the internal load balancer lives in: the
// pods' NetworkPolicies admit only its subnets. The nodes share that tier,
// so at the IP level the pod security groups are the tighter control:
// they admit only the load balancer's group (and the nodes' for probes).
const albTier = network.TierPrivate

// podNetwork is the workload's network wiring: the pods' security groups
// live in the VPC next to the nodes' group; the pods admit the load
// balancer's subnets and reach the interface endpoints (in the private
// subnets), S3 through its gateway endpoint, the CloudWatch agent, and the
// data stores: the database and the cache admit the pods' groups of the
// services that use them (workload.Service.DataStores) and nothing else.
func podNetwork(p *Platform) workload.Wiring {
	net, t := p.Network, p.Compute
	cidrs := func(tier string) []pulumi.StringInput {
		var out []pulumi.StringInput
		for _, c := range net.SubnetCidrs[tier] {
			out = append(out, pulumi.String(c))
		}
		return out
	}
	w := workload.Wiring{
		VpcId: net.VpcId, NodeSecurityGroupId: t.Cluster.ClusterSecurityGroupId,
		LoadBalancerCidrs: cidrs(albTier),
		S3PrefixListId:    net.S3PrefixListId, S3Cidrs: net.S3Cidrs,
		// The CloudWatch agent's OTLP receivers (monitoring.TracesEndpoint
		// and TracesHTTPEndpoint).
		Collector: &workload.Collector{Namespace: monitoring.ObservabilityNamespace, Ports: []int{4317, 4318}},
	}
	if len(net.Settings.InterfaceEndpoints) > 0 {
		w.EndpointSecurityGroupId, w.EndpointCidrs = net.EndpointSecurityGroupId, cidrs(network.TierPrivate)
	}
	if d := p.Data; d.Database != nil {
		isolated := cidrs(network.TierIsolated)
		w.DataStores = map[string]workload.DataStore{
			workload.StoreDatabase: {SecurityGroupId: d.Database.SecurityGroupId, Port: database.Port, Cidrs: isolated},
			workload.StoreCache:    {SecurityGroupId: d.Cache.SecurityGroupId, Port: d.Cache.Settings.Port, Cidrs: isolated},
		}
	}
	return w
}

// serviceWiring gives every service the endpoints of the data stores it
// uses (Service.DataStores), and an IAM role limited to the files bucket,
// the cache's secret when it uses the cache, and their keys (none
// without a data tier); the database is reached as the service's own IAM
// database user (databaseWiring), never with the master secret or key.
func serviceWiring(services []workload.Service, d *DataTier) map[string]workload.ServiceWiring {
	if d.Database == nil {
		return nil
	}
	out := map[string]workload.ServiceWiring{}
	for _, s := range services {
		// A store the service does not list (dataStores) is neither
		// reachable (pod network) nor named in its env and role.
		w := workload.ServiceWiring{
			BucketName: d.Storage.FilesBucketName,
			BucketArns: []pulumi.StringInput{d.Storage.FilesBucketArn},
			KMSKeyArns: []pulumi.StringInput{d.Storage.FilesKmsKeyArn},
		}
		stores := s.WithDefaults().DataStores
		if slices.Contains(stores, workload.StoreDatabase) {
			w.DatabaseEndpoint, w.DatabaseReaderEndpoint = d.Database.WriterEndpoint, d.Database.ReaderEndpoint
		}
		if slices.Contains(stores, workload.StoreCache) {
			w.CacheEndpoint = d.Cache.PrimaryEndpoint
			w.SecretArns = []pulumi.StringInput{d.Cache.SecretArn}
			w.KMSKeyArns = append([]pulumi.StringInput{d.Cache.KmsKeyArn}, w.KMSKeyArns...) // the order deployed stacks have
		}
		out[s.Name] = w
	}
	return out
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
	// "namespace/name" of every Deployment, sorted: the deploy job waits
	// for their rollouts.
	out["deployments"] = t.Workload.Deployments.ApplyT(func(m map[string]string) []string {
		return slices.Sorted(maps.Values(m))
	}).(pulumi.StringArrayOutput)
	out["albArn"] = t.LoadBalancer.Arn
	out["albDnsName"] = t.LoadBalancer.DnsName
	out["albZoneId"] = t.LoadBalancer.ZoneId
	out["albArnSuffix"] = t.LoadBalancer.ArnSuffix
	out["albSecurityGroupId"] = t.LoadBalancer.SecurityGroupId
	out["albHttpsListenerArn"] = t.LoadBalancer.HttpsListenerArn
	out["targetGroupArnSuffixes"] = t.LoadBalancer.TargetGroupArnSuffixes
	out["originHeaderName"] = t.LoadBalancer.OriginHeader
}

// summary lists the compute tier's key settings for the offline plan.
func (t *ComputeTier) summary() []Setting {
	if t.Cluster == nil {
		return nil
	}
	a := t.Cluster.Settings
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
	lb := t.LoadBalancer.Settings
	s = append(s, Setting{"compute", "load balancer", fmt.Sprintf("internal, HTTPS %s, deletion protection %t, access logs %t", loadbalancer.SSLPolicy, lb.DeletionProtection, t.LoadBalancer.AccessLogs)})
	return s
}
