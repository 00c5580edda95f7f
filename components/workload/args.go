package workload

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Service is one application service. The JSON names are the keys of the
// stack's `services` config entries.
type Service struct {
	// Name is a DNS label (lower-case, 1-40 characters); it names the
	// namespace, service account, Deployment and Service. Required.
	Name string `json:"name" pulumi:"name"`
	// Image is "repository:tag" or "repository@sha256:<digest>"; "latest"
	// and untagged images are rejected. With the component's ECR
	// repositories the repository part is replaced by the service's
	// repository URL. Required.
	Image string `json:"image" pulumi:"image"`
	// Port is the container port the service listens on, 1024-65535
	// (non-root). Default 8080.
	Port int `json:"port,omitempty" pulumi:"port,optional"`
	// CPURequest is the CPU request ("250m", "1"). Default "250m".
	CPURequest string `json:"cpuRequest,omitempty" pulumi:"cpuRequest,optional"`
	// CPULimit is the CPU limit, at least CPURequest. Default "1".
	CPULimit string `json:"cpuLimit,omitempty" pulumi:"cpuLimit,optional"`
	// MemoryRequest is the memory request ("256Mi"). Default "256Mi".
	MemoryRequest string `json:"memoryRequest,omitempty" pulumi:"memoryRequest,optional"`
	// MemoryLimit is the memory limit, at least MemoryRequest. Default "512Mi".
	MemoryLimit string `json:"memoryLimit,omitempty" pulumi:"memoryLimit,optional"`
	// MinReplicas is the HPA minimum. Default 3 (one per AZ of a three-AZ
	// cluster).
	MinReplicas int `json:"minReplicas,omitempty" pulumi:"minReplicas,optional"`
	// MaxReplicas is the HPA maximum, at least MinReplicas. Default
	// 4*MinReplicas (room to quadruple).
	MaxReplicas int `json:"maxReplicas,omitempty" pulumi:"maxReplicas,optional"`
	// TargetRequestsPerSecond, when set, scales the service on the
	// requests each pod serves as well as on CPU and memory: a KEDA
	// ScaledObject (Wiring.RequestScaling, the cluster's KEDA) replaces the
	// HPA and keeps at least ceil(requests per second at the load balancer
	// / TargetRequestsPerSecond) replicas, within MinReplicas..MaxReplicas.
	// The rate is the service's ALB target group RequestCount, per minute,
	// read from CloudWatch (Workload.ScaleOnRequests). 1-100000. Default 0:
	// CPU and memory only.
	TargetRequestsPerSecond int `json:"targetRequestsPerSecond,omitempty" pulumi:"targetRequestsPerSecond,optional"`
	// LivenessPath is the HTTP path of the liveness probe. Default "/healthz".
	LivenessPath string `json:"livenessPath,omitempty" pulumi:"livenessPath,optional"`
	// ReadinessPath is the HTTP path of the readiness probe. Default "/ready".
	ReadinessPath string `json:"readinessPath,omitempty" pulumi:"readinessPath,optional"`
	// StartupPath is the HTTP path of the startup probe. Default LivenessPath.
	StartupPath string `json:"startupPath,omitempty" pulumi:"startupPath,optional"`
	// Env are plain environment variables (never secrets); the names the
	// component sets (ReservedEnv) are rejected. Default none.
	Env map[string]string `json:"env,omitempty" pulumi:"env,optional"`
	// DataStores are the data stores the service connects to, by name
	// (DataStoreNames: "database", "cache"). Only these admit the pods'
	// security group, on their port, and the NetworkPolicy lets the pods
	// reach only their subnets on that port. Default (unset) every data
	// store; [] none.
	DataStores []string `json:"dataStores,omitempty" pulumi:"dataStores,optional"`
	// AllowInternetEgress lets the pods open HTTPS (TCP 443) to addresses
	// outside the VPC (through the NAT gateway), in their security group
	// and their NetworkPolicy. A service needs it when an AWS API it calls
	// (STS for its IRSA credentials, Secrets Manager for its secrets) has
	// no interface endpoint in the VPC. Default false: the pods reach AWS
	// only through the VPC's endpoints.
	AllowInternetEgress bool `json:"allowInternetEgress,omitempty" pulumi:"allowInternetEgress,optional"`
}

// Data store names of Service.DataStores and Wiring.DataStores.
const (
	StoreDatabase = "database"
	StoreCache    = "cache"
)

