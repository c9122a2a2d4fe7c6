package launch

import (
	"slices"
	"strings"
	"testing"
)

const failingRollback = `
[launch]
name = "bad-rollback"

[[cutover]]
id = "one"
run = "echo one >> trail"
rollback = "echo undo-one >> trail"

[[cutover]]
id = "two"
run = "echo two >> trail"
rollback = "echo try-undo-two >> trail; exit 5"

[[cutover]]
id = "three"
run = "false"
on_failure = "rollback"
`

func TestFailingRollbackStepAsks(t *testing.T) {
	r := newRig(t, failingRollback, cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	d := r.waitType(DecisionNeeded, "two")
	if d.Phase != PhaseRollback || !strings.Contains(d.Reason(), "rollback of two failed: exit 5") {
		t.Fatalf("decision %+v", d)
	}
	r.e.Send(Command{Kind: CmdDecide, ID: "two", Action: "retry", Who: "alice"})
	r.waitType(DecisionNeeded, "two")
	r.e.Send(Command{Kind: CmdDecide, ID: "two", Action: "skip", Reason: "undone by hand", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if got := trail(t, r); !slices.Equal(got, []string{"one", "two", "try-undo-two", "try-undo-two", "undo-one"}) {
		t.Fatalf("trail %v", got)
	}
	if rf := r.last(RollbackFinished); rf.Body.(RollbackFinishedBody).Result != "incomplete" {
		t.Fatalf("rollback finished %+v", rf)
	}
	if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeRolledBack || !strings.Contains(fin.Reason(), "incomplete") {
		t.Fatalf("finished %+v", fin)
	}
}

func TestFailingRollbackAbort(t *testing.T) {
	r := newRig(t, failingRollback, cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(DecisionNeeded, "two")
	r.e.Send(Command{Kind: CmdDecide, ID: "two", Action: "abort", Reason: "database team takes over", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if got := trail(t, r); !slices.Equal(got, []string{"one", "two", "try-undo-two"}) {
		t.Fatalf("trail %v", got)
	}
	if rf := r.last(RollbackFinished); rf.Body.(RollbackFinishedBody).Result != "failed" {
		t.Fatalf("rollback finished %+v", rf)
	}
	if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeFailed {
		t.Fatalf("finished %+v", fin)
	}
}

func TestFailingRollbackHeadlessIsResumable(t *testing.T) {
	r := newRig(t, failingRollback, nil)
	if code := r.run(); code != 3 {
		t.Fatalf("exit %d", code)
	}
	second := rigFor(t, r.rb, resumeOpts(r, r.journal(), cockpit))
	second.start(t.Context())
	second.waitType(DecisionNeeded, "two")
	second.e.Send(Command{Kind: CmdDecide, ID: "two", Action: "skip", Reason: "by hand", Who: "alice"})
	if code := second.wait(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, second.dump())
	}
	if got := trail(t, second); !slices.Equal(got, []string{"one", "two", "try-undo-two", "undo-one"}) {
		t.Fatalf("trail %v", got)
	}
	if fin := second.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeRolledBack {
		t.Fatalf("finished %+v", fin)
	}
}
