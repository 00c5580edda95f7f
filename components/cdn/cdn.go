package cdn

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
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

	// Args are the defaulted arguments the CDN was built with.
	Args CDNArgs
}

var _ pulumi.ComponentResource = (*CDN)(nil)

// NewCDN validates args and creates the distribution. Nothing is registered
// when the arguments are invalid.
func NewCDN(ctx *pulumi.Context, name string, args *CDNArgs, opts ...pulumi.ResourceOption) (*CDN, error) {
	if args == nil {
		args = &CDNArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("cdn %q: invalid arguments:\n%w", name, err)
	}
	if a.CertificateProvider != nil {
		east, err := awsutil.Lookup(ctx, pulumi.Provider(a.CertificateProvider))
		if err != nil {
			return nil, fmt.Errorf("cdn %q: %w", name, err)
		}
		if east.Region != "us-east-1" {
			return nil, fmt.Errorf("cdn %q: invalid arguments:\nCertificateProvider: CloudFront only accepts ACM certificates from us-east-1, the provider is in %s", name, east.Region)
		}
	}
	c := &CDN{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	env, err := awsutil.Lookup(ctx, parent)
	if err != nil {
		return nil, fmt.Errorf("cdn %q: %w", name, err)
	}
	set := tags.Component(a.Tags, "cdn")
	named := func(n string) pulumi.StringMap { return tags.Named(set, n) }

	viewerCert := cloudfront.DistributionViewerCertificateArgs{CloudfrontDefaultCertificate: pulumi.Bool(true)}
	certArn := pulumi.String("").ToStringOutput()
	if len(a.Aliases) > 0 {
		arn, err := certificate(ctx, name, a, named, parent)
		if err != nil {
			return nil, fmt.Errorf("cdn %q: %w", name, err)
		}
		certArn = arn
		viewerCert = cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      arn,
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String(MinimumProtocolVersion),
		}
	}

	oac, err := cloudfront.NewOriginAccessControl(ctx, name+"-assets", &cloudfront.OriginAccessControlArgs{
		Name:                          pulumi.String(name + "-assets"),
		Description:                   pulumi.String("CloudFront " + name + " reads the assets bucket"),
		OriginAccessControlOriginType: pulumi.String("s3"),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("cdn %q: origin access control: %w", name, err)
	}
	headers, err := responseHeaders(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("cdn %q: %w", name, err)
	}

	var shield cloudfront.DistributionOriginOriginShieldPtrInput
	if a.OriginShield {
		region := a.OriginShieldRegion
		if region == "" {
			region = env.Region
		}
		shield = cloudfront.DistributionOriginOriginShieldArgs{Enabled: pulumi.Bool(true), OriginShieldRegion: pulumi.String(region)}
	}
	httpsOnly := cloudfront.DistributionOriginCustomOriginConfigArgs{
		HttpPort: pulumi.Int(80), HttpsPort: pulumi.Int(443),
		OriginProtocolPolicy: pulumi.String("https-only"),
		OriginSslProtocols:   pulumi.StringArray{pulumi.String("TLSv1.2")},
		OriginReadTimeout:    pulumi.Int(30),
	}
	origins := cloudfront.DistributionOriginArray{
		cloudfront.DistributionOriginArgs{
			OriginId:              pulumi.String(OriginAssets),
			DomainName:            a.AssetsBucketRegionalDomainName,
			OriginAccessControlId: oac.ID(),
			OriginShield:          shield,
		},
		cloudfront.DistributionOriginArgs{
			OriginId:           pulumi.String(OriginALB),
			DomainName:         a.OriginDomainName,
			CustomOriginConfig: httpsOnly,
			CustomHeaders: cloudfront.DistributionOriginCustomHeaderArray{cloudfront.DistributionOriginCustomHeaderArgs{
				Name: pulumi.String(OriginVerifyHeader), Value: pulumi.ToSecret(a.OriginSecret).(pulumi.StringOutput),
			}},
			OriginShield: shield,
		},
		cloudfront.DistributionOriginArgs{
			OriginId:           pulumi.String(OriginAPI),
			DomainName:         a.APIDomainName,
			CustomOriginConfig: httpsOnly,
		},
	}
	all := pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"})
	read := pulumi.ToStringArray([]string{"GET", "HEAD", "OPTIONS"})
	cached := pulumi.ToStringArray([]string{"GET", "HEAD"})

	geo := cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String(a.GeoRestrictionType), Locations: pulumi.ToStringArray(a.GeoLocations)}
	if a.GeoRestrictionType == "none" {
		geo.Locations = pulumi.StringArray{}
	}
	logPrefix := a.LogPrefix
	if logPrefix == "" {
		logPrefix = "cloudfront/" + name + "/"
	}

	dist, err := cloudfront.NewDistribution(ctx, name, &cloudfront.DistributionArgs{
		Comment:       pulumi.String(name),
		Enabled:       pulumi.Bool(true),
		Aliases:       pulumi.ToStringArray(a.Aliases),
		HttpVersion:   pulumi.String("http2and3"),
		IsIpv6Enabled: pulumi.Bool(true),
		PriceClass:    pulumi.String(a.PriceClass),
		WebAclId:      a.WebACLArn,
		Origins:       origins,
		DefaultCacheBehavior: cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(OriginALB),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          all,
			CachedMethods:           cached,
			Compress:                pulumi.Bool(true),
			CachePolicyId:           pulumi.String(CachingDisabledPolicyID),
			OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyID),
			ResponseHeadersPolicyId: headers,
		},
		OrderedCacheBehaviors: cloudfront.DistributionOrderedCacheBehaviorArray{
			cloudfront.DistributionOrderedCacheBehaviorArgs{
				PathPattern:             pulumi.String(a.StaticPathPattern),
				TargetOriginId:          pulumi.String(OriginAssets),
				ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
				AllowedMethods:          read,
				CachedMethods:           cached,
				Compress:                pulumi.Bool(true),
				CachePolicyId:           pulumi.String(CachingOptimizedPolicyID),
				ResponseHeadersPolicyId: headers,
			},
			// With caching disabled, the managed AllViewerExceptHostHeader
			// policy forwards the Authorization header (a custom origin
			// request policy may not), and not Host, which API Gateway
			// needs to be its own.
			cloudfront.DistributionOrderedCacheBehaviorArgs{
				PathPattern:             pulumi.String(a.APIPathPattern),
				TargetOriginId:          pulumi.String(OriginAPI),
				ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
				AllowedMethods:          all,
				CachedMethods:           cached,
				Compress:                pulumi.Bool(true),
				CachePolicyId:           pulumi.String(CachingDisabledPolicyID),
				OriginRequestPolicyId:   pulumi.String(AllViewerExceptHostHeaderPolicyID),
				ResponseHeadersPolicyId: headers,
			},
		},
		ViewerCertificate: viewerCert,
		Restrictions:      cloudfront.DistributionRestrictionsArgs{GeoRestriction: geo},
		LoggingConfig: cloudfront.DistributionLoggingConfigArgs{
			Bucket: a.LogBucketDomainName, Prefix: pulumi.String(logPrefix), IncludeCookies: pulumi.Bool(false),
		},
		Tags: named(name),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("cdn %q: distribution: %w", name, err)
	}

	// Only this distribution may read the bucket, and only over TLS.
	policy := pulumi.All(a.AssetsBucketArn, dist.Arn).ApplyT(func(v []any) string {
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
	if _, err := s3.NewBucketPolicy(ctx, name+"-assets", &s3.BucketPolicyArgs{Bucket: a.AssetsBucketName, Policy: policy}, parent); err != nil {
		return nil, fmt.Errorf("cdn %q: assets bucket policy: %w", name, err)
	}

	for _, alias := range a.Aliases {
		if strings.HasPrefix(alias, "*.") {
			continue
		}
		for _, typ := range []string{"A", "AAAA"} {
			rn := fmt.Sprintf("%s-%s-%s", name, strings.ReplaceAll(alias, ".", "-"), strings.ToLower(typ))
			if _, err := route53.NewRecord(ctx, rn, &route53.RecordArgs{
				ZoneId: pulumi.String(a.HostedZoneID), Name: pulumi.String(alias), Type: pulumi.String(typ),
				Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
					Name: dist.DomainName, ZoneId: dist.HostedZoneId, EvaluateTargetHealth: pulumi.Bool(false),
				}},
			}, parent); err != nil {
				return nil, fmt.Errorf("cdn %q: alias record %s %s: %w", name, typ, alias, err)
			}
		}
	}

	c.DistributionId = dist.ID().ToStringOutput()
	c.DistributionArn = dist.Arn
	c.DomainName = dist.DomainName
	c.HostedZoneId = dist.HostedZoneId
	c.CertificateArn = certArn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"distributionId": c.DistributionId, "distributionArn": c.DistributionArn, "domainName": c.DomainName,
		"hostedZoneId": c.HostedZoneId, "certificateArn": c.CertificateArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// certificate issues the us-east-1 certificate for the aliases and