// DataStoreNames are the data stores a service may use.
var DataStoreNames = []string{StoreDatabase, StoreCache}

// DataStore is a data store the services may use: its security group
// admits the pod security group of each service that names it in
// DataStores, on Port.
type DataStore struct {
	// SecurityGroupId is the store's security group. Required.
	SecurityGroupId pulumi.StringInput `pulumi:"securityGroupId"`
	// Port is the store's TCP port. Required.
	Port int `pulumi:"port"`
	// Cidrs are the store's subnets (the NetworkPolicy's egress peers),
	// one ipBlock peer per element, so the count must be known; each
	// element may be an output. Required.
	Cidrs []pulumi.StringInput `pulumi:"cidrs"`
}

// Collector is an in-cluster telemetry collector on the nodes (the
// CloudWatch agent): the pods may send to it.
type Collector struct {
	// Namespace is the collector's namespace. Required.
	Namespace string `pulumi:"namespace"`
	// Ports are its TCP ports. Required.
	Ports []int `pulumi:"ports"`
}

// ServiceWiring are one service's inputs from other components: its data
// endpoints and the resources its IAM role may use.
type ServiceWiring struct {
	// DatabaseEndpoint is passed as DATABASE_HOST. Default unset.
	DatabaseEndpoint pulumi.StringInput `pulumi:"databaseEndpoint,optional"`
	// DatabaseReaderEndpoint (the readers, load-balanced) is passed as
	// DATABASE_READER_HOST. Default unset.
	DatabaseReaderEndpoint pulumi.StringInput `pulumi:"databaseReaderEndpoint,optional"`
	// CacheEndpoint is passed as CACHE_HOST. Default unset.
	CacheEndpoint pulumi.StringInput `pulumi:"cacheEndpoint,optional"`
	// BucketName is passed as BUCKET_NAME. Default unset.
	BucketName pulumi.StringInput `pulumi:"bucketName,optional"`
	// SecretArns are the Secrets Manager secrets the service may read
	// (passed as SECRET_ARNS; the app reads them with its IAM role).
	// Default none.
	SecretArns []pulumi.StringInput `pulumi:"secretArns,optional"`
	// BucketArns are the S3 buckets the service may read and write. Default none.
	BucketArns []pulumi.StringInput `pulumi:"bucketArns,optional"`
	// KMSKeyArns are the keys the service may decrypt/encrypt with. Default none.
	KMSKeyArns []pulumi.StringInput `pulumi:"kmsKeyArns,optional"`
}

// DatabaseWiring connects the services to an Aurora PostgreSQL cluster
// with IAM database authentication: each service with a DatabaseEndpoint
// logs in as its own database user (DatabaseUser) with rds-db:connect on
// that user alone, and a bootstrap Job, the only identity that reads the
// master secret, creates those users.
type DatabaseWiring struct {
	// ClusterResourceId is the cluster's resource id ("cluster-ABC..."),
	// the scope of the rds-db:connect ARNs. Required.
	ClusterResourceId pulumi.StringInput `pulumi:"clusterResourceId"`
	// Endpoint is the writer endpoint the bootstrap Job connects to. Required.
	Endpoint pulumi.StringInput `pulumi:"endpoint"`
	// Port is the PostgreSQL port. Default 5432.
	Port int `pulumi:"port,optional"`
	// DatabaseName is the database the services use. Required.
	DatabaseName string `pulumi:"databaseName"`
	// MasterSecretArn is the master user's secret; only the bootstrap
	// Job's role may read it. Required.
	MasterSecretArn pulumi.StringInput `pulumi:"masterSecretArn"`
	// MasterSecretKeyArn is the KMS key encrypting the master secret; the
	// bootstrap role may decrypt with it through Secrets Manager only. Required.
	MasterSecretKeyArn pulumi.StringInput `pulumi:"masterSecretKeyArn"`
}

