package ui

import (
	"bytes"
	"golive/checks"
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"golive/launch"
)

// waitScreen waits until the program has drawn every one of want.
func waitScreen(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// waitCmd waits until a command of kind k was sent and returns it.
func waitCmd(t *testing.T, s *sent, k launch.CommandKind) launch.Command {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if c, ok := s.find(k); ok {
			return c
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %s command sent; sent: %+v", k, s.all())
	return launch.Command{}
}

func keyOf(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

func typed(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestWholeLaunch drives the real model through a whole launch: pre-flight
// with a failed check waived, the gate (a wrong name and a wrong
// confirmation refused, then GO), a confirmed step with live output, a
// checklist, a failure skipped with a reason, the monitor view with its
// sparkline, and the summary.
func TestWholeLaunch(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	var s sent
	outs := NewOutputs()
	m := NewModel(Options{
		Runbook: rb, Send: s.send, Driver: "ops@bastion", Outputs: outs,
		Clock: func() time.Time { return t0.Add(30 * time.Second) },
	})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	var ev events
	send := func(e launch.Event) { tm.Send(EventMsg{E: ev.next(e)}) }

	send(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop", Title: "Shop v2 go-live", Driver: "ops@bastion"}}})
	send(launch.Event{Phase: launch.PhasePreflight, Body: launch.PhaseStartedBody{}})
	send(launch.Event{Phase: launch.PhasePreflight, ID: "disk", Body: launch.CheckStartedBody{Attempts: 1}})
	io.WriteString(outs.Writer(launch.PhasePreflight, "disk"), "free blocks: 123456\n")
	waitScreen(t, tm, "Shop v2 go-live", "Pre-flight", "driven by ops@bastion", "free blocks: 123456")
	send(launch.Event{Phase: launch.PhasePreflight, ID: "disk", Body: launch.CheckFinishedBody{Status: checks.Pass, Value: floatp(123456)}})
	send(launch.Event{Phase: launch.PhasePreflight, ID: "api", Body: launch.CheckStartedBody{Attempts: 1}})
	send(launch.Event{Phase: launch.PhasePreflight, ID: "api", Body: launch.CheckFinishedBody{Status: checks.Fail, Reason: "connection refused"}})
	waitScreen(t, tm, "connection refused")

	// The gate: waive the failed check, then GO.
	send(launch.Event{Body: launch.GateOpenedBody{Prompt: "Switch traffic to v2?"}})
	waitScreen(t, tm, "GO / NO-GO", "Switch traffic to v2?", "quorum 0/1")
	tm.Send(typed("j"))
	tm.Send(typed("w"))
	waitScreen(t, tm, "Waive API answers: GO will pass although it failed")
	tm.Type("known flaky in staging")
	tm.Send(keyOf(tea.KeyEnter))
	if c := waitCmd(t, &s, launch.CmdWaive); c.ID != "api" || c.Reason != "known flaky in staging" {
		t.Fatalf("waive = %+v", c)
	}
	send(launch.Event{ID: "api", Body: launch.CheckWaivedBody{Reason: "known flaky in staging", Who: "ops@bastion"}})

	tm.Send(typed("g"))
	waitScreen(t, tm, "GO: approver name (alice, bob)")
	tm.Type("mallory")
	tm.Send(keyOf(tea.KeyEnter))
	waitScreen(t, tm, "mallory is not an approver")
	tm.Send(keyOf(tea.KeyCtrlU))
	tm.Type("alice")
	tm.Send(keyOf(tea.KeyEnter))
	waitScreen(t, tm, "Type GO to confirm the cutover as alice")
	tm.Type("go")
	tm.Send(keyOf(tea.KeyEnter))
	waitScreen(t, tm, "type GO (capitals)")
	if _, ok := s.find(launch.CmdApprove); ok {
		t.Fatal("a lowercase go approved the gate")
	}
	tm.Send(keyOf(tea.KeyCtrlU))
	tm.Type("GO")
	tm.Send(keyOf(tea.KeyEnter))
	if c := waitCmd(t, &s, launch.CmdApprove); c.Who != "alice" {
		t.Fatalf("approve = %+v, want Who alice", c)
	}
	send(launch.Event{Body: launch.VoteBody{Who: "alice", OSUser: "ops"}})
	send(launch.Event{Body: launch.GateDecidedBody{Decision: launch.GateGo, Who: "alice"}})

	// A step that waits for Enter shows its command first.
	send(launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	waitScreen(t, tm, "Cutover", "$ echo switching", "Press Enter to run this step.")
	tm.Send(keyOf(tea.KeyEnter))
	if c := waitCmd(t, &s, launch.CmdConfirm); c.ID != "switch" || c.Who != "ops@bastion" {
		t.Fatalf("confirm = %+v", c)
	}
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepConfirmedBody{Who: "ops@bastion"}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1, Command: "echo switching"}})
	io.WriteString(outs.Writer(launch.PhaseCutover, "switch"), "switching to v2\x1b]52;c;aGk=\x07 done\n")
	waitScreen(t, tm, "switching to v2 done")
	send(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 2100}})

	// The checklist: space ticks the item under the cursor.
	send(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepWaitingBody{Wait: launch.WaitManual}})
	waitScreen(t, tm, "[ ] Post in #launch", "[ ] Tell support")
	tm.Send(keyOf(tea.KeySpace))
	if c := waitCmd(t, &s, launch.CmdTick); c.ID != "announce" || c.Index != 0 {
		t.Fatalf("tick = %+v", c)
	}
	send(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.ItemTickedBody{OldItem: 1, Text: "Post in #launch", Who: "ops@bastion"}})
	waitScreen(t, tm, "[x] Post in #launch")
	tm.Send(keyOf(tea.KeyEnter))
	waitScreen(t, tm, "That is the last item")
	tm.Send(typed("y"))
	waitFor(t, func() bool { return countKind(s.all(), launch.CmdTick) == 2 })
	if c := s.all()[len(s.all())-1]; c.Kind != launch.CmdTick || c.Index != 1 {
		t.Fatalf("second tick = %+v", c)
	}
	send(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.ItemTickedBody{OldItem: 2, Text: "Tell support", Who: "ops@bastion"}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepFinishedBody{}})

	// A failure: skip needs a reason.
	send(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepStartedBody{Attempt: 1, Command: "false"}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Attempt: 1, Exit: intp(1), Reason: "exit 1, want 0"}})
	send(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{Reason: "exit 1, want 0"}})
	waitScreen(t, tm, "Step failed", "[r] retry", "[s] skip", "[b] roll back", "[a] abort")
	tm.Send(typed("s"))
	waitScreen(t, tm, "Skip Migrate the table: the launch goes on as if it had succeeded")
	tm.Send(keyOf(tea.KeyEnter))
	waitScreen(t, tm, "a reason is required")
	tm.Type("already migrated by hand")
	tm.Send(keyOf(tea.KeyEnter))
	if c := waitCmd(t, &s, launch.CmdDecide); c.ID != "migrate" || c.Action != "skip" || c.Reason != "already migrated by hand" {
		t.Fatalf("decide = %+v", c)
	}
	send(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionBody{Action: launch.ActSkip, Reason: "already migrated by hand", Who: "ops@bastion"}})

	// The monitor view appears by itself.
	send(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	send(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 600000}})
	for i, ms := range []int64{100, 120, 110, 250, 600, 130} {
		lvl := "ok"
		if ms > 500 {
			lvl = "crit"
		} else if ms > 200 {
			lvl = "warn"
		}
		send(launch.Event{ID: "latency", Time: t0.Add(time.Duration(10*(i+1)) * time.Second), Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.Level(lvl), LatencyMS: ms}})
	}
	// 100..600ms scale onto the eight heights: the 250ms warn sample
	// is the third height, the 600ms breach the full block.
	waitScreen(t, tm, "Monitor", "Health latency", "130ms", "▁▁▁▃█▁", "warn 1 crit 1", "soak left")

	send(launch.Event{Body: launch.VerdictBody{Verdict: launch.VerdictStable}})
	send(launch.Event{Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeCompleted, Exit: intp(0)}})
	waitScreen(t, tm, "Launch finished", "completed", "STABLE")
	tm.Send(typed("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

func countKind(cs []launch.Command, k launch.CommandKind) int {
	n := 0
	for _, c := range cs {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// waitFor polls cond with a generous deadline (not a timing assertion).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
