package loadbalancer

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/dnscert"
	"github.com/webplatform-dev/webplatform/internal/provideropt"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:loadbalancer:LoadBalancer"

// LoadBalancer is the ALB in front of the services.
type LoadBalancer struct {
	pulumi.ResourceState

	Arn                    pulumi.StringOutput    `pulumi:"arn"`
	ArnSuffix              pulumi.StringOutput    `pulumi:"arnSuffix"`
	DnsName                pulumi.StringOutput    `pulumi:"dnsName"`
	ZoneId                 pulumi.StringOutput    `pulumi:"zoneId"`
	SecurityGroupId        pulumi.StringOutput    `pulumi:"securityGroupId"`
	HttpsListenerArn       pulumi.StringOutput    `pulumi:"httpsListenerArn"`
	TargetGroupArnSuffixes pulumi.StringMapOutput `pulumi:"targetGroupArnSuffixes"`
	// OriginHeader is the header name of secret A, OriginHeaderName.
	OriginHeader pulumi.StringOutput `pulumi:"originHeader"`

	// The edge credentials (secret outputs of the component, for the CDN
	// and the API; never stack outputs): WebOriginSecret (A) is what
	// CloudFront sends on the web origin in OriginHeaderName,
	// APIOriginSecret (C) what it sends on the API origin in
	// APIOriginHeaderName, GatewaySecret (B) what the API's integration
	// sets in GatewayHeaderName.
	WebOriginSecret pulumi.StringOutput
	APIOriginSecret pulumi.StringOutput
	GatewaySecret   pulumi.StringOutput

	// Name is the load balancer's name (PhysicalName of NamePrefix,
	// default the name argument).
	Name string
	// OriginDomainName is the name its certificate covers and its alias
	// record carries, origin.<DomainName> ("" with a given certificate
	// and no DomainName): the name CloudFront and the API's VPC link
	// connect to.
	OriginDomainName string
	// AccessLogs reports whether access logs go to Wiring.AccessLogsBucket.
	AccessLogs bool
	// Settings are the defaulted settings.
	Settings Settings
}

var _ pulumi.ComponentResource = (*LoadBalancer)(nil)

// NewLoadBalancer validates args and creates the load balancer. The
// TargetGroupBindings go through Wiring.KubernetesProvider, or else the
// provider given in opts.
func NewLoadBalancer(ctx *pulumi.Context, name string, args *LoadBalancerArgs, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	if args == nil {
		args = &LoadBalancerArgs{}
	}
	s := args.WithDefaults()
	if err := errors.Join(s.Validate(), args.check()); err != nil {
		return nil, fmt.Errorf("loadbalancer %q: invalid settings:\n%w", name, err)
	}
	phys := cmp.Or(s.NamePrefix, name)
	l := &LoadBalancer{Settings: s, Name: PhysicalName(phys), OriginDomainName: s.OriginDomainName(), AccessLogs: args.AccessLogsBucket != nil}
	if err := ctx.RegisterComponentResource(TypeToken, name, l, opts...); err != nil {
		return nil, err
	}
	set := tags.Component(s.Tags, "loadbalancer")
	b := &builder{ctx: ctx, name: name, phys: phys, s: s, w: args.Wiring, l: l, parent: pulumi.Parent(l),
		tagged: func(n string) pulumi.StringMap { return tags.Named(set, n) }}
	steps := []func() error{b.securityGroup, b.servicePorts, b.loadBalancer, b.certificate, b.originRecord, b.listeners, b.secrets, b.targets}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("loadbalancer %q: %w", name, err)
		}
	}
	b.outputs()
	if err := ctx.RegisterResourceOutputs(l, pulumi.Map{
		"arn": l.Arn, "arnSuffix": l.ArnSuffix, "dnsName": l.DnsName, "zoneId": l.ZoneId,
		"securityGroupId": l.SecurityGroupId, "httpsListenerArn": l.HttpsListenerArn,
		"targetGroupArnSuffixes": l.TargetGroupArnSuffixes, "originHeader": l.OriginHeader,
	}); err != nil {
		return nil, err
	}
	return l, nil
}

