package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
	"golive/runbook"
)

// defaultExtend is what x extends the soak by when no duration is typed.
const defaultExtend = 5 * time.Minute

// monitorScreen is the monitor view: one row per probe, the chart of the
// selected one, and the keys that end or extend the soak.
type monitorScreen struct {
	keys  monitorKeys
	sel   int        // the selected probe
	chose bool       // the operator picked the probe: no more automatic selection
	chart chartCache // the last drawn probe chart
	w, h  int
}

func newMonitorScreen() *monitorScreen { return &monitorScreen{keys: newMonitorKeys()} }

// setSize is the room the root gives the screen.
func (v *monitorScreen) setSize(w, h int) { v.w, v.h = w, h }

// clamp keeps the selection on a probe that exists.
func (v *monitorScreen) clamp(f frame) {
	if p := len(f.st.Monitor.Probes); v.sel >= p {
		v.sel = max(0, p-1)
	}
}

// helpKeys are the screen's own keys, for the footer and the ? screen.
func (v *monitorScreen) helpKeys() []key.Binding { return []key.Binding{v.keys.End, v.keys.Extend} }

// update handles the monitor view's keys: choosing the charted probe,
// ending the soak early (with a reason) and extending it.
func (v *monitorScreen) update(f frame, k tea.KeyMsg) (bool, tea.Cmd) {
	if f.move(k, &v.sel, len(f.st.Monitor.Probes)) {
		v.chose = true
		return true, nil
	}
	if !f.canAct || f.st.Monitor.Verdict != "" {
		return false, nil
	}
	switch {
	case key.Matches(k, v.keys.End):
		f.modals.askReason("End the soak early: why?", func(r string) {
			f.send(launch.Command{Kind: launch.CmdEndSoak, Reason: r})
		})
	case key.Matches(k, v.keys.Extend):
		f.modals.ask("Extend the soak by (e.g. 5m)", "5m", checkExtend, func(s string) tea.Cmd {
			d, _ := parseExtend(s)
			f.send(launch.Command{Kind: launch.CmdExtend, Duration: d})
			return nil
		})
	default:
		return false, nil
	}
	return true, nil
}

// view draws one row per probe and the chart of the selected one.
func (v *monitorScreen) view(f frame) string {
	s, w, h := f.s, v.w, v.h
	probes := f.st.Monitor.Probes
	var lines []string
	verdict, level := verdictOf(f.st)
	lines = append(lines, s.title.Render("Monitor")+"  "+s.level(level).Render(verdict))
	nameW := min(22, max(10, w/5))
	sparkW := max(10, w-nameW-44)
	for i, p := range probes {
		row := probeRow(f, p, nameW, sparkW)
		if i == v.sel {
			row = s.pick(row)
		}
		lines = append(lines, trunc(row, w))
	}
	if len(probes) == 0 {
		lines = append(lines, s.dim.Render("no probes"))
	}
	lines = append(lines, "")
	if ch := h - len(lines) - 2; ch >= 6 && v.sel < len(probes) {
		lines = append(lines, chartLegend(f, probes[v.sel]))
		lines = append(lines, v.chart.view(f, probes[v.sel], w, ch))
	}
	hint := "↑/↓ probe  [m] steps"
	if f.canAct {
		hint = "[e] end soak early  [x] extend  [B] roll back  " + hint
	}
	lines = append(lines, s.dim.Render(hint))
	return fit(lines, w, h)
}

