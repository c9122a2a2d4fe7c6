package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"golive/launch"
)

// presentView is the screen-sharing layout: the phase and status large,
// the current step with elapsed vs expected, the gate and monitor verdicts,
// and hosts, addresses, credentials and secrets masked.
func (m *Model) presentView() string {
	s := m.styles
	now := m.now()
	w := m.width
	title := "golive"
	if m.o.Runbook != nil {
		title = m.o.Runbook.Title()
	}
	big := s.r.NewStyle().Bold(true).Border(lipgloss.DoubleBorder()).BorderForeground(colAccent).Padding(1, 4)
	phase := big.Render(spaced(strings.ToUpper(phaseWord(m.st.Phase))))
	var badges []string
	if m.o.Rehearse || m.st.Launch.Rehearsal {
		badges = append(badges, s.badge.Render("REHEARSAL"))
	}
	if m.st.Hold {
		badges = append(badges, s.badge.Render("HOLD"))
	}
	if b := m.bannerText(); b != "" {
		badges = append(badges, s.loud(s.banner, "ROLLBACK RECOMMENDED"))
	}
	top := lipgloss.JoinHorizontal(lipgloss.Center, phase, "   ", strings.Join(badges, " "))

	lines := []string{s.title.Render(m.maskPresent(clean(title))), top, ""}
	if wl := m.waitLine(w - 2); wl != "" {
		lines = append(lines, m.maskPresent(wl), "")
	}
	if it := m.currentItem(); it != nil {
		line := "Now: " + s.glyph(it.Status) + " " + s.bold.Render(m.maskPresent(clean(it.Name)))
		d := itemDuration(it, now)
		line += "   " + fmtDur(d)
		if it.ExpectedMS > 0 {
			line += " / expected " + fmtDur(time.Duration(it.ExpectedMS)*time.Millisecond)
		}
		lines = append(lines, line)
	}
	done, total := m.cutoverProgress()
	if total > 0 {
		lines = append(lines, fmt.Sprintf("Cutover: %d of %d steps done", done, total))
	}
	if g := m.st.Gate.Decision; g != "" {
		lines = append(lines, "Gate: "+s.bold.Render(strings.ToUpper(string(g))))
	}
	if m.st.Phase == launch.PhaseMonitor || m.st.Monitor.Verdict != "" {
		v, lv := verdictOf(m.st)
		lines = append(lines, "Monitor: "+s.level(lv).Render(v)+"   "+strings.Join(m.soakClock(now), "   "))
	}
	if m.o.Runbook != nil {
		text, level := windowStatus(m.o.Runbook.Launch, now)
		lines = append(lines, "Window: "+s.level(level).Render(text))
	}
	lines = append(lines, "Elapsed: "+fmtClock(elapsedOf(m.st, now)))
	if m.st.Outcome != "" && m.st.Outcome != "in_progress" {
		lines = append(lines, "Outcome: "+s.bold.Render(string(m.st.Outcome)))
	}
	lines = append(lines, "", s.dim.Render("p: leave presentation mode"))
	// The big phase box spans several lines: indent each of them.
	var out []string
	for _, l := range lines {
		for _, row := range strings.Split(l, "\n") {
			out = append(out, "  "+row)
		}
	}
	return fit(out, w, m.height)
}

// currentItem is the item that needs attention or runs, else the selected.
func (m *Model) currentItem() *launch.Item {
	if i := activeIndex(m.st); i >= 0 {
		return m.st.Items[i]
	}
	return nil
}

// cutoverProgress counts finished cutover steps.
func (m *Model) cutoverProgress() (done, total int) {
	for _, it := range m.st.Items {
		if it.Phase != launch.PhaseCutover {
			continue
		}
		total++
		switch it.Status {
		case launch.StatusDone, launch.StatusSkipped, launch.StatusSimulated:
			done++
		}
	}
	return done, total
}

// spaced letter-spaces a word, the poor terminal's large type.
func spaced(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}
