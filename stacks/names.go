package stacks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/internal/catalog"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Limits across components: a value one component accepts but a name
// another builds from it cannot carry is refused here, when the config is
// loaded, naming the key and the limit, rather than when the second
// component registers (or AWS refuses the name halfway through a
// deployment). Names that may be shortened are (catalog.Fit); these are
// the ones that may not: identifiers people and alarms refer to, DNS
// names, and prefixes AWS reserves.

// cacheSuffix ends the replication group id <project>-<stack>-cache.
const cacheSuffix = "-cache"

// MaxNamePrefix is the longest "<project>-<stack>": the cache replication
// group id <prefix>-cache takes 40 characters (catalog).
var MaxNamePrefix = catalog.ElastiCacheReplicationGroupID.Max - len(cacheSuffix)

// projectPattern: the project starts every physical name, and S3, RDS and
// ElastiCache take lower-case letters, digits and hyphens only.
var projectPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// validateNames checks the names built from the project, the stack, the
// service names and the domain.
func (c *Config) validateNames(p *validate.Problems) {
	c.validatePrefix(p)
	c.validateServiceNames(p)
	c.validateHosts(p)
}

// validatePrefix checks "<project>-<stack>", which starts every name.
func (c *Config) validatePrefix(p *validate.Problems) {
	prefix := c.Name()
	if !projectPattern.MatchString(c.Project) || strings.Contains(c.Project, "--") {
		p.Addf("project", "name %q must be lower-case letters, digits and single hyphens, starting with a letter: it starts every resource name, and S3 buckets, RDS and ElastiCache identifiers take no other", c.Project)
	}
	if strings.Contains(c.Stack, "--") {
		p.Addf("stack", "name %q must not contain \"--\": it is part of RDS and ElastiCache identifiers, which refuse consecutive hyphens", c.Stack)
	}
	if len(prefix) > MaxNamePrefix {
		p.Addf("stack", "%q (<project>-<stack>) is %d characters, at most %d: it starts the cache replication group id %s%s, which ElastiCache limits to %d",
			prefix, len(prefix), MaxNamePrefix, prefix, cacheSuffix, catalog.ElastiCacheReplicationGroupID.Max)
	}
	reserved := append(append([]string{}, catalog.S3ReservedPrefixes...), catalog.ELBReservedPrefix)
	for _, r := range reserved {
		if !strings.HasPrefix(prefix+"-", r) {
			continue
		}
		key := "project"
		if !strings.HasPrefix(c.Project+"-", r) {
			key = "stack" // the stack completes the reserved prefix
		}
		p.Addf(key, "%q (<project>-<stack>) begins with %q, which AWS reserves (S3 bucket names: %s; load balancer names: %s)",
			prefix, r, strings.Join(catalog.S3ReservedPrefixes, ", "), catalog.ELBReservedPrefix)
	}
}

// validateServiceNames checks the service names against the monitoring
// tier, which names an alarm after each (the workload takes longer ones).
func (c *Config) validateServiceNames(p *validate.Problems) {
	var q validate.Problems
	for _, s := range c.Compute.Workload.Services {
		if len(s.Name) > monitoring.MaxKeyLen {
			q.Addf(fmt.Sprintf("Services[%s].Name", s.Name), "must be at most %d characters: the monitoring tier names the alarms %s-monitoring-running-pods-<service> and -unhealthy-hosts-<service> after it, got %d",
				monitoring.MaxKeyLen, c.Name(), len(s.Name))
		}
	}
	p.MergeNew(c.rename(&c.Compute.Workload, q.Err()))
}

// validateHosts checks the DNS names the stack serves and derives from
// domainName: each at most 253 characters with room for its certificate's
// DNS validation record (ACM puts a 34-character label in front), each
// label at most 63.
func (c *Config) validateHosts(p *validate.Problems) {
	if c.DomainName == "" {
		return // reported as required
	}
	for _, h := range c.hosts() {
		if len(h.name) > catalog.DNSName.Max {
			p.Addf(c.key(&c.DomainName), "the %s %s is %d characters; DNS names are at most %d (RFC 1035)", h.what, h.name, len(h.name), catalog.DNSName.Max)
			continue
		}
		if n := len(h.name) + catalog.ACMValidationLabel.Max; n > catalog.DNSName.Max {
			p.Addf(c.key(&c.DomainName), "the %s %s is %d characters; its certificate's DNS validation record (_<32 hex>.%s) would be %d, over the %d of a DNS name", h.what, h.name, len(h.name), h.name, n, catalog.DNSName.Max)
			continue
		}
		for _, label := range strings.Split(h.name, ".") {
			if len(label) > catalog.DNSLabel.Max {
				p.Addf(c.key(&c.DomainName), "the %s %s has the label %q of %d characters; DNS labels are at most %d (RFC 1035)", h.what, h.name, label, len(label), catalog.DNSLabel.Max)
			}
		}
	}
}

type host struct{ what, name string }

// hosts are the DNS names built from domainName, as the components build
// them.
func (c *Config) hosts() []host {
	api := c.Edge.API
	defaults.Set(&api.NamePrefix, c.apiName())
	api.DomainName = c.DomainName
	lb := c.Compute.LoadBalancer
	lb.DomainName = c.DomainName
	return []host{
		{"domain", c.DomainName},
		{"load balancer origin", lb.OriginDomainName()},
		{"API custom domain", api.CustomDomainName()},
	}
}
