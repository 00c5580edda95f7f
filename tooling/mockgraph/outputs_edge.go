package mockgraph

import (
	"fmt"
	"strings"
)

// Computed attributes of the edge tier's resource types (CloudFront, ACM,
// Route 53, WAF, API Gateway, Cognito), shaped like the real ones.
func edgeModel(t outputTable) {
	t.add("aws:cloudfront/distribution:Distribution", func(r *Resource, _ string) map[string]any {
		id := "E" + strings.ToUpper(strings.ReplaceAll(r.Name, "-", ""))
		return map[string]any{
			"domainName":   "d" + strings.ToLower(id[1:min(len(id), 14)]) + ".cloudfront.net",
			"hostedZoneId": "Z2FDTNDATAQYW2", // CloudFront's fixed zone id
			"arn":          fmt.Sprintf("arn:aws:cloudfront::%s:distribution/%s", Account, id),
			"status":       "Deployed",
			"etag":         "E2QWRUHEXAMPLE",
		}
	})
	t.add("aws:acm/certificate:Certificate", func(r *Resource, region string) map[string]any {
		names := append([]string{r.Str("domainName")}, r.Strings("subjectAlternativeNames")...)
		var dvos []any
		for _, n := range names {
			base := strings.TrimPrefix(n, "*.")
			dvos = append(dvos, map[string]any{
				"domainName":          n,
				"resourceRecordName":  "_3f1e." + base + ".",
				"resourceRecordType":  "CNAME",
				"resourceRecordValue": "_9a2b.mhbtsbpdnt.acm-validations.aws.",
			})
		}
		return map[string]any{
			"arn":                     fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", region, Account, r.Name),
			"domainValidationOptions": dvos,
			"status":                  "ISSUED",
		}
	})
	t.add("aws:acm/certificateValidation:CertificateValidation", func(r *Resource, _ string) map[string]any {
		return map[string]any{"certificateArn": r.Str("certificateArn")}
	})
	t.add("aws:route53/record:Record", func(r *Resource, _ string) map[string]any {
		return map[string]any{"fqdn": strings.TrimSuffix(r.Str("name"), ".")}
	})
	t.add("aws:wafv2/webAcl:WebAcl", func(r *Resource, region string) map[string]any {
		scope := "global"
		if r.Str("scope") == "REGIONAL" {
			scope = "regional"
		}
		return map[string]any{
			"arn":      fmt.Sprintf("arn:aws:wafv2:%s:%s:%s/webacl/%s/%s-id", region, Account, scope, r.Str("name"), r.Name),
			"capacity": 1000,
		}
	})
	t.add("aws:cognito/userPool:UserPool", func(r *Resource, region string) map[string]any {
		id := r.Name + "-id"
		return map[string]any{
			"id":       id,
			"endpoint": fmt.Sprintf("cognito-idp.%s.amazonaws.com/%s", region, id),
			"arn":      fmt.Sprintf("arn:aws:cognito-idp:%s:%s:userpool/%s", region, Account, id),
		}
	})
	t.add("aws:cloudfront/vpcOrigin:VpcOrigin", func(r *Resource, _ string) map[string]any {
		return map[string]any{
			"arn":  fmt.Sprintf("arn:aws:cloudfront::%s:vpcorigin/vo_%s", Account, r.Name),
			"etag": "E3UN6WX5RRO2AG",
		}
	})
	t.add("aws:cloudfront/function:Function", func(r *Resource, _ string) map[string]any {
		return map[string]any{
			"arn":           fmt.Sprintf("arn:aws:cloudfront::%s:function/%s", Account, r.Str("name")),
			"etag":          "ETVPDKIKX0DER",
			"liveStageEtag": "ETVPDKIKX0DER",
			"status":        "UNASSOCIATED",
		}
	})
	t.add("aws:apigatewayv2/domainName:DomainName", func(r *Resource, region string) map[string]any {
		return map[string]any{
			"domainNameConfiguration": map[string]any{
				"targetDomainName": fmt.Sprintf("d-%s.execute-api.%s.amazonaws.com", strings.ReplaceAll(r.Name, "-", "")[:min(10, len(strings.ReplaceAll(r.Name, "-", "")))], region),
				"hostedZoneId":     "ZLY8HYME6SFDD", // the regional API Gateway zone (eu-west-1)
			},
			"apiMappingSelectionExpression": "$request.basepath",
		}
	})
	t.add("aws:apigatewayv2/api:Api", func(r *Resource, region string) map[string]any {
		id := strings.ReplaceAll(r.Name, "-", "")
		return map[string]any{
			"apiEndpoint":  fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com", id, region),
			"executionArn": fmt.Sprintf("arn:aws:execute-api:%s:%s:%s", region, Account, id),
		}
	})
}
