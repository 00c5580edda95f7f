package cdn

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:cdn:CDN"

// Origin ids inside the distribution.
const (
	OriginAssets = "assets"
	OriginALB    = "alb"
	OriginAPI    = "api"
)

// CDN is a CloudFront distribution with its certificate, origin access
// control, bucket policy and response headers policy.
type CDN struct {
	pulumi.ResourceState

	DistributionId  pulumi.StringOutput `pulumi:"distributionId"`
	DistributionArn pulumi.StringOutput `pulumi:"distributionArn"`
	// DomainName is the distribution's *.cloudfront.net name.
	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// HostedZoneId is CloudFront's zone id, for Route 53 alias records.
	HostedZoneId pulumi.StringOutput `pulumi:"hostedZoneId"`
	// CertificateArn is the us-east-1 certificate ("" without aliases).
	CertificateArn pulumi.StringOutput `pulumi:"certificateArn"`

	// AdditionalMetrics is true: the distribution publishes CloudFront's
	// additional metrics, OriginLatency among them (see additionalMetrics).
	AdditionalMetrics bool

	// Settings are the defaulted settings the CDN was built with.
	Settings Settings
}

var _ pulumi.ComponentResource = (*CDN)(nil)

// NewCDN validates args and creates the distribution. Nothing is registered
// when the arguments are invalid.
func NewCDN(ctx *pulumi.Context, name string, args *CDNArgs, opts ...pulumi.ResourceOption) (*CDN, error) {
	if args == nil {
		args = &CDNArgs{}
	}
	s := args.Settings
	defaults.Set(&s.NamePrefix, name)
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("cdn %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(s); err != nil {
		return nil, fmt.Errorf("cdn %q: invalid settings:\n%w", name, err)
	}
	if err := checkCertificateRegion(ctx, args.CertificateProvider); err != nil {
		return nil, fmt.Errorf("cdn %q: %w", name, err)
	}
	c := &CDN{Settings: s}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, s: s, w: args.Wiring, cdn: c, tags: tags.Component(s.Tags, "cdn"), parent: pulumi.Parent(c)}
	var err error
	if b.env, err = awsutil.Lookup(ctx, b.parent); err != nil {
		return nil, fmt.Errorf("cdn %q: %w", name, err)
	}
	steps := []func() error{b.certificate, b.originAccess, b.vpcOrigin, b.viewerFunction, b.responseHeaders, b.distribution, b.additionalMetrics, b.bucketPolicy, b.aliasRecords}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("cdn %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"distributionId": c.DistributionId, "distributionArn": c.DistributionArn, "domainName": c.DomainName,
		"hostedZoneId": c.HostedZoneId, "certificateArn": c.CertificateArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// checkCertificateRegion rejects a certificate provider outside us-east-1.
func checkCertificateRegion(ctx *pulumi.Context, east *aws.Provider) error {
	if east == nil {
		return nil
	}
	env, err := awsutil.Lookup(ctx, pulumi.Provider(east))
	if err != nil {
		return err
	}
	if env.Region != "us-east-1" {
		return fmt.Errorf("invalid settings:\nCertificateProvider: CloudFront only accepts ACM certificates from us-east-1, the provider is in %s", env.Region)
	}
	return nil
}

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // the component's name: logical names derive from it
	s      Settings
	w      Wiring
	cdn    *CDN
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOrInvokeOption

	viewerCert cloudfront.DistributionViewerCertificateArgs
	oac        *cloudfront.OriginAccessControl
	vpcOrig    *cloudfront.VpcOrigin
	fn         *cloudfront.Function
	headers    pulumi.StringOutput
	dist       *cloudfront.Distribution
}

func (b *builder) named(n string) pulumi.StringMap { return tags.Named(b.tags, n) }

