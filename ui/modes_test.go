package ui

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"golive/launch"
)

// TestQuitAsksWhileAStepRuns: q during a running step asks, names the
// step and what leaving does; n keeps the cockpit, y quits.
func TestQuitAsksWhileAStepRuns(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	var s sent
	m := NewModel(Options{Runbook: rb, Send: s.send, Clock: func() time.Time { return t0 }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	var ev events
	for _, e := range []launch.Event{
		{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop"}}},
		{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}},
		{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}},
	} {
		tm.Send(EventMsg{E: ev.next(e)})
	}
	waitScreen(t, tm, "Point the balancer at v2")
	tm.Send(typed("q"))
	waitScreen(t, tm, "Quit? Step switch is running: golive will stop it", "[y/n]")
	tm.Send(typed("n"))
	tm.Send(typed("?"))
	waitScreen(t, tm, "Keys (any key closes)")
	tm.Send(keyOf(tea.KeyEsc))
	tm.Send(typed("q"))
	waitScreen(t, tm, "Quit? Step switch is running")
	tm.Send(typed("y"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	if len(s.all()) != 1 || s.all()[0].Kind != launch.CmdResize {
		t.Fatalf("quitting sent commands: %+v", s.all())
	}
}

// TestInterruptSaysItStops: a signal relayed as InterruptMsg asks
// nothing (the engine stops at the next safe point on its own); the header
// says what the first and the second signal do.
func TestInterruptSaysItStops(t *testing.T) {
	m := NewModel(Options{Runbook: loadRunbook(t, testRunbook), Send: func(launch.Command) {}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(160, 30))
	tm.Send(EventMsg{E: launch.Event{Seq: 1, Time: t0, Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L"}}}})
	tm.Send(InterruptMsg{})
	waitScreen(t, tm, "stopping at the next safe point")
	tm.Send(InterruptMsg{Again: true})
	waitScreen(t, tm, "signal again: stopping the running step")
	tm.Send(typed("q"))
	waitScreen(t, tm, "Quit?")
	tm.Send(typed("y"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// TestTooSmall: below 80x24 the cockpit draws its compact view, and
// recovers on resize.
func TestTooSmall(t *testing.T) {
	m := NewModel(Options{Runbook: loadRunbook(t, testRunbook), Send: func(launch.Command) {}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(79, 30))
	waitScreen(t, tm, "compact view (below 80x24)", "Pre-flight")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	waitScreen(t, tm, "Shop v2 go-live", "Disk has room")
	tm.Send(tea.WindowSizeMsg{Width: 120, Height: 23})
	waitScreen(t, tm, "compact view (below 80x24)")
	tm.Send(typed("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// TestWatchSendsNothing: a watcher's keys never reach the engine, even the
// ones that act in a driver's cockpit, and its pane tails the step log.
func TestWatchSendsNothing(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	dir := t.TempDir()
	var s sent
	m := NewModel(Options{Runbook: rb, Send: s.send, ReadOnly: true, LaunchDir: dir})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	var ev events
	send := func(e launch.Event) { tm.Send(EventMsg{E: ev.next(e)}) }
	send(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop", Driver: "alice@bastion"}}})
	send(launch.Event{Body: launch.GateOpenedBody{Prompt: "Switch traffic to v2?"}})
	waitScreen(t, tm, "GO / NO-GO", "watching, read-only")
	for _, k := range []string{"g", "n", "o", "r", "w", "h", "N", "B"} {
		tm.Send(typed(k))
	}
	tm.Send(keyOf(tea.KeyEnter))
	send(launch.Event{Body: launch.GateDecidedBody{Decision: launch.GateGo, Who: "alice"}})
	send(launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	waitScreen(t, tm, "Waits for the driver to run it.")
	tm.Send(keyOf(tea.KeyEnter))
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})

	// The driver's engine writes the step log; the watcher tails it.
	logPath := launch.StepLogPath(dir, launch.PhaseCutover, "switch")
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	io.WriteString(f, "balancer now points at v2\n")
	waitScreen(t, tm, "balancer now points at v2")

	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFailedBody{Exit: intp(1), Reason: "exit 1"}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.DecisionNeededBody{Reason: "exit 1"}})
	waitScreen(t, tm, "Step failed")
	for _, k := range []string{"r", "s", "b", "a", "i", " "} {
		tm.Send(typed(k))
	}
	send(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	send(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 60000}})
	send(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples"}})
	waitScreen(t, tm, "ROLLBACK RECOMMENDED: Health latency: 3 critical samples")
	for _, k := range []string{"e", "x", "B"} {
		tm.Send(typed(k))
	}
	tm.Send(typed("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	if got := s.all(); len(got) != 0 {
		t.Fatalf("a watcher sent %d commands: %+v", len(got), got)
	}
	out, _ := io.ReadAll(tm.FinalOutput(t))
	if strings.Contains(string(out), "press B to roll back") {
		t.Fatal("a watcher was offered the rollback key")
	}
}

// TestExitOnFinish: with --exit the cockpit leaves by itself at the end.
func TestExitOnFinish(t *testing.T) {
	m := NewModel(Options{Runbook: loadRunbook(t, testRunbook), Send: func(launch.Command) {}, ExitOnFinish: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	tm.Send(EventMsg{E: launch.Event{Seq: 1, Time: t0, Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L"}}}})
	tm.Send(EventMsg{E: launch.Event{Seq: 2, Time: t0.Add(time.Second), Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeCompleted, Exit: intp(0)}}})
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// TestAskResume: r resumes, f starts fresh, q quits, through the real
// little program.
func TestAskResume(t *testing.T) {
	for key, want := range map[string]string{"r": "r", "f": "f", "q": "q"} {
		rm := newResumeModel("An unfinished launch of shop exists: L1, now in cutover.\x1b]0;x\x07")
		tm := teatest.NewTestModel(t, rm, teatest.WithInitialTermSize(90, 24))
		waitScreen(t, tm, "Unfinished launch found", "[r] resume it", "[f] start fresh")
		tm.Send(typed(key))
		final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(*resumeModel)
		if final.answer != want {
			t.Errorf("key %s: answer %q, want %q", key, final.answer, want)
		}
		if strings.Contains(final.summary, "\x1b") {
			t.Errorf("summary kept an escape sequence: %q", final.summary)
		}
	}
}
