package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"golive/launch"
)

// TestCockpitFollowsTheRelay feeds a cockpit only through a relay, as main
// does: it reacts to what changed in the state it pulls (the monitor view
// when the soak starts, the end of the launch closing a question about
// quitting), not to events it was handed one by one.
func TestCockpitFollowsTheRelay(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	relay := launch.NewRelay(rb, nil)
	m := NewModel(Options{Runbook: rb, Send: func(launch.Command) {}, Relay: relay, Clock: func() time.Time { return t0 }})
	defer m.Close()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	var ev events
	publish := func(es ...launch.Event) {
		for _, e := range es {
			relay.Publish(ev.next(e))
		}
	}
	publish(
		launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop"}}},
		launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}},
		launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}},
	)
	waitScreen(t, tm, "Point the balancer at v2")
	publish(
		launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0)}},
		launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}},
		launch.Event{Body: launch.MonitorStartedBody{SoakMS: 60000}},
		launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples"}},
	)
	waitScreen(t, tm, "ROLLBACK RECOMMENDED: Health latency: 3 critical samples")
	tm.Send(typed("q"))
	waitScreen(t, tm, "Quit?")
	publish(launch.Event{Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeCompleted, Exit: intp(0)}})
	waitScreen(t, tm, "Launch finished")
	// The question closed with the launch's end, so q now leaves at once.
	tm.Send(typed("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// TestCockpitsOnOneRelayAreIndependent runs two cockpits on one relay:
// each has its own copy of the state and its own selection.
func TestCockpitsOnOneRelayAreIndependent(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	var ev events
	relay := launch.NewRelay(rb, []launch.Event{
		ev.next(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop"}}}),
		ev.next(launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}}),
	})
	a := NewModel(Options{Runbook: rb, Relay: relay, Clock: func() time.Time { return t0 }})
	b := NewModel(Options{Runbook: rb, Relay: relay, Clock: func() time.Time { return t0 }})
	defer a.Close()
	defer b.Close()
	if a.st == b.st {
		t.Fatal("two cockpits share one state")
	}
	a.st.Items[0].Name = "scribbled"
	if b.st.Items[0].Name == "scribbled" {
		t.Fatal("one cockpit's state changed the other's")
	}
	a.steps.move(a.st, 1)
	if a.steps.sel == b.steps.sel {
		t.Fatalf("moving one cockpit's selection moved the other's (both at %d)", a.steps.sel)
	}
}

// TestCockpitReactsToACoalescedEnd publishes a whole launch in one burst
// to a cockpit with --exit: however many events one pull folds together,
// the end of the launch is seen and the cockpit leaves.
func TestCockpitReactsToACoalescedEnd(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	relay := launch.NewRelay(rb, nil)
	m := NewModel(Options{Runbook: rb, Send: func(launch.Command) {}, Relay: relay, ExitOnFinish: true, Clock: func() time.Time { return t0 }})
	defer m.Close()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	var ev events
	for _, e := range []launch.Event{
		{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop"}}},
		{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}},
		{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}},
		{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0)}},
		{Body: launch.MonitorStartedBody{SoakMS: 1000}},
		{Body: launch.VerdictBody{Verdict: launch.VerdictStable}},
		{Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeCompleted, Exit: intp(0)}},
	} {
		relay.Publish(ev.next(e))
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}
