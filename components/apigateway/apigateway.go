package apigateway

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:apigateway:API"

// OriginVerifyParameter is the integration request parameter that
// overwrites the X-Origin-Verify header with the origin secret.
const OriginVerifyParameter = "overwrite:header.X-Origin-Verify"

// API is an HTTP API with a JWT authorizer, throttled routes and a VPC link
// to the ALB.
type API struct {
	pulumi.ResourceState

	ApiId pulumi.StringOutput `pulumi:"apiId"`
	// ApiEndpoint is https://<id>.execute-api.<region>.amazonaws.com.
	ApiEndpoint pulumi.StringOutput `pulumi:"apiEndpoint"`
	// Host is ApiEndpoint without the scheme: the CloudFront origin.
	Host pulumi.StringOutput `pulumi:"host"`
	// Issuer is the JWT issuer the authorizer trusts.
	Issuer pulumi.StringOutput `pulumi:"issuer"`
	// UserPoolId and UserPoolClientId are "" with an external issuer.
	UserPoolId       pulumi.StringOutput `pulumi:"userPoolId"`
	UserPoolClientId pulumi.StringOutput `pulumi:"userPoolClientId"`
	// VpcLinkSecurityGroupId is the group of the VPC link's interfaces.
	VpcLinkSecurityGroupId pulumi.StringOutput `pulumi:"vpcLinkSecurityGroupId"`
	AccessLogGroupName     pulumi.StringOutput `pulumi:"accessLogGroupName"`

	// Args are the defaulted arguments the API was built with.
	Args APIArgs
}

var _ pulumi.ComponentResource = (*API)(nil)

type builder struct {
	ctx    *pulumi.Context
	name   string
	args   APIArgs
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOrInvokeOption
	api    *API
}

func (b *builder) named(n string) pulumi.StringMap { return tags.Named(b.tags, n) }

// NewAPI validates args and creates the API. Nothing is registered when the
// arguments are invalid.
func NewAPI(ctx *pulumi.Context, name string, args *APIArgs, opts ...pulumi.ResourceOption) (*API, error) {
	if args == nil {
		args = &APIArgs{}
	}
	a := args.WithDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("apigateway %q: invalid arguments:\n%w", name, err)
	}
	api := &API{Args: a}
	if err := ctx.RegisterComponentResource(TypeToken, name, api, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: a, tags: tags.Component(a.Tags, "apigateway"), parent: pulumi.Parent(api), api: api}
	var err error
	if b.env, err = awsutil.Lookup(ctx, b.parent); err != nil {
		return nil, fmt.Errorf("apigateway %q: %w", name, err)
	}
	if err := b.build(); err != nil {
		return nil, fmt.Errorf("apigateway %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(api, pulumi.Map{
		"apiId": api.ApiId, "apiEndpoint": api.ApiEndpoint, "host": api.Host, "issuer": api.Issuer,
		"userPoolId": api.UserPoolId, "userPoolClientId": api.UserPoolClientId,
		"vpcLinkSecurityGroupId": api.VpcLinkSecurityGroupId, "accessLogGroupName": api.AccessLogGroupName,
	}); err != nil {
		return nil, err
	}
	return api, nil
}

