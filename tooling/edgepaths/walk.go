package edgepaths

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Result is where one request ends and the hops it passed.
type Result struct {
	Entry   string // "cloudfront" or "api-domain" (direct, skipping CloudFront)
	Path    string
	Hops    []string
	WAF     bool   // passed the distribution's web ACL
	JWT     bool   // passed a JWT-authorized API route
	NoAuth  bool   // passed an API route whose authorization is explicitly NONE
	Service string // namespace/service it reaches ("" when it does not)
	Blocked string // why it stops before the pods ("" when it reaches them)
}

func (r Result) String() string {
	end := "→ " + r.Service
	if r.Service == "" {
		end = "✗ " + r.Blocked
	}
	return fmt.Sprintf("%-11s %-28q %s %s", r.Entry, r.Path, strings.Join(r.Hops, " → "), end)
}

// FunctionResult is what a viewer-request function returned.
type FunctionResult struct {
	StatusCode int                          `json:"statusCode"`
	Headers    map[string]map[string]string `json:"headers"`
	URI        string                       `json:"uri"`
	Error      string                       `json:"error"`
}

// harness runs a cloudfront-js-2.0 viewer-request handler on a list of
// events (the event shape of
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html).
const harness = `const fs = require("fs");
const handler = new Function(fs.readFileSync(process.argv[2], "utf8") + "\nreturn handler;")();
const events = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(events.map(function (ev) {
  try { var r = handler(ev); return r.statusCode ? { statusCode: r.statusCode } : { uri: r.uri, headers: r.headers }; }
  catch (e) { return { error: String(e) }; }
})));
`

// Event is a viewer-request event for uri with the given headers.
func Event(uri string, headers map[string]string) map[string]any {
	h := map[string]any{"host": map[string]string{"value": "shop.example.com"}}
	for k, v := range headers {
		h[strings.ToLower(k)] = map[string]string{"value": v}
	}
	return map[string]any{
		"version": "1.0",
		"context": map[string]any{"eventType": "viewer-request", "distributionId": "EDFDVBD6EXAMPLE", "requestId": "r1"},
		"viewer":  map[string]any{"ip": "198.51.100.7"},
		"request": map[string]any{"method": "GET", "uri": uri, "querystring": map[string]any{}, "headers": h, "cookies": map[string]any{}},
	}
}

// RunFunction runs code (a cloudfront-js-2.0 handler) with node on events.
func RunFunction(code string, events []map[string]any) ([]FunctionResult, error) {
	dir, err := os.MkdirTemp("", "cf-function")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	fn, h := filepath.Join(dir, "function.js"), filepath.Join(dir, "harness.js")
	if err := os.WriteFile(fn, []byte(code), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(h, []byte(harness), 0o600); err != nil {
		return nil, err
	}
	in, err := json.Marshal(events)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", h, fn) //nolint:gosec // our own harness and function code, in a temp directory we created
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node: %w: %s", err, stderr.String())
	}
	var res []FunctionResult
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("node output %q: %w", out, err)
	}
	return res, nil
}

// viewerHeaders are what an attacker sends along: forged trust headers.
func viewerHeaders(e *Edge) map[string]string {
	h := map[string]string{"authorization": "Bearer valid-jwt"}
	for _, r := range e.Routes {
		for k := range r.Params {
			if n, ok := strings.CutPrefix(k, "overwrite:header."); ok {
				h[strings.ToLower(n)] = "forged"
			}
		}
	}
	return h
}

// Walk follows each path from the viewer through CloudFront (entry
// "cloudfront") and straight to the API's custom domain (entry
// "api-domain"), running each behaviour's function once per batch.
func (e *Edge) Walk(paths []string) ([]Result, error) {
	forged := viewerHeaders(e)
	fnOut := map[string]map[string]FunctionResult{} // code -> path -> result
	byCode := map[string][]string{}
	for _, p := range paths {
		if b := e.behaviour(p); b.ViewerRequest != "" {
			byCode[b.ViewerRequest] = append(byCode[b.ViewerRequest], p)
		}
	}
	for code, ps := range byCode {
		var events []map[string]any
		for _, p := range ps {
			events = append(events, Event(p, forged))
		}
		res, err := RunFunction(code, events)
		if err != nil {
			return nil, err
		}
		fnOut[code] = map[string]FunctionResult{}
		for i, p := range ps {
			fnOut[code][p] = res[i]
		}
	}
	var out []Result
	for _, p := range paths {
		out = append(out, e.viaCloudFront(p, forged, fnOut), e.direct(p, forged))
	}
	return out, nil
}

