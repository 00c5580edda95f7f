package engine

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/webplatform-dev/webplatform/internal/release"
)

// WriteStack renders one stack's report.
func WriteStack(w io.Writer, r *StackReport) {
	how := "runtime: go with the program prebuilt once (go build -o; the host runs it with -binary)"
	if r.Runtime == RuntimeGo {
		how = "runtime: go, the language host builds main.go"
	}
	fmt.Fprintf(w, "== stack %s (%s)\n", r.Stack, how)
	if r.Err != nil {
		fmt.Fprintf(w, "  ERROR: %v\n", r.Err)
	}
	for _, op := range r.Ops {
		status := "ok"
		if op.Err != nil {
			status = "refused"
		}
		extra := ""
		switch {
		case op.Name == "preview (again)" && op.Err == nil && !op.Changed():
			extra = " -- no changes"
		case op.Name == "refresh" && op.Err == nil && !op.Changed():
			extra = " -- no changes"
		}
		fmt.Fprintf(w, "  %-24s %6.1fs  %-7s %s%s\n", op.Name, op.Wall.Seconds(), status, op.CountsString(), extra)
		// Changes are news only where none are expected.
		if op.Name != "preview (again)" && op.Name != "refresh" && !strings.HasPrefix(op.Name, "up (replace") {
			continue
		}
		for i, c := range op.Changes {
			if i == 10 {
				fmt.Fprintf(w, "      ... %d more\n", len(op.Changes)-i)
				break
			}
			fmt.Fprintf(w, "      %s\n", c)
		}
	}
	var pol strings.Builder
	for _, op := range r.Ops {
		if op.Policy != nil {
			WritePolicy(&pol, op)
		}
	}
	fmt.Fprint(w, pol.String())
	if r.Op("up") != nil {
		fmt.Fprintf(w, "  resources: %d cloud resources, %d in the state (with components, providers, the stack), %d protected\n",
			r.CloudResources, r.StateResources, len(r.Protected))
		same := len(r.PreviewOnly)+len(r.PlanOnlyPre)+len(r.UpOnly)+len(r.PlanOnlyUp) == 0
		fmt.Fprintf(w, "  offline plan: %d URNs; engine preview and up register the same set: %v\n", r.PlanURNs, same)
		for _, l := range []struct {
			what string
			urns []string
		}{{"preview only", r.PreviewOnly}, {"plan only (vs preview)", r.PlanOnlyPre}, {"up only", r.UpOnly}, {"plan only (vs up)", r.PlanOnlyUp}} {
			for _, u := range l.urns {
				fmt.Fprintf(w, "      %s: %s\n", l.what, u)
			}
		}
	}
	if len(r.Outputs) > 0 {
		var secret, plain []string
		for _, o := range r.Outputs {
			if o.Secret {
				secret = append(secret, o.Name)
			} else {
				plain = append(plain, o.Name)
			}
		}
		var empty []string
		for _, o := range r.Outputs {
			if o.Value == "" {
				empty = append(empty, o.Name)
			}
		}
		fmt.Fprintf(w, "  outputs: %d (plan: %d), secret: %s; empty: %s\n", len(r.Outputs), len(r.PlanOutputs),
			strings.Join(secret, ", "), strings.Join(empty, ", "))
		fmt.Fprintf(w, "      plain: %s\n", wrap(strings.Join(plain, ", "), 100, "             "))
		for _, m := range r.MissingOutputs {
			fmt.Fprintf(w, "      MISSING: %s\n", m)
		}
	}
	if len(r.Protected) > 0 && len(r.Unprotected) > 0 {
		fmt.Fprintf(w, "  data-holding resources without protect (%d):\n", len(r.Unprotected))
		for _, u := range r.Unprotected {
			fmt.Fprintf(w, "      %s\n", shortURN(u))
		}
	}
	if pc := r.ProtectConfig; pc != nil {
		fmt.Fprintf(w, "  config change replacing a protected resource (%s): ", r.ProtectChange)
		if pc.Err != nil {
			fmt.Fprintf(w, "refused by the program\n      %s\n", indent(FirstLines(grep(pc.ErrorText(), "would be replaced"), 4), "      "))
		} else {
			fmt.Fprintf(w, "NOT refused\n")
		}
	}
	if r.Protect != nil {
		fmt.Fprintf(w, "  up --replace %s: ", shortURN(r.ProtectTarget))
		if r.Protect.Err != nil {
			fmt.Fprintf(w, "refused by the engine\n      %s\n", indent(FirstLines(grep(r.Protect.ErrorText(), "unable to replace"), 4), "      "))
		} else {
			fmt.Fprintf(w, "NOT refused\n")
		}
	}
	if r.DestroyPreview != nil {
		fmt.Fprintf(w, "  destroy preview: %s\n", refusal(r.DestroyPreview, "protected"))
	}
	if r.Destroy != nil {
		fmt.Fprintf(w, "  destroy: %s; %d resources left in the state\n", refusal(r.Destroy, "protected"), r.AfterDestroy)
	}
	if rc := r.Release; rc != nil && rc.Up != nil {
		fmt.Fprintf(w, "  release %s: up %s; %d resources tagged %s; history as cmd/delivery reads it: %s %s in %s\n",
			TestRelease.Version, rc.Up.CountsString(), rc.Tagged, release.Tag, rc.History.Result, rc.History.Changes, rc.History.Duration)
	}
	if d := r.Deploy; d != nil {
		WriteDeploy(w, d)
	}
	fmt.Fprintln(w)
}

func refusal(op *OpResult, word string) string {
	if op.Err == nil {
		return "succeeded"
	}
	n := 0
	for _, e := range op.Errors {
		if strings.Contains(e, word) {
			n++
		}
	}
	return fmt.Sprintf("refused (%d resources %s)", n, word)
}