func (b *builder) originAccess() error {
	oac, err := cloudfront.NewOriginAccessControl(b.ctx, b.name+"-assets", &cloudfront.OriginAccessControlArgs{
		Name:                          pulumi.String(b.s.NamePrefix + "-assets"),
		Description:                   pulumi.String("CloudFront " + b.s.NamePrefix + " reads the assets bucket"),
		OriginAccessControlOriginType: pulumi.String("s3"),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("origin access control: %w", err)
	}
	b.oac = oac
	return nil
}

// origins are the bucket, the ALB and the API gateway.
func (b *builder) origins() cloudfront.DistributionOriginArray {
	var shield cloudfront.DistributionOriginOriginShieldPtrInput
	if b.s.OriginShield {
		region := b.s.OriginShieldRegion
		if region == "" {
			region = b.env.Region
		}
		shield = cloudfront.DistributionOriginOriginShieldArgs{Enabled: pulumi.Bool(true), OriginShieldRegion: pulumi.String(region)}
	}
	httpsOnly := cloudfront.DistributionOriginCustomOriginConfigArgs{
		HttpPort: pulumi.Int(80), HttpsPort: pulumi.Int(443),
		OriginProtocolPolicy: pulumi.String("https-only"),
		OriginSslProtocols:   pulumi.StringArray{pulumi.String("TLSv1.2")},
		OriginReadTimeout:    pulumi.Int(30),
	}
	return cloudfront.DistributionOriginArray{
		cloudfront.DistributionOriginArgs{
			OriginId:              pulumi.String(OriginAssets),
			DomainName:            b.w.AssetsBucketRegionalDomainName,
			OriginAccessControlId: b.oac.ID(),
			OriginShield:          shield,
		},
		// The internal ALB through a VPC origin (CloudFront's interfaces in
		// our VPC), TLS verified against origin.<domain>, with secret A.
		cloudfront.DistributionOriginArgs{
			OriginId:   pulumi.String(OriginALB),
			DomainName: b.w.OriginDomainName,
			VpcOriginConfig: cloudfront.DistributionOriginVpcOriginConfigArgs{
				VpcOriginId: b.vpcOrig.ID(), OriginReadTimeout: pulumi.Int(30),
			},
			CustomHeaders: cloudfront.DistributionOriginCustomHeaderArray{cloudfront.DistributionOriginCustomHeaderArgs{
				Name: pulumi.String(OriginVerifyHeader), Value: pulumi.ToSecret(b.w.WebOriginSecret).(pulumi.StringOutput),
			}},
			OriginShield: shield,
		},
		// The API's regional custom domain, with secret C.
		cloudfront.DistributionOriginArgs{
			OriginId:           pulumi.String(OriginAPI),
			DomainName:         b.w.APIDomainName,
			CustomOriginConfig: httpsOnly,
			CustomHeaders: cloudfront.DistributionOriginCustomHeaderArray{cloudfront.DistributionOriginCustomHeaderArgs{
				Name: pulumi.String(APIOriginVerifyHeader), Value: pulumi.ToSecret(b.w.APIOriginSecret).(pulumi.StringOutput),
			}},
		},
	}
}

// vpcOrigin lets CloudFront reach the internal ALB over HTTPS only
// (TLSv1.2), through interfaces it places in the ALB's VPC.
func (b *builder) vpcOrigin() error {
	o, err := cloudfront.NewVpcOrigin(b.ctx, b.name+"-alb", &cloudfront.VpcOriginArgs{
		VpcOriginEndpointConfig: cloudfront.VpcOriginVpcOriginEndpointConfigArgs{
			Name:                 pulumi.String(b.s.NamePrefix + "-alb"),
			Arn:                  b.w.AlbArn,
			HttpPort:             pulumi.Int(80),
			HttpsPort:            pulumi.Int(443),
			OriginProtocolPolicy: pulumi.String("https-only"),
			OriginSslProtocols: cloudfront.VpcOriginVpcOriginEndpointConfigOriginSslProtocolsArgs{
				Items: pulumi.StringArray{pulumi.String("TLSv1.2")}, Quantity: pulumi.Int(1),
			},
		},
		Tags: b.named(b.name + "-alb"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("vpc origin: %w", err)
	}
	b.vpcOrig = o
	return nil
}

//go:embed viewer_request.js
var viewerRequestJS string

// ViewerRequestCode is the viewer-request function's code for an API path
// pattern such as /api/*: see viewer_request.js.
func ViewerRequestCode(apiPathPattern string) string {
	strip, _ := json.Marshal(StrippedHeaders)
	prefix, _ := json.Marshal(strings.ToLower(strings.TrimSuffix(apiPathPattern, "*")))
	stripPrefix, _ := json.Marshal(StrippedHeaderPrefix)
	return strings.NewReplacer(
		`"__API_PREFIX__"`, string(prefix), "__STRIP__", string(strip), `"__STRIP_PREFIX__"`, string(stripPrefix),
	).Replace(viewerRequestJS)
}

// viewerFunction publishes the viewer-request function of the web and
// static behaviours.
func (b *builder) viewerFunction() error {
	fn, err := cloudfront.NewFunction(b.ctx, b.name+"-viewer-request", &cloudfront.FunctionArgs{
		Name:    pulumi.String(b.s.NamePrefix + "-viewer-request"),
		Runtime: pulumi.String(FunctionRuntime),
		Comment: pulumi.String("Refuses API paths in any variant on the web route; drops edge-only headers"),
		Code:    pulumi.String(ViewerRequestCode(b.s.APIPathPattern)),
		Publish: pulumi.Bool(true),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("viewer-request function: %w", err)
	}
	b.fn = fn
	return nil
}

var (
	allMethods    = pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"})
	readMethods   = pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS"})
	cachedMethods = pulumi.ToStringArray([]string{"GET", "HEAD"})
)

// orderedBehaviours are /static/* (cached, from the bucket) and /api/*
// (to the API gateway, not cached).
func (b *builder) orderedBehaviours() cloudfront.DistributionOrderedCacheBehaviorArray {
	return cloudfront.DistributionOrderedCacheBehaviorArray{
		cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:             pulumi.String(b.s.StaticPathPattern),
			TargetOriginId:          pulumi.String(OriginAssets),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          readMethods,
			CachedMethods:           cachedMethods,
			Compress:                pulumi.Bool(true),
			CachePolicyId:           pulumi.String(CachingOptimizedPolicyID),
			ResponseHeadersPolicyId: b.headers,
			FunctionAssociations: cloudfront.DistributionOrderedCacheBehaviorFunctionAssociationArray{
				cloudfront.DistributionOrderedCacheBehaviorFunctionAssociationArgs{EventType: pulumi.String("viewer-request"), FunctionArn: b.fn.Arn},
			},
		},
		// With caching disabled, the managed AllViewerExceptHostHeader
		// policy forwards the Authorization header (a custom origin
		// request policy may not), and not Host, which API Gateway
		// needs to be its own.
		cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:             pulumi.String(b.s.APIPathPattern),
			TargetOriginId:          pulumi.String(OriginAPI),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          allMethods,
			CachedMethods:           cachedMethods,
			Compress:                pulumi.Bool(true),
			CachePolicyId:           pulumi.String(CachingDisabledPolicyID),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyID),
			ResponseHeadersPolicyId: b.headers,
		},
	}
}

func (b *builder) distribution() error {
	geo := cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String(b.s.GeoRestrictionType), Locations: pulumi.ToStringArray(b.s.GeoLocations)}
	if b.s.GeoRestrictionType == "none" {
		geo.Locations = pulumi.StringArray{}
	}
	dist, err := cloudfront.NewDistribution(b.ctx, b.name, &cloudfront.DistributionArgs{
		Comment:       pulumi.String(b.s.NamePrefix),
		Enabled:       pulumi.Bool(true),
		Aliases:       pulumi.ToStringArray(b.s.Aliases),
		HttpVersion:   pulumi.String("http2and3"),
		IsIpv6Enabled: pulumi.Bool(true),
		PriceClass:    pulumi.String(b.s.PriceClass),
		WebAclId:      b.w.WebACLArn,
		Origins:       b.origins(),
		DefaultCacheBehavior: cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(OriginALB),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          allMethods,
			CachedMethods:           cachedMethods,
			Compress:                pulumi.Bool(true),
			CachePolicyId:           pulumi.String(CachingDisabledPolicyID),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyID),
			ResponseHeadersPolicyId: b.headers,
			FunctionAssociations: cloudfront.DistributionDefaultCacheBehaviorFunctionAssociationArray{
				cloudfront.DistributionDefaultCacheBehaviorFunctionAssociationArgs{EventType: pulumi.String("viewer-request"), FunctionArn: b.fn.Arn},
			},
		},
		OrderedCacheBehaviors: b.orderedBehaviours(),
		ViewerCertificate:     b.viewerCert,
		Restrictions:          cloudfront.DistributionRestrictionsArgs{GeoRestriction: geo},
		LoggingConfig: cloudfront.DistributionLoggingConfigArgs{
			Bucket: b.w.LogBucketDomainName, Prefix: pulumi.String(*b.s.LogPrefix), IncludeCookies: pulumi.Bool(false),
		},
		Tags: b.named(b.name),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("distribution: %w", err)
	}
	b.dist = dist
	c := b.cdn
	c.DistributionId = dist.ID().ToStringOutput()
	c.DistributionArn = dist.Arn
	c.DomainName = dist.DomainName
	c.HostedZoneId = dist.HostedZoneId
	return nil
}

