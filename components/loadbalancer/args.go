package loadbalancer

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// The three credentials of the edge, one per hop, each a random value
// the listener rules require (none opens another hop's path):
//
//   - OriginHeaderName (secret A): CloudFront adds it on the web origin;
//     the web rules (each target's paths) require it;
//   - APIOriginHeaderName (secret C): CloudFront adds it on the API
//     origin; API Gateway passes it through;
//   - GatewayHeaderName (secret B): the API's integration overwrites it.
//
// The API rules (higher priority than the web rules) require B and C, so
// a request to the API's custom domain that did not come through
// CloudFront (no C) and a web request (no B, no C) never match them; the
// listener's default answers 403.
const (
	OriginHeaderName    = "X-Origin-Verify"
	APIOriginHeaderName = "X-Api-Origin-Verify"
	GatewayHeaderName   = "X-Gateway-Verify"
)

// Listener rule priorities: the API rules come before the web rules.
const (
	APIRulePriority = 10
	WebRulePriority = 100
)

// MaxPathPatterns is how many path patterns one target may have: ELB
// allows three match evaluations per condition and five per rule, and an
// API rule spends two on its headers
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
const MaxPathPatterns = 3

// MaxTargets keeps the listener's rules (an API and a web rule per
// target) within the default quota of 100 rules per listener.
const MaxTargets = 45

// CloudFrontPrefixList is the AWS-managed prefix list of CloudFront's
// origin-facing addresses.
const CloudFrontPrefixList = "com.amazonaws.global.cloudfront.origin-facing"

// SSLPolicy is the listener's TLS policy: TLS 1.3 and 1.2 only.
const SSLPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// Target is one service behind the load balancer. The JSON names are
// those of the stack's `services` entries the targets come from.
type Target struct {
	// Name identifies the target (the service name); unique. Required.
	Name string `json:"name"`
	// Namespace and ServiceName locate the Kubernetes Service whose pods
	// are registered (by IP) through a TargetGroupBinding. Required.
	Namespace   string `json:"namespace"`
	ServiceName string `json:"serviceName"`
	// Port is the Service port (and pod port). Required, 1-65535.
	Port int `json:"port"`
	// HealthPath is the health-check path, the service's readiness path.
	// Default "/ready".
	HealthPath string `json:"readinessPath,omitempty"`
	// PathPatterns route requests to this target, at most
	// MaxPathPatterns (3). Default ["/*"].
	PathPatterns []string `json:"paths,omitempty"`
}

// Settings are the load balancer's plain settings.
type Settings struct {
	// NamePrefix names the physical resources (the load balancer and its
	// target groups, cut to 32 characters by PhysicalName, and the access
	// log prefix). Default "": the name argument of NewLoadBalancer.
	NamePrefix string
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
	// Targets are the services behind the load balancer. Required: 1 to 90.
	Targets []Target
	// AccessLogsPrefix is the key prefix of access logs (with
	// Wiring.AccessLogsBucket). Default "": NamePrefix (itself defaulting
	// to the name argument).
	AccessLogsPrefix string
	// DeletionProtection keeps the load balancer from being deleted. Default false.
	DeletionProtection bool
	// IdleTimeout in seconds, 1 to 4000. Default 60.
	IdleTimeout int
	// DeregistrationDelay in seconds, 0 to 3600 (0: at once); keep it
	// below the pods' preStop sleep plus grace period. Default (nil) 30.
	DeregistrationDelay *int
	// SecretRotation is the rotation label of the three edge credentials
	// (A, B and C, see OriginHeaderName): changing it (for example from
	// "2026-12" to "2027-06") draws new random values on the next
	// deployment. Default "" (the values drawn at creation).
	SecretRotation string
	// Tags go on every taggable resource, with component=loadbalancer added.
	// Default none.
	Tags map[string]string
}

// Wiring are the load balancer's inputs from the network and the cluster.
type Wiring struct {
	// VpcId is the VPC. Required.
	VpcId pulumi.StringInput
	// VpcCidr bounds the load balancer's egress (pod IPs live in it). Required.
	VpcCidr pulumi.StringInput
	// PrivateSubnetIds place the internal load balancer (two or more AZs);
	// CloudFront reaches it through a VPC origin. Required.
	PrivateSubnetIds pulumi.StringArrayInput
	// NodeSecurityGroupId is the group of the pods' nodes (the EKS cluster
	// security group); it gets an ingress rule from the load balancer on
	// each target port. Required.
	NodeSecurityGroupId pulumi.StringInput
	// PodSecurityGroupIds are the pods' own security groups (security
	// groups for pods), by target Name. For a target listed here the load
	// balancer reaches only that group on the target's port (its egress
	// names the group, the group admits it) instead of the VPC CIDR through
	// the node group. Default none.
	PodSecurityGroupIds map[string]pulumi.StringInput
	// AccessLogsBucket receives access logs; nil turns them off (the
	// bucket's policy must admit the ELB log delivery). Default nil.
	AccessLogsBucket pulumi.StringInput
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
}