// validates it with DNS records in the hosted zone.
func certificate(ctx *pulumi.Context, name string, a CDNArgs, named func(string) pulumi.StringMap, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	east := pulumi.Provider(a.CertificateProvider)
	cert, err := acm.NewCertificate(ctx, name+"-cert", &acm.CertificateArgs{
		DomainName:              pulumi.String(a.Aliases[0]),
		SubjectAlternativeNames: pulumi.ToStringArray(a.Aliases[1:]),
		ValidationMethod:        pulumi.String("DNS"),
		KeyAlgorithm:            pulumi.String("EC_prime256v1"),
		Tags:                    named(name + "-cert"),
	}, parent, east)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate: %w", err)
	}
	var fqdns pulumi.StringArray
	for i, alias := range a.Aliases {
		// A wildcard and its apex share one validation record.
		if strings.HasPrefix(alias, "*.") && contains(a.Aliases, alias[2:]) {
			continue
		}
		dvo := cert.DomainValidationOptions.ApplyT(func(opts []acm.CertificateDomainValidationOption) (acm.CertificateDomainValidationOption, error) {
			for _, o := range opts {
				if o.DomainName != nil && *o.DomainName == alias {
					return o, nil
				}
			}
			return acm.CertificateDomainValidationOption{}, fmt.Errorf("certificate has no validation option for %s", alias)
		}).(acm.CertificateDomainValidationOptionOutput)
		rec, err := route53.NewRecord(ctx, fmt.Sprintf("%s-cert-validation-%d", name, i+1), &route53.RecordArgs{
			ZoneId:         pulumi.String(a.HostedZoneID),
			Name:           dvo.ResourceRecordName().Elem(),
			Type:           dvo.ResourceRecordType().Elem(),
			Records:        pulumi.StringArray{dvo.ResourceRecordValue().Elem()},
			Ttl:            pulumi.Int(60),
			AllowOverwrite: pulumi.Bool(true),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("certificate validation record %s: %w", alias, err)
		}
		fqdns = append(fqdns, rec.Fqdn)
	}
	v, err := acm.NewCertificateValidation(ctx, name+"-cert-validation", &acm.CertificateValidationArgs{
		CertificateArn: cert.Arn, ValidationRecordFqdns: fqdns,
	}, parent, east)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate validation: %w", err)
	}
	return v.CertificateArn, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// responseHeaders creates the security headers policy every behaviour uses.