// bucketPolicy lets only this distribution read the bucket, only over TLS.
func (b *builder) bucketPolicy() error {
	policy := pulumi.All(b.w.AssetsBucketArn, b.dist.Arn).ApplyT(func(v []any) string {
		bucket, distArn := v[0].(string), v[1].(string)
		return awsutil.Policy(
			awsutil.Statement{
				Sid: "CloudFrontReadsAssets", Effect: "Allow",
				Principal: map[string]any{"Service": "cloudfront.amazonaws.com"},
				Action:    "s3:GetObject", Resource: bucket + "/*",
				Condition: map[string]map[string]any{"StringEquals": {"AWS:SourceArn": distArn}},
			},
			awsutil.DenyInsecureTransport(bucket),
		).JSON()
	}).(pulumi.StringOutput)
	if _, err := s3.NewBucketPolicy(b.ctx, b.name+"-assets", &s3.BucketPolicyArgs{Bucket: b.w.AssetsBucketName, Policy: policy}, b.parent); err != nil {
		return fmt.Errorf("assets bucket policy: %w", err)
	}
	return nil
}

// aliasRecords point every (non-wildcard) alias at the distribution.
func (b *builder) aliasRecords() error {
	for _, alias := range b.s.Aliases {
		if strings.HasPrefix(alias, "*.") {
			continue
		}
		for _, typ := range []string{"A", "AAAA"} {
			rn := fmt.Sprintf("%s-%s-%s", b.name, strings.ReplaceAll(alias, ".", "-"), strings.ToLower(typ))
			if _, err := route53.NewRecord(b.ctx, rn, &route53.RecordArgs{
				ZoneId: pulumi.String(b.s.HostedZoneID), Name: pulumi.String(alias), Type: pulumi.String(typ),
				Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
					Name: b.dist.DomainName, ZoneId: b.dist.HostedZoneId, EvaluateTargetHealth: pulumi.Bool(false),
				}},
			}, b.parent); err != nil {
				return fmt.Errorf("alias record %s %s: %w", typ, alias, err)
			}
		}
	}
	return nil
}

