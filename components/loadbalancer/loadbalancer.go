package loadbalancer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

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
	// OriginSecret is the value CloudFront must send in OriginHeader (secret).
	OriginSecret pulumi.StringOutput `pulumi:"originSecret"`
	// OriginHeader is the header name, OriginHeaderName.
	OriginHeader pulumi.StringOutput `pulumi:"originHeader"`

	// Args are the defaulted arguments.
	Args LoadBalancerArgs
}

var _ pulumi.ComponentResource = (*LoadBalancer)(nil)

// NewLoadBalancer validates args and creates the load balancer. The
// TargetGroupBindings go through the Kubernetes provider given in opts.
func NewLoadBalancer(ctx *pulumi.Context, name string, args *LoadBalancerArgs, opts ...pulumi.ResourceOption) (*LoadBalancer, error) {
	if args == nil {
		args = &LoadBalancerArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("loadbalancer %q: invalid arguments:\n%w", name, err)
	}
	l := &LoadBalancer{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, l, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, name, a, l); err != nil {
		return nil, fmt.Errorf("loadbalancer %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(l, pulumi.Map{
		"arn": l.Arn, "arnSuffix": l.ArnSuffix, "dnsName": l.DnsName, "zoneId": l.ZoneId,
		"securityGroupId": l.SecurityGroupId, "httpsListenerArn": l.HttpsListenerArn,
		"targetGroupArnSuffixes": l.TargetGroupArnSuffixes, "originSecret": l.OriginSecret, "originHeader": l.OriginHeader,
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

func build(ctx *pulumi.Context, name string, a LoadBalancerArgs, l *LoadBalancer) error {
	set := tags.Component(a.Tags, "loadbalancer")
	tagged := func(n string) pulumi.StringMap { return tags.Named(set, n) }
	parent := pulumi.Parent(l)

	pl, err := ec2.LookupManagedPrefixList(ctx, &ec2.LookupManagedPrefixListArgs{Name: pulumi.StringRef(CloudFrontPrefixList)}, parent)
	if err != nil {
		return fmt.Errorf("looking up %s: %w", CloudFrontPrefixList, err)
	}
	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcId,
		Description: pulumi.String("ALB: HTTPS from CloudFront only; to the VPC on service ports"),
		Tags:        tagged(name + "-sg"),
	}, parent)
	if err != nil {
		return fmt.Errorf("security group: %w", err)
	}
	if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-sg-https", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(),
		Description:     pulumi.String("HTTPS from CloudFront origin-facing addresses"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		PrefixListId:    pulumi.String(pl.Id),
		Tags:            tagged(name + "-sg-https"),
	}, parent); err != nil {
		return fmt.Errorf("https ingress: %w", err)
	}
	var ports []int
	for _, t := range a.Targets {
		if !slices.Contains(ports, t.Port) {
			ports = append(ports, t.Port)
		}
	}
	for _, port := range ports {
		n := fmt.Sprintf("%s-sg-to-%d", name, port)
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, n, &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String(fmt.Sprintf("Pods on port %d", port)),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String(a.VpcCidr),
			Tags:            tagged(n),
		}, parent); err != nil {
			return fmt.Errorf("egress %d: %w", port, err)
		}
		n = fmt.Sprintf("%s-nodes-from-alb-%d", name, port)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, n, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           a.NodeSecurityGroupId,
			Description:               pulumi.String(fmt.Sprintf("Load balancer %s to pods on port %d", name, port)),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: sg.ID(),
			Tags:                      tagged(n),
		}, parent); err != nil {
			return fmt.Errorf("node ingress %d: %w", port, err)
		}
	}

	lbArgs := &lb.LoadBalancerArgs{
		Name:                     pulumi.String(PhysicalName(name)),
		Internal:                 pulumi.Bool(false),
		LoadBalancerType:         pulumi.String("application"),
		Subnets:                  a.PublicSubnetIds,
		SecurityGroups:           pulumi.StringArray{sg.ID()},
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String("strictest"),
		EnableDeletionProtection: pulumi.Bool(a.DeletionProtection),
		EnableHttp2:              pulumi.Bool(true),
		IdleTimeout:              pulumi.Int(a.IdleTimeout),
		Tags:                     tagged(name),
	}
	if a.AccessLogsBucket != nil {
		prefix := a.AccessLogsPrefix
		if prefix == "" {
			prefix = name
		}
		lbArgs.AccessLogs = lb.LoadBalancerAccessLogsArgs{Bucket: a.AccessLogsBucket, Prefix: pulumi.String(prefix), Enabled: pulumi.Bool(true)}
	}
	alb, err := lb.NewLoadBalancer(ctx, name, lbArgs, parent)
	if err != nil {
		return fmt.Errorf("load balancer: %w", err)
	}

	certArn, err := certificate(ctx, name, a, tagged, parent)
	if err != nil {
		return err
	}
	if err := originRecord(ctx, name, a, alb, parent); err != nil {
		return err
	}
	https, err := lb.NewListener(ctx, name+"-https", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(443),
		Protocol:        pulumi.String("HTTPS"),
		SslPolicy:       pulumi.String(SSLPolicy),
		CertificateArn:  certArn,
		DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("fixed-response"),
			FixedResponse: lb.ListenerDefaultActionFixedResponseArgs{
				ContentType: pulumi.String("text/plain"), StatusCode: pulumi.String("403"), MessageBody: pulumi.String("Forbidden"),
			},
		}},
		Tags: tagged(name + "-https"),
	}, parent)
	if err != nil {
		return fmt.Errorf("https listener: %w", err)
	}
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
		Tags: tagged(name + "-http"),
	}, parent); err != nil {
		return fmt.Errorf("http listener: %w", err)
	}

	secret, err := random.NewRandomPassword(ctx, name+"-origin-secret", &random.RandomPasswordArgs{
		Length: pulumi.Int(48), Special: pulumi.Bool(false),
	}, parent, pulumi.AdditionalSecretOutputs([]string{"result"}))
	if err != nil {
		return fmt.Errorf("origin secret: %w", err)
	}
	originSecret := pulumi.ToSecret(secret.Result).(pulumi.StringOutput)

	suffixes := pulumi.StringMap{}
	for i, t := range a.Targets {
		n := name + "-" + t.Name
		tg, err := lb.NewTargetGroup(ctx, n, &lb.TargetGroupArgs{
			Name:                pulumi.String(PhysicalName(n)),
			VpcId:               a.VpcId,
			TargetType:          pulumi.String("ip"),
			Protocol:            pulumi.String("HTTP"),
			ProtocolVersion:     pulumi.String("HTTP1"),
			Port:                pulumi.Int(t.Port),
			DeregistrationDelay: pulumi.Int(a.DeregistrationDelay),
			HealthCheck: lb.TargetGroupHealthCheckArgs{
				Enabled: pulumi.Bool(true), Protocol: pulumi.String("HTTP"), Port: pulumi.String("traffic-port"),
				Path: pulumi.String(t.HealthPath), Matcher: pulumi.String("200-399"),
				Interval: pulumi.Int(15), Timeout: pulumi.Int(5), HealthyThreshold: pulumi.Int(2), UnhealthyThreshold: pulumi.Int(3),
			},
			Tags: tagged(n),
		}, parent)
		if err != nil {
			return fmt.Errorf("target group %s: %w", t.Name, err)
		}
		suffixes[t.Name] = tg.ArnSuffix
		if _, err := lb.NewListenerRule(ctx, n, &lb.ListenerRuleArgs{
			ListenerArn: https.Arn,
			Priority:    pulumi.Int(100 + i),
			Conditions: lb.ListenerRuleConditionArray{
				lb.ListenerRuleConditionArgs{HttpHeader: lb.ListenerRuleConditionHttpHeaderArgs{
					HttpHeaderName: pulumi.String(OriginHeaderName),
					Values:         pulumi.StringArray{originSecret},
				}},
				lb.ListenerRuleConditionArgs{PathPattern: lb.ListenerRuleConditionPathPatternArgs{
					Values: pulumi.ToStringArray(t.PathPatterns),
				}},
			},
			Actions: lb.ListenerRuleActionArray{lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: tg.Arn}},
			Tags:    tagged(n),
		}, parent); err != nil {
			return fmt.Errorf("listener rule %s: %w", t.Name, err)
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
		}, parent, provideropt.Optional(a.KubernetesProvider), pulumi.DependsOn(a.BindingDependsOn)); err != nil {
			return fmt.Errorf("target group binding %s: %w", t.Name, err)
		}
	}

	l.Arn = alb.Arn
	l.ArnSuffix = alb.ArnSuffix
	l.DnsName = alb.DnsName
	l.ZoneId = alb.ZoneId
	l.SecurityGroupId = sg.ID().ToStringOutput()
	l.HttpsListenerArn = https.Arn
	l.TargetGroupArnSuffixes = suffixes.ToStringMapOutput()
	l.OriginSecret = originSecret
	l.OriginHeader = pulumi.String(OriginHeaderName).ToStringOutput()
	return nil
}