// Settings are the workload's plain settings.
type Settings struct {
	// Services to run; names must be unique. At least one. Required.
	Services []Service `pulumi:"services"`
	// NamePrefix names the physical AWS resources (the ECR repositories
	// <NamePrefix>-<service>, the key alias <NamePrefix>-ecr). Default "":
	// the name argument of NewWorkload.
	NamePrefix string `pulumi:"namePrefix,optional"`
	// NamespacePrefix, when set, puts each service in the namespace
	// <NamespacePrefix>-<service>, so that two workloads with a service of
	// one name share a cluster. A DNS label of at most 22 characters.
	// Default "": the namespace is the service name.
	NamespacePrefix string `pulumi:"namespacePrefix,optional"`
	// ExternalRegistry, when set (for example "ghcr.io/acme"), means images
	// come from there and no ECR repositories are created: an image in it
	// is used as given, an image without a registry host ("web:1.2") is
	// taken from it ("ghcr.io/acme/web:1.2"), an image of another registry
	// is rejected. Default "" (one ECR repository per service).
	ExternalRegistry string `pulumi:"externalRegistry,optional"`
	// CPUTargetPercent is the HPA's average CPU utilisation target. Default 70.
	CPUTargetPercent int `pulumi:"cpuTargetPercent,optional"`
	// MemoryTargetPercent is the HPA's average memory utilisation target. Default 80.
	MemoryTargetPercent int `pulumi:"memoryTargetPercent,optional"`
	// ScaleDownStabilizationSeconds damps HPA scale-down, 0 to 3600; 0
	// scales down at once. Default (nil) 300.
	ScaleDownStabilizationSeconds *int `pulumi:"scaleDownStabilizationSeconds,optional"`
	// TerminationGracePeriodSeconds bounds graceful shutdown; must exceed
	// PreStopSleepSeconds. Default 30.
	TerminationGracePeriodSeconds int `pulumi:"terminationGracePeriodSeconds,optional"`
	// PreStopSleepSeconds lets the load balancer deregister a pod before it
	// gets SIGTERM. Default 10.
	PreStopSleepSeconds int `pulumi:"preStopSleepSeconds,optional"`
	// ImageRetentionCount is how many images each ECR repository keeps
	// besides the deployed one, which is never expired (LifecyclePolicy).
	// Default 50.
	ImageRetentionCount int `pulumi:"imageRetentionCount,optional"`
	// DatabaseClientImage is the image (with psql and sh) the database
	// user bootstrap Job runs. Default DefaultDatabaseClientImage.
	DatabaseClientImage string `pulumi:"databaseClientImage,optional"`
	// AWSCLIImage is the image (with the AWS CLI v2) that fetches the
	// master secret for the bootstrap Job. Default DefaultAWSCLIImage.
	AWSCLIImage string `pulumi:"awsCliImage,optional"`
	// Tags go on every taggable AWS resource, with component=workload added.
	// Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Wiring are the workload's inputs from the cluster, the network and the
// data tier.
type Wiring struct {
	// OidcProviderArn is the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput `pulumi:"oidcProviderArn"`
	// OidcProviderUrl is the cluster's OIDC issuer URL. Required.
	OidcProviderUrl pulumi.StringInput `pulumi:"oidcProviderUrl"`
	// VpcId is the VPC of the pods' security groups. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// NodeSecurityGroupId is the nodes' security group (the EKS cluster
	// security group): each pod group admits the kubelet's probes from it
	// on the service port, and the pods reach CoreDNS and the Collector in
	// it (the node group admits them for that). Required.
	NodeSecurityGroupId pulumi.StringInput `pulumi:"nodeSecurityGroupId"`
	// LoadBalancerCidrs are the subnets of the load balancer: the
	// NetworkPolicy admits them, on the service port, and nothing else:
	// one ipBlock peer per element, so the count must be known (it is
	// validated before anything is registered); each element may be an
	// output. Required.
	LoadBalancerCidrs []pulumi.StringInput `pulumi:"loadBalancerCidrs"`
	// EndpointSecurityGroupId is the group of the VPC's interface
	// endpoints: the pods may open 443 to it. Default unset: none.
	EndpointSecurityGroupId pulumi.StringInput `pulumi:"endpointSecurityGroupId,optional"`
	// EndpointCidrs are the subnets of the VPC's interface endpoints: the
	// NetworkPolicy lets the pods open 443 to them, one ipBlock peer per
	// element, so the count must be known; each element may be an output.
	// Default none.
	EndpointCidrs []pulumi.StringInput `pulumi:"endpointCidrs,optional"`
	// S3PrefixListId is the S3 gateway endpoint's prefix list: the pods of
	// a service with buckets (ServiceWiring.BucketArns) may open 443 to
	// it. Default unset.
	S3PrefixListId pulumi.StringInput `pulumi:"s3PrefixListId,optional"`
	// S3Cidrs are the CIDRs in the S3 prefix list, for the pods' network
	// policy (which cannot name a prefix list). Default unset.
	S3Cidrs pulumi.StringArrayInput `pulumi:"s3Cidrs,optional"`
	// DataStores are the data stores services may use, by name
	// (DataStoreNames). Default none.
	DataStores map[string]DataStore `pulumi:"dataStores,optional"`
	// Collector is the telemetry collector the pods may reach. Default
	// none.
	Collector *Collector `pulumi:"collector,optional"`
	// ServiceInputs are the services' data endpoints and resources, by
	// service name (each must name a service of Settings.Services).
	// Default none.
	ServiceInputs map[string]ServiceWiring `pulumi:"serviceInputs,optional"`
	// KubernetesProvider is the provider of the Kubernetes objects. Default:
	// the one in opts (pulumi.Providers). Pass a provider created in the
	// same program here rather than in opts: a component registered with a
	// provider cannot finish registering until that provider exists, and
	// RegisterResourceOutputs holds the program there, so everything the
	// program registers afterwards would wait for the cluster.
	KubernetesProvider pulumi.ProviderResource
	// KubeDependsOn are resources the Kubernetes objects wait for, such as
	// the cluster's admission webhooks (the Load Balancer Controller) that
	// must answer before Services and Pods can be created. Only the
	// namespace, and through it every object in it, waits: the ECR
	// repositories, keys and IAM roles are created at once. Default none.
	KubeDependsOn []pulumi.Resource
	// RequestScaling is the cluster's KEDA, required when a service sets
	// TargetRequestsPerSecond. Default nil.
	RequestScaling *RequestScaling `pulumi:"requestScaling,optional"`
	// Database, when set, gives every service with a DatabaseEndpoint its
	// own IAM-authenticated database user and creates them with a
	// bootstrap Job in the namespace Settings.Namespace(DatabaseUsersName).
	// Default nil (no database users, no Job).
	Database *DatabaseWiring `pulumi:"database,optional"`
}

// WorkloadArgs configure the application workloads: plain settings and wiring.
type WorkloadArgs struct {
	Settings
	Wiring
}

// WithDefaults returns a copy of s with every unset field set to its default.
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.CPUTargetPercent, 70)
	defaults.Set(&s.MemoryTargetPercent, 80)
	defaults.SetNil(&s.ScaleDownStabilizationSeconds, 300)
	defaults.Set(&s.TerminationGracePeriodSeconds, 30)
	defaults.Set(&s.PreStopSleepSeconds, 10)
	defaults.Set(&s.ImageRetentionCount, 50)
	defaults.Set(&s.DatabaseClientImage, DefaultDatabaseClientImage)
	defaults.Set(&s.AWSCLIImage, DefaultAWSCLIImage)
	svcs := make([]Service, len(s.Services))
	for i, svc := range s.Services {
		svcs[i] = svc.WithDefaults()
	}
	s.Services = svcs
	return s
}