// WriteDeploy renders the deploy-time measurement with the chain.
func WriteDeploy(w io.Writer, d *DeployTime) {
	fmt.Fprintf(w, "  deploy time (STANDIN_TIME_SCALE=%s per AWS second, --parallel %d):\n", d.Scale, d.Parallel)
	if d.Chain == nil {
		fmt.Fprintf(w, "      no chain (graph error)\n")
		return
	}
	fmt.Fprintf(w, "      | up wall | up steps (first start to last end) | longest chain | steps/chain |\n")
	fmt.Fprintf(w, "      | %.1fs | %.2fs | %.2fs (%.0f AWS s = %s) | %.3f |\n",
		d.Wall.Seconds(), d.Span.Seconds(), d.ChainTime.Seconds(), d.Chain.Seconds, fmtAWS(d.Chain.Seconds), d.Ratio)
	fmt.Fprintf(w, "      chain (own create time, finish, edge from the previous link):\n")
	for _, l := range d.Chain.Links {
		fmt.Fprintf(w, "        %6.0fs %7.0fs  %-11s %s\n", l.Seconds, l.Finish, via(l.Via), shortURN(l.URN))
	}
	if len(d.Components) > 0 {
		fmt.Fprintf(w, "      components in the order the program registered them (a long gap: the program was blocked before the next):\n")
		for _, c := range d.Components {
			flag := ""
			if c.Gap > 20*d.Scale && c.Gap > 200*time.Millisecond {
				flag = fmt.Sprintf("  <- %.2fs (%.0f AWS s) after the previous one", c.Gap.Seconds(), c.Gap.Seconds()/d.Scale.Seconds())
			}
			fmt.Fprintf(w, "        %6.2fs  %s%s\n", c.At.Seconds(), shortURN(c.URN), flag)
		}
	}
	if len(d.Observed) > 0 {
		gates := map[string]time.Duration{}
		fmt.Fprintf(w, "      observed path of this up (start, end; what the start waited for):\n")
		short := 0
		for i, l := range d.Observed {
			// The time from the previous link's start to this one's is
			// charged to what this one waited for.
			if i > 0 {
				gates[l.Gate] += l.Start - d.Observed[i-1].Start
			}
			// Runs of short steps (each waiting for a worker) are folded.
			if l.End-l.Start < 10*d.Scale && i+1 < len(d.Observed) && i > 0 {
				short++
				continue
			}
			if short > 0 {
				fmt.Fprintf(w, "        ... %d short steps\n", short)
				short = 0
			}
			fmt.Fprintf(w, "        %6.2fs %6.2fs  %-10s %2d in flight  %s\n", l.Start.Seconds(), l.End.Seconds(), l.Gate, l.InFlight, shortURN(l.URN))
		}
		if n := len(d.Observed); n > 0 {
			gates["last"] = d.Observed[n-1].End - d.Observed[n-1].Start
		}
		fmt.Fprintf(w, "      the observed path's %.2fs, by what each link waited for: dependency %.2fs, worker (--parallel) %.2fs, program (late registration) %.2fs, last step %.2fs\n",
			d.Span.Seconds(), gates[GateDependency].Seconds(), gates[GateWorker].Seconds(), gates[GateProgram].Seconds(), gates["last"].Seconds())
	}
	if len(d.Late) > 0 {
		fmt.Fprintf(w, "      steps that started later than the graph allows (slack; what finished just before):\n")
		for i, l := range d.Late {
			if i == 6 {
				fmt.Fprintf(w, "        ... %d more\n", len(d.Late)-i)
				break
			}
			rec := "NOT a recorded predecessor"
			if l.AfterRecorded {
				rec = "a recorded predecessor"
			}
			fmt.Fprintf(w, "        %+6.2fs (%4.0f AWS s) %s\n                 after %s (%s)\n", l.Slack.Seconds(),
				l.Slack.Seconds()/d.Scale.Seconds(), shortURN(l.URN), shortURN(l.After), rec)
		}
	}
}

// WriteConfig renders the config cases.
func WriteConfig(w io.Writer, stack string, cases []*ConfigCase) {
	fmt.Fprintf(w, "== config through the engine (edits of Pulumi.%s.yaml, preview)\n", stack)
	for _, c := range cases {
		who := "ACCEPTED"
		if c.Result != nil && c.Result.Err != nil {
			who = "refused by the " + c.RefusedBy
		}
		fmt.Fprintf(w, "  %-28s %s (%s)\n", c.Line, who, c.Name)
		if c.Result != nil && c.Result.Err != nil {
			fmt.Fprintf(w, "      %s\n", indent(FirstLines(grep(c.Result.ErrorText(), c.Want), 3), "      "))
		}
	}
	fmt.Fprintln(w)
}

func via(kind string) string {
	if kind == "" {
		return "(start)"
	}
	return kind
}

func fmtAWS(s float64) string { return (time.Duration(s) * time.Second).String() }

// shortURN drops the "urn:pulumi:<stack>::<project>::" prefix.
func shortURN(urn string) string {
	parts := strings.SplitN(urn, "::", 3)
	if len(parts) == 3 {
		return parts[2]
	}
	return urn
}

func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, strings.TrimSpace(l))
		}
	}
	if len(out) == 0 {
		return strings.TrimSpace(s)
	}
	return strings.Join(out, "\n")
}

func indent(s, prefix string) string { return strings.ReplaceAll(s, "\n", "\n"+prefix) }

func wrap(s string, width int, prefix string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Split(s, " ") {
		if i > 0 && line+len(word) > width {
			b.WriteString("\n" + prefix)
			line = 0
		} else if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(word)
		line += len(word) + 1
	}
	return b.String()
}
