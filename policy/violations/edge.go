package violations

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func managedRule(name string, priority int) pulumi.Map {
	return pulumi.Map{
		"name": pulumi.String(name), "priority": pulumi.Int(priority),
		"overrideAction": pulumi.Map{"none": pulumi.Map{}},
		"statement": pulumi.Map{"managedRuleGroupStatement": pulumi.Map{
			"name": pulumi.String(name), "vendorName": pulumi.String("AWS"),
		}},
		"visibilityConfig": visibility(name),
	}
}

func visibility(name string) pulumi.Map {
	return pulumi.Map{
		"cloudwatchMetricsEnabled": pulumi.Bool(true), "sampledRequestsEnabled": pulumi.Bool(true),
		"metricName": pulumi.String(name),
	}
}

func distribution(acl *res, cert bool, viewer string) pulumi.Map {
	d := pulumi.Map{
		"enabled": pulumi.Bool(true),
		"origins": pulumi.Array{pulumi.Map{
			"originId": pulumi.String("app"), "domainName": pulumi.String("app.example.com"),
			"customOriginConfig": pulumi.Map{
				"httpPort": pulumi.Int(80), "httpsPort": pulumi.Int(443),
				"originProtocolPolicy": pulumi.String("https-only"), "originSslProtocols": pulumi.StringArray{pulumi.String("TLSv1.2")},
			},
		}},
		"defaultCacheBehavior": pulumi.Map{
			"targetOriginId": pulumi.String("app"), "viewerProtocolPolicy": pulumi.String(viewer),
			"allowedMethods": pulumi.StringArray{pulumi.String("GET"), pulumi.String("HEAD")},
			"cachedMethods":  pulumi.StringArray{pulumi.String("GET"), pulumi.String("HEAD")},
			"cachePolicyId":  pulumi.String("658327ea-f89d-4fab-a63d-7e88639e58f6"),
		},
		"restrictions":      pulumi.Map{"geoRestriction": pulumi.Map{"restrictionType": pulumi.String("none")}},
		"viewerCertificate": pulumi.Map{"cloudfrontDefaultCertificate": pulumi.Bool(true)},
	}
	if cert {
		d["viewerCertificate"] = pulumi.Map{
			"acmCertificateArn":      pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/policy"),
			"sslSupportMethod":       pulumi.String("sni-only"),
			"minimumProtocolVersion": pulumi.String("TLSv1.2_2021"),
		}
	}
	if acl != nil {
		d["webAclId"] = acl.Arn
	}
	return d
}

// edge registers web ACLs, distributions, an API with an open and a JWT
// route, and two ALBs: one behind CloudFront's prefix list with a rule
// that needs the secret origin header, one open to a CIDR.
func edge(x *b, _ *res, use1 *prov) {
	rules := pulumi.Array{
		managedRule("AWSManagedRulesCommonRuleSet", 1), managedRule("AWSManagedRulesKnownBadInputsRuleSet", 2),
		managedRule("AWSManagedRulesAmazonIpReputationList", 3), managedRule("AWSManagedRulesSQLiRuleSet", 4),
		pulumi.Map{
			"name": pulumi.String("rate"), "priority": pulumi.Int(5), "action": pulumi.Map{"block": pulumi.Map{}},
			"statement": pulumi.Map{"rateBasedStatement": pulumi.Map{
				"limit": pulumi.Int(2000), "aggregateKeyType": pulumi.String("IP"),
			}},
			"visibilityConfig": visibility("rate"),
		},
	}
	acl := x.reg("aws:wafv2/webAcl:WebAcl", "acl-good", pulumi.Map{
		"scope": pulumi.String("CLOUDFRONT"), "defaultAction": pulumi.Map{"allow": pulumi.Map{}},
		"rules": rules, "visibilityConfig": visibility("acl-good"),
	}, pulumi.Provider(use1))
	x.reg("aws:wafv2/webAcl:WebAcl", "acl-bad", pulumi.Map{
		"scope": pulumi.String("CLOUDFRONT"), "defaultAction": pulumi.Map{"allow": pulumi.Map{}},
		"visibilityConfig": visibility("acl-bad"),
	})
	x.reg("aws:cloudfront/distribution:Distribution", "cdn-good", distribution(acl, true, "redirect-to-https"))
	x.reg("aws:cloudfront/distribution:Distribution", "cdn-bad", distribution(nil, false, "allow-all"))

	api := x.reg("aws:apigatewayv2/api:Api", "api", pulumi.Map{"protocolType": pulumi.String("HTTP")})
	auth := x.reg("aws:apigatewayv2/authorizer:Authorizer", "api-jwt", pulumi.Map{
		"apiId": id(api), "authorizerType": pulumi.String("JWT"), "identitySources": pulumi.StringArray{pulumi.String("$request.header.Authorization")},
		"jwtConfiguration": pulumi.Map{"issuer": pulumi.String("https://issuer.example.com"), "audiences": pulumi.StringArray{pulumi.String("app")}},
	})
	x.reg("aws:apigatewayv2/route:Route", "route-bad", pulumi.Map{"apiId": id(api), "routeKey": pulumi.String("ANY /api/{proxy+}")})
	x.reg("aws:apigatewayv2/route:Route", "route-good", pulumi.Map{
		"apiId": id(api), "routeKey": pulumi.String("GET /api/{proxy+}"), "authorizationType": pulumi.String("JWT"), "authorizerId": id(auth),
	})
	loadBalancers(x)
}

