// Package edgepaths is the hop model of a request from the internet to the
// pods, computed from the resources a program REGISTERED (a mockgraph
// graph), never from its config: CloudFront behaviour selection, the
// behaviour's viewer-request function (run with node, an oracle
// independent of our own reading of the code), the origin, the HTTP API's
// route matching and authorization, the headers each hop adds, the ALB's
// listener rules in priority order, and the target group's binding to a
// Kubernetes Service. Every AWS rule it encodes cites its source (read
// 2026-12-02); it is a test oracle and lives apart from the program's own
// validation.
package edgepaths

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Type tokens the model reads.
const (
	tDistribution = "aws:cloudfront/distribution:Distribution"
	tFunction     = "aws:cloudfront/function:Function"
	tVpcOrigin    = "aws:cloudfront/vpcOrigin:VpcOrigin"
	tWebACL       = "aws:wafv2/webAcl:WebAcl"
	tAPI          = "aws:apigatewayv2/api:Api"
	tDomain       = "aws:apigatewayv2/domainName:DomainName"
	tMapping      = "aws:apigatewayv2/apiMapping:ApiMapping"
	tRoute        = "aws:apigatewayv2/route:Route"
	tIntegration  = "aws:apigatewayv2/integration:Integration"
	tLB           = "aws:lb/loadBalancer:LoadBalancer"
	tListener     = "aws:lb/listener:Listener"
	tRule         = "aws:lb/listenerRule:ListenerRule"
	tBinding      = "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding"
)

// Behaviour is a CloudFront cache behaviour.
type Behaviour struct {
	PathPattern string // "*" for the default behaviour
	OriginID    string
	// ViewerRequest is the code of the viewer-request function ("" if none).
	ViewerRequest string
}

// Origin is a distribution origin.
type Origin struct {
	ID, DomainName string
	Kind           string // "s3", "alb-vpc-origin", "alb-public", "api", "other"
	Headers        map[string]string
}

// Route is an HTTP API route.
type Route struct {
	Method, Path string
	JWT          bool              // authorizationType JWT
	Params       map[string]string // its integration's requestParameters
	ToALB        bool              // the integration targets the ALB's listener
}

// Rule is an ALB listener rule (the default action is a rule with no
// conditions and the highest priority).
type Rule struct {
	Priority int
	Paths    []string
	Headers  map[string][]string // header name -> accepted values
	Forward  string              // target group ARN ("" for a fixed response)
	Status   string              // fixed-response status code
}

// Edge is the registered edge of one stack.
type Edge struct {
	WebACL        string // the distribution's web ACL ARN
	WebACLScope   string
	Behaviours    []Behaviour // ordered behaviours then the default
	Origins       map[string]Origin
	APIDomain     string
	APIExecuteAPI bool // the default execute-api endpoint is enabled
	Routes        []Route
	ALBInternal   bool
	Rules         []Rule
	Services      map[string]string // target group ARN -> namespace/service

	listener string // the HTTPS listener's ARN
}

