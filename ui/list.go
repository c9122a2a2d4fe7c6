package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"golive/launch"
)

// listView draws the phases and their items: glyph, name, duration and
// expected duration. Only the rows around the selection are drawn.
func (v *stepsScreen) listView(f frame, w, h int) string {
	s, st, now := f.s, f.st, f.now
	var rows []string
	selRow := 0
	var phase launch.Phase = "-"
	for i, it := range st.Items {
		if !listed(st, it) {
			continue
		}
		if it.Phase != phase {
			phase = it.Phase
			rows = append(rows, s.bold.Render(phaseWord(phase)))
		}
		row := itemRow(s, it, w, now)
		if i == v.sel {
			selRow = len(rows)
			row = s.pick(row)
		}
		rows = append(rows, row)
	}
	// Scroll so the selection stays visible.
	start := 0
	if selRow >= h {
		start = selRow - h + 1
	}
	rows = rows[start:]
	return fit(rows, w, h)
}

// itemRow is one list row, padded to w: glyph, name, then actual/expected
// durations right-aligned; an overrunning item turns amber, then red past
// one and a half times its baseline.
func itemRow(s styles, it *launch.Item, w int, now time.Time) string {
	dur := itemDuration(it, now)
	right := ""
	if dur > 0 {
		right = fmtDur(dur)
	}
	if it.ExpectedMS > 0 {
		exp := time.Duration(it.ExpectedMS) * time.Millisecond
		right += "/" + fmtDur(exp)
		switch {
		case dur > exp*3/2:
			right = s.crit.Render(right)
		case dur > exp:
			right = s.warn.Render(right)
		}
	}
	if it.Attempts > 1 && it.Attempt > 0 {
		right = fmt.Sprintf("%d/%d ", it.Attempt, it.Attempts) + right
	}
	name := clean(it.Name)
	if name == "" {
		name = clean(it.ID)
	}
	if it.Waiting != "" && it.Status == launch.StatusWaiting {
		name += " (" + string(it.Waiting) + ")"
	}
	if it.Background {
		name += " [bg]"
	}
	if l := ladderText(s, it, now); l != "" && it.Phase == launch.PhaseCutover {
		name += "  " + l
	}
	room := w - 3 - ansi.StringWidth(right) - 1
	name = trunc(name, max(room, 1))
	pad := max(w-3-ansi.StringWidth(name)-ansi.StringWidth(right), 1)
	return " " + s.glyph(it.Status) + " " + name + strings.Repeat(" ", pad) + right
}

// itemDuration is how long it ran, or has been running: the same
// measure the report uses, so the cockpit and the report agree.
func itemDuration(it *launch.Item, now time.Time) time.Duration {
	if it.Finished.IsZero() && it.Status != launch.StatusRunning && it.Status != launch.StatusWaiting {
		return 0
	}
	return it.Duration(now)
}