func loadBalancers(x *b) {
	vpc := x.reg("aws:ec2/vpc:Vpc", "lb-vpc", pulumi.Map{"cidrBlock": pulumi.String("10.2.0.0/16")})
	alb := func(name string, source pulumi.Map, hardened bool) *res {
		sg := x.reg("aws:ec2/securityGroup:SecurityGroup", name+"-sg", pulumi.Map{"vpcId": id(vpc), "description": pulumi.String(name)})
		source["securityGroupId"], source["ipProtocol"] = id(sg), pulumi.String("tcp")
		source["fromPort"], source["toPort"] = pulumi.Int(443), pulumi.Int(443)
		x.reg("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name+"-in", source)
		return x.reg("aws:lb/loadBalancer:LoadBalancer", name, pulumi.Map{
			"loadBalancerType": pulumi.String("application"), "internal": pulumi.Bool(true),
			"subnets":                  pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
			"securityGroups":           pulumi.StringArray{id(sg)},
			"dropInvalidHeaderFields":  pulumi.Bool(hardened),
			"desyncMitigationMode":     pulumi.String(map[bool]string{true: "strictest", false: "defensive"}[hardened]),
			"enableDeletionProtection": pulumi.Bool(hardened),
			"accessLogs":               pulumi.Map{"bucket": pulumi.String("logs"), "enabled": pulumi.Bool(hardened)},
		})
	}
	good := alb("alb-good", pulumi.Map{"prefixListId": pulumi.String("pl-4fa04526")}, true)
	alb("alb-bad", pulumi.Map{"cidrIpv4": pulumi.String("0.0.0.0/0")}, false)
	listener := func(name string, policy string) *res {
		return x.reg("aws:lb/listener:Listener", name, pulumi.Map{
			"loadBalancerArn": good.Arn, "port": pulumi.Int(443), "protocol": pulumi.String("HTTPS"),
			"sslPolicy": pulumi.String(policy), "certificateArn": pulumi.String("arn:aws:acm:eu-west-1:123456789012:certificate/policy"),
			"defaultActions": pulumi.Array{pulumi.Map{"type": pulumi.String("fixed-response"), "fixedResponse": pulumi.Map{
				"contentType": pulumi.String("text/plain"), "statusCode": pulumi.String("403"),
			}}},
		})
	}
	https := listener("listener-good", "ELBSecurityPolicy-TLS13-1-2-2021-06")
	listener("listener-bad", "ELBSecurityPolicy-2016-08")
	tg := x.reg("aws:lb/targetGroup:TargetGroup", "tg", pulumi.Map{
		"port": pulumi.Int(8080), "protocol": pulumi.String("HTTP"), "targetType": pulumi.String("ip"), "vpcId": id(vpc),
	})
	rule := func(name string, priority int, conditions pulumi.Array) {
		x.reg("aws:lb/listenerRule:ListenerRule", name, pulumi.Map{
			"listenerArn": https.Arn, "priority": pulumi.Int(priority),
			"actions":    pulumi.Array{pulumi.Map{"type": pulumi.String("forward"), "targetGroupArn": tg.Arn}},
			"conditions": conditions,
		})
	}
	rule("edge-rule-good", 10, pulumi.Array{pulumi.Map{"httpHeader": pulumi.Map{
		"httpHeaderName": pulumi.String("X-Origin-Verify"), "values": pulumi.ToSecret(pulumi.StringArray{pulumi.String("s3cr3t")}),
	}}})
	rule("edge-rule-bad", 20, pulumi.Array{pulumi.Map{"pathPattern": pulumi.Map{"values": pulumi.StringArray{pulumi.String("/*")}}}})
	// A second header in the clear: the rule is no better than its weakest header.
	rule("edge-rule-clear", 30, pulumi.Array{
		pulumi.Map{"httpHeader": pulumi.Map{
			"httpHeaderName": pulumi.String("X-Origin-Verify"), "values": pulumi.ToSecret(pulumi.StringArray{pulumi.String("s3cr3t")}),
		}},
		pulumi.Map{"httpHeader": pulumi.Map{
			"httpHeaderName": pulumi.String("X-Gateway-Verify"), "values": pulumi.StringArray{pulumi.String("in-the-clear")},
		}},
	})
}
