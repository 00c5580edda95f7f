package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// Catches: an alarm without actions, an edge (CloudFront/WAF) alarm
// created in the home region (no metrics there) or notifying the home
// topic (CloudWatch rejects cross-region actions), missing OK actions.
func TestMonitoringAlarmsNotifyTheirRegionsTopic(t *testing.T) {
	g := monAll(t, nil)
	home, edge := monTopics(t, g)
	require.NotNil(t, edge, "edge targets need a us-east-1 topic")
	assert.Equal(t, "us-east-1", edgeProviderRegion(g, edge), "the edge topic lives in us-east-1")
	assert.Equal(t, "", edgeProviderRegion(g, home), "the regional topic uses the component's provider")

	alarms := append(g.ByType(monTAlarm), g.ByType(monTComposite)...)
	require.Len(t, alarms, 27, "lb 5 + SLO windows 4 + database 6 + cache 4 + cdn 2 + waf 1 + cluster 2 + composites 3 (two burn rates, service unhealthy)")
	edgeSuffixes := []string{monitoring.AlarmCDN5xx, monitoring.AlarmCDNOriginLatency, monitoring.AlarmWAFBlocked}
	windows := map[string]bool{}
	for _, br := range monitoring.BurnRates {
		long, short := br.Windows()
		windows[monName+"-"+long], windows[monName+"-"+short] = true, true
	}
	for _, a := range alarms {
		if windows[a.Name] {
			assert.Empty(t, a.Strings("alarmActions"), "%s: a window alone must not page", a.Name)
			continue
		}
		want := home
		if edgeProviderRegion(g, a) == "us-east-1" {
			want = edge
		}
		isEdge := slices.ContainsFunc(edgeSuffixes, func(s string) bool { return a.Name == monName+"-"+s })
		assert.Equal(t, isEdge, want == edge, "%s: CloudFront/WAF alarms (and only they) belong in us-east-1", a.Name)
		topic := want.Output("arn").(string)
		assert.Contains(t, a.Strings("alarmActions"), topic, "%s must notify its region's topic", a.Name)
		assert.Contains(t, a.Strings("okActions"), topic, "%s must report recovery", a.Name)
		if a.Type == monTAlarm {
			assert.Contains(t, []string{"notBreaching", "breaching"}, a.Str("treatMissingData"), a.Name)
		}
	}
}

// Catches: an unencrypted topic, a key CloudWatch cannot use (alarms then
// never publish), a topic policy open to other accounts or without the TLS
// deny, missing subscriptions on the edge topic.
func TestMonitoringTopicsEncryptedAndLockedDown(t *testing.T) {
	g := monAll(t, nil)
	home, edge := monTopics(t, g)
	for _, topic := range []*mockgraph.Resource{home, edge} {
		keyArn := topic.Str("kmsMasterKeyId")
		require.NotEmpty(t, keyArn, "%s must be encrypted", topic.Name)
		key := monKeyOf(t, g, keyArn)
		assert.Equal(t, edgeProviderRegion(g, topic), edgeProviderRegion(g, key), "%s: key in the topic's region", topic.Name)
		assert.Equal(t, monName, g.Component(key).Name)
		var admitsCloudWatch bool
		for _, s := range monStatements(t, monPolicy(t, key, "policy")) {
			p, _ := s["Principal"].(map[string]any)
			if slices.Contains(monStrings(p["Service"]), "cloudwatch.amazonaws.com") {
				acts := monStrings(s["Action"])
				admitsCloudWatch = slices.Contains(acts, "kms:GenerateDataKey*") && slices.Contains(acts, "kms:Decrypt")
			}
		}
		assert.True(t, admitsCloudWatch, "%s: the key policy must let CloudWatch GenerateDataKey*/Decrypt", topic.Name)

		var policy *mockgraph.Resource
		for _, p := range g.ByType(monTTopicPolicy) {
			if p.Str("arn") == topic.Output("arn") {
				policy = p
			}
		}
		require.NotNil(t, policy, "%s has no topic policy", topic.Name)
		var denyTLS bool
		for _, s := range monStatements(t, monPolicy(t, policy, "policy")) {
			p := edgeObj(t, s["Principal"])
			if s["Effect"] == "Deny" {
				cond := edgeObj(t, s["Condition"])
				denyTLS = denyTLS || (cond["Bool"] != nil && edgeObj(t, cond["Bool"])["aws:SecureTransport"] == "false" && slices.Contains(monStrings(s["Action"]), "sns:Publish"))
				continue
			}
			assert.Equal(t, topic.Output("arn"), s["Resource"], "statements are scoped to the topic")
			if aws := monStrings(p["AWS"]); len(aws) > 0 {
				assert.Equal(t, []string{"arn:aws:iam::" + mockgraph.Account + ":root"}, aws, "only this account may publish")
				continue
			}
			services := monStrings(p["Service"])
			for _, svc := range services {
				assert.Contains(t, []string{"cloudwatch.amazonaws.com", "events.amazonaws.com"}, svc, "unexpected publisher")
			}
			assert.Contains(t, services, "cloudwatch.amazonaws.com")
			cond := edgeObj(t, s["Condition"])
			assert.Equal(t, mockgraph.Account, edgeObj(t, cond["StringEquals"])["aws:SourceAccount"], "services publish for this account only (confused deputy)")
		}
		assert.True(t, denyTLS, "%s: publishing without TLS must be denied", topic.Name)

		var subs []string
		for _, s := range g.ByType(monTSubscription) {
			if s.Str("topic") == topic.Output("arn") {
				subs = append(subs, s.Str("protocol")+":"+s.Str("endpoint"))
			}
		}
		assert.ElementsMatch(t, []string{"email:" + monEmail, "https:" + monHook}, subs, "%s subscriptions", topic.Name)
	}
}

// Catches: the composite alarm missing a member or listing the slow burn
// (a ticket, not a page), or its rule naming alarms that do not exist.
func TestMonitoringCompositeServiceUnhealthy(t *testing.T) {
	g := monAll(t, nil)
	c := g.Named(monTComposite, monName+"-service-unhealthy")
	require.NotNil(t, c)
	rule := c.Str("alarmRule")
	for _, s := range []string{monitoring.AlarmALB5xx, monitoring.AlarmLatencyP99} {
		a := monAlarm(t, g, s)
		assert.Contains(t, rule, `ALARM("`+a.Str("name")+`")`)
	}
	fast := g.Named(monTComposite, monName+"-"+monitoring.AlarmSLOFastBurn)
	require.NotNil(t, fast, "the fast burn is a composite of its two windows")
	assert.Contains(t, rule, `ALARM("`+fast.Str("alarmName")+`")`)
	assert.NotContains(t, rule, monitoring.AlarmSLOSlowBurn)
	assert.Equal(t, 2, strings.Count(rule, " OR "))

	g = monRun(t, noTargets)
	assert.Empty(t, g.ByType(monTComposite), "without a load balancer there is nothing to compose")
}
