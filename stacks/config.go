// Package stacks turns a stack's configuration into one environment of the
// web platform: it loads and validates the typed config, then composes the
// components. Run is the Pulumi program; main.go only calls pulumi.Run(Run).
package stacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/internal/iamguard"
	"github.com/webplatform-dev/webplatform/internal/release"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Config is the typed configuration of one stack.
type Config struct {
	Project     string
	Stack       string
	Environment Environment
	Region      string
	DRRegion    string
	Owner       string
	CostCenter  string
	ExtraTags   map[string]string
	// AllowReducedHA waives the prod rules (3+ AZs, one NAT per AZ).
	AllowReducedHA bool
	// DomainName is the environment's public DNS name (the CDN serves it;
	// the load balancer gets a certificate for origin.<domain>).
	DomainName string
	// HostedZoneID is the public Route 53 zone that holds DomainName and
	// the certificate validation records.
	HostedZoneID string

	Network network.Settings
	Data    DataConfig
	Compute ComputeConfig
	Edge    EdgeConfig
	Ops     OpsConfig
	// Cost is what the offline plan's cost estimate assumes and checks
	// (stacks/cost.go).
	Cost CostConfig
	// IAM names the break-glass and deploy roles and the permissions
	// boundary (stacks/iam.go).
	IAM iamguard.Settings
	// Release is what this run deploys (stacks/release.go); Deploy fills it
	// from the deploy job's environment or the previous deployment.
	Release release.Release

	keys *keyRecord // which config key filled which field (the loader writes it)
}

// key names the config key that filled *field (a pointer into c), for the
// message of a problem with that field.
func (c *Config) key(field any) string { return c.keys.key(field) }

// rename names each problem of a component's settings (scope: a pointer to
// them in c) by the config key that filled the field at fault.
func (c *Config) rename(scope any, err error) error { return c.keys.Rename(scope, err) }

// Name is the prefix of every component name: "<project>-<stack>". It
// follows the stack, not the environment, so that a second stack of one
// environment (prod-dr, restored in the DR region) gets names of its own.
func (c *Config) Name() string { return c.Project + "-" + c.Stack }

// Tags are the tags every taggable resource carries.
func (c *Config) Tags() map[string]string {
	t := map[string]string{}
	for k, v := range c.ExtraTags {
		t[k] = v
	}
	t["project"] = c.Project
	t["environment"] = string(c.Environment)
	t["owner"] = c.Owner
	t["stack"] = c.Stack
	t["managed-by"] = "pulumi"
	if c.CostCenter != "" {
		t["cost-center"] = c.CostCenter
	}
	if c.Release.Version != "" {
		t[release.Tag] = c.Release.Version
	}
	return t
}

// setTags gives every component the stack's Tags. Load calls it, and
// applyRelease again once the release (one of the tags) is known.
func (c *Config) setTags() {
	t := c.Tags
	c.Network.Tags = t()
	c.Compute.Cluster.Tags, c.Compute.Workload.Tags, c.Compute.LoadBalancer.Tags = t(), t(), t()
	c.Data.Database.Tags, c.Data.Cache.Tags, c.Data.Storage.Tags = t(), t(), t()
	c.Edge.WAF.Tags, c.Edge.CDN.Tags, c.Edge.API.Tags = t(), t(), t()
	c.Ops.Backup.Tags, c.Ops.Monitoring.Tags = t(), t()
}

// loader reads config keys, recording every unreadable value as a problem
// instead of stopping at the first, and, in keys, which field of Config
// each key fills: every method takes the fields (pointers into Config) the
// value goes to.
type loader struct {
	cfg      *config.Config
	ns       string
	problems *validate.Problems
	keys     *keyRecord
	seen     map[string]bool // keys read, to find the ones nobody reads
}

// record notes that key k fills the fields dst (pointers into Config), for
// a value the caller converts or stores itself.
func (l *loader) record(k string, dst ...any) { l.keys.fill(l.key(k), dst...) }

// set stores v in each of dst and records them as filled by k.
func set[T any](l *loader, k string, v T, dst []*T) T {
	for _, d := range dst {
		*d = v
		l.record(k, d)
	}
	return v
}

// raw reads a key's text and marks it as a key the program knows.
func (l *loader) raw(k string) (string, error) {
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[k] = true
	return l.cfg.Try(k)
}

// unknown records every key of the project namespace in the engine's config
// that the program never read. The Pulumi CLI (v3.259.0) checks declared
// keys only and passes a misspelt one through, where it would be ignored.
// engineConfig is the JSON map the language host hands the program in
// PULUMI_CONFIG ("" outside the engine, where stackconfig.Load checks).
func (l *loader) unknown(engineConfig string) {
	var all map[string]any
	if engineConfig == "" || json.Unmarshal([]byte(engineConfig), &all) != nil {
		return
	}
	for full := range all {
		ns, k, _ := strings.Cut(full, ":")
		k = strings.TrimPrefix(k, "config:") // the older "ns:config:key" form
		if ns == l.ns && !l.seen[k] {
			l.problems.Addf(l.key(k), "is not a key of this program (misspelt?); the keys are declared in Pulumi.yaml and listed in docs/CONFIGURATION.md")
		}
	}
}

func (l *loader) key(k string) string { return l.ns + ":" + k }

// missing records a key that the config does not hold. Under the Pulumi
// CLI this cannot happen for a key with a default in Pulumi.yaml (the
// engine applies it) nor for one without (the engine refuses the stack), so
// it only catches a program run with a hand-made config map.
func (l *loader) missing(k string) {
	l.problems.Addf(l.key(k), "is not set: the Pulumi CLI applies its default from Pulumi.yaml; without the CLI load the stack with tooling/stackconfig")
}

