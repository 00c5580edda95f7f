package tests

import (
	"fmt"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// namingCases adds this file's invalid configurations to the shared tables
// (tests/cases_test.go): values each component accepts but a name built
// from them cannot carry (stacks/names.go), refused when the config is
// loaded with the key and the limit.
func namingCases(c *testCases) {
	reserved := `(<project>-<stack>) begins with %q, which AWS reserves (S3 bucket names: xn--, sthree-, amzn-s3-demo-; load balancer names: internal-)`
	long33 := "svc-" + strings.Repeat("a", 29)
	apiHost := "webplatform-dev-api." + namingDomain(240)
	c.invalid = append(c.invalid, []invalidConfig{
		{"names: stack with a double hyphen", "staging", edits(stackName("staging--eu")),
			[]string{`stack: name "staging--eu" must not contain "--": it is part of RDS and ElastiCache identifiers, which refuse consecutive hyphens`}},
		{"names: project and stack past the cache id", "staging", edits(projectName("acme-webplatform-shop"), stackName("staging-eu-west")),
			[]string{`stack: "acme-webplatform-shop-staging-eu-west" (<project>-<stack>) is 37 characters, at most 34: it starts the cache replication group id acme-webplatform-shop-staging-eu-west-cache, which ElastiCache limits to 40`}},
		{"names: project in upper case", "dev", edits(projectName("WebPlatform")),
			[]string{`project: name "WebPlatform" must be lower-case letters, digits and single hyphens, starting with a letter: it starts every resource name, and S3 buckets, RDS and ElastiCache identifiers take no other`}},
		{"names: project with a double hyphen", "dev", edits(projectName("web--platform")),
			[]string{`project: name "web--platform" must be lower-case letters, digits and single hyphens`}},
		{"names: project takes the load balancer prefix internal-", "dev", edits(projectName("internal")),
			[]string{`project: "internal-dev" ` + fmt.Sprintf(reserved, "internal-")}},
		{"names: project takes the S3 prefix sthree-", "dev", edits(projectName("sthree")),
			[]string{`project: "sthree-dev" ` + fmt.Sprintf(reserved, "sthree-")}},
		{"names: stack completes the S3 prefix amzn-s3-demo-", "dev", edits(projectName("amzn"), stackName("s3-demo")),
			[]string{`stack: "amzn-s3-demo" ` + fmt.Sprintf(reserved, "amzn-s3-demo-")}},
		{"names: service name past the monitoring's 32", "dev", edits(computeSvc(computeWeb(long33, nil))),
			[]string{`webplatform:services[` + long33 + `].name: must be at most 32 characters: the monitoring tier names the alarms webplatform-dev-monitoring-running-pods-<service> and -unhealthy-hosts-<service> after it, got 33`}},
		{"names: service name with a double hyphen", "dev", edits(computeSvc(computeWeb("web--api", nil))),
			[]string{`webplatform:services[web--api].name: must not contain "--": it ends the ECR repository name <NamePrefix>-<name>, whose separators are single (AWS ECR repositoryName pattern), got "web--api"`}},
		{"names: domain past 253", "dev", edits(set("domainName", namingDomain(254))),
			[]string{`webplatform:domainName: the domain ` + namingDomain(254) + ` is 254 characters; DNS names are at most 253 (RFC 1035)`}},
		{"names: API host past 253", "dev", edits(set("domainName", namingDomain(240))),
			[]string{`webplatform:domainName: the API custom domain ` + apiHost + ` is 260 characters; DNS names are at most 253 (RFC 1035)`}},
		{"names: no room for the certificate's validation record", "dev", edits(set("domainName", namingDomain(220))),
			[]string{`webplatform:domainName: the domain ` + namingDomain(220) + ` is 220 characters; its certificate's DNS validation record (_<32 hex>.` + namingDomain(220) + `) would be 254, over the 253 of a DNS name`}},
		{"names: origin host past 253", "dev", edits(set("domainName", namingDomain(250))),
			[]string{`webplatform:domainName: the load balancer origin origin.` + namingDomain(250) + ` is 257 characters; DNS names are at most 253 (RFC 1035)`}},
	}...)
}

// stackName runs the stack's config as a stack of another name.
func stackName(name string) func(*stackconfig.Stack) {
	return func(s *stackconfig.Stack) { s.Name = name }
}

// projectName runs the stack's config in a project of another name: the
// config keys move to the project's namespace, as they would in a copy of
// the program renamed in Pulumi.yaml.
func projectName(project string) func(*stackconfig.Stack) {
	return func(s *stackconfig.Stack) {
		moved := map[string]string{}
		for k, v := range s.Config {
			if rest, ok := strings.CutPrefix(k, s.Project+":"); ok {
				k = project + ":" + rest
			}
			moved[k] = v
		}
		for i, k := range s.SecretKeys {
			if rest, ok := strings.CutPrefix(k, s.Project+":"); ok {
				s.SecretKeys[i] = project + ":" + rest
			}
		}
		s.Project, s.Config = project, moved
	}
}

// namingDomain is a valid lower-case DNS name of exactly n characters
// under example.com, in labels of at most 63.
func namingDomain(n int) string {
	name := "example.com"
	for len(name) < n {
		label := min(62, n-len(name)-1)
		if rest := n - len(name) - label - 1; rest == 1 {
			label-- // leave room for a label and its dot
		}
		name = strings.Repeat("d", label) + "." + name
	}
	return name
}