// PhysicalName fits name into AWS's 32-character limit for load balancers
// and target groups, keeping it unique with a hash when it is cut.
func PhysicalName(name string) string {
	if len(name) <= 32 {
		return name
	}
	h := sha256.Sum256([]byte(name))
	return name[:25] + "-" + hex.EncodeToString(h[:])[:6]
}

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // the logical name: resource names derive from it
	phys   string // the physical name (NamePrefix or name)
	s      Settings
	w      Wiring
	l      *LoadBalancer
	parent pulumi.ResourceOrInvokeOption
	tagged func(string) pulumi.StringMap

	sg       *ec2.SecurityGroup
	alb      *lb.LoadBalancer
	certArn  pulumi.StringInput
	https    *lb.Listener
	web      pulumi.StringOutput // secret A
	apiOrig  pulumi.StringOutput // secret C
	gateway  pulumi.StringOutput // secret B
	suffixes pulumi.StringMap
}

// securityGroup admits HTTPS from CloudFront's origin-facing addresses
// only. The load balancer is internal, so those addresses reach it only
// through the VPC origin's network interfaces in this VPC (a distribution
// in another account cannot use our VPC origin).
func (b *builder) securityGroup() error {
	ctx, name, parent := b.ctx, b.name, b.parent
	pl, err := ec2.LookupManagedPrefixList(ctx, &ec2.LookupManagedPrefixListArgs{Name: pulumi.StringRef(CloudFrontPrefixList)}, parent)
	if err != nil {
		return fmt.Errorf("looking up %s: %w", CloudFrontPrefixList, err)
	}
	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       b.w.VpcId,
		Description: pulumi.String("ALB: HTTPS from the CloudFront VPC origin only; to the VPC on service ports"),
		Tags:        b.tagged(name + "-sg"),
	}, parent)
	if err != nil {
		return fmt.Errorf("security group: %w", err)
	}
	b.sg = sg
	if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-sg-https", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(),
		Description:     pulumi.String("HTTPS from CloudFront origin-facing addresses"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		PrefixListId:    pulumi.String(pl.Id),
		Tags:            b.tagged(name + "-sg-https"),
	}, parent); err != nil {
		return fmt.Errorf("https ingress: %w", err)
	}
	return nil
}

// servicePorts lets the load balancer reach the pods on each target port.
// A target with a pod security group (Wiring.PodSecurityGroupIds) gets a
// pair of rules naming the two groups: the load balancer's egress to the
// pods' group and that group's ingress from the load balancer. Other
// targets' ports keep the VPC-wide egress and the node group's ingress.
func (b *builder) servicePorts() error {
	ctx, name, parent := b.ctx, b.name, b.parent
	var ports []int
	for _, t := range b.s.Targets {
		if pods, ok := b.w.PodSecurityGroupIds[t.Name]; ok {
			if err := b.podPorts(t, pods); err != nil {
				return err
			}
		} else if !slices.Contains(ports, t.Port) {
			ports = append(ports, t.Port)
		}
	}
	for _, port := range ports {
		n := fmt.Sprintf("%s-sg-to-%d", name, port)
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, n, &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: b.sg.ID(),
			Description:     pulumi.String(fmt.Sprintf("Pods on port %d", port)),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        b.w.VpcCidr,
			Tags:            b.tagged(n),
		}, parent); err != nil {
			return fmt.Errorf("egress %d: %w", port, err)
		}
		n = fmt.Sprintf("%s-nodes-from-alb-%d", name, port)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, n, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           b.w.NodeSecurityGroupId,
			Description:               pulumi.String(fmt.Sprintf("Load balancer %s to pods on port %d", name, port)),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: b.sg.ID(),
			Tags:                      b.tagged(n),
		}, parent); err != nil {
			return fmt.Errorf("node ingress %d: %w", port, err)
		}
	}
	return nil
}

