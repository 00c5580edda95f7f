package loadbalancer

import (
	"fmt"
	"net/netip"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// OriginHeaderName is the header CloudFront adds with the origin secret;
// the listener forwards only requests that carry it with the right value.
const OriginHeaderName = "X-Origin-Verify"

// CloudFrontPrefixList is the AWS-managed prefix list of CloudFront's
// origin-facing addresses.
const CloudFrontPrefixList = "com.amazonaws.global.cloudfront.origin-facing"

// SSLPolicy is the listener's TLS policy: TLS 1.3 and 1.2 only.
const SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// Target is one service behind the load balancer.
type Target struct {
	// Name identifies the target (the service name); unique. Required.
	Name string
	// Namespace and ServiceName locate the Kubernetes Service whose pods
	// are registered (by IP) through a TargetGroupBinding. Required.
	Namespace, ServiceName string
	// Port is the Service port (and pod port). Required, 1-65535.
	Port int
	// HealthPath is the health-check path. Default "/ready".
	HealthPath string
	// PathPatterns route requests to this target. Default ["/*"].
	PathPatterns []string
}

// LoadBalancerArgs configure a LoadBalancer.
type LoadBalancerArgs struct {
	// VpcId is the VPC. Required.
	VpcId pulumi.StringInput
	// VpcCidr bounds the load balancer's egress (pod IPs live in it). Required.
	VpcCidr string
	// PublicSubnetIds place the load balancer (two or more AZs). Required.
	PublicSubnetIds pulumi.StringArrayInput
	// NodeSecurityGroupId is the group of the pods' nodes (the EKS cluster
	// security group); it gets an ingress rule from the load balancer on
	// each target port. Required.
	NodeSecurityGroupId pulumi.StringInput
	// DomainName: the certificate is issued for origin.<DomainName>, and
	// an alias record origin.<DomainName> points at the load balancer when
	// HostedZoneId is set. Required unless CertificateArn is set.
	DomainName string
	// HostedZoneId holds the DNS validation records. Required unless
	// CertificateArn is set.
	HostedZoneId string
	// CertificateArn uses an existing ACM certificate instead of issuing
	// one. Default "" (issue one).
	CertificateArn string
	// Targets are the services behind the load balancer. Required: at least one.
	Targets []Target
	// AccessLogsBucket receives access logs; nil turns them off (the
	// bucket's policy must admit the ELB log delivery). Default nil.
	AccessLogsBucket pulumi.StringInput
	// AccessLogsPrefix is the key prefix of access logs. Default the component name.
	AccessLogsPrefix string
	// DeletionProtection keeps the load balancer from being deleted. Default false.
	DeletionProtection bool
	// IdleTimeout in seconds. Default 60.
	IdleTimeout int
	// DeregistrationDelay in seconds; keep it below the pods' preStop sleep
	// plus grace period. Default 30.
	DeregistrationDelay int
	// KubernetesProvider is the provider of the Kubernetes objects. Default:
	// the one in opts (pulumi.Providers). Pass a provider created in the
	// same program here rather than in opts: a component registered with a
	// provider cannot finish registering until that provider exists, and
	// RegisterResourceOutputs holds the program there, so everything the
	// program registers afterwards would wait for the cluster.
	KubernetesProvider pulumi.ProviderResource
	// BindingDependsOn are resources the TargetGroupBindings wait for (the
	// Load Balancer Controller release that serves their CRD, the
	// Kubernetes Services). Default none.
	BindingDependsOn []pulumi.Resource
	// Tags go on every taggable resource, with component=loadbalancer added.
	// Default none.
	Tags map[string]string
}

// WithDefaults returns a copy of a with every zero field set to its default.
func (a LoadBalancerArgs) WithDefaults() LoadBalancerArgs {
	defaults.Set(&a.IdleTimeout, 60)
	defaults.Set(&a.DeregistrationDelay, 30)
	ts := make([]Target, len(a.Targets))
	for i, t := range a.Targets {
		defaults.Set(&t.HealthPath, "/ready")
		if len(t.PathPatterns) == 0 {
			t.PathPatterns = []string{"/*"}
		}
		ts[i] = t
	}
	a.Targets = ts
	return a
}

var (
	arnPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[a-f0-9-]+$`)
	pathPattern = regexp.MustCompile(`^/[A-Za-z0-9/._~*?-]*$`)
)

// Validate checks defaulted args and reports every problem.
func (a LoadBalancerArgs) Validate() error {
	var p validate.Problems
	if a.VpcId == nil {
		p.Addf("VpcId", "is required")
	}
	if a.PublicSubnetIds == nil {
		p.Addf("PublicSubnetIds", "is required")
	}
	if a.NodeSecurityGroupId == nil {
		p.Addf("NodeSecurityGroupId", "is required: the security group of the pods' nodes")
	}
	if _, err := netip.ParsePrefix(a.VpcCidr); err != nil {
		p.Addf("VpcCidr", "must be the VPC's IPv4 CIDR, got %q", a.VpcCidr)
	}
	if a.CertificateArn != "" {
		if !arnPattern.MatchString(a.CertificateArn) {
			p.Addf("CertificateArn", "must be an ACM certificate ARN, got %q", a.CertificateArn)
		}
	} else {
		p.Required("DomainName", a.DomainName)
		p.Required("HostedZoneId", a.HostedZoneId)
	}
	if len(a.Targets) == 0 {
		p.Addf("Targets", "must list at least one service")
	}
	if len(a.Targets) > 90 {
		p.Addf("Targets", "at most 90 services fit the listener's rule quota, got %d", len(a.Targets))
	}
	p.Range("IdleTimeout", a.IdleTimeout, 1, 4000)
	p.Range("DeregistrationDelay", a.DeregistrationDelay, 0, 3600)
	names, paths := map[string]bool{}, map[string]string{}
	for i, t := range a.Targets {
		f := func(field string) string { return fmt.Sprintf("Targets[%d].%s", i, field) }
		if t.Name == "" || names[t.Name] {
			p.Addf(f("Name"), "must be unique and non-empty, got %q", t.Name)
		}
		names[t.Name] = true
		p.Required(f("Namespace"), t.Namespace)
		p.Required(f("ServiceName"), t.ServiceName)
		p.Range(f("Port"), t.Port, 1, 65535)
		if !pathPattern.MatchString(t.HealthPath) {
			p.Addf(f("HealthPath"), "must be an absolute path, got %q", t.HealthPath)
		}
		if len(t.PathPatterns) > 5 {
			p.Addf(f("PathPatterns"), "at most 5 patterns per rule, got %d", len(t.PathPatterns))
		}
		for _, pp := range t.PathPatterns {
			if !pathPattern.MatchString(pp) {
				p.Addf(f("PathPatterns"), "%q is not a path pattern such as /api/*", pp)
			}
			if other, ok := paths[pp]; ok {
				p.Addf(f("PathPatterns"), "%q is already routed to %s", pp, other)
			}
			paths[pp] = t.Name
		}
	}
	return p.Err()
}
