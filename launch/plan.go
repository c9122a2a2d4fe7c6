package launch

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"golive/runbook"
)

// WritePlan prints the whole plan of rb for `golive plan`: the window and
// freezes, approvers and quorum, the environment every step gets (secrets
// masked by m; m may be nil), the pre-flight checks with their targets,
// the gate, the cutover steps in order with their commands and rollback
// commands, the monitor probes, and the expected durations from
// baselines ("phase/id" → ms, as Baselines returns; may be nil).
func WritePlan(w io.Writer, rb *runbook.Runbook, m *runbook.Masker, baselines map[string]int64) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	mask := func(s string) string {
		if m == nil || s == "" {
			return s
		}
		return m.Mask(s)
	}
	exp := func(ph Phase, id string) string {
		if ms, ok := baselines[BaselineKey(ph, id)]; ok && ms > 0 {
			return "expected " + fmtMS(ms)
		}
		return ""
	}

	p("Plan: %s", plain(rb.Title()))
	if rb.Title() != rb.Launch.Name {
		p(" (%s)", plain(rb.Launch.Name))
	}
	p("\n")
	if rb.Rehearse {
		p("REHEARSAL: the [rehearsal.env] overlay applies; steps with rehearse = false are simulated\n")
	}
	if rb.Path != "" {
		p("Runbook:   %s\n", rb.Path)
	}
	if rb.Launch.Owner != "" {
		p("Owner:     %s\n", plain(rb.Launch.Owner))
	}
	if rb.Dir != "" {
		p("Runs in:   %s (shell %s)\n", rb.Dir, shellOf(rb))
	}
	if win := rb.Launch.Window; win != nil {
		p("Window:    %s to %s (%s)\n", stamp(win.Start), stamp(win.End), win.End.Sub(win.Start))
	} else {
		p("Window:    none (any time)\n")
	}
	for _, f := range rb.Launch.Freeze {
		p("Freeze:    %s to %s", stamp(f.Start), stamp(f.End))
		if f.Reason != "" {
			p(" (%s)", plain(f.Reason))
		}
		p("\n")
	}
	quorum := rb.Launch.Quorum
	if quorum < 1 {
		quorum = 1
	}
	if len(rb.Launch.Approvers) > 0 {
		p("Approvers: %s (quorum %d", strings.Join(rb.Launch.Approvers, ", "), quorum)
		if rb.Launch.SeparateApprover {
			p(", not the driver alone")
		}
		p(")\n")
	} else {
		p("Approvers: anyone (quorum %d)\n", quorum)
	}

	writeEnvPlan(p, rb, mask)

	var total int64
	if len(rb.Preflight) > 0 {
		par := rb.Launch.MaxParallel
		if par < 1 {
			par = 8
		}
		p("\n1. Pre-flight: %d checks, in parallel (at most %d at once); all must pass or be waived\n", len(rb.Preflight), par)
		for _, c := range rb.Preflight {
			p("   - %s", plain(c.ID))
			if c.Name != "" && c.Name != c.ID {
				p("  %s", plain(c.Name))
			}
			if e := exp(PhasePreflight, c.ID); e != "" {
				p("  [%s]", e)
			}
			p("\n")
			writeDescription(p, c.Description, mask, "       ")
			writeCheckPlan(p, c, mask, "       ")
		}
	}

	if len(rb.Cutover) > 0 {
		g := rb.Gate
		p("\n2. Gate: %s\n", plain(g.Prompt))
		p("   GO needs %d distinct approver(s)", quorum)
		if g.Timeout > 0 {
			onTimeout := g.OnTimeout
			if onTimeout == "" {
				onTimeout = runbook.OnAbort
			}
			p("; times out after %s (then %s)", g.Timeout, onTimeout)
		}
		if g.MaxCheckAge > 0 {
			p("; checks older than %s are re-run at GO", g.MaxCheckAge)
		}
		p("\n")

		p("\n3. Cutover: %d steps, in order\n", len(rb.Cutover))
		for i, s := range rb.Cutover {
			p("   %d. %s", i+1, plain(s.ID))
			if s.Name != "" && s.Name != s.ID {
				p("  %s", plain(s.Name))
			}
			var tags []string
			if s.Confirm {
				tags = append(tags, "confirm")
			}
			if s.Background {
				tags = append(tags, "background")
			}
			if s.Interactive {
				tags = append(tags, "interactive")
			}
			if !s.Rehearse {
				tags = append(tags, "not rehearsed")
			}
			if s.Timeout > 0 {
				tags = append(tags, "timeout "+s.Timeout.String())
			}
			if s.OnFailure != "" && s.OnFailure != runbook.OnAsk {
				tags = append(tags, "on failure "+s.OnFailure)
			}
			if e := exp(PhaseCutover, s.ID); e != "" {
				tags = append(tags, e)
				total += baselines[BaselineKey(PhaseCutover, s.ID)]
			}
			if len(tags) > 0 {
				p("  [%s]", strings.Join(tags, ", "))
			}
			p("\n")
			writeDescription(p, s.Description, mask, "        ")
			if s.Run != "" {
				p("        run:      %s\n", oneLine(mask(s.Run)))
			}
			writeLadderPlan(p, rb, s, baselines)
			if s.Ansible != nil {
				writeFleetPlan(p, rb, s, mask)
			}
			for _, item := range s.Manual {
				p("        [ ] %s\n", plain(mask(item)))
			}
			if s.Verify != nil {
				p("        verify:   %s\n", plain(mask(CheckTarget(s.Verify))))
				writeExpect(p, s.Verify.Expect, "                  ")
			}
			if s.Rollback != "" {
				p("        rollback: %s\n", oneLine(mask(s.Rollback)))
			}
		}
		if total > 0 {
			p("   Expected cutover time: %s (from the last run)\n", fmtMS(total))
		}
		var undo []*runbook.Step
		for i := len(rb.Cutover) - 1; i >= 0; i-- {
			if rb.Cutover[i].Rollback != "" {
				undo = append(undo, rb.Cutover[i])
			}
		}
		if len(undo) > 0 {
			p("\n   Rollback, in reverse order over the steps that ran:\n")
			for _, s := range undo {
				p("     %s: %s\n", plain(s.ID), oneLine(mask(s.Rollback)))
			}
		}
	}

	if mon := rb.Monitor; mon != nil {
		after := mon.RollbackAfter
		if after < 1 {
			after = 3
		}
		p("\n4. Monitor: soak %s, a sample every %s; rollback recommended after %d critical samples in a row\n",
			mon.Duration, mon.Interval, after)
		if mon.AutoRollback {
			p("   Automatic rollback %s after the recommendation, unless the driver cancels\n", mon.AutoRollbackDelay)
		}
		if mon.AfterRollback > 0 && len(mon.Probes) > 0 {
			p("   After a rollback the probes run again for %s to check the old system\n", mon.AfterRollback)
		}
		for _, c := range mon.Probes {
			p("   - %s", plain(c.ID))
			if c.Name != "" && c.Name != c.ID {
				p("  %s", plain(c.Name))
			}
			p("\n")
			writeDescription(p, c.Description, mask, "       ")
			writeCheckPlan(p, c, mask, "       ")
			if c.Warn != nil {
				p("       warn: %s\n", plain(c.Warn.Source))
			}
			if c.Crit != nil {
				p("       crit: %s\n", plain(c.Crit.Source))
			}
		}
	}
	if len(rb.Notify) > 0 {
		p("\nNotify:\n")
		for _, n := range rb.Notify {
			target := n.Webhook
			if target == "" {
				target = "run " + n.Run
			}
			on := "all events"
			if len(n.On) > 0 {
				on = strings.Join(n.On, ", ")
			}
			p("   - %s on %s\n", oneLine(mask(target)), on)
		}
	}
	return b.Flush()
}

