package ui

import (
	"time"

	"golive/runbook"
)

// amberWindow is how close to the end of the window the header turns amber.
const amberWindow = 15 * time.Minute

// windowStatus describes the deployment window at now for the header:
// a T-minus countdown before it, the time left inside it (amber in the
// last 15 minutes), and red outside it or inside a freeze. level is "",
// "ok", "warn" or "crit".
func windowStatus(l runbook.Launch, now time.Time) (text, level string) {
	for _, f := range l.Freeze {
		if !now.Before(f.Start) && now.Before(f.End) {
			t := "inside freeze"
			if f.Reason != "" {
				t += " " + clean(f.Reason)
			}
			return t + " (ends in " + fmtClock(f.End.Sub(now)) + ")", "crit"
		}
	}
	w := l.Window
	if w == nil {
		return "any time (no window)", ""
	}
	switch {
	case now.Before(w.Start):
		return "window T-" + fmtClock(w.Start.Sub(now)), "warn"
	case now.Before(w.End):
		left := w.End.Sub(now)
		if left <= amberWindow {
			return "window " + fmtClock(left) + " left", "warn"
		}
		return "window " + fmtClock(left) + " left", "ok"
	}
	return "outside the deployment window", "crit"
}

// outsideWindow reports whether a GO at now would need an override.
func outsideWindow(l runbook.Launch, now time.Time) bool {
	_, level := windowStatus(l, now)
	return level == "crit" || (l.Window != nil && now.Before(l.Window.Start))
}
