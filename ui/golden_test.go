package ui

import (
	"golive/checks"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"golive/launch"
)

// The goldens pin whole screens at 100x30 with a fixed clock (run
// `go test ./ui -update` after an intended change, and read the diff).

func TestGoldenGate(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{Driver: "ops@bastion"})
	c.event(launch.Event{Phase: launch.PhasePreflight, ID: "disk", Body: launch.CheckFinishedBody{Status: checks.Pass, DurationMS: 12, Evidence: "exit 0", Value: floatp(123456)}})
	c.event(launch.Event{Phase: launch.PhasePreflight, ID: "api", Body: launch.CheckFinishedBody{Status: checks.Fail, Reason: "dial tcp 127.0.0.1:1: connection refused", Evidence: "no answer"}})
	c.event(launch.Event{ID: "api", Body: launch.CheckWaivedBody{Reason: "known down in staging", Who: "ops@bastion"}})
	c.event(launch.Event{Body: launch.GateOpenedBody{Prompt: "Switch traffic to v2?", TimeoutMS: int64(30 * time.Minute / time.Millisecond)}})
	c.event(launch.Event{Body: launch.VoteBody{Who: "bob", OSUser: "bob"}})
	golden.RequireEqual(t, []byte(c.screen()))
}

func TestGoldenSteps(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{Driver: "ops@bastion"})
	c.event(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{Expected: map[string]int64{"cutover/switch": 2000}}}})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	c.m.out.Writer(launch.PhaseCutover, "switch").Write([]byte("draining old pool\r\x1b[Kdrained\nswitching\n"))
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 3000}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepWaitingBody{Wait: launch.WaitManual}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.ItemTickedBody{OldItem: 1, Text: "Post in #launch", Who: "ops@bastion"}})
	golden.RequireEqual(t, []byte(c.screen()))
}

func TestGoldenMonitor(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Time: t0, Body: launch.MonitorStartedBody{SoakMS: 600000}})
	for i, ms := range []int64{90, 110, 100, 240, 520, 610, 700, 130, 120, 100} {
		lvl := map[bool]string{true: "crit", false: map[bool]string{true: "warn", false: "ok"}[ms > 200]}[ms > 500]
		c.event(launch.Event{ID: "latency", Time: t0.Add(time.Duration(i*5) * time.Second), Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.Level(lvl), LatencyMS: ms}})
	}
	c.event(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples in a row"}})
	golden.RequireEqual(t, []byte(c.screen()))
}

func TestGoldenPane(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1, Command: "echo switching"}})
	c.m.out.Writer(launch.PhaseCutover, "switch").Write([]byte("draining old pool 10%\r\x1b[Kdrained\n\x1b]0;pwned\x07switching\n"))
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0)}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepStartedBody{Attempt: 1}})
	// Moving the selection stops following the running step.
	c.keys(typed("k"), typed("k"))
	golden.RequireEqual(t, []byte(c.screen()))
}