func writeEnvPlan(p func(string, ...any), rb *runbook.Runbook, mask func(string) string) {
	type row struct{ from, name, value string }
	var rows []row
	for _, v := range rb.Env {
		rows = append(rows, row{"env", v.Name, v.Value})
	}
	if rb.Rehearse {
		for _, v := range rb.Rehearsal.Env {
			rows = append(rows, row{"rehearsal", v.Name, v.Value})
		}
	}
	for _, v := range rb.Params {
		rows = append(rows, row{"--set", v.Name, v.Value})
	}
	if len(rows) == 0 {
		return
	}
	p("\nEnvironment of every step and check (secrets masked):\n")
	for _, r := range rows {
		p("   %s=%s", plain(r.name), plain(mask(r.value)))
		if r.from != "env" {
			p("   (%s)", r.from)
		}
		p("\n")
	}
	if len(rb.Launch.Secrets) > 0 {
		p("   secrets: %s\n", strings.Join(rb.Launch.Secrets, ", "))
	}
}

func writeCheckPlan(p func(string, ...any), c *runbook.Check, mask func(string) string, indent string) {
	p("%s%s\n", indent, oneLine(mask(CheckTarget(c))))
	writeExpect(p, c.Expect, indent)
	var opts []string
	if c.Retry.Attempts > 1 {
		opts = append(opts, fmt.Sprintf("up to %d attempts %s apart", c.Retry.Attempts, c.Retry.Interval))
	}
	if c.Timeout > 0 {
		opts = append(opts, "timeout "+c.Timeout.String())
	}
	if len(opts) > 0 {
		p("%s%s\n", indent, strings.Join(opts, "; "))
	}
}

func writeExpect(p func(string, ...any), conds []runbook.Condition, indent string) {
	if len(conds) == 0 {
		return
	}
	var s []string
	for _, c := range conds {
		s = append(s, c.Source)
	}
	p("%sexpect: %s\n", indent, plain(strings.Join(s, "; ")))
}

