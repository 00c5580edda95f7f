package stacks

import (
	"regexp"
	"slices"

	"github.com/webplatform-dev/webplatform/components/network"
	"github.com/webplatform-dev/webplatform/internal/release"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

var (
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	zonePattern   = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	stackPattern  = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$`)
)

// reservedTags are set by the program; extraTags may not override them.
var reservedTags = []string{"project", "environment", "owner", "stack", "managed-by", "component", "cost-center", release.Tag, "Name"}

// validate checks the whole config: the stack-level settings, each
// component's arguments (reported under the config keys that set them) and
// the environment's policies.
func (c *Config) validate() error {
	var p validate.Problems
	key := func(k string) string { return c.Project + ":" + k }

	if !stackPattern.MatchString(c.Stack) {
		p.Addf("stack", "name %q must be a lower-case DNS label of at most 20 characters (it prefixes every resource name), such as prod or prod-dr", c.Stack)
	}
	if c.Environment == "" {
		p.Addf(key("environment"), "is required: one of %v", Environments)
	} else {
		p.OneOf(key("environment"), string(c.Environment), Environments)
	}
	p.Required(key("owner"), c.Owner)
	switch {
	case c.Region == "":
		p.Addf("aws:region", "is required (for example eu-west-1)")
	case !regionPattern.MatchString(c.Region):
		p.Addf("aws:region", "must be an AWS region such as eu-west-1, got %q", c.Region)
	}
	switch {
	case c.DRRegion == "":
		p.Addf(key("drRegion"), "is required: the region that holds backups and replicas (for example eu-central-1)")
	case !regionPattern.MatchString(c.DRRegion):
		p.Addf(key("drRegion"), "must be an AWS region such as eu-central-1, got %q", c.DRRegion)
	case c.DRRegion == c.Region:
		p.Addf(key("drRegion"), "must differ from aws:region (%s): a copy in the same region does not survive its loss", c.Region)
	}
	switch {
	case c.DomainName == "":
		p.Addf(key("domainName"), "is required: the public DNS name of the environment (for example dev.shop.example.com); TLS to the load balancer needs a certificate for it")
	case !domainPattern.MatchString(c.DomainName):
		p.Addf(key("domainName"), "must be a lower-case DNS name such as shop.example.com, got %q", c.DomainName)
	}
	switch {
	case c.HostedZoneID == "":
		p.Addf(key("hostedZoneId"), "is required: the Route 53 public hosted zone that holds %s (for example Z0123456789ABCDEFGHIJ)", c.DomainName)
	case !zonePattern.MatchString(c.HostedZoneID):
		p.Addf(key("hostedZoneId"), "must be a Route 53 zone id such as Z0123456789ABCDEFGHIJ, got %q", c.HostedZoneID)
	}
	for k, v := range c.ExtraTags {
		switch {
		case slices.Contains(reservedTags, k):
			p.Addf(key("extraTags"), "may not set %q: the program sets it (reserved: %v)", k, reservedTags)
		case len(k) == 0 || len(k) > 128 || len(v) > 256:
			p.Addf(key("extraTags"), "tag %q: keys must be 1-128 characters and values at most 256", k)
		}
	}

	net := c.Network.WithDefaults()
	p.Merge("", c.rename(&c.Network, net.Validate()))

	if c.Environment == Prod && !c.AllowReducedHA {
		if net.AZCount < 3 {
			p.Addf(c.key(&c.Network.AZCount), "prod needs at least 3 AZs to survive the loss of one, got %d (set %s: true to accept less)", net.AZCount, c.key(&c.AllowReducedHA))
		}
		if net.NatStrategy != network.NatPerAZ {
			p.Addf(c.key(&c.Network.NatStrategy), "prod needs %q so egress survives an AZ loss, got %q (set %s: true to accept less)", network.NatPerAZ, net.NatStrategy, c.key(&c.AllowReducedHA))
		}
	}
	c.validateData(&p)
	c.validateCompute(&p)
	c.validateEdge(&p)
	c.validateOps(&p)
	c.validateIAM(&p)
	c.validateRegions(&p)
	c.validateNames(&p)
	p.Merge("", c.validateCost())
	return p.Err()
}