// Namespace is the namespace of the service named service.
func (s Settings) Namespace(service string) string {
	if s.NamespacePrefix == "" {
		return service
	}
	return s.NamespacePrefix + "-" + service
}

// WithDefaults returns a copy of s with every zero field set to its default.
func (s Service) WithDefaults() Service {
	defaults.Set(&s.Port, 8080)
	defaults.Set(&s.CPURequest, "250m")
	defaults.Set(&s.CPULimit, "1")
	defaults.Set(&s.MemoryRequest, "256Mi")
	defaults.Set(&s.MemoryLimit, "512Mi")
	defaults.Set(&s.MinReplicas, 3)
	defaults.Set(&s.MaxReplicas, 4*s.MinReplicas)
	defaults.Set(&s.LivenessPath, "/healthz")
	defaults.Set(&s.ReadinessPath, "/ready")
	defaults.Set(&s.StartupPath, s.LivenessPath)
	if s.DataStores == nil {
		s.DataStores = slices.Clone(DataStoreNames)
	}
	return s
}

var (
	namePattern            = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$`)
	prefixPattern          = namePattern
	namespacePrefixPattern = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$`)
	pathPattern            = regexp.MustCompile(`^/[A-Za-z0-9/._~-]*$`)
	envPattern             = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	digestPart             = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
	tagPart                = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
)

