package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// edgeAlarms are the us-east-1 alarms on CloudFront and CLOUDFRONT-scope
// WAF metrics, and the alarms of a REGIONAL web ACL in the home region.
func (b *builder) edgeAlarms() error {
	t := b.s.Thresholds
	if c := b.w.CDN; c != nil {
		// CloudFront metrics carry Region=Global and live in us-east-1.
		dims := pulumi.StringMap{"DistributionId": c.DistributionId, "Region": pulumi.String("Global")}
		if err := b.alarmsOf(alarmSpec{
			suffix: AlarmCDN5xx, edge: true, description: fmt.Sprintf("CloudFront 5xx error rate above %d%%", t.CDN5xxPercent),
			metric:      metric{namespace: "AWS/CloudFront", name: "5xxErrorRate", stat: "Average", dims: dims},
			evaluations: 2, comparison: above, threshold: float64(t.CDN5xxPercent),
		}, alarmSpec{
			// The edge p99 users see on every request CloudFront forwards
			// (the API and uncached pages): the ALB's TargetResponseTime
			// misses the API Gateway hop and CloudFront's own connection.
			// An additional metric, in milliseconds.
			suffix: AlarmCDNOriginLatency, edge: true, description: fmt.Sprintf("CloudFront p99 origin latency above %d ms", t.CDNOriginLatencyP99Ms),
			metric:      metric{namespace: "AWS/CloudFront", name: "OriginLatency", stat: "p99", dims: dims},
			evaluations: 3, comparison: above, threshold: float64(t.CDNOriginLatencyP99Ms),
		}); err != nil {
			return err
		}
	}
	if w := b.w.WAF; w != nil {
		// CloudFront-scope web ACLs publish without the Region dimension
		// (required only for regional resources).
		if err := b.wafAlarms(w, "", true, pulumi.StringMap{}); err != nil {
			return err
		}
	}
	if w := b.w.RegionalWAF; w != nil {
		return b.wafAlarms(w, AlarmRegionalWAFPrefix, false, pulumi.StringMap{"Region": pulumi.String(b.home.env.Region)})
	}
	return nil
}

// wafAlarms are a web ACL's blocked requests (Rule=ALL aggregates every
// rule) and, with a rate rule, its rate-limit blocks: clients reaching the
// limit is the web ACL's saturation.
func (b *builder) wafAlarms(w *WAFTarget, prefix string, edge bool, extra pulumi.StringMap) error {
	t := b.s.Thresholds
	dims := func(rule pulumi.StringInput) pulumi.StringMap {
		d := pulumi.StringMap{"WebACL": w.WebACLName, "Rule": rule}
		for k, v := range extra {
			d[k] = v
		}
		return d
	}
	specs := []alarmSpec{{
		suffix: prefix + AlarmWAFBlocked, edge: edge, description: fmt.Sprintf("WAF %sblocked more than %d requests in 5 minutes", prefix, *t.WAFBlockedPerFiveMinutes),
		metric:     metric{namespace: "AWS/WAFV2", name: "BlockedRequests", stat: "Sum", dims: dims(pulumi.String("ALL"))},
		comparison: above, threshold: float64(*t.WAFBlockedPerFiveMinutes),
	}}
	if w.RateLimitRule != nil {
		specs = append(specs, alarmSpec{
			suffix: prefix + AlarmWAFRateLimited, edge: edge, description: fmt.Sprintf("WAF %srate limit blocked requests in 3 of 3 periods", prefix),
			metric:      metric{namespace: "AWS/WAFV2", name: "BlockedRequests", stat: "Sum", dims: dims(w.RateLimitRule)},
			evaluations: 3, comparison: above, threshold: 0, class: Saturation,
		})
	}
	return b.alarmsOf(specs...)
}
