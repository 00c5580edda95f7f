// Package dnscert creates an ACM certificate for one domain name,
// validated through a DNS record in a Route 53 zone: the load balancer's
// origin certificate and the API's custom domain certificate.
package dnscert

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// New creates the certificate for domain (resource name), its validation
// record in zoneID (name-validation) and the validation (name), and
// returns the ARN that resolves once the certificate is issued. tags are
// the certificate's.
func New(ctx *pulumi.Context, name, domain, zoneID string, tags pulumi.StringMap, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	cert, err := acm.NewCertificate(ctx, name, &acm.CertificateArgs{
		DomainName:       pulumi.String(domain),
		ValidationMethod: pulumi.String("DNS"),
		KeyAlgorithm:     pulumi.String("EC_prime256v1"),
		Tags:             tags,
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate %s: %w", domain, err)
	}
	opt := cert.DomainValidationOptions.Index(pulumi.Int(0))
	rec, err := route53.NewRecord(ctx, name+"-validation", &route53.RecordArgs{
		ZoneId:         pulumi.String(zoneID),
		Name:           opt.ResourceRecordName().Elem(),
		Type:           opt.ResourceRecordType().Elem(),
		Records:        pulumi.StringArray{opt.ResourceRecordValue().Elem()},
		Ttl:            pulumi.Int(60),
		AllowOverwrite: pulumi.Bool(true),
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate %s validation record: %w", domain, err)
	}
	v, err := acm.NewCertificateValidation(ctx, name, &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: pulumi.StringArray{rec.Fqdn},
	}, opts...)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate %s validation: %w", domain, err)
	}
	return v.CertificateArn, nil
}
