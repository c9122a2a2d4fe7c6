package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// gateKey handles the gate screen: GO (approver name, then typed GO),
// NO-GO (reason), a reasoned window override, and re-running or waiving
// the selected failed check.
func (m *Model) gateKey(k tea.KeyMsg) (bool, tea.Cmd) {
	checks := m.preflight()
	if m.moveKey(k, &m.gateSel, len(checks)) {
		return true, nil
	}
	if !m.canAct() {
		return false, nil
	}
	gk := m.keys.gate
	switch {
	case keyIs(k, gk.Go):
		m.askApprover()
	case keyIs(k, gk.NoGo):
		m.askReason("NO-GO: why?", func(r string) {
			m.send(launch.Command{Kind: launch.CmdNoGo, Reason: r})
		})
	case keyIs(k, gk.Override):
		if m.o.Runbook != nil && outsideWindow(m.o.Runbook.Launch, m.now()) {
			m.askReason("Override the window: why?", func(r string) {
				m.send(launch.Command{Kind: launch.CmdOverride, Reason: r})
			})
		}
	case keyIs(k, gk.Rerun), keyIs(k, gk.Waive):
		if m.gateSel >= len(checks) {
			return true, nil
		}
		c := checks[m.gateSel]
		if c.Status != launch.StatusFailed && c.Status != launch.StatusError {
			return true, nil
		}
		if keyIs(k, gk.Rerun) {
			m.send(launch.Command{Kind: launch.CmdRerun, ID: c.ID})
		} else {
			m.askReason("Waive "+clean(c.ID)+": why?", func(r string) {
				m.send(launch.Command{Kind: launch.CmdWaive, ID: c.ID, Reason: r})
			})
		}
	default:
		return false, nil
	}
	return true, nil
}

// askApprover starts the GO flow: who approves, then the typed GO.
func (m *Model) askApprover() {
	var approvers []string
	if m.o.Runbook != nil {
		approvers = m.o.Runbook.Launch.Approvers
	}
	title := "GO: approver name"
	if len(approvers) > 0 {
		title += " (" + strings.Join(approvers, ", ") + ")"
	}
	check := func(s string) string {
		s = strings.TrimSpace(s)
		if s == "" {
			return "an approver name is required"
		}
		if len(approvers) > 0 && !slices.Contains(approvers, s) {
			return s + " is not an approver"
		}
		return ""
	}
	m.ask(title, "name", check, func(name string) tea.Cmd {
		name = strings.TrimSpace(name)
		m.ask("Type GO to confirm the cutover as "+name, "GO", func(s string) string {
			if strings.TrimSpace(s) != "GO" {
				return "type GO (capitals) to confirm, Esc to cancel"
			}
			return ""
		}, func(string) tea.Cmd {
			m.send(launch.Command{Kind: launch.CmdApprove, Who: name})
			return nil
		})
		return nil
	})
}

// gateView draws the gate screen: checks with result and age, window and
// freeze, approvers, quorum and votes, the prompt and its countdown.
func (m *Model) gateView(w, h int) string {
	s := m.styles
	g := m.st.Gate
	now := m.now()
	var lines []string
	prompt := g.Prompt
	if prompt == "" && m.o.Runbook != nil {
		prompt = m.o.Runbook.Gate.Prompt
	}
	lines = append(lines, s.title.Render("GO / NO-GO")+"  "+s.bold.Render(clean(prompt)))
	if g.Timeout > 0 && !g.OpenedAt.IsZero() {
		left := g.Timeout - now.Sub(g.OpenedAt)
		st := s.warn
		if left <= 0 {
			st = s.crit
		}
		lines = append(lines, st.Render("gate closes in "+fmtClock(left)))
	}
	lines = append(lines, "")
	lines = append(lines, s.bold.Render("Pre-flight"))
	for i, c := range m.preflight() {
		row := fmt.Sprintf(" %s %-24s %-8s %-10s", s.glyph(c.Status), trunc(clean(c.Name), 24), c.Status, m.age(c))
		switch {
		case c.Status == launch.StatusWaived && c.Waiver != nil:
			row += "  waived by " + clean(c.Waiver.Who) + ": " + clean(c.Waiver.Text)
		case c.Reason != "":
			row += "  " + clean(c.Reason)
		}
		row = trunc(row, w)
		if i == m.gateSel {
			row = s.pick(row)
		}
		lines = append(lines, row)
	}
	lines = append(lines, "")
	if m.o.Runbook != nil {
		text, level := windowStatus(m.o.Runbook.Launch, now)
		if m.o.Rehearse {
			text += " (rehearsal: not enforced)"
		}
		lines = append(lines, "Window: "+s.level(level).Render(text))
		l := m.o.Runbook.Launch
		q := fmt.Sprintf("Approvers: %s   quorum %d/%d", orNone(l.Approvers), len(g.Votes), max(1, l.Quorum))
		if l.SeparateApprover {
			q += "   (the driver may not approve alone)"
		}
		lines = append(lines, q)
	}
	votes := "Votes: none yet"
	if len(g.Votes) > 0 {
		var vs []string
		for _, v := range g.Votes {
			t := clean(v.Name)
			if v.OSUser != "" {
				t += " (" + clean(v.OSUser) + ")"
			}
			if v.Auto {
				t += " auto"
			}
			vs = append(vs, t+" "+v.At.Local().Format("15:04:05"))
		}
		votes = "Votes: " + strings.Join(vs, ", ")
	}
	lines = append(lines, votes)
	for _, o := range g.Overrides {
		lines = append(lines, s.warn.Render("Override: "+clean(o.Text)))
	}
	if g.Refusal != "" {
		lines = append(lines, s.crit.Render("Refused: "+clean(g.Refusal)))
	}
	switch g.Decision {
	case "":
	case "timeout":
		lines = append(lines, s.banner.Render("GATE TIMED OUT")+" "+clean(g.Reason))
	default:
		lines = append(lines, s.bold.Render("Decision: "+strings.ToUpper(string(g.Decision))+" "+clean(g.Reason)))
	}
	lines = append(lines, "", s.dim.Render("[g] GO  [n] NO-GO  [o] override window  [r] re-run  [w] waive  ↑/↓ select  [m] output"))
	return fit(lines, w, h)
}

// age says how old a check's result is.
func (m *Model) age(it *launch.Item) string {
	if it.Finished.IsZero() {
		return ""
	}
	d := m.now().Sub(it.Finished)
	if d < time.Minute {
		return fmt.Sprintf("%ds ago", int(d.Seconds()))
	}
	return fmtDur(d) + " ago"
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "anyone"
	}
	return strings.Join(xs, ", ")
}
