package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"golive/launch"
)

// detailLines are the lines above the output pane: the item's name and
// status, attempt n/N and last reason, and whatever the operator must act
// on (the command to confirm, the checklist, the decision menu).
func (v *stepsScreen) detailLines(f frame, w int) []string {
	it := v.selected(f.st)
	s := f.s
	if it == nil {
		return []string{s.dim.Render("nothing to show yet")}
	}
	head := s.glyph(it.Status) + " " + s.bold.Render(clean(it.Name)) + " " + s.dim.Render(string(it.Status))
	if it.Attempts > 0 {
		head += fmt.Sprintf("  attempt %d/%d", max(it.Attempt, 1), it.Attempts)
	}
	if it.Exit != nil {
		head += fmt.Sprintf("  exit=%d", *it.Exit)
	}
	lines := []string{head}
	if it.Reason != "" && !waitingDecision(f.st, it) {
		lines = append(lines, s.warn.Render(clean(it.Reason)))
	}
	if it.Waiver != nil {
		lines = append(lines, s.warn.Render("waived by "+clean(it.Waiver.Who)+": "+clean(it.Waiver.Text)))
	}
	if it.Stopped != "" {
		lines = append(lines, s.dim.Render("background process: "+clean(it.Stopped)))
	}
	lines = append(lines, stageLines(f, it, w)...)
	lines = append(lines, v.fleet.lines(f, it, w, v.h)...)
	switch {
	case waitingDecision(f.st, it):
		lines = append(lines, menuView(s, it))
	case it.Status == launch.StatusWaiting && it.Waiting == "confirm":
		// The whole command, wrapped: the operator confirms what they read.
		lines = append(lines, wrapLines("$ "+f.mask(clean(it.Command)), w, 6)...)
		lines = append(lines, s.warn.Render("Press Enter to run this step."))
	case it.Status == launch.StatusWaiting && it.Waiting == "manual":
		lines = append(lines, v.checklistLines(s, it)...)
	case it.Status == launch.StatusWaiting && it.Waiting == "hold":
		lines = append(lines, s.warn.Render("Holding before this step. Press h to release."))
	case it.Command != "":
		lines = append(lines, s.dim.Render("$ "+f.mask(clean(it.Command))))
	}
	if f.focused {
		lines = append(lines, s.banner.Render("KEYS GO TO THE STEP — Esc or ctrl-] to give focus back"))
	} else if it.Status == launch.StatusRunning && interactive(f.rb, it) && f.canAct {
		lines = append(lines, s.dim.Render("interactive: press i to type into the step"))
	}
	return lines
}

// checklistLines draws a waiting checklist with its cursor.
func (v *stepsScreen) checklistLines(s styles, it *launch.Item) []string {
	cur := v.checkCursor(it)
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
