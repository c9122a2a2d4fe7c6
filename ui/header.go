package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"golive/launch"
)

// headerHeight is the header's lines, its rule included.
const headerHeight = 3

// phaseWord is the header's name of a phase (CONTRACT words).
func phaseWord(p launch.Phase) string {
	switch p {
	case launch.PhasePreflight, "":
		return "Pre-flight"
	case launch.PhaseGate:
		return "Gate"
	case launch.PhaseCutover:
		return "Cutover"
	case launch.PhaseMonitor:
		return "Monitor"
	case launch.PhaseRollback:
		return "Rollback"
	case launch.PhaseDone:
		return "Done"
	}
	return string(p)
}

// headerView draws the always-visible header: who, what, where in the
// launch, and how the clock stands.
func (m *Model) headerView() string {
	s := m.styles
	now := m.now()
	title := "golive"
	if m.o.Runbook != nil {
		title = m.o.Runbook.Title()
	} else if m.st.Launch.Title != "" {
		title = m.st.Launch.Title
	}
	top := []string{s.title.Render(clean(title)), s.bold.Render(phaseWord(m.st.Phase))}
	if m.o.Rehearse || m.st.Launch.Rehearsal {
		top = append(top, s.badge.Render("REHEARSAL"))
	}
	if m.st.Hold {
		top = append(top, s.badge.Render("HOLD"))
	}
	if m.stopping != "" {
		top = append(top, s.warn.Render(m.stopping))
	}
	if m.o.ReadOnly {
		notice := "(watching, read-only)"
		if m.o.Notice != "" {
			notice = clean(m.o.Notice)
		}
		top = append(top, s.warn.Render(notice))
	}
	driver := m.o.Driver
	if driver == "" {
		driver = m.st.Launch.Driver
	}
	switch {
	case driver == "":
	case m.o.ReadOnly && !m.running():
		// The driver has left (the launch ended or was interrupted): a
		// watcher must not think someone is still at the wheel.
		top = append(top, s.dim.Render("no driver (was "+clean(driver)+")"))
	default:
		top = append(top, s.dim.Render("driven by "+clean(driver)))
	}
	if p := m.params(); p != "" {
		top = append(top, s.accent.Render(p))
	}

	var info []string
	if m.viewer != "" {
		info = append(info, s.accent.Render(clean(m.viewer)))
	}
	if m.o.Runbook != nil {
		text, level := windowStatus(m.o.Runbook.Launch, now)
		info = append(info, s.level(level).Render(text))
	}
	info = append(info, "elapsed "+fmtClock(elapsedOf(m.st, now)))
	if a := m.st.AfterRollback; !a.Started.IsZero() && a.Verdict == "" {
		info = append(info, afterRollbackLine(s, a, now))
	} else if m.st.Phase == launch.PhaseMonitor || !m.st.Monitor.Started.IsZero() {
		info = append(info, m.soakStatus(now)...)
	} else if eta := m.etaText(now); eta != "" {
		info = append(info, eta)
	}
	if n := len(m.st.Notifies); n > 0 {
		last := m.st.Notifies[n-1]
		info = append(info, s.warn.Render(fmt.Sprintf("notify failed ×%d: %s", n, clean(last.Text))))
	}

	w := max(m.width, 1)
	rule := s.border.Render(strings.Repeat("─", w))
	return trunc(strings.Join(top, "  "), w) + "\n" + trunc(strings.Join(info, "  │  "), w) + "\n" + rule
}

// elapsed is the time since the launch started (until it finished).
func elapsedOf(st *launch.State, now time.Time) time.Duration {
	start := st.Started
	if start.IsZero() {
		return 0
	}
	if !st.Finished.IsZero() {
		return st.Finished.Sub(start)
	}
	return now.Sub(start)
}

// soakStatus is the monitor part of the header: time since GO, soak time
// left, and the verdict so far.
func (m *Model) soakStatus(now time.Time) []string {
	verdict, level := verdictOf(m.st)
	return append(m.soakClock(now), m.styles.level(level).Render(verdict))
}

// soakClock is the time since GO and the soak time left.
func (m *Model) soakClock(now time.Time) []string {
	mon := m.st.Monitor
	var out []string
	if at := m.goTime(); !at.IsZero() {
		out = append(out, "since GO "+fmtClock(now.Sub(at)))
	}
	if !mon.Started.IsZero() && mon.Verdict == "" {
		out = append(out, "soak left "+fmtClock(mon.Started.Add(mon.Duration).Sub(now)))
	}
	return out
}

// goTime is when the gate said GO, or zero.
func (m *Model) goTime() time.Time {
	if m.st.Gate.Decision != "go" {
		return time.Time{}
	}
	return m.st.Gate.DecidedAt
}

// verdictOf is the monitor's word so far and its severity.
func verdictOf(st *launch.State) (string, string) {
	mon := st.Monitor
	switch mon.Verdict {
	case "stable":
		return "STABLE", "ok"
	case "rollback":
		return "ROLLED BACK", "crit"
	case "ended_early":
		return "ENDED EARLY", "warn"
	}
	if mon.Recommended != "" {
		return "ROLLBACK RECOMMENDED", "crit"
	}
	level := "ok"
	for _, p := range mon.Probes {
		switch p.LastLevel {
		case "crit":
			level = "crit"
		case "warn":
			if level == "ok" {
				level = "warn"
			}
		}
	}
	word := map[string]string{"ok": "steady", "warn": "steady (warn)", "crit": "breach"}[level]
	return word, level
}

// params lists the --set launch parameters: the runbook's, in the order
// given, else (watching a launch whose runbook is not at hand) the ones
// its journal recorded, already masked.
func (m *Model) params() string {
	var ps []string
	if m.o.Runbook != nil && len(m.o.Runbook.Params) > 0 {
		for _, p := range m.o.Runbook.Params {
			ps = append(ps, clean(p.Name)+"="+clean(m.mask(p.Value)))
		}
	} else {
		for _, k := range slices.Sorted(maps.Keys(m.st.Launch.Params)) {
			ps = append(ps, clean(k)+"="+clean(m.st.Launch.Params[k]))
		}
	}
	if len(ps) == 0 {
		return ""
	}
	return "set " + strings.Join(ps, " ")
}

// center places s in the middle of a w x h box.
func center(s string, w, h int) string {
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, s)
}