// ReservedNames are namespaces a service may not take.
var ReservedNames = []string{"default", "kube-system", "kube-public", "kube-node-lease"}

// ReservedEnv are the environment variables the component sets itself; a
// service's Env may not name them.
var ReservedEnv = []string{"AWS_REGION", "DATABASE_HOST", "DATABASE_READER_HOST", "DATABASE_PORT", "DATABASE_NAME",
	"DB_USER", "DB_IAM_AUTH", "CACHE_HOST", "BUCKET_NAME", "SECRET_ARNS"}

// SplitImage splits an image reference into repository and the tag (":x")
// or digest ("@sha256:...") suffix. It rejects untagged images and "latest".
func SplitImage(image string) (repo, ref string, err error) {
	if i := strings.Index(image, "@"); i >= 0 {
		if !digestPart.MatchString(image[i+1:]) {
			return "", "", fmt.Errorf("%q: digest must be sha256:<64 hex>", image)
		}
		return image[:i], image[i:], nil
	}
	slash := strings.LastIndex(image, "/")
	colon := strings.LastIndex(image, ":")
	if colon <= slash {
		return "", "", fmt.Errorf("%q has no tag or digest: pin a version (repo:1.2.3 or repo@sha256:...)", image)
	}
	tag := image[colon+1:]
	if strings.EqualFold(tag, "latest") {
		return "", "", fmt.Errorf("%q uses the mutable tag latest: pin a version", image)
	}
	if !tagPart.MatchString(tag) {
		return "", "", fmt.Errorf("%q: tag %q is not a valid image tag", image, tag)
	}
	if image[:colon] == "" {
		return "", "", fmt.Errorf("%q has no repository", image)
	}
	return image[:colon], image[colon:], nil
}

// Validate checks defaulted settings and reports every problem, each
// naming the field (Services[<name>].<Field>) and the allowed values.
func (s Settings) Validate() error {
	var p validate.Problems
	if len(s.Services) == 0 {
		p.Addf("Services", "must list at least one service")
	}
	if s.NamePrefix != "" && !prefixPattern.MatchString(s.NamePrefix) {
		p.Addf("NamePrefix", "must be a DNS label of 1-40 lower-case letters, digits and '-', got %q", s.NamePrefix)
	}
	if s.NamespacePrefix != "" && !namespacePrefixPattern.MatchString(s.NamespacePrefix) {
		p.Addf("NamespacePrefix", "must be a DNS label of 1-22 lower-case letters, digits and '-' (namespaces are <prefix>-<service>, at most 63), got %q", s.NamespacePrefix)
	}
	s.validateScaling(&p)
	seen := map[string]bool{}
	for i, svc := range s.Services {
		f := serviceField(i, svc.Name)
		if seen[svc.Name] {
			p.Addf(f("Name"), "duplicate service name %q: names must be unique", svc.Name)
		}
		seen[svc.Name] = true
		svc.validate(&p, f)
		s.validateRegistry(&p, f, svc.Image)
	}
	return p.Err()
}

// serviceField names the fields of the service at index i, by its name
// when it has one.
func serviceField(i int, name string) func(string) string {
	return func(field string) string {
		if name == "" {
			return fmt.Sprintf("Services[%d].%s", i, field)
		}
		return fmt.Sprintf("Services[%s].%s", name, field)
	}
}

// validateRegistry checks that image comes from ExternalRegistry, if set.
func (s Settings) validateRegistry(p *validate.Problems, f func(string) string, image string) {
	if s.ExternalRegistry == "" {
		return
	}
	if _, _, err := SplitImage(image); err != nil {
		return // reported with the service
	}
	if _, err := ExternalImage(s.ExternalRegistry, image); err != nil {
		p.Addf(f("Image"), "%v", err)
	}
}

// validateScaling checks the settings every service shares.
func (s Settings) validateScaling(p *validate.Problems) {
	p.Range("CPUTargetPercent", s.CPUTargetPercent, 10, 100)
	p.Range("MemoryTargetPercent", s.MemoryTargetPercent, 10, 100)
	if s.ScaleDownStabilizationSeconds != nil {
		p.Range("ScaleDownStabilizationSeconds", *s.ScaleDownStabilizationSeconds, 0, 3600)
	}
	p.Range("PreStopSleepSeconds", s.PreStopSleepSeconds, 1, 120)
	if s.TerminationGracePeriodSeconds <= s.PreStopSleepSeconds {
		p.Addf("TerminationGracePeriodSeconds", "must exceed PreStopSleepSeconds (%d), got %d", s.PreStopSleepSeconds, s.TerminationGracePeriodSeconds)
	}
	p.Range("ImageRetentionCount", s.ImageRetentionCount, 1, 10000)
}

