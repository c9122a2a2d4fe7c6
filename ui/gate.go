package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// gateScreen is the go/no-go gate: the pre-flight checks with a cursor,
// the window, the approvers and votes, and the keys that decide.
type gateScreen struct {
	keys gateKeys
	sel  int // the selected pre-flight check
	w, h int
}

func newGateScreen() *gateScreen { return &gateScreen{keys: newGateKeys()} }

// setSize is the room the root gives the screen.
func (v *gateScreen) setSize(w, h int) { v.w, v.h = w, h }

// clamp keeps the selection on a check that exists.
func (v *gateScreen) clamp(f frame) {
	if c := len(preflightOf(f.st)); v.sel >= c {
		v.sel = max(0, c-1)
	}
}

// helpKeys are the screen's own keys that act now, for the footer, the
// hint line and the ? screen: the override only outside the window or in
// a freeze, re-run and waive only on a failed check.
func (v *gateScreen) helpKeys(f frame) []key.Binding {
	k := v.keys
	keys := []key.Binding{k.Go, k.NoGo}
	if v.canOverride(f) {
		keys = append(keys, k.Override)
	}
	if v.failedSelected(f) != nil {
		keys = append(keys, k.Rerun, k.Waive)
	}
	return keys
}

// canOverride: the window is closed (or a freeze holds) now.
func (v *gateScreen) canOverride(f frame) bool {
	return f.rb != nil && outsideWindow(f.rb.Launch, f.now)
}

// failedSelected is the selected check when it failed, else nil.
func (v *gateScreen) failedSelected(f frame) *launch.Item {
	checks := preflightOf(f.st)
	if v.sel >= len(checks) {
		return nil
	}
	c := checks[v.sel]
	if c.Status != launch.StatusFailed && c.Status != launch.StatusError {
		return nil
	}
	return c
}

// update handles the gate screen: GO (approver name, then typed GO),
// NO-GO (reason), a reasoned window override, and re-running or waiving
// the selected failed check.
func (v *gateScreen) update(f frame, k tea.KeyMsg) (bool, tea.Cmd) {
	checks := preflightOf(f.st)
	if f.move(k, &v.sel, len(checks)) {
		return true, nil
	}
	if !f.canAct {
		return false, nil
	}
	gk := v.keys
	switch {
	case key.Matches(k, gk.Go):
		askApprover(f)
	case key.Matches(k, gk.NoGo):
		f.modals.askReason("NO-GO: why?", func(r string) {
			f.send(launch.Command{Kind: launch.CmdNoGo, Reason: r})
		})
	case key.Matches(k, gk.Override):
		if v.canOverride(f) {
			text, _ := windowStatus(f.rb.Launch, f.now)
			f.modals.askReason(overrideQuestion(text), func(r string) {
				f.send(launch.Command{Kind: launch.CmdOverride, Reason: r})
			})
		}
	case key.Matches(k, gk.Rerun), key.Matches(k, gk.Waive):
		c := v.failedSelected(f)
		if c == nil {
			return true, nil
		}
		if key.Matches(k, gk.Rerun) {
			f.send(launch.Command{Kind: launch.CmdRerun, ID: c.ID})
		} else {
			f.modals.askReason(waiveQuestion(c), func(r string) {
				f.send(launch.Command{Kind: launch.CmdWaive, ID: c.ID, Reason: r})
			})
		}
	default:
		return false, nil
	}
	return true, nil
}

