package launch

import (
	"testing"
	"time"
)

func TestNewRefusesIncompleteOptions(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New without a runbook did not fail")
	}
	rb := writeRunbook(t, "[launch]\nname = \"x\"\n[[cutover]]\nid = \"a\"\nrun = \"true\"\n", false)
	if _, err := New(Options{Runbook: rb}); err == nil {
		t.Fatal("New without a state directory did not fail")
	}
	if _, err := New(Options{Runbook: rb, Resume: []Event{}}); err == nil {
		t.Fatal("resume without a launch directory did not fail")
	}
}

// garbage is every command kind with fields that do not apply.
func garbage() []Command {
	kinds := []CommandKind{CmdConfirm, CmdTick, CmdApprove, CmdNoGo, CmdOverride, CmdWaive, CmdRerun,
		CmdDecide, CmdHold, CmdNote, CmdRollback, CmdEndSoak, CmdExtend, CmdAbort, CmdResize, CmdInput, "no-such-command"}
	var out []Command
	for _, k := range kinds {
		switch k {
		case CmdNoGo, CmdRollback, CmdAbort, CmdEndSoak:
			continue // these are valid whatever their fields: they would end the launch
		}
		out = append(out,
			Command{Kind: k},
			Command{Kind: k, ID: "no-such-step", Index: -5, Action: "explode", Cols: -1, Rows: 1 << 20, Duration: -time.Hour, Data: []byte{0}},
			Command{Kind: k, ID: "b", Index: 99, Action: "mark_done", Who: "mallory", Reason: "   "},
		)
	}
	return out
}

func TestGarbageCommandsChangeNothing(t *testing.T) {
	r := newRig(t, `
[launch]
name = "garbage"
approvers = ["alice"]

[[preflight]]
id = "c"
run = "true"

[[cutover]]
id = "a"
run = "true"
confirm = true

[[cutover]]
id = "b"
manual = ["one"]

[[cutover]]
id = "c2"
run = "false"
`, cockpit)
	blast := func() {
		for _, c := range garbage() {
			r.e.Send(c)
		}
		r.e.Send(Command{Kind: CmdNote, Text: "barrier"})
		r.waitFor(func(ev Event) bool { return ev.Body == (NoteBody{Text: "barrier"}) }, "barrier")
	}
	r.start(t.Context())
	r.waitType(GateOpened, "")
	blast()
	if n := len(find(r.events(), GateDecided)); n != 0 {
		t.Fatal("garbage decided the gate")
	}
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(StepWaiting, "a")
	blast()
	if n := len(find(r.events(), StepStarted)); n != 0 {
		t.Fatal("garbage confirmed a step")
	}
	r.e.Send(Command{Kind: CmdConfirm, ID: "a", Who: "alice"})
	r.waitType(StepWaiting, "b")
	blast()
	r.e.Send(Command{Kind: CmdTick, ID: "b", Index: 0, Who: "alice"})
	r.waitType(DecisionNeeded, "c2")
	blast()
	r.e.Send(Command{Kind: CmdDecide, ID: "c2", Action: "abort", Reason: "enough", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if n := len(find(r.events(), Decision)); n != 1 {
		t.Fatalf("%d decisions, want 1", n)
	}
	if n := len(find(r.events(), ItemTicked)); n != 1 {
		t.Fatalf("%d ticks, want 1", n)
	}
}