// validate checks one defaulted service; f names its fields.
func (s Service) validate(p *validate.Problems, f func(string) string) {
	if !namePattern.MatchString(s.Name) {
		p.Addf(f("Name"), "must be a DNS label of 1-40 lower-case letters, digits and '-', starting with a letter, got %q", s.Name)
	}
	if slices.Contains(ReservedNames, s.Name) {
		p.Addf(f("Name"), "%q is a system namespace (reserved: %v)", s.Name, ReservedNames)
	}
	if strings.Contains(s.Name, "--") {
		p.Addf(f("Name"), "must not contain \"--\": it ends the ECR repository name <NamePrefix>-<name>, whose separators are single (AWS ECR repositoryName pattern), got %q", s.Name)
	}
	if s.Image == "" {
		p.Addf(f("Image"), "is required (repo:tag or repo@sha256:digest)")
	} else if _, _, err := SplitImage(s.Image); err != nil {
		p.Addf(f("Image"), "%v", err)
	}
	p.Range(f("Port"), s.Port, 1024, 65535)
	s.validateResources(p, f)
	p.Range(f("MinReplicas"), s.MinReplicas, 1, 1000)
	if s.TargetRequestsPerSecond != 0 {
		p.Range(f("TargetRequestsPerSecond"), s.TargetRequestsPerSecond, 1, MaxTargetRequestsPerSecond)
	}
	if s.MaxReplicas < s.MinReplicas {
		p.Addf(f("MaxReplicas"), "must be at least MinReplicas (%d), got %d", s.MinReplicas, s.MaxReplicas)
	}
	for field, path := range map[string]string{"LivenessPath": s.LivenessPath, "ReadinessPath": s.ReadinessPath, "StartupPath": s.StartupPath} {
		if !pathPattern.MatchString(path) {
			p.Addf(f(field), "must be an absolute HTTP path such as /healthz, got %q", path)
		}
	}
	for i, store := range s.DataStores {
		if !slices.Contains(DataStoreNames, store) {
			p.Addf(f("DataStores"), "unknown data store %q: one of %v", store, DataStoreNames)
		} else if slices.Contains(s.DataStores[:i], store) {
			p.Addf(f("DataStores"), "lists %q twice", store)
		}
	}
	for k := range s.Env {
		if !envPattern.MatchString(k) {
			p.Addf(f("Env"), "%q is not an environment variable name", k)
		}
		if slices.Contains(ReservedEnv, k) {
			p.Addf(f("Env"), "%q is set by the component (reserved: %v)", k, ReservedEnv)
		}
	}
}

// validateResources checks the requests and limits.
func (s Service) validateResources(p *validate.Problems, f func(string) string) {
	cpuReq, err1 := ParseCPU(s.CPURequest)
	cpuLim, err2 := ParseCPU(s.CPULimit)
	if err1 != nil {
		p.Addf(f("CPURequest"), "%v", err1)
	}
	if err2 != nil {
		p.Addf(f("CPULimit"), "%v", err2)
	}
	if err1 == nil && err2 == nil && cpuLim < cpuReq {
		p.Addf(f("CPULimit"), "%s is below the request %s", s.CPULimit, s.CPURequest)
	}
	memReq, err1 := ParseMemory(s.MemoryRequest)
	memLim, err2 := ParseMemory(s.MemoryLimit)
	if err1 != nil {
		p.Addf(f("MemoryRequest"), "%v", err1)
	}
	if err2 != nil {
		p.Addf(f("MemoryLimit"), "%v", err2)
	}
	if err1 == nil && err2 == nil && memLim < memReq {
		p.Addf(f("MemoryLimit"), "%s is below the request %s", s.MemoryLimit, s.MemoryRequest)
	}
}