// behaviour is the first behaviour whose pattern matches, in order, the
// default last (CloudFront evaluates ordered behaviours in order).
func (e *Edge) behaviour(path string) Behaviour {
	p, _, _ := strings.Cut(path, "?")
	for _, b := range e.Behaviours {
		if cloudFrontMatches(b.PathPattern, p) {
			return b
		}
	}
	return Behaviour{}
}

func (e *Edge) viaCloudFront(path string, viewer map[string]string, fnOut map[string]map[string]FunctionResult) Result {
	r := Result{Entry: "cloudfront", Path: path, WAF: e.WebACL != "" && e.WebACLScope == "CLOUDFRONT"}
	if r.WAF {
		r.Hops = append(r.Hops, "WAF")
	}
	b := e.behaviour(path)
	r.Hops = append(r.Hops, "behaviour "+b.PathPattern)
	headers := copyHeaders(viewer)
	if b.ViewerRequest != "" {
		f := fnOut[b.ViewerRequest][path]
		switch {
		case f.Error != "":
			r.Blocked = "function error " + f.Error
			return r
		case f.StatusCode != 0:
			r.Blocked = fmt.Sprintf("function %d", f.StatusCode)
			return r
		}
		headers = map[string]string{}
		for k, v := range f.Headers {
			headers[strings.ToLower(k)] = v["value"]
		}
		r.Hops = append(r.Hops, "function")
	}
	o, ok := e.Origins[b.OriginID]
	if !ok {
		r.Blocked = "no origin " + b.OriginID
		return r
	}
	// Origin custom headers replace viewer headers of the same name
	// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html).
	for k, v := range o.Headers {
		headers[k] = v
	}
	r.Hops = append(r.Hops, o.Kind)
	switch o.Kind {
	case "s3":
		r.Blocked = "S3 bucket (static assets, no pods)"
		return r
	case "api":
		return e.api(r, path, headers)
	case "alb-vpc-origin", "alb-public":
		return e.alb(r, path, headers)
	}
	r.Blocked = "unknown origin " + o.DomainName
	return r
}

// direct is a request to the API's custom domain that skipped CloudFront.
func (e *Edge) direct(path string, viewer map[string]string) Result {
	r := Result{Entry: "api-domain", Path: path}
	if e.APIDomain == "" {
		r.Blocked = "no API custom domain"
		return r
	}
	return e.api(r, path, copyHeaders(viewer))
}

// api matches an HTTP API route and applies its integration's request
// parameters (overwrite:header.X sets X; other headers pass through an
// HTTP_PROXY integration:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html).
func (e *Edge) api(r Result, path string, headers map[string]string) Result {
	p, _, _ := strings.Cut(path, "?")
	var best *Route
	for i, rt := range e.Routes {
		if (rt.Method == "ANY" || rt.Method == "GET") && routeMatches(rt.Path, p) {
			if best == nil || specificity(rt.Path) > specificity(best.Path) {
				best = &e.Routes[i]
			}
		}
	}
	if best == nil {
		r.Blocked = "API 404 (no route)"
		return r
	}
	r.Hops = append(r.Hops, "route "+best.Method+" "+best.Path)
	if best.JWT {
		r.JWT = true
		r.Hops = append(r.Hops, "JWT")
	} else {
		r.NoAuth = true
		r.Hops = append(r.Hops, "no auth")
	}
	for k, v := range best.Params {
		if n, ok := strings.CutPrefix(k, "overwrite:header."); ok {
			headers[strings.ToLower(n)] = v
		}
	}
	if !best.ToALB {
		r.Blocked = "integration not to the ALB"
		return r
	}
	r.Hops = append(r.Hops, "VPC link")
	return e.alb(r, path, headers)
}

func specificity(route string) int { return len(route) - 10*strings.Count(route, "{") }

