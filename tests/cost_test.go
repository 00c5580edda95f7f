package tests

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/cost"
	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
	"github.com/webplatform-dev/webplatform/tooling/plan"
	"github.com/webplatform-dev/webplatform/tooling/stackconfig"
)

// planStack runs the offline plan of a stack file with edits.
func planStack(t *testing.T, name string, edits ...func(*stackconfig.Stack)) *plan.Result {
	t.Helper()
	s := harness.LoadStack(t, name)
	for _, e := range edits {
		e(s)
	}
	r, err := plan.Run(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCostPricesEveryBillableResource: every resource every stack creates
// (and the variants that add types: readers that autoscale, security
// monitoring outside prod) is priced or declared free, and every meter it
// needs has a price in the region it lands in. Catches: a new resource
// type, instance class or region without a price.
func TestCostPricesEveryBillableResource(t *testing.T) {
	runs := map[string]*plan.Result{}
	for _, name := range harness.Stacks(t) {
		runs[name] = planStack(t, name)
	}
	runs["staging+readers+security"] = planStack(t, "staging", set("dbMaxReaders", "3"), set("securityMonitoring", "true"))
	types := map[string]bool{}
	for name, r := range runs {
		for _, m := range r.Cost.Missing {
			t.Errorf("%s: %s", name, m)
		}
		if r.Cost.Total() <= 0 {
			t.Errorf("%s: estimate is $%.2f", name, r.Cost.Total())
		}
		for _, res := range r.Graph.All() {
			types[res.Type] = true
		}
	}
	for _, want := range []string{"aws:appautoscaling/policy:Policy", "aws:guardduty/detector:Detector", "aws:cloudtrail/trail:Trail"} {
		if !types[want] {
			t.Errorf("no run creates %s: the variants above no longer cover it", want)
		}
	}
}

// TestCostReportsWhatItCannotPrice: a resource type the cost model does
// not know, and a meter the table lacks in the resource's region, leave
// the estimate incomplete, named, and fail a budget check. Catches: a
// coverage check that passes everything.
func TestCostReportsWhatItCannotPrice(t *testing.T) {
	r := planStack(t, "dev")
	in := cost.InputsOf(r.Platform.Config)
	rs := append([]*mockgraph.Resource(nil), r.Graph.All()...)
	rs = append(rs, &mockgraph.Resource{URN: "urn:pulumi:dev::webplatform::aws:ec2/instance:Instance::bastion", Type: "aws:ec2/instance:Instance", Name: "bastion", Custom: true})
	table, err := cost.Prices()
	if err != nil {
		t.Fatal(err)
	}
	e := cost.RunWith(table, mockgraph.FromResources(rs), in)
	if len(e.Missing) != 1 || !strings.Contains(e.Missing[0], "aws:ec2/instance:Instance (bastion) has no price rule") {
		t.Errorf("Missing = %q, want the unknown type named", e.Missing)
	}
	if err := e.CheckBudget(); err == nil || !strings.Contains(err.Error(), "estimate is incomplete") {
		t.Errorf("CheckBudget of an incomplete estimate = %v, want it refused", err)
	}

	var raw map[string]any
	if err := json.Unmarshal(mustPricesJSON(t), &raw); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, p := range raw["prices"].([]any) {
		if p.(map[string]any)["meter"] != "vpc.nat-gateway" {
			kept = append(kept, p)
		}
	}
	raw["prices"] = kept
	b, _ := json.Marshal(raw)
	less, err := cost.ParseTable(b)
	if err != nil {
		t.Fatal(err)
	}
	e = cost.RunWith(less, r.Graph, in)
	if len(e.Missing) == 0 || !strings.Contains(strings.Join(e.Missing, "\n"), "no price for vpc.nat-gateway in eu-west-1") {
		t.Errorf("Missing = %q, want the NAT gateway's meter named with its region", e.Missing)
	}
}

func mustPricesJSON(t *testing.T) []byte {
	t.Helper()
	table, err := cost.Prices()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(table)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCostPriceTableCitesItsSources: the table is dated, every price cites
// an AWS pricing page and a Price List service code, and a table that
// lacks either, lists a meter twice or prices below zero is refused.
func TestCostPriceTableCitesItsSources(t *testing.T) {
	table, err := cost.Prices()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("price table of %s: %d prices from %d pages", table.Date, len(table.Prices), len(table.Sources()))
	if len(table.Prices) < 50 {
		t.Errorf("%d prices, want the whole table", len(table.Prices))
	}
	entry := func(over string) []byte {
		return []byte(`{"date":"2026-12-03","currency":"USD","hoursPerMonth":730,"about":"x","prices":[` + over + `]}`)
	}
	good := `{"meter":"eks.cluster","region":"*","usd":0.1,"unit":"hour","offer":"AmazonEKS","source":"https://aws.amazon.com/eks/pricing/"}`
	if _, err := cost.ParseTable(entry(good)); err != nil {
		t.Fatalf("a good table is refused: %v", err)
	}
	for name, bad := range map[string]string{
		"no source":     strings.Replace(good, `"https://aws.amazon.com/eks/pricing/"`, `""`, 1),
		"not AWS":       strings.Replace(good, "aws.amazon.com", "example.com", 1),
		"negative":      strings.Replace(good, "0.1", "-0.1", 1),
		"no offer":      strings.Replace(good, `"AmazonEKS"`, `""`, 1),
		"listed twice":  good + "," + good,
		"unknown field": strings.Replace(good, `"unit"`, `"per"`, 1),
	} {
		if _, err := cost.ParseTable(entry(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestCostStacksFitTheirBudgets: every stack file sets a monthly budget
// and its estimate fits it. Catches: a config change that makes a stack
// cost more than its owner agreed to.
func TestCostStacksFitTheirBudgets(t *testing.T) {
	for _, name := range harness.Stacks(t) {
		r := planStack(t, name)
		t.Logf("%s: $%.2f of $%d", name, r.Cost.Total(), r.Cost.Inputs.BudgetUSD)
		if r.Cost.Inputs.BudgetUSD == 0 {
			t.Errorf("%s: no monthlyBudgetUsd in Pulumi.%s.yaml", name, name)
		}
		if err := r.Cost.CheckBudget(); err != nil {
			t.Error(err)
		}
	}
}

// TestCostOverBudgetFailsNamingTheDrivers: a budget below the estimate
// fails the plan's check, with the amount over and the five largest
// drivers. Catches: a budget that is read but never compared.
func TestCostOverBudgetFailsNamingTheDrivers(t *testing.T) {
	r := planStack(t, "dev", set("monthlyBudgetUsd", "100"))
	err := r.Cost.CheckBudget()
	if err == nil {
		t.Fatalf("dev at $%.2f passes a $100 budget", r.Cost.Total())
	}
	msg := err.Error()
	if !strings.Contains(msg, "exceeds the monthly budget of $100 (monthlyBudgetUsd)") {
		t.Errorf("message does not name the budget: %s", msg)
	}
	drivers := r.Cost.Drivers(cost.TopDrivers)
	if len(drivers) != cost.TopDrivers {
		t.Fatalf("%d drivers", len(drivers))
	}
	for i, d := range drivers {
		if !strings.Contains(msg, fmt.Sprintf("%d. %s $%.2f", i+1, d.Name, d.MonthlyUSD)) {
			t.Errorf("message does not name driver %d (%s): %s", i+1, d.Name, msg)
		}
		if i > 0 && d.MonthlyUSD > drivers[i-1].MonthlyUSD {
			t.Errorf("drivers out of order: %v", drivers)
		}
	}
	if r := planStack(t, "dev", set("monthlyBudgetUsd", "100000")); r.Cost.CheckBudget() != nil {
		t.Errorf("a budget above the estimate fails: %v", r.Cost.CheckBudget())
	}
}

// TestCostFollowsTheConfiguredCapacity: the estimate moves by the priced
// amount when the capacity the config sets moves (the path from a config
// key through the resources to the bill). Catches: prices read from
// defaults rather than the resources the stack creates.
func TestCostFollowsTheConfiguredCapacity(t *testing.T) {
	table, err := cost.Prices()
	if err != nil {
		t.Fatal(err)
	}
	price := func(meter string) float64 {
		p, ok := table.Lookup(meter, "eu-west-1")
		if !ok {
			t.Fatalf("no price for %s", meter)
		}
		return p.USD
	}
	h := table.HoursPerMonth
	base := planStack(t, "staging")
	single := planStack(t, "staging", set("natStrategy", "single"))
	// Two NAT gateways and their public IPv4 addresses fewer; the NAT data
	// is the same, over one gateway.
	sum := func(r *plan.Result, types ...string) float64 {
		total := 0.0
		for _, l := range r.Cost.Lines {
			for _, typ := range types {
				if l.Type == typ {
					total += l.MonthlyUSD
				}
			}
		}
		return total
	}
	natTypes := []string{"aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"}
	want := 2 * h * (price("vpc.nat-gateway") + price("ec2.public-ipv4"))
	if got := sum(base, natTypes...) - sum(single, natTypes...); math.Abs(got-want) > 0.01 {
		t.Errorf("natStrategy single saves $%.2f on NAT, want $%.2f", got, want)
	}
	if got := base.Cost.Total() - single.Cost.Total(); got < want {
		t.Errorf("natStrategy single saves $%.2f in all, less than the $%.2f of its gateways", got, want)
	}
	spot := planStack(t, "staging", set("nodeCapacityType", "SPOT"))
	nodes := 3 * h * price("ec2.instance:m6i.large")
	if got, want := base.Cost.Total()-spot.Cost.Total(), nodes*0.6; math.Abs(got-want) > 0.01 {
		t.Errorf("spot nodes save $%.2f, want $%.2f (60%% of $%.2f)", got, want, nodes)
	}
	// A regional web ACL is billed for the requests of what it is
	// associated with: the user pool's sign-ins.
	auth := planStack(t, "staging", set("costAssumptions", `{"authRequestsMillions": 10.3}`))
	for _, l := range auth.Cost.Lines {
		if l.Item == "WAF requests" && l.Component == "waf/users-waf" && l.Quantity != 10.3 {
			t.Errorf("user pool WAF priced for %g million requests, want authRequestsMillions 10.3", l.Quantity)
		}
	}
}

// TestCostAdviceNATBreakEven: the NAT vs interface endpoint advice turns
// at the break-even traffic it states. Catches: advice that ignores the
// configured traffic.
func TestCostAdviceNATBreakEven(t *testing.T) {
	find := func(r *plan.Result) cost.Advice {
		for _, a := range r.Cost.Advice {
			if strings.Contains(a.Title, "NAT") && strings.Contains(a.Title, "endpoints") {
				return a
			}
		}
		t.Fatalf("no NAT advice in %v", r.Cost.Advice)
		return cost.Advice{}
	}
	low := find(planStack(t, "dev", set("costAssumptions", `{"awsServiceDataGb": 10}`)))
	var breakEven float64
	if _, err := fmt.Sscanf(low.Detail[strings.Index(low.Detail, "pay off above ")+len("pay off above "):], "%g", &breakEven); err != nil || breakEven <= 0 {
		t.Fatalf("no break-even in %q", low.Detail)
	}
	if low.SavingsUSD != 0 || !strings.Contains(low.Title, "keep") {
		t.Errorf("below break-even (10 GB of %.0f): %+v, want keep as configured", breakEven, low)
	}
	above := breakEven * 2
	high := find(planStack(t, "dev", set("costAssumptions", fmt.Sprintf(`{"awsServiceDataGb": %.0f}`, above))))
	if !strings.Contains(high.Title, "interface endpoints instead of NAT") || high.SavingsUSD <= 0 {
		t.Errorf("at twice the break-even: %+v, want endpoints advised with a saving", high)
	}
}

// TestCostAssumptionsAreValidated: costAssumptions and monthlyBudgetUsd
// refuse what is not a month's usage, naming the key and field.
func TestCostAssumptionsAreValidated(t *testing.T) {
	for _, c := range []struct {
		value, key string
		want       string
	}{
		{`{"natDataGb": -5}`, "costAssumptions", "webplatform:costAssumptions.natDataGb: must be a number from 0 to 1e12, got -5"},
		{`{"natData": 5}`, "costAssumptions", "unknown field"},
		{`{"spotDiscountPercent": 100}`, "costAssumptions", "webplatform:costAssumptions.spotDiscountPercent: must be below 100"},
		{"-1", "monthlyBudgetUsd", "webplatform:monthlyBudgetUsd: must be 0 (off) or a positive integer"},
	} {
		_, err := harness.RunStackErr(t, "dev", set(c.key, c.value))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%s: %v, want %q", c.key, c.value, err, c.want)
		}
	}
	// A field left out keeps its default; an explicit 0 is kept.
	r := planStack(t, "prod", set("costAssumptions", `{"natDataGb": 0}`))
	if u := r.Platform.Config.Cost.Usage; u.NATDataGB != 0 || u.CDNRequestsMillions == 0 {
		t.Errorf("usage %+v: want natDataGb 0 and the other defaults", u)
	}
}

// TestCostOutputsAgree: the CSV, JSON and SVG the plan writes hold the
// estimate's lines, total and components.
func TestCostOutputsAgree(t *testing.T) {
	r := planStack(t, "prod")
	e := r.Cost
	b, err := e.CSV()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(e.Lines)+1 {
		t.Errorf("%d CSV rows for %d lines", len(rows), len(e.Lines))
	}
	sum := 0.0
	for _, row := range rows[1:] {
		v, err := strconv.ParseFloat(row[11], 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	if math.Abs(sum-e.Total()) > 0.01*float64(len(rows)) {
		t.Errorf("CSV sums to %.2f, estimate %.2f", sum, e.Total())
	}
	j, err := e.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		TotalUSD   float64 `json:"totalUsd"`
		Components []struct{ Name string }
		Drivers    []struct{ Name string }
	}
	if err := json.Unmarshal(j, &parsed); err != nil {
		t.Fatal(err)
	}
	if math.Abs(parsed.TotalUSD-e.Total()) > 0.01 || len(parsed.Components) != len(e.ByComponent()) || len(parsed.Drivers) != cost.TopDrivers {
		t.Errorf("cost.json: total %.2f, %d components, %d drivers", parsed.TotalUSD, len(parsed.Components), len(parsed.Drivers))
	}
	var svg struct {
		Rects []struct {
			Width float64 `xml:"width,attr"`
		} `xml:"rect"`
	}
	if err := xml.Unmarshal(e.SVG(), &svg); err != nil {
		t.Fatalf("cost.svg is not XML: %v", err)
	}
	if len(svg.Rects) != len(e.ByComponent()) {
		t.Errorf("cost.svg has %d bars for %d components", len(svg.Rects), len(e.ByComponent()))
	}
}