// askApprover starts the GO flow: who approves, then the typed GO.
func askApprover(f frame) {
	var approvers []string
	if f.rb != nil {
		approvers = f.rb.Launch.Approvers
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
	f.modals.ask(title, "name", check, func(name string) tea.Cmd {
		name = strings.TrimSpace(name)
		f.modals.ask("Type GO to confirm the cutover as "+name, "GO", func(s string) string {
			if strings.TrimSpace(s) != "GO" {
				return "type GO (capitals) to confirm, Esc to cancel"
			}
			return ""
		}, func(string) tea.Cmd {
			f.send(launch.Command{Kind: launch.CmdApprove, Who: name})
			return nil
		})
		return nil
	})
}

// view draws the gate screen: checks with result and age, window and
// freeze, approvers, quorum and votes, the prompt and its countdown.
func (v *gateScreen) view(f frame) string {
	s, w, h := f.s, v.w, v.h
	g := f.st.Gate
	now := f.now
	var lines []string
	prompt := g.Prompt
	if prompt == "" && f.rb != nil {
		prompt = f.rb.Gate.Prompt
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
	checks := preflightOf(f.st)
	nameW, evW := gateColumns(checks, w)
	for i, c := range checks {
		row := fmt.Sprintf(" %s %-*s %-8s %-8s %-*s", s.glyph(c.Status), nameW, trunc(itemName(c), nameW),
			c.Status.Words(), age(c, now), evW, trunc(evidence(c), evW))
		switch {
		case c.Status == launch.StatusWaived && c.Waiver != nil:
			row += "  waived by " + clean(c.Waiver.Who) + ": " + clean(c.Waiver.Text)
		case c.Reason != "":
			row += "  " + clean(c.Reason)
		}
		row = trunc(row, w)
		if i == v.sel {
			row = s.pick(row)
		}
		lines = append(lines, row)
	}
	// The selected check in full: its whole name and reason, wrapped.
	if v.sel < len(checks) {
		c := checks[v.sel]
		full := itemName(c) + ": " + c.Status.Words()
		if e := evidence(c); e != "" {
			full += ", " + e
		}
		if c.Reason != "" {
			full += " — " + clean(c.Reason)
		}
		if c.Waiver != nil {
			full += " — waived by " + clean(c.Waiver.Who) + ": " + clean(c.Waiver.Text)
		}
		lines = append(lines, styleAll(s.dim, wrapLines(full, max(w-2, 10), 4))...)
	}
	lines = append(lines, "")
	if f.rb != nil {
		text, level := windowStatus(f.rb.Launch, now)
		if f.rehearse {
			text += " (rehearsal: not enforced)"
		}
		lines = append(lines, "Window: "+s.level(level).Render(text))
		l := f.rb.Launch
		q := fmt.Sprintf("Approvers: %s   quorum %d/%d", orNone(l.Approvers), countedVotes(g), max(1, l.Quorum))
		if l.SeparateApprover {
			q += "   (the driver may not approve alone)"
		}
		lines = append(lines, q)
	}
	votes := "Votes: none yet"
	if len(g.Votes) > 0 {
		var vs []string
		for _, v := range g.Votes {
			t := clean(v.Name) + " (" + clean(v.Identity) + ", " + string(v.Proof) + ")"
			if v.NoGo {
				t = "NO-GO " + t
			} else if !v.Counted {
				t += " [before the last change: GO again]"
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
	if g.Decision == "" && len(g.Unmet) > 0 {
		lines = append(lines, s.bold.Render("Not open yet:"))
		for _, u := range g.Unmet {
			lines = append(lines, s.warn.Render(" • "+clean(u)))
		}
	}
	switch g.Decision {
	case "":
	case "timeout":
		lines = append(lines, s.banner.Render("GATE TIMED OUT")+" "+clean(g.Reason))
	default:
		lines = append(lines, s.bold.Render("Decision: "+strings.ToUpper(string(g.Decision))+" "+clean(g.Reason)))
	}
	hint := "↑/↓ select  [m] steps"
	if f.canAct {
		var offered []string
		for _, b := range v.helpKeys(f) {
			offered = append(offered, "["+b.Help().Key+"] "+b.Help().Desc)
		}
		hint = strings.Join(offered, "  ") + "  " + hint
	}
	lines = append(lines, "", s.dim.Render(hint))
	return fit(lines, w, h)
}

// age says how old a check's result is at now.
func age(it *launch.Item, now time.Time) string {
	if it.Finished.IsZero() {
		return ""
	}
	d := now.Sub(it.Finished)
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

// countedVotes is how many GO votes count toward the quorum now.
func countedVotes(g launch.GateState) int {
	n := 0
	for _, v := range g.Votes {
		if v.Counted {
			n++
		}
	}
	return n
}