func (b *builder) build() error {
	link, err := b.vpcLink()
	if err != nil {
		return err
	}
	issuer, audiences, err := b.identity()
	if err != nil {
		return err
	}
	httpAPI, err := apigatewayv2.NewApi(b.ctx, b.name, &apigatewayv2.ApiArgs{
		Name:         pulumi.String(b.name),
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("Authenticated, throttled API of " + b.name + " (behind CloudFront /api/*)"),
		Tags:         b.named(b.name),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("http api: %w", err)
	}
	authorizer, err := apigatewayv2.NewAuthorizer(b.ctx, b.name+"-jwt", &apigatewayv2.AuthorizerArgs{
		ApiId:           httpAPI.ID(),
		Name:            pulumi.String("jwt"),
		AuthorizerType:  pulumi.String("JWT"),
		IdentitySources: pulumi.StringArray{pulumi.String("$request.header.Authorization")},
		JwtConfiguration: apigatewayv2.AuthorizerJwtConfigurationArgs{
			Issuer:    issuer,
			Audiences: audiences,
		},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("jwt authorizer: %w", err)
	}
	secret := pulumi.ToSecret(b.args.OriginSecret.ToStringOutput()).(pulumi.StringOutput)
	integration, err := apigatewayv2.NewIntegration(b.ctx, b.name+"-alb", &apigatewayv2.IntegrationArgs{
		ApiId:                httpAPI.ID(),
		Description:          pulumi.String("HTTPS to the ALB listener over the VPC link"),
		IntegrationType:      pulumi.String("HTTP_PROXY"),
		IntegrationMethod:    pulumi.String("ANY"),
		IntegrationUri:       b.args.ListenerArn,
		ConnectionType:       pulumi.String("VPC_LINK"),
		ConnectionId:         link.ID(),
		PayloadFormatVersion: pulumi.String("1.0"),
		TimeoutMilliseconds:  pulumi.Int(30000),
		TlsConfig:            apigatewayv2.IntegrationTlsConfigArgs{ServerNameToVerify: pulumi.String(b.args.OriginServerName)},
		RequestParameters:    pulumi.StringMap{OriginVerifyParameter: secret},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("alb integration: %w", err)
	}
	var routes []pulumi.Resource
	var settings apigatewayv2.StageRouteSettingArray
	for _, r := range b.args.Routes {
		rn := b.name + "-route-" + routeSlug(r)
		ra := &apigatewayv2.RouteArgs{
			ApiId:             httpAPI.ID(),
			RouteKey:          pulumi.String(r.Key()),
			Target:            pulumi.Sprintf("integrations/%s", integration.ID()),
			AuthorizationType: pulumi.String("JWT"),
			AuthorizerId:      authorizer.ID(),
		}
		if r.AuthDisabled {
			ra.AuthorizationType = pulumi.String("NONE")
			ra.AuthorizerId = nil
		}
		route, err := apigatewayv2.NewRoute(b.ctx, rn, ra, b.parent)
		if err != nil {
			return fmt.Errorf("route %s: %w", r.Key(), err)
		}
		routes = append(routes, route)
		settings = append(settings, apigatewayv2.StageRouteSettingArgs{
			RouteKey:             pulumi.String(r.Key()),
			ThrottlingBurstLimit: pulumi.Int(r.BurstLimit),
			ThrottlingRateLimit:  pulumi.Float64(float64(r.RateLimit)),
		})
	}
	logs, err := b.accessLogs()
	if err != nil {
		return err
	}
	if _, err := apigatewayv2.NewStage(b.ctx, b.name+"-default", &apigatewayv2.StageArgs{
		ApiId:      httpAPI.ID(),
		Name:       pulumi.String("$default"),
		AutoDeploy: pulumi.Bool(true),
		DefaultRouteSettings: apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingBurstLimit:   pulumi.Int(b.args.DefaultBurstLimit),
			ThrottlingRateLimit:    pulumi.Float64(float64(b.args.DefaultRateLimit)),
			DetailedMetricsEnabled: pulumi.Bool(true),
		},
		RouteSettings: settings,
		AccessLogSettings: apigatewayv2.StageAccessLogSettingsArgs{
			DestinationArn: logs.Arn,
			Format:         pulumi.String(accessLogFormat),
		},
		Tags: b.named(b.name + "-default"),
	}, b.parent, pulumi.DependsOn(routes)); err != nil {
		return fmt.Errorf("stage: %w", err)
	}

	b.api.ApiId = httpAPI.ID().ToStringOutput()
	b.api.ApiEndpoint = httpAPI.ApiEndpoint
	b.api.Host = httpAPI.ApiEndpoint.ApplyT(func(e string) string { return strings.TrimPrefix(e, "https://") }).(pulumi.StringOutput)
	b.api.Issuer = issuer
	b.api.AccessLogGroupName = logs.Name
	return nil
}

// accessLogFormat is one JSON line per request; it carries the caller's
// identity (sub claim) but never the token.
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","sub":"$context.authorizer.claims.sub","authorizerError":"$context.authorizer.error","integrationError":"$context.integrationErrorMessage","integrationLatency":"$context.integrationLatency"}`

func routeSlug(r Route) string {
	s := strings.ToLower(r.Method + r.Path)
	return strings.Trim(strings.NewReplacer("/", "-", "{", "", "}", "", "+", "", ".", "-", "~", "-").Replace(s), "-")
}

func (b *builder) vpcLink() (*apigatewayv2.VpcLink, error) {
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-vpc-link", &ec2.SecurityGroupArgs{
		VpcId:       b.args.VpcId,
		Description: pulumi.String("API Gateway VPC link of " + b.name + ": HTTPS to the ALB only"),
		Egress: ec2.SecurityGroupEgressArray{ec2.SecurityGroupEgressArgs{
			Description: pulumi.String("HTTPS to the ALB inside the VPC"),
			Protocol:    pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrBlocks: pulumi.StringArray{b.args.VpcCidr},
		}},
		Tags: b.named(b.name + "-vpc-link"),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("vpc link security group: %w", err)
	}
	if _, err := vpc.NewSecurityGroupIngressRule(b.ctx, b.name+"-alb-from-vpc-link", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           b.args.AlbSecurityGroupId,
		ReferencedSecurityGroupId: sg.ID(),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(443),
		ToPort:                    pulumi.Int(443),
		Description:               pulumi.String("HTTPS from the API Gateway VPC link of " + b.name),
		Tags:                      b.named(b.name + "-alb-from-vpc-link"),
	}, b.parent); err != nil {
		return nil, fmt.Errorf("alb ingress rule: %w", err)
	}
	link, err := apigatewayv2.NewVpcLink(b.ctx, b.name, &apigatewayv2.VpcLinkArgs{
		Name:             pulumi.String(b.name),
		SubnetIds:        b.args.SubnetIds,
		SecurityGroupIds: pulumi.StringArray{sg.ID()},
		Tags:             b.named(b.name + "-vpc-link"),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("vpc link: %w", err)
	}
	b.api.VpcLinkSecurityGroupId = sg.ID().ToStringOutput()
	return link, nil
}

func (b *builder) accessLogs() (*cloudwatch.LogGroup, error) {
	groupName := "/aws/apigateway/" + b.name
	keyArn := b.args.LogKMSKeyArn
	if keyArn == nil {
		key, err := kmskey.New(b.ctx, b.name+"-access-logs", kmskey.Args{
			Env:            b.env,
			Description:    "API Gateway access logs of " + b.name,
			LogsArnPattern: b.env.ARN("logs", "log-group:"+groupName),
			Tags:           b.tags,
		}, b.parent)
		if err != nil {
			return nil, err
		}
		keyArn = key.Key.Arn
	}
	group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-access-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(b.args.LogRetentionDays),
		KmsKeyId:        keyArn,
		Tags:            b.named(b.name + "-access-logs"),
	}, b.parent)
	if err != nil {
		return nil, fmt.Errorf("access log group: %w", err)
	}
	return group, nil
}