func responseHeaders(ctx *pulumi.Context, name string, a CDNArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	p, err := cloudfront.NewResponseHeadersPolicy(ctx, name+"-security-headers", &cloudfront.ResponseHeadersPolicyArgs{
		Name:    pulumi.String(name + "-security-headers"),
		Comment: pulumi.String("HSTS, CSP and the usual security headers for " + name),
		SecurityHeadersConfig: cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs{
			StrictTransportSecurity: cloudfront.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs{
				AccessControlMaxAgeSec: pulumi.Int(HSTSMaxAge), IncludeSubdomains: pulumi.Bool(true), Preload: pulumi.Bool(true), Override: pulumi.Bool(true),
			},
			ContentTypeOptions: cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs{Override: pulumi.Bool(true)},
			FrameOptions:       cloudfront.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs{FrameOption: pulumi.String("DENY"), Override: pulumi.Bool(true)},
			ReferrerPolicy:     cloudfront.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs{ReferrerPolicy: pulumi.String(a.ReferrerPolicy), Override: pulumi.Bool(true)},
			ContentSecurityPolicy: cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs{
				ContentSecurityPolicy: pulumi.String(a.ContentSecurityPolicy), Override: pulumi.Bool(true),
			},
		},
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("response headers policy: %w", err)
	}
	return p.ID().ToStringOutput(), nil
}