// Load reads the edge from a graph.
func Load(g *mockgraph.Graph) (*Edge, error) {
	dists := g.ByType(tDistribution)
	if len(dists) != 1 {
		return nil, fmt.Errorf("want one distribution, got %d", len(dists))
	}
	d := dists[0]
	e := &Edge{WebACL: d.Str("webAclId"), Origins: map[string]Origin{}, Services: map[string]string{}}
	for _, w := range g.ByType(tWebACL) {
		if s, _ := w.Output("arn").(string); s == e.WebACL {
			e.WebACLScope = w.Str("scope")
		}
	}
	albArn, albOrigin := e.loadALB(g)
	e.loadAPI(g)
	functions := map[string]string{}
	for _, f := range g.ByType(tFunction) {
		if arn, _ := f.Output("arn").(string); arn != "" {
			functions[arn] = f.Str("code")
		}
	}
	vpcOrigins := map[string]string{} // id -> endpoint ARN
	for _, v := range g.ByType(tVpcOrigin) {
		vpcOrigins[v.ID] = v.Str("vpcOriginEndpointConfig.arn")
	}
	for _, o := range d.List("origins") {
		m, _ := o.(map[string]any)
		e.addOrigin(m, vpcOrigins, albArn, albOrigin)
	}
	behaviour := func(m map[string]any, pattern string) Behaviour {
		b := Behaviour{PathPattern: pattern, OriginID: str(m["targetOriginId"])}
		for _, fa := range list(m["functionAssociations"]) {
			fm, _ := fa.(map[string]any)
			if str(fm["eventType"]) == "viewer-request" {
				b.ViewerRequest = functions[str(fm["functionArn"])]
				if b.ViewerRequest == "" {
					b.ViewerRequest = "unknown function " + str(fm["functionArn"])
				}
			}
		}
		return b
	}
	for _, o := range d.List("orderedCacheBehaviors") {
		m, _ := o.(map[string]any)
		e.Behaviours = append(e.Behaviours, behaviour(m, str(m["pathPattern"])))
	}
	e.Behaviours = append(e.Behaviours, behaviour(d.Map("defaultCacheBehavior"), "*"))
	return e, nil
}

// addOrigin classifies a distribution origin.
func (e *Edge) addOrigin(m map[string]any, vpcOrigins map[string]string, albArn, albOrigin string) {
	o := Origin{ID: str(m["originId"]), DomainName: str(m["domainName"]), Headers: map[string]string{}, Kind: "other"}
	for _, h := range list(m["customHeaders"]) {
		hm, _ := h.(map[string]any)
		o.Headers[strings.ToLower(str(hm["name"]))] = str(hm["value"])
	}
	vpc, _ := m["vpcOriginConfig"].(map[string]any)
	switch {
	case vpc != nil && vpcOrigins[str(vpc["vpcOriginId"])] == albArn:
		o.Kind = "alb-vpc-origin"
	case str(m["originAccessControlId"]) != "" || strings.Contains(o.DomainName, ".s3."):
		o.Kind = "s3"
	case o.DomainName != "" && o.DomainName == e.APIDomain,
		strings.Contains(o.DomainName, ".execute-api."):
		o.Kind = "api"
	case o.DomainName == albOrigin:
		o.Kind = "alb-public"
	}
	e.Origins[o.ID] = o
}

// loadALB reads the load balancer, its HTTPS listener's rules and the
// bindings of its target groups; it returns the ALB's ARN and the name of
// its origin alias record.
func (e *Edge) loadALB(g *mockgraph.Graph) (string, string) {
	lbs := g.ByType(tLB)
	if len(lbs) != 1 {
		return "", ""
	}
	alb := lbs[0]
	arn, _ := alb.Output("arn").(string)
	e.ALBInternal = alb.Bool("internal")
	var listener string
	for _, l := range g.ByType(tListener) {
		if l.Str("loadBalancerArn") == arn && l.Int("port") == 443 {
			listener, _ = l.Output("arn").(string)
			for _, a := range l.List("defaultActions") {
				am, _ := a.(map[string]any)
				fr, _ := am["fixedResponse"].(map[string]any)
				e.Rules = append(e.Rules, Rule{Priority: 1 << 30, Forward: str(am["targetGroupArn"]), Status: str(fr["statusCode"])})
			}
		}
	}
	for _, r := range g.ByType(tRule) {
		if r.Str("listenerArn") != listener {
			continue
		}
		rule := Rule{Priority: r.Int("priority"), Headers: map[string][]string{}}
		for _, c := range r.List("conditions") {
			cm, _ := c.(map[string]any)
			if pp, ok := cm["pathPattern"].(map[string]any); ok {
				rule.Paths = strs(pp["values"])
			}
			if hh, ok := cm["httpHeader"].(map[string]any); ok {
				n := strings.ToLower(str(hh["httpHeaderName"]))
				rule.Headers[n] = strs(hh["values"])
			}
		}
		for _, a := range r.List("actions") {
			am, _ := a.(map[string]any)
			fr, _ := am["fixedResponse"].(map[string]any)
			rule.Forward, rule.Status = str(am["targetGroupArn"]), str(fr["statusCode"])
		}
		e.Rules = append(e.Rules, rule)
	}
	sort.SliceStable(e.Rules, func(i, j int) bool { return e.Rules[i].Priority < e.Rules[j].Priority })
	for _, b := range g.ByType(tBinding) {
		e.Services[b.Str("spec.targetGroupARN")] = b.Str("metadata.namespace") + "/" + b.Str("spec.serviceRef.name")
	}
	origin := ""
	for _, r := range g.ByType("aws:route53/record:Record") {
		if r.Str("aliases.0.name") == alb.Output("dnsName") {
			origin = r.Str("name")
		}
	}
	e.listener = listener
	return arn, origin
}

