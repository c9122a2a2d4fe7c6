package ui

import (
	"fmt"
	"strings"

	"golive/launch"
)

// detailLines are the lines above the output pane: the item's name and
// status, attempt n/N and last reason, and whatever the operator must act
// on (the command to confirm, the checklist, the decision menu).
func (m *Model) detailLines(w int) []string {
	it := m.selected()
	if it == nil {
		return []string{m.styles.dim.Render("nothing to show yet")}
	}
	s := m.styles
	head := s.glyph(it.Status) + " " + s.bold.Render(clean(it.Name)) + " " + s.dim.Render(string(it.Status))
	if it.Attempts > 0 {
		head += fmt.Sprintf("  attempt %d/%d", max(it.Attempt, 1), it.Attempts)
	}
	if it.Exit != nil {
		head += fmt.Sprintf("  exit=%d", *it.Exit)
	}
	lines := []string{head}
	if it.Reason != "" && !m.waitingDecision(it) {
		lines = append(lines, s.warn.Render(clean(it.Reason)))
	}
	if it.Waiver != nil {
		lines = append(lines, s.warn.Render("waived by "+clean(it.Waiver.Who)+": "+clean(it.Waiver.Text)))
	}
	if it.Stopped != "" {
		lines = append(lines, s.dim.Render("background process: "+clean(it.Stopped)))
	}
	switch {
	case m.waitingDecision(it):
		lines = append(lines, m.menuView(it))
	case it.Status == launch.StatusWaiting && it.Waiting == "confirm":
		// The whole command, wrapped: the operator confirms what they read.
		lines = append(lines, wrapLines("$ "+m.mask(clean(it.Command)), w, 6)...)
		lines = append(lines, s.warn.Render("Press Enter to run this step."))
	case it.Status == launch.StatusWaiting && it.Waiting == "manual":
		lines = append(lines, m.checklistLines(it)...)
	case it.Status == launch.StatusWaiting && it.Waiting == "hold":
		lines = append(lines, s.warn.Render("Holding before this step. Press h to release."))
	case it.Command != "":
		lines = append(lines, s.dim.Render("$ "+m.mask(clean(it.Command))))
	}
	if m.modal == modeFocus {
		lines = append(lines, s.banner.Render("KEYS GO TO THE STEP — Esc or ctrl-] to give focus back"))
	} else if it.Status == launch.StatusRunning && m.interactive(it) && m.canAct() {
		lines = append(lines, s.dim.Render("interactive: press i to type into the step"))
	}
	return lines
}

// checklistLines draws a waiting checklist with its cursor.
func (m *Model) checklistLines(it *launch.Item) []string {
	s := m.styles
	cur := m.checkCursor(it)
	var out []string
	for i, item := range it.Manual {
		box := "[ ]"
		if ticked(it, i) {
			box = "[x]"
		}
		row := box + " " + clean(item)
		if ticked(it, i) {
			row += s.dim.Render("  " + clean(it.Ticked[i]))
		}
		if i == cur {
			row = s.selected.Render("> " + row)
		} else {
			row = "  " + row
		}
		out = append(out, row)
	}
	out = append(out, s.dim.Render("space/enter tick  ←/→ move"))
	return out
}

// rightView draws the detail lines over the output pane.
func (m *Model) rightView(w, h int) string {
	lines := m.detailLines(w)
	rule := m.styles.border.Render(strings.Repeat("─", max(w, 1)))
	lines = append(lines, rule)
	if ph := h - len(flatten(lines)); ph > 0 {
		lines = append(lines, m.paneView())
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
