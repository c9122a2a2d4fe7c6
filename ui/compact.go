package ui

import (
	"strings"

	"golive/launch"
)

// compactView is the cockpit below 80x24 (a phone, a split pane): one
// line each for the phase, what the launch waits for, the current step
// and the verdict, then the open question or the quit key. It never
// breaks the layout, whatever the size.
func (m *Model) compactView() string {
	s, w := m.styles, m.width
	title := "golive"
	if m.o.Runbook != nil {
		title = m.o.Runbook.Title()
	}
	lines := []string{s.bold.Render(phaseWord(m.st.Phase)) + "  " + s.dim.Render(clean(title))}
	if what, keys := m.waitParts(); what != "" {
		// Narrow: what waits and its keys each get their line.
		lines = append(lines, what)
		if keys != "" {
			lines = append(lines, "  "+keys)
		}
	} else {
		lines = append(lines, s.dim.Render("nothing waits for a person"))
	}
	if it := m.currentItem(); it != nil {
		lines = append(lines, "now: "+s.glyph(it.Status)+" "+itemName(it)+" "+fmtDur(itemDuration(it, m.now())))
	}
	if v, lv := verdictOf(m.st); m.st.Phase == launch.PhaseMonitor || m.st.Monitor.Verdict != "" {
		lines = append(lines, "monitor: "+s.level(lv).Render(v))
	}
	if m.st.Outcome != "" && m.st.Outcome != "in_progress" {
		lines = append(lines, "outcome: "+s.bold.Render(launch.OutcomeWords(string(m.st.Outcome))))
	}
	if b := m.bannerText(); b != "" {
		lines = append(lines, s.loud(s.banner, trunc(b, w-2)))
	}
	lines = append(lines, s.dim.Render("compact view (below 80x24)"))
	foot := s.dim.Render("? help  q quit")
	if m.questions.isOpen() {
		// The question must stay answerable at any size.
		foot = m.questions.view(s)
	}
	fh := len(strings.Split(foot, "\n"))
	return fit(lines, w, max(m.height-fh, 0)) + "\n" + fit([]string{foot}, w, fh)
}
