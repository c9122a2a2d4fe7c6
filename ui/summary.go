package ui

import (
	"fmt"
	"path/filepath"

	"golive/launch"
)

// summaryView is the end of the launch: outcome, verdict, durations, and
// where the journal and the report are.
func (m *Model) summaryView(w, h int) string {
	s := m.styles
	st := m.st
	outcome := string(st.Outcome)
	level := "crit"
	if outcome == "completed" {
		level = "ok"
	}
	lines := []string{
		s.title.Render("Launch finished") + "  " + s.level(level).Render(outcome),
	}
	if st.Reason != "" {
		lines = append(lines, clean(st.Reason))
	}
	if v, lv := m.verdict(); st.Monitor.Verdict != "" {
		lines = append(lines, "Verdict: "+s.level(lv).Render(v))
	}
	if st.Gate.Decision != "" {
		lines = append(lines, "Gate: "+string(st.Gate.Decision))
	}
	lines = append(lines, "Elapsed: "+fmtDur(m.elapsed(m.now())), "")
	var phase launch.Phase
	for _, it := range st.Items {
		if it.Phase == launch.PhaseMonitor || (it.Phase == launch.PhaseRollback && it.Status == launch.StatusPending) {
			continue
		}
		if it.Phase != phase {
			phase = it.Phase
			lines = append(lines, s.bold.Render(phaseWord(phase)))
		}
		lines = append(lines, m.itemRow(it, min(w, 72), m.now()))
	}
	if len(st.Notes) > 0 {
		lines = append(lines, "", s.bold.Render("Notes"))
		for _, n := range st.Notes {
			lines = append(lines, " "+n.At.Local().Format("15:04:05")+" "+clean(n.Who)+": "+clean(n.Text))
		}
	}
	lines = append(lines, "")
	if m.o.LaunchDir != "" {
		lines = append(lines, "Journal: "+filepath.Join(m.o.LaunchDir, "journal.jsonl"))
	}
	rb := "RUNBOOK"
	if m.o.Runbook != nil {
		rb = m.o.Runbook.Path
	}
	lines = append(lines, fmt.Sprintf("Report:  golive report %s", rb), "", s.dim.Render("q to leave"))
	return fit(lines, w, h)
}
