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
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:apigateway:API"

// GatewayVerifyParameter is the integration request parameter that
// overwrites the X-Gateway-Verify header with the gateway's secret (B).
const GatewayVerifyParameter = "overwrite:header.X-Gateway-Verify"

// ClaimHeaders map JWT claims into headers of the JWT routes'
// integration (request parameter → value): the pods can trust them, the
// viewer-request function on the web route strips every X-Auth-* header.
var ClaimHeaders = map[string]string{"overwrite:header.X-Auth-Sub": "$context.authorizer.claims.sub"}

// SecurityPolicy is the custom domain's TLS policy.
const SecurityPolicy = "TLS_1_2"

// API is an HTTP API with a JWT authorizer, throttled routes and a VPC link
// to the ALB.
type API struct {
	pulumi.ResourceState

	ApiId pulumi.StringOutput `pulumi:"apiId"`
	// ApiEndpoint is https://<CustomDomainName> (the execute-api
	// endpoint is disabled).
	ApiEndpoint pulumi.StringOutput `pulumi:"apiEndpoint"`
	// Host is the custom domain name: the CloudFront origin.
	Host pulumi.StringOutput `pulumi:"host"`
	// UserPoolArn is "" with an external issuer; the regional web ACL is
	// associated with it.
	UserPoolArn pulumi.StringOutput `pulumi:"userPoolArn"`
	// Issuer is the JWT issuer the authorizer trusts.
	Issuer pulumi.StringOutput `pulumi:"issuer"`
	// UserPoolId and UserPoolClientId are "" with an external issuer.
	UserPoolId       pulumi.StringOutput `pulumi:"userPoolId"`
	UserPoolClientId pulumi.StringOutput `pulumi:"userPoolClientId"`
	// VpcLinkSecurityGroupId is the group of the VPC link's interfaces.
	VpcLinkSecurityGroupId pulumi.StringOutput `pulumi:"vpcLinkSecurityGroupId"`
	AccessLogGroupName     pulumi.StringOutput `pulumi:"accessLogGroupName"`

	// Settings are the defaulted settings the API was built with.
	Settings Settings
}

var _ pulumi.ComponentResource = (*API)(nil)

// builder carries the state shared by the construction steps.
type builder struct {
	ctx    *pulumi.Context
	name   string // the component's name: logical names derive from it
	s      Settings
	w      Wiring
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOrInvokeOption
	api    *API

	link        *apigatewayv2.VpcLink
	issuer      pulumi.StringOutput
	audiences   pulumi.StringArrayInput
	httpAPI     *apigatewayv2.Api
	authorizer  *apigatewayv2.Authorizer
	integration *apigatewayv2.Integration // JWT routes: claims mapped
	open        *apigatewayv2.Integration // routes without auth, if any
	routes      []pulumi.Resource
	stageRes    *apigatewayv2.Stage
	logs        *cloudwatch.LogGroup
}

func (b *builder) named(n string) pulumi.StringMap { return tags.Named(b.tags, n) }

// NewAPI validates args and creates the API. Nothing is registered when the
// arguments are invalid.
func NewAPI(ctx *pulumi.Context, name string, args *APIArgs, opts ...pulumi.ResourceOption) (*API, error) {
	if args == nil {
		args = &APIArgs{}
	}
	s := args.Settings
	defaults.Set(&s.NamePrefix, name)
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("apigateway %q: invalid settings:\n%w", name, err)
	}
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("apigateway %q: invalid settings:\n%w", name, err)
	}
	api := &API{Settings: s}
	if err := ctx.RegisterComponentResource(TypeToken, name, api, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, s: s, w: args.Wiring, tags: tags.Component(s.Tags, "apigateway"), parent: pulumi.Parent(api), api: api}
	var err error
	if b.env, err = awsutil.Lookup(ctx, b.parent); err != nil {
		return nil, fmt.Errorf("apigateway %q: %w", name, err)
	}
	steps := []func() error{b.vpcLink, b.identity, b.httpAPIAndAuthorizer, b.albIntegration, b.addRoutes, b.accessLogs, b.stage, b.customDomain}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("apigateway %q: %w", name, err)
		}
	}
	if err := ctx.RegisterResourceOutputs(api, pulumi.Map{
		"apiId": api.ApiId, "apiEndpoint": api.ApiEndpoint, "host": api.Host, "issuer": api.Issuer,
		"userPoolId": api.UserPoolId, "userPoolClientId": api.UserPoolClientId, "userPoolArn": api.UserPoolArn,
		"vpcLinkSecurityGroupId": api.VpcLinkSecurityGroupId, "accessLogGroupName": api.AccessLogGroupName,
	}); err != nil {
		return nil, err
	}
	return api, nil
}

