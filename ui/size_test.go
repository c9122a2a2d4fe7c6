package ui

import (
	"golive/checks"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
)

// TestEveryScreenFits: at the minimum size and at a shared screen's, every
// view draws exactly the terminal's lines, none wider than it, so the
// header never scrolls away.
func TestEveryScreenFits(t *testing.T) {
	screens := map[string]func(c *cockpit){
		"preflight": func(c *cockpit) {},
		"gate": func(c *cockpit) {
			c.event(launch.Event{Phase: launch.PhasePreflight, ID: "api", Body: launch.CheckFinishedBody{Status: checks.Fail, Reason: strings.Repeat("very long reason ", 20)}})
			c.event(launch.Event{Body: launch.GateOpenedBody{Prompt: strings.Repeat("a long prompt ", 20), TimeoutMS: 60000}})
		},
		"confirm": func(c *cockpit) {
			c.cutover()
			c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
		},
		"failure": func(c *cockpit) {
			c.cutover()
			c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Reason: strings.Repeat("x", 300)}})
			c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{}})
			c.keys(typed("s"))
		},
		"monitor": func(c *cockpit) {
			c.cutover()
			c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
			c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 60000}})
			for i := range 300 {
				c.event(launch.Event{ID: "latency", Time: t0.Add(time.Duration(i) * time.Second), Body: launch.ProbeSampleBody{Status: checks.Pass, LatencyMS: int64(i % 700)}})
			}
			c.event(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: strings.Repeat("breach ", 30)}})
		},
		"summary": func(c *cockpit) {
			c.event(launch.Event{Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeAborted, Reason: "no-go"}})
		},
		"help": func(c *cockpit) { c.keys(typed("?")) },
		"present": func(c *cockpit) {
			c.cutover()
			c.keys(typed("p"))
		},
		"quit": func(c *cockpit) { c.keys(typed("q")) },
	}
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		for name, setup := range screens {
			c := newCockpit(t, testRunbook, Options{Rehearse: true, Driver: "someone-with-a-long-name@bastion-host.example"})
			c.m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			setup(c)
			lines := strings.Split(c.m.View(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, size[0], size[1], i, w, l)
				}
			}
		}
	}
}
