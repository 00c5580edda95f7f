package tests

import (
	"github.com/webplatform-dev/webplatform/components/cdn"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens of the edge tier.
const (
	edgeTDistribution   = "aws:cloudfront/distribution:Distribution"
	edgeTOAC            = "aws:cloudfront/originAccessControl:OriginAccessControl"
	edgeTHeadersPolicy  = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
	edgeTCertificate    = "aws:acm/certificate:Certificate"
	edgeTCertValidation = "aws:acm/certificateValidation:CertificateValidation"
	edgeTRecord         = "aws:route53/record:Record"
	edgeTBucketPolicy   = "aws:s3/bucketPolicy:BucketPolicy"
	edgeTWebACL         = "aws:wafv2/webAcl:WebAcl"
	edgeTWAFLogging     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	edgeTAPI            = "aws:apigatewayv2/api:Api"
	edgeTAuthorizer     = "aws:apigatewayv2/authorizer:Authorizer"
	edgeTIntegration    = "aws:apigatewayv2/integration:Integration"
	edgeTRoute          = "aws:apigatewayv2/route:Route"
	edgeTStage          = "aws:apigatewayv2/stage:Stage"
	edgeTVpcLink        = "aws:apigatewayv2/vpcLink:VpcLink"
	edgeTUserPool       = "aws:cognito/userPool:UserPool"
	edgeTUserPoolClient = "aws:cognito/userPoolClient:UserPoolClient"
	edgeTIngressRule    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	edgeTProvider       = "pulumi:providers:aws"
	edgeSecret          = "s3cr3t-origin-verify-value"
)

// The edge tier's types without a Tags argument.
// edgeHelpersCases adds this file's cases to the shared tables (see cases).
func edgeHelpersCases(c *testCases) {
	c.untaggable[edgeTOAC] = cloudfront.OriginAccessControlArgs{}
	c.untaggable["aws:cloudfront/monitoringSubscription:MonitoringSubscription"] = cloudfront.MonitoringSubscriptionArgs{}
	c.untaggable[edgeTHeadersPolicy] = cloudfront.ResponseHeadersPolicyArgs{}
	c.untaggable[edgeTCertValidation] = acm.CertificateValidationArgs{}
	c.untaggable[edgeTRecord] = route53.RecordArgs{}
	c.untaggable[edgeTBucketPolicy] = s3.BucketPolicyArgs{}
	c.untaggable[edgeTAuthorizer] = apigatewayv2.AuthorizerArgs{}
	c.untaggable[edgeTIntegration] = apigatewayv2.IntegrationArgs{}
	c.untaggable[edgeTRoute] = apigatewayv2.RouteArgs{}
	c.untaggable[edgeTUserPoolClient] = cognito.UserPoolClientArgs{}
	c.untaggable[edgeTWAFLogging] = edgeWAFLoggingArgs()
	c.untaggable["aws:wafv2/webAclAssociation:WebAclAssociation"] = edgeWAFAssociationArgs()
	c.untaggable["aws:cloudfront/function:Function"] = cloudfront.FunctionArgs{}
	c.untaggable["aws:apigatewayv2/apiMapping:ApiMapping"] = apigatewayv2.ApiMappingArgs{}
}

// edgeEast creates a provider for us-east-1, as the stacks do.
func edgeEast(ctx *pulumi.Context) (*aws.Provider, error) {
	return aws.NewProvider(ctx, "use1", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
}

// edgeProviderRegion returns the region of the provider r uses explicitly
// ("" for the default provider).
func edgeProviderRegion(g *mockgraph.Graph, r *mockgraph.Resource) string {
	p := g.ProviderOf(r)
	if p == nil {
		return ""
	}
	return p.Str("region")
}

// edgeOne returns the single resource of a type.
func edgeOne(t *testing.T, g *mockgraph.Graph, token string) *mockgraph.Resource {
	t.Helper()
	rs := g.ByType(token)
	require.Len(t, rs, 1, "want exactly one %s", token)
	return rs[0]
}

// edgeCDNCertificates returns the certificates the CDN component owns (the
// stack also has the load balancer's regional one).
func edgeCDNCertificates(g *mockgraph.Graph) []*mockgraph.Resource {
	return g.Filter(func(r *mockgraph.Resource) bool {
		c := g.Component(r)
		return r.Type == edgeTCertificate && c != nil && c.Type == cdn.TypeToken
	})
}

// edgeObj returns element i of a list input as a map.
func edgeObj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "want an object, got %T %v", v, v)
	return m
}