// loadAPI reads the HTTP API, its custom domain and its routes.
func (e *Edge) loadAPI(g *mockgraph.Graph) {
	apis := g.ByType(tAPI)
	if len(apis) != 1 {
		return
	}
	api := apis[0]
	e.APIExecuteAPI = !api.Bool("disableExecuteApiEndpoint")
	for _, m := range g.ByType(tMapping) {
		if m.Str("apiId") != api.ID {
			continue
		}
		for _, dn := range g.ByType(tDomain) {
			if dn.ID == m.Str("domainName") {
				e.APIDomain = dn.Str("domainName")
			}
		}
	}
	integrations := map[string]*mockgraph.Resource{}
	for _, in := range g.ByType(tIntegration) {
		integrations["integrations/"+in.ID] = in
	}
	for _, r := range g.ByType(tRoute) {
		if r.Str("apiId") != api.ID {
			continue
		}
		method, path, _ := strings.Cut(r.Str("routeKey"), " ")
		route := Route{Method: method, Path: path, JWT: r.Str("authorizationType") == "JWT", Params: map[string]string{}}
		if in := integrations[r.Str("target")]; in != nil {
			for k, v := range in.Map("requestParameters") {
				route.Params[k] = str(v)
			}
			route.ToALB = in.Str("integrationUri") == e.listener && e.listener != ""
		}
		e.Routes = append(e.Routes, route)
	}
}

func str(v any) string { s, _ := v.(string); return s }

func list(v any) []any { l, _ := v.([]any); return l }

func strs(v any) []string {
	var out []string
	for _, e := range list(v) {
		out = append(out, str(e))
	}
	return out
}

// Glob reports whether path matches a wildcard pattern: '*' any run of
// characters ('/' included), '?' exactly one, everything else literal and
// case-sensitive. CloudFront path patterns
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern:
// "*" and "?" wildcards, case sensitive) and ALB path-pattern conditions
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions:
// case sensitive, "*" 0 or more characters, "?" exactly 1, compared with
// the path only, not the query string) share these semantics.
func Glob(pattern, path string) bool {
	var re strings.Builder
	re.WriteString("^")
	for _, c := range pattern {
		switch c {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(path)
}

// cloudFrontMatches applies a behaviour's pattern; CloudFront treats a
// pattern without a leading "/" as if it had one (same page), and the
// default behaviour ("*") matches everything.
func cloudFrontMatches(pattern, path string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.HasPrefix(pattern, "/") {
		pattern = "/" + pattern
	}
	return Glob(pattern, path)
}

// routeMatches applies an HTTP API route's path: "{name}" one segment,
// "{name+}" a greedy rest (at least one character), literal segments exact
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html:
// greedy path variables, the most specific route wins, ANY matches every
// method). Case-sensitive like every API Gateway path.
func routeMatches(routePath, path string) bool {
	var re strings.Builder
	re.WriteString("^")
	for i, seg := range strings.Split(routePath, "/") {
		if i > 0 {
			re.WriteString("/")
		}
		switch {
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}"):
			re.WriteString(".+")
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			re.WriteString("[^/]+")
		default:
			re.WriteString(regexp.QuoteMeta(seg))
		}
	}
	re.WriteString("$")
	return regexp.MustCompile(re.String()).MatchString(path)
}
