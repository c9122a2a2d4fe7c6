package ui

import "golive/launch"

// glyph returns the status mark of an item and the severity it is drawn
// with. Every status has its own shape, so the list stays readable when
// NO_COLOR removes the colours.
func glyph(s launch.ItemStatus) (mark string, level string) {
	switch s {
	case launch.StatusPending:
		return "○", ""
	case launch.StatusRunning:
		return "●", "accent"
	case launch.StatusWaiting:
		return "◌", "warn"
	case launch.StatusPassed, launch.StatusDone:
		return "✓", "ok"
	case launch.StatusFailed:
		return "✗", "crit"
	case launch.StatusError:
		return "⚠", "crit"
	case launch.StatusSkipped:
		return "»", "warn"
	case launch.StatusWaived:
		return "~", "warn"
	case launch.StatusSimulated:
		return "◇", ""
	case launch.StatusInterrupted:
		return "?", "crit"
	case launch.StatusRolledBack:
		return "↺", "warn"
	}
	return "·", ""
}

// styledGlyph renders the mark of s in its colour.
func (st styles) glyph(s launch.ItemStatus) string {
	mark, level := glyph(s)
	if level == "accent" {
		return st.accent.Render(mark)
	}
	if level == "" {
		return st.dim.Render(mark)
	}
	return st.level(level).Render(mark)
}