// httpAPIAndAuthorizer creates the HTTP API and its JWT authorizer.
func (b *builder) httpAPIAndAuthorizer() error {
	prefix := b.s.NamePrefix
	httpAPI, err := apigatewayv2.NewApi(b.ctx, b.name, &apigatewayv2.ApiArgs{
		Name:         pulumi.String(prefix),
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("Authenticated, throttled API of " + prefix + " (behind CloudFront /api/*)"),
		// Only the custom domain, CloudFront's origin, serves the API.
		DisableExecuteApiEndpoint: pulumi.Bool(true),
		Tags:                      b.named(b.name),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("http api: %w", err)
	}
	b.httpAPI = httpAPI
	b.authorizer, err = apigatewayv2.NewAuthorizer(b.ctx, b.name+"-jwt", &apigatewayv2.AuthorizerArgs{
		ApiId:           httpAPI.ID(),
		Name:            pulumi.String("jwt"),
		AuthorizerType:  pulumi.String("JWT"),
		IdentitySources: pulumi.StringArray{pulumi.String("$request.header.Authorization")},
		JwtConfiguration: apigatewayv2.AuthorizerJwtConfigurationArgs{
			Issuer:    b.issuer,
			Audiences: b.audiences,
		},
	}, b.parent)
	if err != nil {
		return fmt.Errorf("jwt authorizer: %w", err)
	}
	b.api.ApiId = httpAPI.ID().ToStringOutput()
	b.api.Issuer = b.issuer
	return nil
}

// albIntegration forwards to the ALB's HTTPS listener over the VPC link:
// it passes the request's headers through (CloudFront's X-Api-Origin-Verify,
// secret C, among them), overwrites X-Gateway-Verify with secret B and,
// on the JWT routes, the claim headers (ClaimHeaders).
func (b *builder) albIntegration() error {
	secret := pulumi.ToSecret(b.w.GatewaySecret.ToStringOutput()).(pulumi.StringOutput)
	create := func(suffix, desc string, claims bool) (*apigatewayv2.Integration, error) {
		params := pulumi.StringMap{GatewayVerifyParameter: secret}
		if claims {
			for k, v := range ClaimHeaders {
				params[k] = pulumi.String(v)
			}
		}
		return apigatewayv2.NewIntegration(b.ctx, b.name+suffix, &apigatewayv2.IntegrationArgs{
			ApiId:                b.httpAPI.ID(),
			Description:          pulumi.String(desc),
			IntegrationType:      pulumi.String("HTTP_PROXY"),
			IntegrationMethod:    pulumi.String("ANY"),
			IntegrationUri:       b.w.ListenerArn,
			ConnectionType:       pulumi.String("VPC_LINK"),
			ConnectionId:         b.link.ID(),
			PayloadFormatVersion: pulumi.String("1.0"),
			TimeoutMilliseconds:  pulumi.Int(30000),
			TlsConfig:            apigatewayv2.IntegrationTlsConfigArgs{ServerNameToVerify: pulumi.String(b.s.OriginServerName)},
			RequestParameters:    params,
		}, b.parent)
	}
	var err error
	if b.integration, err = create("-alb", "HTTPS to the ALB listener over the VPC link, with the JWT's claims", true); err != nil {
		return fmt.Errorf("alb integration: %w", err)
	}
	for _, r := range b.s.Routes {
		if r.AuthDisabled {
			if b.open, err = create("-alb-open", "HTTPS to the ALB listener over the VPC link, routes without authentication", false); err != nil {
				return fmt.Errorf("alb integration (open routes): %w", err)
			}
			break
		}
	}
	return nil
}

// addRoutes creates one route per Settings.Routes entry, behind the JWT
// authorizer unless the route disables it.
func (b *builder) addRoutes() error {
	for _, r := range b.s.Routes {
		ra := &apigatewayv2.RouteArgs{
			ApiId:             b.httpAPI.ID(),
			RouteKey:          pulumi.String(r.Key()),
			Target:            pulumi.Sprintf("integrations/%s", b.integration.ID()),
			AuthorizationType: pulumi.String("JWT"),
			AuthorizerId:      b.authorizer.ID(),
		}
		if r.AuthDisabled {
			ra.AuthorizationType = pulumi.String("NONE")
			ra.AuthorizerId = nil
			ra.Target = pulumi.Sprintf("integrations/%s", b.open.ID())
		}
		route, err := apigatewayv2.NewRoute(b.ctx, b.name+"-route-"+routeSlug(r), ra, b.parent)
		if err != nil {
			return fmt.Errorf("route %s: %w", r.Key(), err)
		}
		b.routes = append(b.routes, route)
	}
	return nil
}

// stage is the auto-deployed $default stage with the throttling and the
// access logs.
func (b *builder) stage() error {
	var settings apigatewayv2.StageRouteSettingArray
	for _, r := range b.s.Routes {
		settings = append(settings, apigatewayv2.StageRouteSettingArgs{
			RouteKey:             pulumi.String(r.Key()),
			ThrottlingBurstLimit: pulumi.Int(r.BurstLimit),
			ThrottlingRateLimit:  pulumi.Float64(float64(r.RateLimit)),
		})
	}
	stage, err := apigatewayv2.NewStage(b.ctx, b.name+"-default", &apigatewayv2.StageArgs{
		ApiId:      b.httpAPI.ID(),
		Name:       pulumi.String(StageName),
		AutoDeploy: pulumi.Bool(true),
		DefaultRouteSettings: apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingBurstLimit:   pulumi.Int(b.s.DefaultBurstLimit),
			ThrottlingRateLimit:    pulumi.Float64(float64(b.s.DefaultRateLimit)),
			DetailedMetricsEnabled: pulumi.Bool(true),
		},
		RouteSettings: settings,
		AccessLogSettings: apigatewayv2.StageAccessLogSettingsArgs{
			DestinationArn: b.logs.Arn,
			Format:         pulumi.String(accessLogFormat),
		},
		Tags: b.named(b.name + "-default"),
	}, b.parent, pulumi.DependsOn(b.routes))
	if err != nil {
		return fmt.Errorf("stage: %w", err)
	}
	b.stageRes = stage
	return nil
}