// LoadBalancerArgs configure a LoadBalancer: plain settings and wiring.
type LoadBalancerArgs struct {
	Settings
	Wiring
}

// WithDefaults returns a copy of s with every unset field set to its default.
func (s Settings) WithDefaults() Settings {
	defaults.Set(&s.IdleTimeout, 60)
	defaults.SetNil(&s.DeregistrationDelay, 30)
	ts := make([]Target, len(s.Targets))
	for i, t := range s.Targets {
		defaults.Set(&t.HealthPath, "/ready")
		if len(t.PathPatterns) == 0 {
			t.PathPatterns = []string{"/*"}
		}
		ts[i] = t
	}
	s.Targets = ts
	return s
}

// OriginDomainName is the name the certificate covers and the alias
// record carries: origin.<DomainName> ("" without DomainName).
func (s Settings) OriginDomainName() string {
	if s.DomainName == "" {
		return ""
	}
	return "origin." + s.DomainName
}

var (
	arnPattern        = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[a-f0-9-]+$`)
	pathPattern       = regexp.MustCompile(`^/[A-Za-z0-9/._~*?-]*$`)
	namePrefixPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`)
)

// Validate checks defaulted settings and reports every problem.
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" && !namePrefixPattern.MatchString(s.NamePrefix) {
		p.Addf("NamePrefix", "must be letters, digits and '-', not starting or ending with '-', got %q", s.NamePrefix)
	}
	if s.CertificateArn != "" {
		if !arnPattern.MatchString(s.CertificateArn) {
			p.Addf("CertificateArn", "must be an ACM certificate ARN, got %q", s.CertificateArn)
		}
	} else {
		p.Required("DomainName", s.DomainName)
		p.Required("HostedZoneId", s.HostedZoneId)
	}
	p.Range("IdleTimeout", s.IdleTimeout, 1, 4000)
	if s.DeregistrationDelay != nil {
		p.Range("DeregistrationDelay", *s.DeregistrationDelay, 0, 3600)
	}
	s.validateTargets(&p)
	return p.Err()
}

// validateTargets checks the targets and that no path goes to two of them.
func (s Settings) validateTargets(p *validate.Problems) {
	if len(s.Targets) == 0 {
		p.Addf("Targets", "must list at least one service")
	}
	if len(s.Targets) > MaxTargets {
		p.Addf("Targets", "at most %d services fit the listener's rule quota (an API and a web rule each), got %d", MaxTargets, len(s.Targets))
	}
	names, paths := map[string]bool{}, map[string]string{}
	for i, t := range s.Targets {
		f := func(field string) string {
			if t.Name == "" {
				return fmt.Sprintf("Targets[%d].%s", i, field)
			}
			return fmt.Sprintf("Targets[%s].%s", t.Name, field)
		}
		if t.Name == "" || names[t.Name] {
			p.Addf(f("Name"), "must be unique and non-empty, got %q", t.Name)
		}
		names[t.Name] = true
		t.validate(p, f)
		for _, pp := range t.PathPatterns {
			if other, ok := paths[pp]; ok {
				p.Addf(f("PathPatterns"), "%q is already routed to %s", pp, other)
			}
			paths[pp] = t.Name
		}
	}
}

// validate checks one defaulted target; f names its fields.
func (t Target) validate(p *validate.Problems, f func(string) string) {
	p.Required(f("Namespace"), t.Namespace)
	p.Required(f("ServiceName"), t.ServiceName)
	p.Range(f("Port"), t.Port, 1, 65535)
	if !pathPattern.MatchString(t.HealthPath) {
		p.Addf(f("HealthPath"), "must be an absolute path, got %q", t.HealthPath)
	}
	if len(t.PathPatterns) > MaxPathPatterns {
		p.Addf(f("PathPatterns"), "at most %d patterns per rule, got %d", MaxPathPatterns, len(t.PathPatterns))
	}
	for _, pp := range t.PathPatterns {
		if !pathPattern.MatchString(pp) {
			p.Addf(f("PathPatterns"), "%q is not a path pattern such as /api/*", pp)
		}
	}
}

// check reports missing required wiring.
func (w Wiring) check() error {
	var p validate.Problems
	if w.VpcId == nil {
		p.Addf("VpcId", "is required")
	}
	if w.VpcCidr == nil {
		p.Addf("VpcCidr", "is required: the VPC's CIDR")
	}
	if w.PrivateSubnetIds == nil {
		p.Addf("PrivateSubnetIds", "is required")
	}
	if w.NodeSecurityGroupId == nil {
		p.Addf("NodeSecurityGroupId", "is required: the security group of the pods' nodes")
	}
	return p.Err()
}
