package monitoring

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Class is what an alarm tells about the resource it watches.
type Class string

const (
	// Health means the resource fails or errs (errors, unhealthy members,
	// failed operations, traffic gone).
	Health Class = "health"
	// Saturation means the resource runs out of something (CPU, memory,
	// storage, ports, connections, rate limits) or slows down under load.
	Saturation Class = "saturation"
)

// Tiers of the platform an alarm belongs to, by the namespace of its
// metrics.
const (
	TierEdge    = "edge"
	TierCompute = "compute"
	TierData    = "data"
	TierNetwork = "network"
)

// APIThrottleNamespace and APIThrottleMetric are the custom metric the
// API's access log metric filter publishes: one per 429 response.
const (
	APIThrottleNamespace = "WebPlatform/ApiGateway"
	APIThrottleMetric    = "Throttled429"
)

// NamespaceTiers is the tier of each metric namespace alarmed on.
var NamespaceTiers = map[string]string{
	"AWS/CloudFront": TierEdge, "AWS/WAFV2": TierEdge, "AWS/ApiGateway": TierEdge, APIThrottleNamespace: TierEdge,
	"AWS/ApplicationELB": TierCompute, "ContainerInsights": TierCompute,
	"AWS/RDS": TierData, "AWS/ElastiCache": TierData, "AWS/S3": TierData,
	"AWS/NATGateway": TierNetwork,
}

// MetricClasses is the one table that classifies every metric alarmed on,
// keyed "<namespace>:<metric>". An alarm's classes are those of its
// metrics; the request counts of a ratio's denominator are Health (a
// traffic drop is an outage seen from the other side).
var MetricClasses = map[string]Class{
	"AWS/ApplicationELB:HTTPCode_Target_5XX_Count":       Health,
	"AWS/ApplicationELB:HTTPCode_ELB_5XX_Count":          Health,
	"AWS/ApplicationELB:RequestCount":                    Health,
	"AWS/ApplicationELB:UnHealthyHostCount":              Health,
	"AWS/ApplicationELB:TargetResponseTime":              Saturation,
	"AWS/ApiGateway:5xx":                                 Health,
	"AWS/ApiGateway:Count":                               Health,
	"AWS/ApiGateway:Latency":                             Saturation,
	APIThrottleNamespace + ":" + APIThrottleMetric:       Saturation,
	"AWS/CloudFront:5xxErrorRate":                        Health,
	"AWS/CloudFront:OriginLatency":                       Saturation,
	"AWS/WAFV2:BlockedRequests":                          Health, // see wafAlarms: with Rule=<rate rule> it is Saturation
	"AWS/RDS:CPUUtilization":                             Saturation,
	"AWS/RDS:FreeableMemory":                             Saturation,
	"AWS/RDS:FreeLocalStorage":                           Saturation,
	"AWS/RDS:VolumeBytesUsed":                            Saturation,
	"AWS/RDS:DatabaseConnections":                        Saturation,
	"AWS/RDS:AuroraReplicaLagMaximum":                    Health,
	"AWS/ElastiCache:EngineCPUUtilization":               Saturation,
	"AWS/ElastiCache:DatabaseMemoryUsagePercentage":      Saturation,
	"AWS/ElastiCache:Evictions":                          Saturation,
	"AWS/ElastiCache:ReplicationLag":                     Health,
	"AWS/S3:OperationsFailedReplication":                 Health,
	"AWS/S3:ReplicationLatency":                          Saturation,
	"AWS/NATGateway:PacketsDropCount":                    Health,
	"AWS/NATGateway:ErrorPortAllocation":                 Saturation,
	"ContainerInsights:node_cpu_utilization":             Saturation,
	"ContainerInsights:cluster_failed_node_count":        Health,
	"ContainerInsights:namespace_number_of_running_pods": Health,
}

// AlarmInfo describes one alarm for reports (the offline plan) and tests.
type AlarmInfo struct {
	// Name is the CloudWatch alarm name.
	Name string
	// Tier is the tier of its metrics (TierEdge, ...).
	Tier string
	// Class is Health or Saturation.
	Class Class
	// Region is where it lives.
	Region string
	// Composite is true for composite alarms (the SLO burn-rate pairs and
	// "service unhealthy"); Notifies is false for the window alarms that
	// only feed a composite.
	Composite, Notifies bool
}

// classify returns the tier and class of an alarm from its metrics; the
// spec's own class, when set, overrides the table (a WAF rate rule's
// blocks). It fails on a metric missing from the tables, so no alarm
// escapes the classification.
func classify(s alarmSpec) (string, Class, error) {
	ms := []metric{s.metric}
	if s.expression != "" {
		ms = ms[:0]
		for _, q := range s.queries {
			ms = append(ms, q.metric)
		}
	}
	var tier string
	var classes []Class
	for _, m := range ms {
		t, ok := NamespaceTiers[m.namespace]
		c, known := MetricClasses[m.namespace+":"+m.name]
		if !ok || !known {
			return "", "", fmt.Errorf("alarm %s: metric %s:%s is not in MetricClasses and NamespaceTiers", s.suffix, m.namespace, m.name)
		}
		tier = t
		if !slices.Contains(classes, c) {
			classes = append(classes, c)
		}
	}
	if s.class != "" {
		return tier, s.class, nil
	}
	if len(classes) != 1 {
		return "", "", fmt.Errorf("alarm %s: its metrics mix classes %v; set the spec's class", s.suffix, classes)
	}
	return tier, classes[0], nil
}

// ByTier groups alarms by tier; tiers come back sorted.
func ByTier(alarms []AlarmInfo) ([]string, map[string][]AlarmInfo) {
	out := map[string][]AlarmInfo{}
	for _, a := range alarms {
		out[a.Tier] = append(out[a.Tier], a)
	}
	tiers := slices.Sorted(maps.Keys(out))
	return tiers, out
}

// TierSummary is one line per tier: "<tier>: N alarms (h health, s
// saturation): <names without prefix>".
func TierSummary(alarms []AlarmInfo, prefix string) []string {
	tiers, by := ByTier(alarms)
	lines := make([]string, 0, len(tiers))
	for _, t := range tiers {
		var names []string
		count := map[Class]int{}
		for _, a := range by[t] {
			names = append(names, strings.TrimPrefix(a.Name, prefix+"-"))
			count[a.Class]++
		}
		lines = append(lines, fmt.Sprintf("%s: %d alarms (%d health, %d saturation): %s",
			t, len(by[t]), count[Health], count[Saturation], strings.Join(names, ", ")))
	}
	return lines
}
