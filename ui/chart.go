package ui

import (
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	tslc "github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"

	"golive/launch"
	"golive/runbook"
)

// Data set names of the probe chart.
const (
	setValues = "values"
	setWarn   = "warn"
	setCrit   = "crit"
)

// chartView returns the selected probe's history as a time-series chart
// with its warn and crit thresholds as horizontal lines, on a wall-clock
// time axis. It is rebuilt on each draw from the bounded history, which
// costs little (HistoryLen points) and keeps no chart state to go stale.
func (c *chartCache) view(f frame, p *launch.ProbeState, w, h int) string {
	// Drawing a chart costs milliseconds at a shared screen's size, while
	// the cockpit redraws for every message: draw it again only when the
	// probe has a new sample or the size changed.
	key := chartKey{id: p.ID, samples: p.Samples, last: p.LastAt, w: w, h: h}
	if c.key == key && c.drawn != "" {
		return c.drawn
	}
	c.key, c.drawn = key, drawChart(f, p, w, h)
	return c.drawn
}

// chartKey says what a drawn chart shows.
type chartKey struct {
	id      string
	samples int
	last    time.Time
	w, h    int
}

// chartCache is the last drawn chart.
type chartCache struct {
	key   chartKey
	drawn string
}

func drawChart(f frame, p *launch.ProbeState, w, h int) string {
	s := f.s
	n := min(len(p.History), len(p.Times))
	if n == 0 {
		return s.dim.Render("waiting for samples of " + clean(p.ID))
	}
	vals, times := p.History[len(p.History)-n:], p.Times[len(p.Times)-n:]
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	warn, hasWarn := threshold(probeOf(f.rb, p.ID), true)
	crit, hasCrit := threshold(probeOf(f.rb, p.ID), false)
	// The scale always takes in the thresholds: the operator reads how
	// far the line is from them at a glance.
	if hasWarn {
		lo, hi = min(lo, warn), max(hi, warn)
	}
	if hasCrit {
		lo, hi = min(lo, crit), max(hi, crit)
	}
	if hi == lo {
		hi = lo + 1
	}
	// A little room above and below; never below zero for values that
	// cannot be negative.
	pad := (hi - lo) * 0.1
	if lo >= 0 {
		lo = max(0, lo-pad)
	} else {
		lo -= pad
	}
	hi += pad
	t0, t1 := times[0], times[n-1]
	if !t1.After(t0) {
		t1 = t0.Add(time.Second)
	}
	c := tslc.New(w, h,
		tslc.WithTimeRange(t0, t1),
		tslc.WithYRange(lo, hi),
		tslc.WithXLabelFormatter(clockLabels()),
		tslc.WithYLabelFormatter(unitLabels(probeUnit(f.rb, p.ID))),
		tslc.WithAxesStyles(s.dim, s.dim),
		tslc.WithDataSetStyle(setValues, s.accent),
		tslc.WithDataSetLineStyle(setValues, runes.ThinLineStyle),
		tslc.WithDataSetStyle(setWarn, s.warn),
		tslc.WithDataSetStyle(setCrit, s.crit),
	)
	for i := range n {
		c.PushDataSet(setValues, tslc.TimePoint{Time: times[i], Value: vals[i]})
	}
	sets := []string{setValues}
	for _, th := range []struct {
		name string
		v    float64
		ok   bool
	}{{setWarn, warn, hasWarn}, {setCrit, crit, hasCrit}} {
		if !th.ok {
			continue
		}
		c.PushDataSet(th.name, tslc.TimePoint{Time: t0, Value: th.v})
		c.PushDataSet(th.name, tslc.TimePoint{Time: t1, Value: th.v})
		sets = append(sets, th.name)
	}
	c.DrawDataSets(sets)
	return c.View()
}

// unitLabels labels the value axis with the probe's unit: "250ms".
func unitLabels(unit string) linechart.LabelFormatter {
	return func(_ int, v float64) string {
		if v >= 100 || v <= -100 {
			v = float64(int64(v))
		}
		return fmtValue(v, unit)
	}
}

// clockLabels labels the time axis in wall-clock time.
func clockLabels() linechart.LabelFormatter {
	return func(_ int, v float64) string {
		return time.Unix(int64(v), 0).Local().Format("15:04:05")
	}
}

// threshold reads the numeric bound of a probe's warn (or crit) condition,
// in the unit the probe's values are drawn in.
func threshold(p *runbook.Check, warn bool) (float64, bool) {
	if p == nil {
		return 0, false
	}
	c := p.Crit
	if warn {
		c = p.Warn
	}
	if c == nil {
		return 0, false
	}
	switch c.Operand.Kind {
	case runbook.OperandNumber:
		return c.Operand.Num, true
	case runbook.OperandDuration:
		return float64(c.Operand.Duration) / float64(time.Millisecond), true
	}
	return 0, false
}
