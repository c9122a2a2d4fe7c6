package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
	"golive/runbook"
)

// defaultExtend is what x extends the soak by when no duration is typed.
const defaultExtend = 5 * time.Minute

// monitorKey handles the monitor view: choosing the charted probe, ending
// the soak early (with a reason) and extending it.
func (m *Model) monitorKey(k tea.KeyMsg) (bool, tea.Cmd) {
	if m.moveKey(k, &m.probeSel, len(m.st.Monitor.Probes)) {
		return true, nil
	}
	if !m.canAct() || m.st.Monitor.Verdict != "" {
		return false, nil
	}
	mk := m.keys.monitor
	switch {
	case keyIs(k, mk.End):
		m.askReason("End the soak early: why?", func(r string) {
			m.send(launch.Command{Kind: launch.CmdEndSoak, Reason: r})
		})
	case keyIs(k, mk.Extend):
		m.ask("Extend the soak by (e.g. 5m)", "5m", checkExtend, func(s string) tea.Cmd {
			d, _ := parseExtend(s)
			m.send(launch.Command{Kind: launch.CmdExtend, Duration: d})
			return nil
		})
	default:
		return false, nil
	}
	return true, nil
}

// monitorView draws one row per probe and the chart of the selected one.
func (m *Model) monitorView(w, h int) string {
	s := m.styles
	probes := m.st.Monitor.Probes
	var lines []string
	verdict, level := m.verdict()
	lines = append(lines, s.title.Render("Monitor")+"  "+s.level(level).Render(verdict))
	nameW := min(22, max(10, w/5))
	sparkW := max(10, w-nameW-44)
	for i, p := range probes {
		row := m.probeRow(p, nameW, sparkW)
		if i == m.probeSel {
			row = s.pick(row)
		}
		lines = append(lines, trunc(row, w))
	}
	if len(probes) == 0 {
		lines = append(lines, s.dim.Render("no probes"))
	}
	lines = append(lines, "")
	if ch := h - len(lines) - 2; ch >= 6 && m.probeSel < len(probes) {
		lines = append(lines, m.chartLegend(probes[m.probeSel]))
		lines = append(lines, m.chartView(probes[m.probeSel], w, ch))
	}
	lines = append(lines, s.dim.Render("[e] end soak early  [x] extend  [B] roll back  ↑/↓ probe  [m] steps"))
	return fit(lines, w, h)
}

// probeRow is one probe: status, name, last value with unit, sparkline
// coloured by level, and its breach counts.
func (m *Model) probeRow(p *launch.ProbeState, nameW, sparkW int) string {
	s := m.styles
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
		val = fmtValue(p.History[n-1], m.probeUnit(p.ID))
	} else if p.Last != nil {
		val = fmtValue(*p.Last, m.probeUnit(p.ID))
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

// chartLegend names the charted probe and its thresholds.
func (m *Model) chartLegend(p *launch.ProbeState) string {
	s := m.styles
	t := s.bold.Render(clean(p.Name))
	if rp := m.probeOf(p.ID); rp != nil {
		if rp.Warn != nil {
			t += "  " + s.warn.Render("warn "+clean(rp.Warn.Source))
		}
		if rp.Crit != nil {
			t += "  " + s.crit.Render("crit "+clean(rp.Crit.Source))
		}
	}
	if p.LastReason != "" {
		t += "  " + s.dim.Render(clean(p.LastReason))
	}
	return t
}

// probeOf returns the runbook probe with id, or nil.
func (m *Model) probeOf(id string) *runbook.Check {
	if m.o.Runbook == nil || m.o.Runbook.Monitor == nil {
		return nil
	}
	for _, p := range m.o.Runbook.Monitor.Probes {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// probeUnit guesses a probe value's unit from what its thresholds compare:
// latency and duration are milliseconds, days_left days.
func (m *Model) probeUnit(id string) string {
	p := m.probeOf(id)
	if p == nil {
		return ""
	}
	for _, c := range []*runbook.Condition{p.Warn, p.Crit} {
		if c == nil {
			continue
		}
		switch c.Subject {
		case runbook.SubjLatency, runbook.SubjDuration:
			return "ms"
		case runbook.SubjDaysLeft:
			return "d"
		}
	}
	return ""
}

// fmtValue writes a value compactly with its unit.
func fmtValue(v float64, unit string) string {
	t := strconv.FormatFloat(v, 'g', 4, 64)
	if v == float64(int64(v)) && v < 1e9 && v > -1e9 {
		t = strconv.FormatInt(int64(v), 10)
	}
	return t + unit
}

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