// podPorts admits the load balancer to target t's pod security group.
func (b *builder) podPorts(t Target, pods pulumi.StringInput) error {
	n := fmt.Sprintf("%s-sg-to-%s", b.name, t.Name)
	if _, err := vpc.NewSecurityGroupEgressRule(b.ctx, n, &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId:           b.sg.ID(),
		Description:               pulumi.String(fmt.Sprintf("Pods of %s on port %d", t.Name, t.Port)),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(t.Port),
		ToPort:                    pulumi.Int(t.Port),
		ReferencedSecurityGroupId: pods,
		Tags:                      b.tagged(n),
	}, b.parent); err != nil {
		return fmt.Errorf("egress to %s: %w", t.Name, err)
	}
	n = fmt.Sprintf("%s-%s-pods-from-alb", b.name, t.Name)
	if _, err := vpc.NewSecurityGroupIngressRule(b.ctx, n, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           pods,
		Description:               pulumi.String(fmt.Sprintf("Load balancer %s to pods of %s on port %d", b.name, t.Name, t.Port)),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(t.Port),
		ToPort:                    pulumi.Int(t.Port),
		ReferencedSecurityGroupId: b.sg.ID(),
		Tags:                      b.tagged(n),
	}, b.parent); err != nil {
		return fmt.Errorf("pod ingress %s: %w", t.Name, err)
	}
	return nil
}

// loadBalancer creates the internal ALB in the private subnets: no load
// balancer faces the internet; CloudFront reaches it through a VPC origin.
func (b *builder) loadBalancer() error {
	s := b.s
	lbArgs := &lb.LoadBalancerArgs{
		Name:                     pulumi.String(b.l.Name),
		Internal:                 pulumi.Bool(true),
		LoadBalancerType:         pulumi.String("application"),
		Subnets:                  b.w.PrivateSubnetIds,
		SecurityGroups:           pulumi.StringArray{b.sg.ID()},
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String("strictest"),
		EnableDeletionProtection: pulumi.Bool(s.DeletionProtection),
		EnableHttp2:              pulumi.Bool(true),
		IdleTimeout:              pulumi.Int(s.IdleTimeout),
		Tags:                     b.tagged(b.name),
	}
	if b.w.AccessLogsBucket != nil {
		prefix := cmp.Or(s.AccessLogsPrefix, b.phys)
		lbArgs.AccessLogs = lb.LoadBalancerAccessLogsArgs{Bucket: b.w.AccessLogsBucket, Prefix: pulumi.String(prefix), Enabled: pulumi.Bool(true)}
	}
	// Its name is fixed and `internal`, `name` and the type force a
	// replacement: delete first, or the new one collides on the name
	// (deletion protection, on in staging and prod, still refuses it).
	alb, err := lb.NewLoadBalancer(b.ctx, b.name, lbArgs, b.parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return fmt.Errorf("load balancer: %w", err)
	}
	b.alb = alb
	return nil
}

// listeners: HTTPS with a default 403 (the rules forward), HTTP redirected.
func (b *builder) listeners() error {
	ctx, name, parent, alb := b.ctx, b.name, b.parent, b.alb
	https, err := lb.NewListener(ctx, name+"-https", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(443),
		Protocol:        pulumi.String("HTTPS"),
		SslPolicy:       pulumi.String(SSLPolicy),
		CertificateArn:  b.certArn,
		DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("fixed-response"),
			FixedResponse: lb.ListenerDefaultActionFixedResponseArgs{
				ContentType: pulumi.String("text/plain"), StatusCode: pulumi.String("403"), MessageBody: pulumi.String("Forbidden"),
			},
		}},
		Tags: b.tagged(name + "-https"),
	}, parent)
	if err != nil {
		return fmt.Errorf("https listener: %w", err)
	}
	b.https = https
	if _, err := lb.NewListener(ctx, name+"-http", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(80),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: lb.ListenerDefaultActionRedirectArgs{
				Protocol: pulumi.String("HTTPS"), Port: pulumi.String("443"), StatusCode: pulumi.String("HTTP_301"),
			},
		}},
		Tags: b.tagged(name + "-http"),
	}, parent); err != nil {
		return fmt.Errorf("http listener: %w", err)
	}
	return nil
}

