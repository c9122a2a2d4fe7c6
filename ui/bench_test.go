package ui

import (
	"fmt"
	"golive/checks"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// benchCockpit is a cockpit at 200x50 (a shared screen) with a full
// probe history.
func benchCockpit(b *testing.B) *cockpit {
	c := newCockpit(b, testRunbook, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	w := c.m.out.Writer(launch.PhaseCutover, "switch")
	for i := range 100000 {
		fmt.Fprintf(w, "\x1b[32mline %d\x1b[0m of output\n", i)
	}
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Time: t0, Body: launch.MonitorStartedBody{SoakMS: 600000}})
	for i := range launch.HistoryLen {
		c.event(launch.Event{ID: "latency", Time: t0.Add(time.Duration(i) * time.Second), Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.LevelOK, LatencyMS: int64(100 + i%50)}})
	}
	return c
}

// BenchmarkViewMonitor is a whole 200x50 monitor frame: probe rows, the
// chart of 240 samples, header and footer.
func BenchmarkViewMonitor(b *testing.B) {
	c := benchCockpit(b)
	b.ResetTimer()
	for b.Loop() {
		_ = c.m.View()
	}
}

// BenchmarkViewSteps is a whole 200x50 steps frame over a pane holding
// 100,000 lines.
func BenchmarkViewSteps(b *testing.B) {
	c := benchCockpit(b)
	c.keys(typed("m"))
	b.ResetTimer()
	for b.Loop() {
		_ = c.m.View()
	}
}

// BenchmarkProbeSample is folding one sample and redrawing, the monitor's
// steady-state cost per probe and interval.
func BenchmarkProbeSample(b *testing.B) {
	c := benchCockpit(b)
	b.ResetTimer()
	for b.Loop() {
		c.event(launch.Event{ID: "latency", Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.LevelOK, LatencyMS: 120}})
		_ = c.m.View()
	}
}