// certificate issues the us-east-1 certificate for the aliases and
// validates it with DNS records in the hosted zone; without aliases the
// distribution uses CloudFront's default certificate.
func (b *builder) certificate() error {
	b.viewerCert = cloudfront.DistributionViewerCertificateArgs{CloudfrontDefaultCertificate: pulumi.Bool(true)}
	b.cdn.CertificateArn = pulumi.String("").ToStringOutput()
	if len(b.s.Aliases) == 0 {
		return nil
	}
	east := pulumi.Provider(b.w.CertificateProvider)
	aliases := b.s.Aliases
	cert, err := acm.NewCertificate(b.ctx, b.name+"-cert", &acm.CertificateArgs{
		DomainName:              pulumi.String(aliases[0]),
		SubjectAlternativeNames: pulumi.ToStringArray(aliases[1:]),
		ValidationMethod:        pulumi.String("DNS"),
		KeyAlgorithm:            pulumi.String("EC_prime256v1"),
		Tags:                    b.named(b.name + "-cert"),
	}, b.parent, east)
	if err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	var fqdns pulumi.StringArray
	for i, alias := range aliases {
		// A wildcard and its apex share one validation record.
		if strings.HasPrefix(alias, "*.") && slices.Contains(aliases, alias[2:]) {
			continue
		}
		fqdn, err := b.validationRecord(cert, i, alias)
		if err != nil {
			return err
		}
		fqdns = append(fqdns, fqdn)
	}
	v, err := acm.NewCertificateValidation(b.ctx, b.name+"-cert-validation", &acm.CertificateValidationArgs{
		CertificateArn: cert.Arn, ValidationRecordFqdns: fqdns,
	}, b.parent, east)
	if err != nil {
		return fmt.Errorf("certificate validation: %w", err)
	}
	b.cdn.CertificateArn = v.CertificateArn
	b.viewerCert = cloudfront.DistributionViewerCertificateArgs{
		AcmCertificateArn:      v.CertificateArn,
		SslSupportMethod:       pulumi.String("sni-only"),
		MinimumProtocolVersion: pulumi.String(MinimumProtocolVersion),
	}
	return nil
}