// str reads a string into dst; "" when unset (validation reports the
// required ones).
func (l *loader) str(k string, dst ...*string) string {
	v, err := l.raw(k)
	if err != nil {
		v = ""
	}
	return set(l, k, v, dst)
}

// count reads a positive integer into dst.
func (l *loader) count(k string, dst ...*int) int {
	return set(l, k, l.intAtLeast(k, 1, "a positive integer"), dst)
}

// nonNegative reads an integer where 0 means "off" into dst.
func (l *loader) nonNegative(k string, dst ...*int) int {
	return set(l, k, l.intAtLeast(k, 0, "0 (off) or a positive integer"), dst)
}

// intAtLeast reads an integer of at least lo; want describes the allowed
// values in the problem it records otherwise.
func (l *loader) intAtLeast(k string, lo int, want string) int {
	if _, err := l.raw(k); err != nil {
		l.missing(k)
		return 0
	}
	v, err := l.cfg.TryInt(k)
	if err != nil || v < lo {
		l.problems.Addf(l.key(k), "must be %s, got %q", want, l.str(k))
		return 0
	}
	return v
}

// float reads a decimal number (a string key, as YAML numbers lose their
// spelling) into dst; want describes it in the problem reported when it
// does not parse. An unset key leaves dst alone.
func (l *loader) float(k, want string, dst *float64) {
	if raw := l.str(k); raw != "" {
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			l.problems.Addf(l.key(k), "must be %s, got %q", want, raw)
		}
		*dst = v
	}
	l.record(k, dst)
}

// bool reads true or false into dst.
func (l *loader) bool(k string, dst ...*bool) bool {
	if _, err := l.raw(k); err != nil {
		l.missing(k)
		return set(l, k, false, dst)
	}
	v, err := l.cfg.TryBool(k)
	if err != nil {
		l.problems.Addf(l.key(k), "must be true or false, got %q", l.str(k))
		v = false
	}
	return set(l, k, v, dst)
}

// object decodes a JSON value (a YAML list or map in the stack file) into
// out, a field of Config.
func (l *loader) object(k string, out any) {
	l.record(k, out)
	raw, err := l.raw(k)
	if err != nil {
		return
	}
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		l.problems.Addf(l.key(k), "must be a %s, got %q", kindOf(out), raw)
	}
}

// strict decodes a JSON value rejecting unknown fields, so a misspelt
// field is an error rather than a silent default. It reports whether the
// value (if set) decoded; want describes the expected shape.
func (l *loader) strict(k string, out any, want string) bool {
	l.record(k, out)
	raw, err := l.raw(k)
	if err != nil {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		l.problems.Addf(l.key(k), "must be %s: %v", want, err)
		return false
	}
	return true
}

func kindOf(v any) string {
	switch v.(type) {
	case *[]string:
		return "list of strings"
	case *map[string]string:
		return "map of strings to strings"
	}
	return fmt.Sprintf("%T", v)
}

// Load reads the stack's config and validates it. The error lists every
// problem, each naming the config key and what it allows.
func Load(ctx *pulumi.Context) (*Config, error) {
	var problems validate.Problems
	ns := ctx.Project()
	c := &Config{Project: ns, Stack: ctx.Stack()}
	c.keys = newKeyRecord(c)
	l := &loader{cfg: config.New(ctx, ""), ns: ns, problems: &problems, keys: c.keys}
	aws := &loader{cfg: config.New(ctx, "aws"), ns: "aws", problems: &problems, keys: c.keys}

	l.str("environment", (*string)(&c.Environment))
	aws.str("region", &c.Region)
	l.str("drRegion", &c.DRRegion)
	l.str("owner", &c.Owner)
	l.str("costCenter", &c.CostCenter)
	l.object("extraTags", &c.ExtraTags)
	l.bool("allowReducedHa", &c.AllowReducedHA)
	l.str("domainName", &c.DomainName)
	l.str("hostedZoneId", &c.HostedZoneID)
	c.loadNetwork(l)

	c.loadData(l)
	c.loadCompute(l)
	c.loadEdge(l)
	c.loadOps(l)
	c.loadIAM(l)
	c.loadCost(l)
	l.unknown(os.Getenv(pulumi.EnvConfig))
	c.setTags()

	problems.Merge("", c.validate())
	if err := problems.Err(); err != nil {
		return nil, &ConfigError{Stack: c.Stack, Err: err}
	}
	return c, nil
}

// loadNetwork reads the network's config keys.
func (c *Config) loadNetwork(l *loader) {
	n := &c.Network
	l.str("vpcCidr", &n.Cidr)
	l.count("azCount", &n.AZCount)
	l.str("natStrategy", (*string)(&n.NatStrategy))
	l.count("publicSubnetPrefix", &n.PublicSubnetPrefix)
	l.count("privateSubnetPrefix", &n.PrivateSubnetPrefix)
	l.count("isolatedSubnetPrefix", &n.IsolatedSubnetPrefix)
	l.count("flowLogRetentionDays", &n.FlowLogRetentionDays)
	l.object("interfaceEndpoints", &n.InterfaceEndpoints)
}

// ConfigError is returned by Load: every problem of the stack's config.
type ConfigError struct {
	Stack string
	Err   error
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("stack %q: invalid configuration (%d problems):\n%v", e.Stack, len(validate.Fields(e.Err)), e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// IsConfigError reports whether err is (or wraps) a ConfigError.
func IsConfigError(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}
