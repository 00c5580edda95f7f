package apigateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/dnscert"
)

// customDomain serves the API on its regional custom domain
// (CustomDomainName, TLS 1.2, a DNS-validated certificate in the stack's
// region), mapped to the $default stage, with an alias record: the only
// way in, since the execute-api endpoint is disabled.
func (b *builder) customDomain() error {
	ctx, name, parent, s := b.ctx, b.name, b.parent, b.s
	host := s.CustomDomainName()
	certArn, err := dnscert.New(ctx, name+"-domain-cert", host, s.HostedZoneId, b.named(name+"-domain-cert"), parent)
	if err != nil {
		return fmt.Errorf("custom domain: %w", err)
	}
	dn, err := apigatewayv2.NewDomainName(ctx, name+"-domain", &apigatewayv2.DomainNameArgs{
		DomainName: pulumi.String(host),
		DomainNameConfiguration: apigatewayv2.DomainNameDomainNameConfigurationArgs{
			CertificateArn: certArn,
			EndpointType:   pulumi.String("REGIONAL"),
			SecurityPolicy: pulumi.String(SecurityPolicy),
		},
		Tags: b.named(name + "-domain"),
	}, parent)
	if err != nil {
		return fmt.Errorf("custom domain: %w", err)
	}
	if _, err := apigatewayv2.NewApiMapping(ctx, name+"-domain", &apigatewayv2.ApiMappingArgs{
		ApiId: b.httpAPI.ID(), DomainName: dn.ID(), Stage: b.stageRes.Name,
	}, parent); err != nil {
		return fmt.Errorf("api mapping: %w", err)
	}
	if _, err := route53.NewRecord(ctx, name+"-domain", &route53.RecordArgs{
		ZoneId: pulumi.String(s.HostedZoneId),
		Name:   pulumi.String(host),
		Type:   pulumi.String("A"),
		Aliases: route53.RecordAliasArray{route53.RecordAliasArgs{
			Name:                 dn.DomainNameConfiguration.TargetDomainName().Elem(),
			ZoneId:               dn.DomainNameConfiguration.HostedZoneId().Elem(),
			EvaluateTargetHealth: pulumi.Bool(false),
		}},
	}, parent); err != nil {
		return fmt.Errorf("custom domain record: %w", err)
	}
	// The domain's output, so CloudFront's origin waits for it.
	b.api.Host = dn.DomainName
	b.api.ApiEndpoint = pulumi.Sprintf("https://%s", dn.DomainName)
	return nil
}
