package tests

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// Catches: a policy statement JSON cannot represent (Action, Resource,
// Principal and Condition take any value) rendered as an empty policy and
// sent to AWS instead of failing the program.
func TestPolicyMarshalErrorsSurface(t *testing.T) {
	bad := awsutil.Policy(awsutil.Statement{Effect: "Allow", Action: "kms:*", Resource: "*",
		Condition: map[string]map[string]any{"NumericLessThan": {"aws:MultiFactorAuthAge": math.NaN()}}})
	_, err := bad.Marshal()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "policy document")

	good, err := awsutil.Policy(awsutil.Statement{Effect: "Allow", Action: "s3:GetObject", Resource: "*"}).Marshal()
	require.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`, good)
}

// Catches: a key whose policy cannot be rendered created with an empty
// policy (awsutil's JSON dropped the marshal error) instead of failing.
func TestKMSKeyPolicyErrorFailsTheProgram(t *testing.T) {
	g, err := harness.Run(t, "eu-west-1", func(ctx *pulumi.Context) error {
		env, err := awsutil.Lookup(ctx)
		if err != nil {
			return err
		}
		_, err = kmskey.New(ctx, "k", kmskey.Args{Env: env, Description: "test",
			Statements: []awsutil.Statement{{Effect: "Allow", Action: "kms:Decrypt", Resource: "*",
				Principal: map[string]any{"AWS": func() {}}}}})
		return err
	})
	require.Error(t, err, "an unrenderable key policy must fail the program")
	assert.Contains(t, err.Error(), "kms key k: policy")
	assert.Empty(t, g.ByType(tKmsKey))
}

// Catches: the JSON the monitoring renders (add-on configuration, event
// pattern, dashboard body, topic policy) losing its error. These inputs
// always marshal; the error-returning signatures make a future field that
// does not fail the program instead of sending "" to AWS.
func TestMonitoringJSONRenderersReturnErrors(t *testing.T) {
	var cfg map[string]any
	s, err := monitoring.AgentConfig()
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(s), &cfg))
	assert.Equal(t, true, cfg["containerLogs"].(map[string]any)["enabled"])

	s, err = monitoring.GuardDutyFindingPattern()
	require.NoError(t, err)
	assert.Contains(t, s, `"source":["aws.guardduty"]`)

	s, err = monitoring.Dashboard("t", nil).JSON()
	require.NoError(t, err)
	assert.Contains(t, s, `"widgets":[`)

	env := awsutil.Env{Partition: "aws", AccountID: "123456789012", Region: "eu-west-1", DNSSuffix: "amazonaws.com"}
	s, err = monitoring.TopicPolicy(env, "arn:aws:sns:eu-west-1:123456789012:t", []string{"cloudwatch.amazonaws.com"})
	require.NoError(t, err)
	assert.Contains(t, s, "DenyInsecureTransport")
}

// Catches: a zero eviction or blocked-requests threshold ("alarm on any")
// replaced by the default, as the int fields did before they became
// optional.
func TestMonitoringZeroThresholdsKept(t *testing.T) {
	g := monAll(t, func(a *monitoring.MonitoringArgs) {
		a.Thresholds.CacheEvictions = defaults.Of(0)
		a.Thresholds.WAFBlockedPerFiveMinutes = defaults.Of(0)
	})
	assert.InDelta(t, 0.0, monAlarm(t, g, monitoring.AlarmCacheEvictions).Input("threshold"), 1e-9)
	assert.InDelta(t, 0.0, monAlarm(t, g, monitoring.AlarmWAFBlocked).Input("threshold"), 1e-9)

	g = monRun(t, monAllTargets)
	assert.InDelta(t, 100.0, monAlarm(t, g, monitoring.AlarmCacheEvictions).Input("threshold"), 1e-9, "unset keeps the default")
	assert.InDelta(t, 1000.0, monAlarm(t, g, monitoring.AlarmWAFBlocked).Input("threshold"), 1e-9, "unset keeps the default")

	s := monitoring.Settings{Thresholds: monitoring.Thresholds{WAFBlockedPerFiveMinutes: defaults.Of(-1)}}.WithDefaults()
	require.Error(t, s.Validate())
	assert.Contains(t, s.Validate().Error(), "Thresholds.WAFBlockedPerFiveMinutes: must be 0 (alarm on any) or more, got -1")
}

// Catches: the stack's alarmThresholds losing an explicit 0 (the JSON
// decoder cannot tell 0 from absent for a plain int).
func TestOpsZeroThresholdsFromConfig(t *testing.T) {
	g := harness.RunStack(t, "staging", set("alarmThresholds", `{"cacheEvictions":0,"wafBlockedPerFiveMinutes":0}`))
	for _, suffix := range []string{monitoring.AlarmCacheEvictions, monitoring.AlarmWAFBlocked} {
		found := 0
		for _, r := range g.ByType(monTAlarm) {
			if strings.HasSuffix(r.Name, "-monitoring-"+suffix) {
				found++
				assert.InDelta(t, 0.0, r.Input("threshold"), 1e-9, r.Name)
			}
		}
		assert.Equal(t, 1, found, suffix)
	}
}
