// Package cost estimates what a stack costs per month: it prices every
// billable resource of the offline plan's graph at the stack's configured
// capacity and usage assumptions (stacks.CostUsage), from a dated table of
// AWS list prices (prices.json) in which every price cites its source. It
// also ranks the cost drivers, checks the stack's monthly budget and lists
// the changes that would cut the bill, without making them.
package cost

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

//go:embed prices.json
var pricesJSON []byte

// AnyRegion is the region of a price AWS publishes as the same everywhere.
const AnyRegion = "*"

// Price is one entry of the price table.
type Price struct {
	Meter  string  `json:"meter"`  // what is metered: "vpc.nat-gateway", "ec2.instance:m6i.large"
	Region string  `json:"region"` // AWS region, or AnyRegion
	USD    float64 `json:"usd"`    // per Unit
	Unit   string  `json:"unit"`
	VCPU   int     `json:"vcpu,omitempty"` // instances: vCPUs (GuardDuty runtime monitoring bills per vCPU)
	// Free is the account's always-free quantity per month (FreeTierSource).
	Free   float64 `json:"free,omitempty"`
	Offer  string  `json:"offer"`  // Price List API service code
	Source string  `json:"source"` // the AWS pricing page the price is read from
}

// Table is the dated price table.
type Table struct {
	Date          string  `json:"date"`
	Currency      string  `json:"currency"`
	HoursPerMonth float64 `json:"hoursPerMonth"`
	About         string  `json:"about"`
	// FreeTierSource is the page the always-free quantities are read from.
	FreeTierSource string  `json:"freeTierSource"`
	Prices         []Price `json:"prices"`

	index map[string]Price
}

// Prices returns the embedded price table, checked.
func Prices() (*Table, error) { return ParseTable(pricesJSON) }

// ParseTable decodes and checks a price table: a date, a currency and
// hours per month; every entry with a meter, a region, a price of 0 or
// more, a unit, an offer code and an https source on aws.amazon.com; no
// meter twice in one region.
func ParseTable(b []byte) (*Table, error) {
	var t Table
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("price table: %w", err)
	}
	var problems []string
	if len(t.Date) != len("2006-01-02") || t.Currency != "USD" || t.HoursPerMonth <= 0 {
		problems = append(problems, "needs a date (YYYY-MM-DD), currency USD and hoursPerMonth")
	}
	t.index = map[string]Price{}
	for i, p := range t.Prices {
		at := fmt.Sprintf("prices[%d] %s@%s", i, p.Meter, p.Region)
		u, err := url.Parse(p.Source)
		switch {
		case p.Meter == "" || p.Region == "" || p.Unit == "" || p.Offer == "":
			problems = append(problems, at+": needs meter, region, unit and offer")
		case p.USD < 0:
			problems = append(problems, at+": negative price")
		case err != nil || u.Scheme != "https" || u.Host != "aws.amazon.com":
			problems = append(problems, at+": source must be an https page on aws.amazon.com, got "+p.Source)
		}
		k := key(p.Meter, p.Region)
		if _, dup := t.index[k]; dup {
			problems = append(problems, at+": listed twice")
		}
		t.index[k] = p
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("price table: %s", strings.Join(problems, "; "))
	}
	return &t, nil
}

func key(meter, region string) string { return meter + "@" + region }

// Lookup finds the price of meter in region, or the one that holds in
// every region.
func (t *Table) Lookup(meter, region string) (Price, bool) {
	if p, ok := t.index[key(meter, region)]; ok {
		return p, true
	}
	p, ok := t.index[key(meter, AnyRegion)]
	return p, ok
}

// Sources lists the distinct source pages of the table, sorted.
func (t *Table) Sources() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range t.Prices {
		if !seen[p.Source] {
			seen[p.Source] = true
			out = append(out, p.Source)
		}
	}
	sort.Strings(out)
	return out
}