func shellOf(rb *runbook.Runbook) string {
	if rb.Launch.Shell != "" {
		return rb.Launch.Shell
	}
	return "/bin/sh"
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04Z") }

// oneLine shows a (possibly multi-line) command on one line, its line
// breaks made visible.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "\n") {
		lines := strings.Split(s, "\n")
		for i := range lines {
			lines[i] = plain(lines[i])
		}
		return strings.Join(lines, " ⏎ ")
	}
	return plain(s)
}

// WriteRemaining prints, from the state of the latest launch, what it has
// not done yet (in order) and the rollback commands of what it has done
// (in reverse order), so that an operator can finish or undo the launch by
// hand when golive itself cannot go on. rb may be nil: the state's own
// record of the commands is used.
func WriteRemaining(w io.Writer, rb *runbook.Runbook, st *State) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	title := st.Launch.Title
	if title == "" && rb != nil {
		title = rb.Title()
	}
	p("Remaining of %s", plain(title))
	if st.Launch.ID != "" {
		p(", launch %s", st.Launch.ID)
	}
	p(" (%s", OutcomeWords(string(st.Outcome)))
	if st.Launch.Rehearsal {
		p(", rehearsal")
	}
	if !st.Last.IsZero() {
		p(", last event %s", st.Last.UTC().Format(time.RFC3339))
	}
	p(")\n")
	if rb != nil && rb.Hash != "" && st.Launch.Hash != "" && rb.Hash != st.Launch.Hash {
		p("WARNING: the runbook has changed since this launch started; the commands below are the current ones.\n")
	}
	if st.Done() {
		p("This launch has ended (%s): nothing remains to do.\n", OutcomeWords(string(st.Outcome)))
	}
	dir := ""
	if rb != nil {
		dir = rb.Dir
	}

	var todo []string
	gatePassed := st.Gate.Decision == "go"
	hasCutover := false
	for _, it := range st.Items {
		if it.Phase == PhaseCutover {
			hasCutover = true
		}
	}
	if !st.Done() {
		if !gatePassed {
			for _, it := range st.Items {
				if it.Phase == PhasePreflight && it.Status != StatusPassed && it.Status != StatusWaived {
					todo = append(todo, fmt.Sprintf("pre-flight %s (%s): %s", plain(it.ID), it.Status, oneLine(it.Command)))
				}
			}
			if hasCutover {
				todo = append(todo, "gate: the go/no-go decision has not been taken")
			}
		}
		n := 0
		for _, it := range st.Items {
			if it.Phase != PhaseCutover {
				continue
			}
			n++
			switch it.Status {
			case StatusDone, StatusSkipped, StatusSimulated, StatusRolledBack:
				continue
			}
			line := fmt.Sprintf("cutover %d. %s (%s", n, plain(it.ID), it.Status)
			if it.Reason != "" {
				line += ": " + plain(it.Reason)
			}
			line += ")"
			if it.Command != "" {
				line += "\n      run: " + oneLine(it.Command)
			}
			line += stagesLeft(it)
			line += fleetRemaining(it)
			for i, m := range it.Manual {
				if i < len(it.Ticked) && it.Ticked[i] != "" {
					continue
				}
				line += "\n      [ ] " + plain(m)
			}
			todo = append(todo, line)
		}
		if !st.Rollback && st.Monitor.Verdict == "" && (len(st.Monitor.Probes) > 0 || st.Monitor.Duration > 0) {
			todo = append(todo, fmt.Sprintf("monitor: the soak (%s) and its verdict", st.Monitor.Duration))
		}
	}
	if len(todo) > 0 {
		p("\nNot done yet, in order")
		if dir != "" {
			p(" (run in %s with the environment of `golive plan`)", dir)
		}
		p(":\n")
		for _, t := range todo {
			p("  - %s\n", t)
		}
	} else if !st.Done() {
		p("\nEvery step has been done.\n")
	}

	var undo []string
	for i := len(st.Items) - 1; i >= 0; i-- {
		it := st.Items[i]
		if it.Phase != PhaseCutover || it.Rollback == "" {
			continue
		}
		if rbi := st.Find(PhaseRollback, it.ID); rbi != nil && rbi.Status == StatusDone {
			continue // already undone
		}
		switch it.Status {
		case StatusDone:
			undo = append(undo, fmt.Sprintf("%s: %s", plain(it.ID), oneLine(it.Rollback)))
		case StatusFailed, StatusInterrupted, StatusRunning:
			undo = append(undo, fmt.Sprintf("%s (%s, may be partly done): %s", plain(it.ID), it.Status, oneLine(it.Rollback)))
		}
	}
	if len(undo) > 0 {
		p("\nTo undo by hand, run in this order the rollback commands of what was done:\n")
		for _, u := range undo {
			p("  - %s\n", u)
		}
	} else {
		p("\nNothing to undo: no completed step has a rollback command left to run.\n")
	}
	return b.Flush()
}

// writeDescription prints a description as plain text under its item.
func writeDescription(p func(string, ...any), d string, mask func(string) string, indent string) {
	if strings.TrimSpace(d) == "" {
		return
	}
	for _, l := range PlainMarkdown(mask(d)) {
		p("%s| %s\n", indent, l)
	}
}