// alb applies the listener rules in priority order (the lowest first; the
// default action last): a rule applies when every condition matches;
// header names and values compare case-insensitively, paths
// case-sensitively
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html,
// .../rule-condition-types.html#http-header-conditions).
func (e *Edge) alb(r Result, path string, headers map[string]string) Result {
	p, _, _ := strings.Cut(path, "?")
	r.Hops = append(r.Hops, "ALB")
	for _, rule := range e.Rules {
		if !rule.matches(p, headers) {
			continue
		}
		if rule.Forward == "" {
			r.Blocked = "ALB " + rule.Status
			return r
		}
		r.Hops = append(r.Hops, fmt.Sprintf("rule %d", rule.Priority))
		svc, ok := e.Services[rule.Forward]
		if !ok {
			r.Blocked = "target group without a binding"
			return r
		}
		r.Hops = append(r.Hops, "TargetGroupBinding")
		r.Service = svc
		return r
	}
	r.Blocked = "ALB no rule"
	return r
}

func (rule Rule) matches(path string, headers map[string]string) bool {
	if len(rule.Paths) > 0 {
		ok := false
		for _, pp := range rule.Paths {
			ok = ok || Glob(pp, path)
		}
		if !ok {
			return false
		}
	}
	for name, values := range rule.Headers {
		v, present := headers[name]
		ok := false
		for _, want := range values {
			ok = ok || present && Glob(strings.ToLower(want), strings.ToLower(v))
		}
		if !ok {
			return false
		}
	}
	return true
}

func copyHeaders(h map[string]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

// RoutePatterns are the path patterns the edge serves: the behaviours',
// the API routes' and the ALB rules'.
func (e *Edge) RoutePatterns() []string {
	set := map[string]bool{}
	for _, b := range e.Behaviours {
		set[b.PathPattern] = true
	}
	for _, r := range e.Routes {
		set[r.Path] = true
	}
	for _, r := range e.Rules {
		for _, p := range r.Paths {
			set[p] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Sample is a concrete path a pattern matches.
func Sample(pattern string) string {
	s := pattern
	if s == "*" {
		s = "/*"
	}
	s = strings.NewReplacer("*", "orders/1", "?", "x").Replace(s)
	for strings.Contains(s, "{") {
		i, j := strings.Index(s, "{"), strings.Index(s, "}")
		if j < i {
			break
		}
		s = s[:i] + "orders/1" + s[j+1:]
	}
	return s
}

// Variants are a path and its case, duplicate-slash, percent-encoded
// (%61, %2F, %5C, double-encoded) and dot-segment variants.
func Variants(path string) []string {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	first, rest := segs[0], strings.Join(segs[1:], "/")
	out := []string{path, strings.ToUpper(path), "/" + path, strings.Replace(path, "/", "//", 2)}
	if first != "" {
		c := first[0]
		out = append(out,
			"/"+strings.ToUpper(first[:1])+first[1:]+"/"+rest,
			fmt.Sprintf("/%%%02x%s/%s", c, first[1:], rest),
			fmt.Sprintf("/%%25%02x%s/%s", c, first[1:], rest),
			"/"+first,
			"/"+first+"%2F"+rest, "/"+first+"%2f"+rest, "/"+first+"%5C"+rest, "/"+first+"\\"+rest,
			"/x/../"+first+"/"+rest, "/./"+first+"/"+rest, "/"+first+";x/"+rest,
		)
	}
	seen, uniq := map[string]bool{}, []string(nil)
	for _, v := range out {
		if !seen[v] {
			seen[v], uniq = true, append(uniq, v)
		}
	}
	return uniq
}

// Canonical is the path a lenient server could take a raw path for: fully
// percent-decoded, backslashes as slashes, duplicate slashes collapsed,
// ";parameters" and dot segments removed, lower case. A second reading,
// in Go, independent of the function's JavaScript.
func Canonical(raw string) string {
	p := raw
	for range 8 {
		d, err := url.PathUnescape(p)
		if err != nil || d == p {
			break
		}
		p = d
	}
	var out []string
	for _, s := range strings.Split(strings.ReplaceAll(p, "\\", "/"), "/") {
		s, _, _ = strings.Cut(s, ";")
		switch s {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	return strings.ToLower("/" + strings.Join(out, "/"))
}

// APIPrefix is the prefix of the behaviour whose origin is the API
// ("/api/" for "/api/*"), lower case; "" without one.
func (e *Edge) APIPrefix() string {
	for _, b := range e.Behaviours {
		if e.Origins[b.OriginID].Kind == "api" {
			return strings.ToLower(strings.TrimSuffix(b.PathPattern, "*"))
		}
	}
	return ""
}
