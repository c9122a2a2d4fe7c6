package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"golive/launch"
)

// The goldens pin whole screens at 100x30 with a fixed clock (run
// `go test ./ui -update` after an intended change, and read the diff).

func TestGoldenGate(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{Driver: "ops@bastion"})
	c.event(launch.Event{Type: launch.CheckFinished, Phase: launch.PhasePreflight, ID: "disk", Status: "pass", DurationMS: 12, Detail: "exit 0", Value: floatp(123456)})
	c.event(launch.Event{Type: launch.CheckFinished, Phase: launch.PhasePreflight, ID: "api", Status: "fail", Reason: "dial tcp 127.0.0.1:1: connection refused", Detail: "no answer"})
	c.event(launch.Event{Type: launch.CheckWaived, ID: "api", Reason: "known down in staging", Who: "ops@bastion"})
	c.event(launch.Event{Type: launch.GateOpened, Detail: "Switch traffic to v2?", DurationMS: int64(30 * time.Minute / time.Millisecond)})
	c.event(launch.Event{Type: launch.Vote, Who: "bob", OSUser: "bob"})
	golden.RequireEqual(t, []byte(c.screen()))
}

func TestGoldenSteps(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{Driver: "ops@bastion"})
	c.event(launch.Event{Type: launch.LaunchStarted, Launch: &launch.LaunchInfo{Expected: map[string]int64{"cutover/switch": 2000}}})
	c.cutover()
	c.event(launch.Event{Type: launch.StepStarted, Phase: launch.PhaseCutover, ID: "switch", Attempt: 1})
	c.m.out.Writer(launch.PhaseCutover, "switch").Write([]byte("draining old pool\r\x1b[Kdrained\nswitching\n"))
	c.event(launch.Event{Type: launch.StepFinished, Phase: launch.PhaseCutover, ID: "switch", Attempt: 1, Exit: intp(0), DurationMS: 3000})
	c.event(launch.Event{Type: launch.StepWaiting, Phase: launch.PhaseCutover, ID: "announce", Detail: "manual"})
	c.event(launch.Event{Type: launch.ItemTicked, Phase: launch.PhaseCutover, ID: "announce", Attempt: 1, Detail: "Post in #launch", Who: "ops@bastion"})
	golden.RequireEqual(t, []byte(c.screen()))
}

func TestGoldenMonitor(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Type: launch.PhaseStarted, Phase: launch.PhaseMonitor})
	c.event(launch.Event{Type: launch.MonitorStarted, DurationMS: 600000, Time: t0})
	for i, ms := range []int64{90, 110, 100, 240, 520, 610, 700, 130, 120, 100} {
		lvl := map[bool]string{true: "crit", false: map[bool]string{true: "warn", false: "ok"}[ms > 200]}[ms > 500]
		c.event(launch.Event{Type: launch.ProbeSample, ID: "latency", Status: "pass", Level: lvl, DurationMS: ms, Time: t0.Add(time.Duration(i*5) * time.Second)})
	}
	c.event(launch.Event{Type: launch.RollbackRecommended, ID: "latency", Reason: "3 critical samples in a row"})
	golden.RequireEqual(t, []byte(c.screen()))
}

func TestGoldenPane(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Type: launch.StepStarted, Phase: launch.PhaseCutover, ID: "switch", Attempt: 1, Detail: "echo switching"})
	c.m.out.Writer(launch.PhaseCutover, "switch").Write([]byte("draining old pool 10%\r\x1b[Kdrained\n\x1b]0;pwned\x07switching\n"))
	c.event(launch.Event{Type: launch.StepFinished, Phase: launch.PhaseCutover, ID: "switch", Attempt: 1, Exit: intp(0)})
	c.event(launch.Event{Type: launch.StepStarted, Phase: launch.PhaseCutover, ID: "migrate", Attempt: 1})
	// Moving the selection stops following the running step.
	c.keys(typed("k"), typed("k"))
	golden.RequireEqual(t, []byte(c.screen()))
}