// check reports missing wiring and wiring for services that do not exist.
func (w Wiring) check(services []Service) error {
	var p validate.Problems
	if w.OidcProviderArn == nil || w.OidcProviderUrl == nil {
		p.Addf("OidcProviderArn", "is required with OidcProviderUrl (the cluster's IRSA provider)")
	}
	if w.VpcId == nil {
		p.Addf("VpcId", "is required: the VPC of the pods' security groups")
	}
	if w.NodeSecurityGroupId == nil {
		p.Addf("NodeSecurityGroupId", "is required: the nodes' security group (kubelet probes, CoreDNS)")
	}
	if len(w.LoadBalancerCidrs) == 0 {
		p.Addf("LoadBalancerCidrs", "is required: the load balancer's subnets, the only source the pods admit")
	}
	for name, ds := range w.DataStores {
		if !slices.Contains(DataStoreNames, name) {
			p.Addf("DataStores["+name+"]", "unknown data store: one of %v", DataStoreNames)
		} else if ds.SecurityGroupId == nil || len(ds.Cidrs) == 0 || ds.Port < 1 || ds.Port > 65535 {
			p.Addf("DataStores["+name+"]", "needs SecurityGroupId, Cidrs and a Port of 1-65535")
		}
	}
	if (w.S3PrefixListId == nil) != (w.S3Cidrs == nil) {
		p.Addf("S3PrefixListId", "and S3Cidrs go together: the S3 gateway endpoint's prefix list and its CIDRs")
	}
	for name := range w.ServiceInputs {
		if !slices.ContainsFunc(services, func(s Service) bool { return s.Name == name }) {
			p.Addf("ServiceInputs["+name+"]", "names no service of Settings.Services")
		}
	}
	for _, s := range services {
		if s.ScalesOnRequests() && (w.RequestScaling == nil || w.RequestScaling.TriggerAuthentication == "") {
			p.Addf("RequestScaling", "is required: service %s scales on requests (TargetRequestsPerSecond %d), which needs KEDA in the cluster (cluster Settings.KEDA) and its ClusterTriggerAuthentication", s.Name, s.TargetRequestsPerSecond)
		}
	}
	if d := w.Database; d != nil {
		if d.ClusterResourceId == nil || d.Endpoint == nil || d.MasterSecretArn == nil || d.MasterSecretKeyArn == nil || d.DatabaseName == "" {
			p.Addf("Database", "needs ClusterResourceId, Endpoint, DatabaseName, MasterSecretArn and MasterSecretKeyArn")
		}
		if slices.ContainsFunc(services, func(s Service) bool { return s.Name == DatabaseUsersName }) {
			p.Addf("Database", "the bootstrap Job's namespace is named after %q, which a service of Settings.Services uses", DatabaseUsersName)
		}
	}
	return p.Err()
}

// ParseCPU parses a Kubernetes CPU quantity ("250m", "1", "1.5") into millicores.
func ParseCPU(q string) (int64, error) {
	if strings.HasSuffix(q, "m") {
		v, err := strconv.ParseInt(strings.TrimSuffix(q, "m"), 10, 64)
		if err != nil || v <= 0 {
			return 0, fmt.Errorf("%q is not a CPU quantity such as 250m or 1", q)
		}
		return v, nil
	}
	v, err := strconv.ParseFloat(q, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("%q is not a CPU quantity such as 250m or 1", q)
	}
	return int64(v * 1000), nil
}

var memUnits = map[string]int64{"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "K": 1e3, "M": 1e6, "G": 1e9}

// ParseMemory parses a Kubernetes memory quantity ("256Mi", "1Gi") into bytes.
func ParseMemory(q string) (int64, error) {
	for _, u := range []string{"Ki", "Mi", "Gi", "K", "M", "G"} {
		if strings.HasSuffix(q, u) {
			v, err := strconv.ParseInt(strings.TrimSuffix(q, u), 10, 64)
			if err != nil || v <= 0 {
				break
			}
			return v * memUnits[u], nil
		}
	}
	return 0, fmt.Errorf("%q is not a memory quantity such as 256Mi or 1Gi", q)
}

// PDBMaxUnavailable is the PodDisruptionBudget's maxUnavailable: a share
// of the current replicas, so the budget follows the HPA (an absolute
// minAvailable below the minimum let a drain evict all but that many of a
// scaled-up service at once). Kubernetes rounds a percentage up, so one
// pod may always go (a single replica can be drained) and a service at
// n replicas keeps at least n - ceil(n/4) of them.
const PDBMaxUnavailable = "25%"