// secrets draws the three edge credentials (A, B and C, see
// OriginHeaderName). Settings.SecretRotation is their keeper: a new label
// draws new values.
func (b *builder) secrets() error {
	var keepers pulumi.StringMapInput
	if b.s.SecretRotation != "" {
		keepers = pulumi.StringMap{"rotation": pulumi.String(b.s.SecretRotation)}
	}
	draw := func(suffix string) (pulumi.StringOutput, error) {
		p, err := random.NewRandomPassword(b.ctx, b.name+"-"+suffix, &random.RandomPasswordArgs{
			Length: pulumi.Int(48), Special: pulumi.Bool(false), Keepers: keepers,
		}, b.parent, pulumi.AdditionalSecretOutputs([]string{"result"}))
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("%s: %w", suffix, err)
		}
		return pulumi.ToSecret(p.Result).(pulumi.StringOutput), nil
	}
	var err error
	if b.web, err = draw("origin-secret"); err != nil {
		return err
	}
	if b.apiOrig, err = draw("api-origin-secret"); err != nil {
		return err
	}
	b.gateway, err = draw("gateway-secret")
	return err
}

// targets creates each target's group, rule and binding.
func (b *builder) targets() error {
	b.suffixes = pulumi.StringMap{}
	for i, t := range b.s.Targets {
		if err := b.target(i, t); err != nil {
			return err
		}
	}
	return nil
}

// TargetGroupName is the physical name of a target group: base (cut to
// fit) and a short hash of base and the properties whose change replaces
// a target group (terraform-provider-aws, internal/service/elbv2/
// target_group.go: name, port, protocol, protocol_version, target_type,
// vpc_id and ip_address_type are ForceNew), so a replacement gets a new
// name and create-before-delete does not collide. At most 32 characters.
func TargetGroupName(base string, port int, protocol, protocolVersion, targetType, vpcID string) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s|%d|%s|%s|%s|%s", base, port, protocol, protocolVersion, targetType, vpcID))
	if len(base) > 25 {
		base = base[:25]
	}
	return strings.TrimRight(base, "-") + "-" + hex.EncodeToString(h[:])[:6]
}

// target creates an IP target group, the API rule (secrets B and C) and
// the web rule (secret A) that forward the target's paths, and a
// TargetGroupBinding that registers the Service's pods.
func (b *builder) target(i int, t Target) error {
	ctx, parent := b.ctx, b.parent
	n := b.name + "-" + t.Name
	const protocol, version, targetType = "HTTP", "HTTP1", "ip"
	base := b.phys + "-" + t.Name
	tgName := b.w.VpcId.ToStringOutput().ApplyT(func(vpc string) string {
		return TargetGroupName(base, t.Port, protocol, version, targetType, vpc)
	}).(pulumi.StringOutput)
	tg, err := lb.NewTargetGroup(ctx, n, &lb.TargetGroupArgs{
		Name:                tgName,
		VpcId:               b.w.VpcId,
		TargetType:          pulumi.String(targetType),
		Protocol:            pulumi.String(protocol),
		ProtocolVersion:     pulumi.String(version),
		Port:                pulumi.Int(t.Port),
		DeregistrationDelay: pulumi.Int(*b.s.DeregistrationDelay),
		HealthCheck: lb.TargetGroupHealthCheckArgs{
			Enabled: pulumi.Bool(true), Protocol: pulumi.String("HTTP"), Port: pulumi.String("traffic-port"),
			Path: pulumi.String(t.HealthPath), Matcher: pulumi.String("200-399"),
			Interval: pulumi.Int(15), Timeout: pulumi.Int(5), HealthyThreshold: pulumi.Int(2), UnhealthyThreshold: pulumi.Int(3),
		},
		Tags: b.tagged(n),
	}, parent)
	if err != nil {
		return fmt.Errorf("target group %s: %w", t.Name, err)
	}
	b.suffixes[t.Name] = tg.ArnSuffix
	header := func(name string, v pulumi.StringOutput) lb.ListenerRuleConditionArgs {
		return lb.ListenerRuleConditionArgs{HttpHeader: lb.ListenerRuleConditionHttpHeaderArgs{
			HttpHeaderName: pulumi.String(name), Values: pulumi.StringArray{v},
		}}
	}
	paths := lb.ListenerRuleConditionArgs{PathPattern: lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray(t.PathPatterns)}}
	forward := lb.ListenerRuleActionArray{lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: tg.Arn}}
	for _, r := range []struct {
		suffix     string
		priority   int
		conditions lb.ListenerRuleConditionArray
	}{
		{"-api", APIRulePriority + i, lb.ListenerRuleConditionArray{header(GatewayHeaderName, b.gateway), header(APIOriginHeaderName, b.apiOrig), paths}},
		{"", WebRulePriority + i, lb.ListenerRuleConditionArray{header(OriginHeaderName, b.web), paths}},
	} {
		if _, err := lb.NewListenerRule(ctx, n+r.suffix, &lb.ListenerRuleArgs{
			ListenerArn: b.https.Arn,
			Priority:    pulumi.Int(r.priority),
			Conditions:  r.conditions,
			Actions:     forward,
			Tags:        b.tagged(n + r.suffix),
		}, parent); err != nil {
			return fmt.Errorf("listener rule %s%s: %w", t.Name, r.suffix, err)
		}
	}
	if _, err := apiextensions.NewCustomResource(ctx, n+"-binding", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("elbv2.k8s.aws/v1beta1"),
		Kind:       pulumi.String("TargetGroupBinding"),
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(t.ServiceName), Namespace: pulumi.String(t.Namespace),
		},
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"serviceRef":     pulumi.Map{"name": pulumi.String(t.ServiceName), "port": pulumi.Int(t.Port)},
			"targetGroupARN": tg.Arn,
			"targetType":     pulumi.String("ip"),
		}},
	}, parent, provideropt.Optional(b.w.KubernetesProvider), pulumi.DependsOn(b.w.BindingDependsOn)); err != nil {
		return fmt.Errorf("target group binding %s: %w", t.Name, err)
	}
	return nil
}