// StageName is the API's only stage, auto-deployed: the Stage dimension of
// its CloudWatch metrics (with ApiId).
const StageName = "$default"

// accessLogFormat is one JSON line per request; it carries the caller's
// identity (sub claim) but never the token. apiId and stage let a metric
// filter count responses per API and stage (monitoring's 429 count: HTTP
// APIs publish no throttling metric of their own).
const accessLogFormat = `{"requestId":"$context.requestId","apiId":"$context.apiId","stage":"$context.stage","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","sub":"$context.authorizer.claims.sub","authorizerError":"$context.authorizer.error","integrationError":"$context.integrationErrorMessage","integrationLatency":"$context.integrationLatency"}`

func routeSlug(r Route) string {
	s := strings.ToLower(r.Method + r.Path)
	return strings.Trim(strings.NewReplacer("/", "-", "{", "", "}", "", "+", "", ".", "-", "~", "-").Replace(s), "-")
}

// vpcLink is the VPC link into the private subnets, with its own security
// group (HTTPS into the VPC only) and the ALB's rule admitting it.
func (b *builder) vpcLink() error {
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-vpc-link", &ec2.SecurityGroupArgs{
		VpcId:       b.w.VpcId,
		Description: pulumi.String("API Gateway VPC link of " + b.s.NamePrefix + ": HTTPS to the ALB only"),
		Egress: ec2.SecurityGroupEgressArray{ec2.SecurityGroupEgressArgs{
			Description: pulumi.String("HTTPS to the ALB inside the VPC"),
			Protocol:    pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrBlocks: pulumi.StringArray{b.w.VpcCidr},
		}},
		Tags: b.named(b.name + "-vpc-link"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("vpc link security group: %w", err)
	}
	if _, err := vpc.NewSecurityGroupIngressRule(b.ctx, b.name+"-alb-from-vpc-link", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           b.w.AlbSecurityGroupId,
		ReferencedSecurityGroupId: sg.ID(),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(443),
		ToPort:                    pulumi.Int(443),
		Description:               pulumi.String("HTTPS from the API Gateway VPC link of " + b.s.NamePrefix),
		Tags:                      b.named(b.name + "-alb-from-vpc-link"),
	}, b.parent); err != nil {
		return fmt.Errorf("alb ingress rule: %w", err)
	}
	link, err := apigatewayv2.NewVpcLink(b.ctx, b.name, &apigatewayv2.VpcLinkArgs{
		Name:             pulumi.String(b.s.NamePrefix),
		SubnetIds:        b.w.SubnetIds,
		SecurityGroupIds: pulumi.StringArray{sg.ID()},
		Tags:             b.named(b.name + "-vpc-link"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("vpc link: %w", err)
	}
	b.link = link
	b.api.VpcLinkSecurityGroupId = sg.ID().ToStringOutput()
	return nil
}

// accessLogs is the encrypted access log group (and its key unless one is
// wired in).
func (b *builder) accessLogs() error {
	groupName := "/aws/apigateway/" + b.s.NamePrefix
	keyArn := b.w.LogKMSKeyArn
	if keyArn == nil {
		key, err := kmskey.New(b.ctx, b.name+"-access-logs", kmskey.Args{
			Env:            b.env,
			Alias:          b.s.NamePrefix + "-access-logs",
			Description:    "API Gateway access logs of " + b.s.NamePrefix,
			LogsArnPattern: b.env.ARN("logs", "log-group:"+groupName),
			Tags:           b.tags,
		}, b.parent)
		if err != nil {
			return err
		}
		keyArn = key.Key.Arn
	}
	group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-access-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(b.s.LogRetentionDays),
		KmsKeyId:        keyArn,
		Tags:            b.named(b.name + "-access-logs"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("access log group: %w", err)
	}
	b.logs = group
	b.api.AccessLogGroupName = group.Name
	return nil
}