// originRecord points origin.<DomainName> at the load balancer, the name
// its certificate covers and CloudFront and the API's VPC link connect to
// (they verify TLS against it; the ALB's own DNS name has no certificate).
func originRecord(ctx *pulumi.Context, name string, a LoadBalancerArgs, alb *lb.LoadBalancer, parent pulumi.ResourceOption) error {
	if a.DomainName == "" || a.HostedZoneId == "" {
		return nil
	}
	_, err := route53.NewRecord(ctx, name+"-origin", &route53.RecordArgs{
		ZoneId: pulumi.String(a.HostedZoneId),
		Name:   pulumi.String("origin." + a.DomainName),
		Type:   pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			Name:                 alb.DnsName,
			ZoneId:               alb.ZoneId,
			EvaluateTargetHealth: pulumi.Bool(true),
		}},
	}, parent)
	if err != nil {
		return fmt.Errorf("origin dns record: %w", err)
	}
	return nil
}

// certificate returns the listener's certificate ARN: the given one, or a
// new DNS-validated certificate for origin.<DomainName>.
func certificate(ctx *pulumi.Context, name string, a LoadBalancerArgs, tagged func(string) pulumi.StringMap, parent pulumi.ResourceOption) (pulumi.StringInput, error) {
	if a.CertificateArn != "" {
		return pulumi.String(a.CertificateArn), nil
	}
	cert, err := acm.NewCertificate(ctx, name+"-cert", &acm.CertificateArgs{
		DomainName:       pulumi.String("origin." + a.DomainName),
		ValidationMethod: pulumi.String("DNS"),
		KeyAlgorithm:     pulumi.String("EC_prime256v1"),
		Tags:             tagged(name + "-cert"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	opt := cert.DomainValidationOptions.Index(pulumi.Int(0))
	rec, err := route53.NewRecord(ctx, name+"-cert-validation", &route53.RecordArgs{
		ZoneId:         pulumi.String(a.HostedZoneId),
		Name:           opt.ResourceRecordName().Elem(),
		Type:           opt.ResourceRecordType().Elem(),
		Records:        pulumi.StringArray{opt.ResourceRecordValue().Elem()},
		Ttl:            pulumi.Int(60),
		AllowOverwrite: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("certificate validation record: %w", err)
	}
	v, err := acm.NewCertificateValidation(ctx, name+"-cert", &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: pulumi.StringArray{rec.Fqdn},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("certificate validation: %w", err)
	}
	return v.CertificateArn, nil
}
