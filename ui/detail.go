package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/charmbracelet/x/ansi"

	"golive/launch"
	"golive/runbook"
	"golive/safe"
)

// detailLines are the lines above the output pane: the item's whole name
// and status, attempt n/N and last reason, whatever the operator must act
// on (the command to confirm, the checklist, the decision menu) and the
// runbook's description. Everything is wrapped, never cut: whatever the
// list had to shorten with … is read here in full.
func (v *stepsScreen) detailLines(f frame, w int) []string {
	it := v.selected(f.st)
	s := f.s
	if it == nil {
		return []string{s.dim.Render("nothing to show yet")}
	}
	var lines []string
	name := wrapLines(itemName(it), max(w-2, 10), 4)
	for i, l := range name {
		if i == 0 {
			l = s.glyph(it.Status) + " " + s.bold.Render(l)
		} else {
			l = "  " + s.bold.Render(l)
		}
		lines = append(lines, l)
	}
	lines = append(lines, statusLine(s, it))
	overran := it.TimedOut && it.Status == launch.StatusRunning && !waitingDecision(f.st, it)
	if it.Reason != "" && !waitingDecision(f.st, it) && !overran {
		lines = append(lines, styleAll(s.warn, wrapLines(clean(it.Reason), w, 4))...)
	}
	if it.Waiver != nil {
		lines = append(lines, styleAll(s.warn, wrapLines("waived by "+clean(it.Waiver.Who)+": "+clean(it.Waiver.Text), w, 3))...)
	}
	if it.Stopped != "" {
		lines = append(lines, s.dim.Render("background process: "+clean(it.Stopped)))
	}
	lines = append(lines, stageLines(f, it, w)...)
	lines = append(lines, v.fleet.lines(f, it, w, v.h)...)
	if overran {
		// The operator chose to wait longer: the timeout's question is
		// answered, so its message gives way to how long it waits now.
		if st := stepOf(f.rb, it); st != nil && st.Timeout > 0 {
			lines = append(lines, s.warn.Render("past its timeout of "+fmtDur(st.Timeout)+": waiting up to "+fmtDur(st.Timeout)+" more"))
		}
	}
	switch {
	case waitingDecision(f.st, it):
		lines = append(lines, menuView(s, it, w, waitLonger(f.rb, it), f.canAct))
	case it.Status == launch.StatusWaiting && it.Waiting == "confirm":
		// The whole command, wrapped: the operator confirms what they read.
		lines = append(lines, wrapLines("$ "+f.mask(clean(it.Command)), w, 6)...)
		if f.canAct {
			lines = append(lines, s.warn.Render("Press Enter to run this step."))
		} else {
			lines = append(lines, s.warn.Render("Waits for the driver to run it."))
		}
	case it.Status == launch.StatusWaiting && it.Waiting == "manual":
		lines = append(lines, v.checklistLines(s, it, w, f.canAct)...)
	case it.Status == launch.StatusWaiting && it.Waiting == "hold":
		if f.canAct {
			lines = append(lines, s.warn.Render("Held before this step. Press h to release."))
		} else {
			lines = append(lines, s.warn.Render("Held before this step."))
		}
	case it.Command != "":
		// One line: the output below matters more now; the whole
		// command was shown when it was confirmed, and plan lists it.
		lines = append(lines, s.dim.Render(trunc("$ "+f.mask(clean(it.Command)), w)))
	}
	if d := descriptionOf(f.rb, it); d != "" && v.md != nil {
		room := max(3, v.h/3)
		md := v.md.render(f.mask(ansi.Strip(safe.Text(d))), w)
		if len(md) > room {
			md = append(md[:room-1], s.dim.Render("… (the whole description is in `golive plan`)"))
		}
		lines = append(lines, md...)
	}
	if f.focused {
		lines = append(lines, s.banner.Render("KEYS GO TO THE STEP — Esc or ctrl-] to give focus back"))
	} else if it.Status == launch.StatusRunning && interactive(f.rb, it) && f.canAct {
		lines = append(lines, s.dim.Render("interactive: press i to type into the step"))
	}
	return lines
}