// outputs sets the component's outputs.
func (b *builder) outputs() {
	l := b.l
	l.Arn = b.alb.Arn
	l.ArnSuffix = b.alb.ArnSuffix
	l.DnsName = b.alb.DnsName
	l.ZoneId = b.alb.ZoneId
	l.SecurityGroupId = b.sg.ID().ToStringOutput()
	l.HttpsListenerArn = b.https.Arn
	l.TargetGroupArnSuffixes = b.suffixes.ToStringMapOutput()
	l.WebOriginSecret, l.APIOriginSecret, l.GatewaySecret = b.web, b.apiOrig, b.gateway
	l.OriginHeader = pulumi.String(OriginHeaderName).ToStringOutput()
}

// originRecord points origin.<DomainName> at the load balancer, the name
// its certificate covers and CloudFront and the API's VPC link connect to
// (they verify TLS against it; the ALB's own DNS name has no certificate).
func (b *builder) originRecord() error {
	s := b.s
	if s.DomainName == "" || s.HostedZoneId == "" {
		return nil
	}
	_, err := route53.NewRecord(b.ctx, b.name+"-origin", &route53.RecordArgs{
		ZoneId: pulumi.String(s.HostedZoneId),
		Name:   pulumi.String(s.OriginDomainName()),
		Type:   pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			Name:                 b.alb.DnsName,
			ZoneId:               b.alb.ZoneId,
			EvaluateTargetHealth: pulumi.Bool(true),
		}},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("origin dns record: %w", err)
	}
	return nil
}

// certificate sets the listener's certificate ARN: the given one, or a
// new DNS-validated certificate for origin.<DomainName>.
func (b *builder) certificate() error {
	ctx, name, parent, s := b.ctx, b.name, b.parent, b.s
	if s.CertificateArn != "" {
		b.certArn = pulumi.String(s.CertificateArn)
		return nil
	}
	arn, err := dnscert.New(ctx, name+"-cert", s.OriginDomainName(), s.HostedZoneId, b.tagged(name+"-cert"), parent)
	if err != nil {
		return err
	}
	b.certArn = arn
	return nil
}
