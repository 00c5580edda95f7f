package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// HealthResult is what the health gate found.
type HealthResult struct {
	// Healthy is true when every rollout finished and the alarm never was
	// in ALARM.
	Healthy bool `json:"healthy"`
	// Reason says why the stack is unhealthy.
	Reason string `json:"reason,omitempty"`
	// Deployments are the rollouts checked (namespace/name).
	Deployments []string `json:"deployments,omitempty"`
	// Alarm is the composite alarm watched.
	Alarm string `json:"alarm,omitempty"`
	// AlarmStates are the alarm's states, one per poll.
	AlarmStates []string `json:"alarmStates,omitempty"`
	// Notices are the checks skipped, and why.
	Notices []string `json:"notices,omitempty"`
}

// compositeAlarms is the part of `aws cloudwatch describe-alarms --output
// json` read: DescribeAlarmsOutput.CompositeAlarms[].StateValue (OK, ALARM
// or INSUFFICIENT_DATA) in the CloudWatch API reference.
type compositeAlarms struct {
	CompositeAlarms []struct {
		AlarmName   string `json:"AlarmName"`
		StateValue  string `json:"StateValue"`
		StateReason string `json:"StateReason"`
	} `json:"CompositeAlarms"`
}

// healthGate waits for the stack's rollouts, then watches its composite
// "service unhealthy" alarm for the health window.
func (t *Tool) healthGate(ctx context.Context, o DeployOptions) *HealthResult {
	h := &HealthResult{}
	if err := t.checkRollouts(ctx, o, h); err != nil {
		h.Reason = err.Error()
		return h
	}
	if err := t.watchAlarm(ctx, o, h); err != nil {
		h.Reason = err.Error()
		return h
	}
	h.Healthy = true
	return h
}

func (t *Tool) notice(h *HealthResult, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	t.logf("delivery: notice: %s", msg)
	h.Notices = append(h.Notices, msg)
}

func (t *Tool) checkRollouts(ctx context.Context, o DeployOptions, h *HealthResult) error {
	var deployments []string
	found, err := t.output(ctx, t.Dir, o.Stack, "deployments", false, &deployments)
	if err != nil {
		return fmt.Errorf("cannot check the rollouts: %w", err)
	}
	if !found || len(deployments) == 0 {
		t.notice(h, "stack %s exports no deployments: rollout check skipped", o.Stack)
		return nil
	}
	h.Deployments = deployments
	var kubeconfig string
	found, err = t.output(ctx, t.Dir, o.Stack, "kubeconfig", true, &kubeconfig)
	if err != nil {
		return fmt.Errorf("cannot check the rollouts: %w", err)
	}
	if !found {
		return fmt.Errorf("cannot check the rollouts: stack %s exports no kubeconfig", o.Stack)
	}
	file, err := writeSecretFile(t.TempDir, "delivery-kubeconfig-", kubeconfig)
	if err != nil {
		return fmt.Errorf("cannot check the rollouts: writing the kubeconfig: %w", err)
	}
	defer func() { _ = os.Remove(file) }()
	env := []string{"KUBECONFIG=" + file}
	for _, d := range deployments {
		ns, name, ok := strings.Cut(d, "/")
		if !ok || ns == "" || name == "" {
			return fmt.Errorf("deployment %q in output deployments is not namespace/name", d)
		}
		t.logf("delivery: waiting for the rollout of %s", d)
		err := t.Runner.Stream(ctx, t.Dir, env, t.Log, "kubectl", "rollout", "status", "deployment/"+name,
			"-n", ns, "--timeout="+o.RolloutTimeout.String())
		if err != nil {
			return fmt.Errorf("rollout of deployment %s did not complete: %w", d, err)
		}
	}
	return nil
}

// writeSecretFile writes text to a new temporary file readable by its
// owner only.
func writeSecretFile(dir, pattern, text string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	name := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(text)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	return name, nil
}

func (t *Tool) watchAlarm(ctx context.Context, o DeployOptions, h *HealthResult) error {
	var alarm string
	found, err := t.output(ctx, t.Dir, o.Stack, "serviceUnhealthyAlarmName", false, &alarm)
	if err != nil {
		return fmt.Errorf("cannot watch the health alarm: %w", err)
	}
	if !found || alarm == "" {
		t.notice(h, "stack %s has no service unhealthy alarm (monitoring off): alarm check skipped", o.Stack)
		return nil
	}
	h.Alarm = alarm
	args := []string{"cloudwatch", "describe-alarms", "--alarm-names", alarm,
		"--alarm-types", "CompositeAlarm", "--output", "json"}
	// The alarm lives in the stack's region, which need not be the job's.
	if out, err := t.pulumi(ctx, t.Dir, nil, "config", "get", "aws:region", "--stack", o.Stack); err == nil &&
		strings.TrimSpace(string(out)) != "" {
		args = append(args, "--region", strings.TrimSpace(string(out)))
	} else {
		t.notice(h, "stack %s has no aws:region (%v): describing the alarm in the job's region", o.Stack, err)
	}
	start := t.Clock.Now()
	for poll := 1; ; poll++ {
		state, err := t.alarmState(ctx, alarm, args)
		if err != nil {
			return fmt.Errorf("health poll %d: %w: counted as unhealthy", poll, err)
		}
		h.AlarmStates = append(h.AlarmStates, state)
		elapsed := t.Clock.Now().Sub(start)
		if state == "ALARM" {
			return fmt.Errorf("composite alarm %s is in ALARM at health poll %d (%s into the %s window)",
				alarm, poll, elapsed.Round(time.Second), o.HealthWindow)
		}
		if elapsed+o.Poll > o.HealthWindow {
			return nil
		}
		if err := t.Clock.Sleep(ctx, o.Poll); err != nil {
			return fmt.Errorf("health gate interrupted: %w", err)
		}
	}
}

func (t *Tool) alarmState(ctx context.Context, alarm string, args []string) (string, error) {
	out, err := t.run(ctx, t.Dir, nil, "aws", args...)
	if err != nil {
		return "", fmt.Errorf("describing composite alarm %s: %w", alarm, err)
	}
	var resp compositeAlarms
	if err := json.Unmarshal(out, &resp); err != nil {
		return "", fmt.Errorf("decoding describe-alarms output for %s: %w", alarm, err)
	}
	if len(resp.CompositeAlarms) == 0 {
		return "", fmt.Errorf("composite alarm %s does not exist (describe-alarms returned none)", alarm)
	}
	return resp.CompositeAlarms[0].StateValue, nil
}