// statusLine is the item's status in words, its attempt, exit code and
// duration.
func statusLine(s styles, it *launch.Item) string {
	parts := []string{it.Status.Words()}
	if it.Attempts > 0 {
		parts = append(parts, fmt.Sprintf("attempt %d/%d", max(it.Attempt, 1), it.Attempts))
	}
	if it.Exit != nil {
		parts = append(parts, fmt.Sprintf("exit %d", *it.Exit))
	}
	if d := it.Duration(time.Time{}); d > 0 {
		parts = append(parts, "took "+fmtDur(d))
	}
	return "  " + s.dim.Render(strings.Join(parts, " · "))
}

// styleAll renders every line with st.
func styleAll(st lipgloss.Style, lines []string) []string {
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// waitLonger says how long "wait longer" waits: another timeout.
func waitLonger(rb *runbook.Runbook, it *launch.Item) string {
	if s := stepOf(rb, it); s != nil && s.Timeout > 0 {
		return "another " + fmtDur(s.Timeout)
	}
	return ""
}

// descriptionOf is the runbook's Markdown description of it, or "".
func descriptionOf(rb *runbook.Runbook, it *launch.Item) string {
	if rb == nil {
		return ""
	}
	switch it.Phase {
	case launch.PhasePreflight:
		for _, c := range rb.Preflight {
			if c.ID == it.ID {
				return c.Description
			}
		}
	case launch.PhaseCutover, launch.PhaseRollback:
		for _, s := range rb.Cutover {
			if s.ID == it.ID {
				return s.Description
			}
		}
	case launch.PhaseMonitor:
		if rb.Monitor != nil {
			for _, p := range rb.Monitor.Probes {
				if p.ID == it.ID {
					return p.Description
				}
			}
		}
	}
	return ""
}

// checklistLines draws a waiting checklist with its cursor, each item
// wrapped in full under its box; the keys only where they may act.
func (v *stepsScreen) checklistLines(s styles, it *launch.Item, w int, canAct bool) []string {
	cur := v.checkCursor(it)
	var out []string
	for i, item := range it.Manual {
		box := "[ ]"
		if ticked(it, i) {
			box = "[x]"
		}
		mark := "  "
		if i == cur {
			mark = "> "
		}
		text := clean(item)
		if ticked(it, i) {
			text += "  (" + clean(it.Ticked[i]) + ")"
		}
		for j, l := range wrapLines(text, max(w-6, 10), 8) {
			row := "      " + l
			if j == 0 {
				row = mark + box + " " + l
			}
			if i == cur {
				row = s.selected.Render(row)
			}
			out = append(out, row)
		}
	}
	if canAct {
		out = append(out, s.dim.Render("space tick  u untick  ←/→ move"))
	}
	return out
}

// view is the list on the left and, on the right, the selected item's
// detail over its output pane (drawn by the root, which owns the panes).
func (v *stepsScreen) view(f frame, pane string) string {
	w, h := v.w, v.h
	lw := listWidth(w)
	left := v.listView(f, lw, h)
	sep := f.s.border.Render(strings.TrimSuffix(strings.Repeat("│\n", h), "\n"))
	right := v.rightView(f, w-lw-1, h, pane)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, sep, right)
}

// rightView draws the detail lines over the output pane.
func (v *stepsScreen) rightView(f frame, w, h int, pane string) string {
	lines := v.detailLines(f, w)
	rule := f.s.border.Render(strings.Repeat("─", max(w, 1)))
	lines = append(lines, rule)
	if ph := h - len(flatten(lines)); ph > 0 {
		lines = append(lines, pane)
	}
	return fit(lines, w, h)
}

func flatten(lines []string) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(l, "\n")...)
	}
	return out
}