// probeRow is one probe: status, name, last value with unit, sparkline
// coloured by level, and its breach counts.
func probeRow(f frame, p *launch.ProbeState, nameW, sparkW int) string {
	s := f.s
	mark := "○"
	switch p.LastLevel {
	case "ok":
		mark = s.ok.Render("✓")
	case "warn":
		mark = s.warn.Render("⚠")
	case "crit":
		mark = s.crit.Render("✗")
	}
	name := clean(p.Name)
	if name == "" {
		name = clean(p.ID)
	}
	name = fmt.Sprintf("%-*s", nameW, trunc(name, nameW))
	// The fold charts the measured value, else the response time; the
	// row shows the same number the sparkline ends on.
	val := "–"
	if n := len(p.History); n > 0 {
		val = fmtValue(p.History[n-1], probeUnit(f.rb, p.ID))
	} else if p.Last != nil {
		val = fmtValue(*p.Last, probeUnit(f.rb, p.ID))
	}
	lvl := p.LastLevel
	if lvl == "" {
		lvl = "-"
	}
	counts := fmt.Sprintf("warn %d crit %d", p.Warn, p.Crit)
	if p.Crit > 0 {
		counts = s.crit.Render(counts)
	} else if p.Warn > 0 {
		counts = s.warn.Render(counts)
	}
	spark := s.sparkline(p.History, p.Levels, sparkW)
	spark += strings.Repeat(" ", max(0, sparkW-ansi.StringWidth(spark)))
	return fmt.Sprintf(" %s %s %-4s %10s  %s  %s", mark, name, lvl, val, spark, counts)
}

// chartLegend names the charted probe, its last value with its unit, and
// labels the threshold lines drawn across the chart. Each condition is
// said once: the last sample's reason is one of them, so it is not
// repeated after them.
func chartLegend(f frame, p *launch.ProbeState) string {
	s := f.s
	unit := probeUnit(f.rb, p.ID)
	t := s.bold.Render(clean(p.Name))
	if n := len(p.History); n > 0 {
		t += "  last " + fmtValue(p.History[n-1], unit)
		if p.LastLevel != "" && p.LastLevel != "ok" {
			t += " (" + p.LastLevel + ")"
		}
	}
	rp := probeOf(f.rb, p.ID)
	said := map[string]bool{}
	for _, th := range []struct {
		warn bool
		c    *runbook.Condition
		st   lipgloss.Style
		word string
	}{{true, condOf(rp, true), s.warn, "warn"}, {false, condOf(rp, false), s.crit, "crit"}} {
		if th.c == nil {
			continue
		}
		said[th.c.Source] = true
		label := th.word + " " + clean(th.c.Source)
		if v, ok := threshold(rp, th.warn); ok {
			label = "── " + th.word + " " + string(th.c.Op) + " " + fmtValue(v, unit)
		}
		t += "  " + th.st.Render(label)
	}
	if p.LastReason != "" && !said[p.LastReason] {
		t += "  " + s.dim.Render(clean(p.LastReason))
	}
	return t
}

// condOf is a probe's warn (or crit) condition, or nil.
func condOf(p *runbook.Check, warn bool) *runbook.Condition {
	if p == nil {
		return nil
	}
	if warn {
		return p.Warn
	}
	return p.Crit
}

// probeOf returns the runbook probe with id, or nil.
func probeOf(rb *runbook.Runbook, id string) *runbook.Check {
	if rb == nil || rb.Monitor == nil {
		return nil
	}
	for _, p := range rb.Monitor.Probes {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// probeUnit is the unit of a probe's values (see launch.ProbeUnit).
func probeUnit(rb *runbook.Runbook, id string) string { return launch.ProbeUnit(probeOf(rb, id)) }

// fmtValue writes a value compactly with its unit.
func fmtValue(v float64, unit string) string { return launch.FormatValue(v, unit) }

func checkExtend(s string) string {
	if _, err := parseExtend(s); err != nil {
		return err.Error()
	}
	return ""
}

// parseExtend reads the extension; empty means the default five minutes.
func parseExtend(s string) (d time.Duration, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return defaultExtend, nil
	}
	d, err = time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("not a duration: %q (e.g. 5m, 90s)", s)
	}
	return d, nil
}

// followBreach selects the worst probe (critical, else warning) until the
// operator picks one: the chart shows what breaches without a key.
func (v *monitorScreen) followBreach(probes []*launch.ProbeState) {
	if v.chose {
		return
	}
	for _, lvl := range []string{"crit", "warn"} {
		for i, p := range probes {
			if p.LastLevel == lvl {
				v.sel = i
				return
			}
		}
	}
}
