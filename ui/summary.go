package ui

import (
	"fmt"
	"path/filepath"

	"golive/launch"
)

// summaryScreen is the end of the launch: outcome, verdict, durations,
// and where the journal and the report are. It has no keys of its own.
type summaryScreen struct{ w, h int }

// setSize is the room the root gives the screen.
func (v *summaryScreen) setSize(w, h int) { v.w, v.h = w, h }

// view draws the summary.
func (v *summaryScreen) view(f frame) string {
	s, st, w, h := f.s, f.st, v.w, v.h
	outcome := string(st.Outcome)
	level := "crit"
	if outcome == "completed" {
		level = "ok"
	}
	// The same headline as the report: the outcome in words, and what
	// was bypassed on the way.
	lines := []string{
		s.title.Render("Launch finished") + "  " + s.level(level).Render(clean(launch.BuildReport(st).Headline)),
	}
	if st.Reason != "" {
		lines = append(lines, clean(st.Reason))
	}
	if a := st.AfterRollback; !a.Started.IsZero() {
		lines = append(lines, afterRollbackLine(s, a, f.now))
	}
	if v, lv := verdictOf(st); st.Monitor.Verdict != "" {
		lines = append(lines, "Verdict: "+s.level(lv).Render(v))
	}
	if st.Gate.Decision != "" {
		lines = append(lines, "Gate: "+string(st.Gate.Decision))
	}
	lines = append(lines, "Elapsed: "+fmtDur(elapsedOf(st, f.now)), "")
	var phase launch.Phase
	for _, it := range st.Items {
		if it.Phase == launch.PhaseMonitor || (it.Phase == launch.PhaseRollback && it.Status == launch.StatusPending) {
			continue
		}
		if it.Phase != phase {
			phase = it.Phase
			lines = append(lines, s.bold.Render(phaseWord(phase)))
		}
		lines = append(lines, itemRow(s, it, min(w, 72), f.now))
	}
	if len(st.Notes) > 0 {
		lines = append(lines, "", s.bold.Render("Notes"))
		for _, n := range st.Notes {
			lines = append(lines, " "+n.At.Local().Format("15:04:05")+" "+clean(n.Who)+": "+clean(n.Text))
		}
	}
	lines = append(lines, "")
	if f.launchDir != "" {
		lines = append(lines, "Journal: "+filepath.Join(f.launchDir, "journal.jsonl"))
	}
	rb := "RUNBOOK"
	if f.rb != nil {
		rb = f.rb.Path
	}
	lines = append(lines, fmt.Sprintf("Report:  golive report %s", rb), "", s.dim.Render("q to leave"))
	return fit(lines, w, h)
}