// validationRecord is the DNS record that proves control of alias (the
// i-th alias) to ACM.
func (b *builder) validationRecord(cert *acm.Certificate, i int, alias string) (pulumi.StringOutput, error) {
	dvo := cert.DomainValidationOptions.ApplyT(func(opts []acm.CertificateDomainValidationOption) (acm.CertificateDomainValidationOption, error) {
		for _, o := range opts {
			if o.DomainName != nil && *o.DomainName == alias {
				return o, nil
			}
		}
		return acm.CertificateDomainValidationOption{}, fmt.Errorf("certificate has no validation option for %s", alias)
	}).(acm.CertificateDomainValidationOptionOutput)
	rec, err := route53.NewRecord(b.ctx, fmt.Sprintf("%s-cert-validation-%d", b.name, i+1), &route53.RecordArgs{
		ZoneId:         pulumi.String(b.s.HostedZoneID),
		Name:           dvo.ResourceRecordName().Elem(),
		Type:           dvo.ResourceRecordType().Elem(),
		Records:        pulumi.StringArray{dvo.ResourceRecordValue().Elem()},
		Ttl:            pulumi.Int(60),
		AllowOverwrite: pulumi.Bool(true),
	}, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate validation record %s: %w", alias, err)
	}
	return rec.Fqdn, nil
}

// responseHeaders creates the security headers policy every behaviour uses.
func (b *builder) responseHeaders() error {
	s := b.s
	p, err := cloudfront.NewResponseHeadersPolicy(b.ctx, b.name+"-security-headers", &cloudfront.ResponseHeadersPolicyArgs{
		Name:    pulumi.String(s.NamePrefix + "-security-headers"),
		Comment: pulumi.String("HSTS, CSP and the usual security headers for " + s.NamePrefix),
		SecurityHeadersConfig: cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs{
			StrictTransportSecurity: cloudfront.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs{
				AccessControlMaxAgeSec: pulumi.Int(HSTSMaxAge), IncludeSubdomains: pulumi.Bool(true), Preload: pulumi.Bool(true), Override: pulumi.Bool(true),
			},
			ContentTypeOptions: cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs{Override: pulumi.Bool(true)},
			FrameOptions:       cloudfront.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs{FrameOption: pulumi.String("DENY"), Override: pulumi.Bool(true)},
			ReferrerPolicy:     cloudfront.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs{ReferrerPolicy: pulumi.String(s.ReferrerPolicy), Override: pulumi.Bool(true)},
			ContentSecurityPolicy: cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs{
				ContentSecurityPolicy: pulumi.String(s.ContentSecurityPolicy), Override: pulumi.Bool(true),
			},
		},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("response headers policy: %w", err)
	}
	b.headers = p.ID().ToStringOutput()
	return nil
}
