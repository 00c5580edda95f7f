package tests

import "strings"

// edgeValueCases are edge settings that validation used to accept and AWS
// refuses (or silently never applies) during pulumi up: WAF search strings
// the rule's transformations can never produce, country codes CloudFront
// does not know, a policy or an alias list longer than AWS takes, route
// paths API Gateway refuses.
func edgeValueCases(c *testCases) {
	c.invalid = append(c.invalid,
		invalidConfig{"waf auth path percent-encoded", "dev", edits(set("wafAuthPaths", `["/%6Cogin"]`)), []string{"webplatform:wafAuthPaths: \"/%6Cogin\" must be written decoded (AWS WAF decodes the request path before comparing"}},
		invalidConfig{"waf auth path with a double slash", "staging", edits(set("wafAuthPaths", `["/api//auth/"]`)), []string{"webplatform:wafAuthPaths: \"/api//auth/\" must be written without \"//\", \".\" or \"..\" segments"}},
		invalidConfig{"waf auth path with a dot segment", "prod", edits(set("wafAuthPaths", `["/api/./auth/"]`)), []string{"webplatform:wafAuthPaths: \"/api/./auth/\" must be written without"}},
		invalidConfig{"waf auth path listed twice in another case", "dev", edits(set("wafAuthPaths", `["/login","/LOGIN"]`)), []string{"webplatform:wafAuthPaths: \"/LOGIN\" is listed twice (prefixes compare case-insensitively)"}},
		invalidConfig{"waf auth path beyond the search string limit", "dev", edits(set("wafAuthPaths", `["/`+strings.Repeat("a", 200)+`"]`)), []string{"at most 200 bytes (AWS WAF's search string limit)"}},
		invalidConfig{"geo location UK is not ISO 3166", "staging", edits(set("cdnGeoRestrictionType", "whitelist"), set("cdnGeoLocations", `["DE","UK"]`)), []string{"webplatform:cdnGeoLocations: \"UK\" is not an ISO 3166-1 alpha-2 country code such as DE or GB"}},
		invalidConfig{"geo location EU is no country", "prod", edits(set("cdnGeoRestrictionType", "blacklist"), set("cdnGeoLocations", `["EU"]`)), []string{"webplatform:cdnGeoLocations: \"EU\" is not an ISO 3166-1 alpha-2 country code"}},
		invalidConfig{"content security policy longer than CloudFront takes", "dev", edits(set("cdnContentSecurityPolicy", "default-src 'self'; "+strings.Repeat("script-src https://cdn.example.com ", 60))), []string{"webplatform:cdnContentSecurityPolicy: is 2120 characters; CloudFront takes at most 1783"}},
		invalidConfig{"more aliases than one certificate takes", "staging", edits(set("cdnAliases", `["a0.staging.shop.example.com","a1.staging.shop.example.com","a2.staging.shop.example.com","a3.staging.shop.example.com","a4.staging.shop.example.com","a5.staging.shop.example.com","a6.staging.shop.example.com","a7.staging.shop.example.com","a8.staging.shop.example.com","a9.staging.shop.example.com"]`)), []string{"webplatform:cdnAliases: are 11 names; their certificate takes at most 10"}},
		invalidConfig{"alias repeating the domain", "staging", edits(set("cdnAliases", `["staging.shop.example.com"]`)), []string{"webplatform:cdnAliases: \"staging.shop.example.com\" is listed twice (the domain name is always served; list only extra names)"}},
		invalidConfig{"greedy route variable not last", "dev", edits(set("apiRoutes", `{"GET /api/{proxy+}/items":{}}`)), []string{"webplatform:apiRoutes[GET /api/{proxy+}/items].path: a greedy path variable ({name+}) must be the last segment"}},
		invalidConfig{"route variable inside a segment", "staging", edits(set("apiRoutes", `{"GET /api/item-{id}":{}}`)), []string{"webplatform:apiRoutes[GET /api/item-{id}].path: path variables must be whole segments such as {id}"}},
		invalidConfig{"route path with an empty segment", "prod", edits(set("apiRoutes", `{"GET /api//items":{}}`)), []string{"webplatform:apiRoutes[GET /api//items].path: must not contain an empty segment"}},
		// Not edge, but the same class: an endpoint service name AWS does not have.
		invalidConfig{"interface endpoint misspelt", "staging", edits(set("interfaceEndpoints", `["ecr.api","ecr.dkr","sts","secretmanager"]`)), []string{"webplatform:interfaceEndpoints: \"secretmanager\" is not an interface endpoint service the platform knows; one of apigateway,"}},
		invalidConfig{"interface endpoint ecr without its API part", "prod", edits(set("interfaceEndpoints", `["ecr","sts","secretsmanager"]`)), []string{"webplatform:interfaceEndpoints: \"ecr\" is not an interface endpoint service"}},
		invalidConfig{"alb certificate from another region", "prod", edits(set("albCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0d1f2e3c-4b5a-6978-8a9b-0c1d2e3f4a5b")), []string{"webplatform:albCertificateArn: is in us-east-1, not in aws:region (eu-west-1): an ALB takes a certificate of its own region"}},
		invalidConfig{"snapshot from another region", "staging", edits(set("dbSnapshotIdentifier", "arn:aws:rds:eu-central-1:123456789012:cluster-snapshot:restore-1")), []string{"webplatform:dbSnapshotIdentifier: is in eu-central-1, not in aws:region (eu-west-1): restore from a snapshot in the stack's region"}},
	)
}
