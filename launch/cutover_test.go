package launch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cockpit makes a rig behave like the cockpit: nothing automatic.
func cockpit(o *Options) { o.Headless, o.Yes = false, false }

func TestConfirmAndChecklistWaitForTheOperator(t *testing.T) {
	r := newRig(t, `
[launch]
name = "confirm"

[[cutover]]
id = "switch"
run = "echo switched > switched.txt"
confirm = true

[[cutover]]
id = "announce"
manual = ["Post the note", "Tell support"]
`, cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(GateDecided, "")
	w := r.waitType(StepWaiting, "switch")
	if w.Body.(StepWaitingBody).Wait != "confirm" {
		t.Fatalf("waiting for %q, want confirm", w.Body.(StepWaitingBody).Wait)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "switched.txt")); err == nil {
		t.Fatal("the step ran before it was confirmed")
	}
	r.e.Send(Command{Kind: CmdConfirm, ID: "switch", Who: "alice"})
	if c := r.waitType(StepConfirmed, "switch"); c.Who() != "alice" || c.Body.(StepConfirmedBody).Auto {
		t.Fatalf("confirmed by %q auto=%v", c.Who(), c.Body.(StepConfirmedBody).Auto)
	}
	r.waitType(StepFinished, "switch")
	if w := r.waitType(StepWaiting, "announce"); w.Body.(StepWaitingBody).Wait != "manual" {
		t.Fatalf("waiting for %q, want manual", w.Body.(StepWaitingBody).Wait)
	}
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 1, Who: "bob"})
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 1, Who: "bob"}) // twice: ignored
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 7, Who: "bob"}) // no such item
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 0, Who: "carol"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	ticks := find(r.journal(), ItemTicked)
	if len(ticks) != 2 || ticks[0].Who() != "bob" || ticks[0].Body.(ItemTickedBody).Item != 2 || ticks[0].Body.(ItemTickedBody).Text != "Tell support" || ticks[1].Who() != "carol" {
		t.Fatalf("ticks: %+v", ticks)
	}
	st := r.e.snapshot()
	if it := st.Find(PhaseCutover, "announce"); it == nil || it.Status != StatusDone || !slices.Equal(it.Ticked, []string{"carol", "bob"}) {
		t.Fatalf("announce: %+v", it)
	}
}

func TestYesConfirmsAndTicksAutomatically(t *testing.T) {
	r := newRig(t, `
[launch]
name = "auto"

[[cutover]]
id = "switch"
run = "true"
confirm = true
manual = ["one"]
`, nil)
	if code := r.run(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if c := r.last(StepConfirmed); !c.Body.(StepConfirmedBody).Auto {
		t.Fatalf("confirm not auto: %+v", c)
	}
	if c := r.last(ItemTicked); !c.Body.(ItemTickedBody).Auto || c.Who() != "auto" {
		t.Fatalf("tick not auto: %+v", c)
	}
}

func TestVerifyFailureFailsTheStep(t *testing.T) {
	r := newRig(t, `
[launch]
name = "verify"

[[cutover]]
id = "switch"
run = "echo off > flag"
on_failure = "abort"
verify = { run = "grep -q on flag", retry = { attempts = 2, interval = "10ms" } }
`, nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d, want 1; events:\n%s", code, r.dump())
	}
	f := r.last(StepFailed)
	if f.ID != "switch" || !strings.HasPrefix(f.Reason(), "verify:") || f.Body.(StepFailedBody).Exit == nil || *f.Body.(StepFailedBody).Exit != 0 {
		t.Fatalf("step_failed: %+v", f)
	}
	if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeAborted {
		t.Fatalf("outcome %q, want aborted", fin.Body.(LaunchFinishedBody).Outcome)
	}
}

// policyRunbook has a failing middle step under the given on_failure.
func policyRunbook(policy string) string {
	return `
[launch]
name = "policy"

[[cutover]]
id = "a"
run = "echo a >> trail"
rollback = "echo undo-a >> trail"

[[cutover]]
id = "b"
run = "echo b >> trail; exit 7"
rollback = "echo undo-b >> trail"
on_failure = "` + policy + `"

[[cutover]]
id = "c"
run = "echo c >> trail"
rollback = "echo undo-c >> trail"
`
}

func trail(t *testing.T, r *rig) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, "trail"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func TestOnFailurePolicies(t *testing.T) {
	cases := []struct {
		policy  string
		code    int
		outcome Outcome
		trail   []string
	}{
		{"continue", 0, OutcomeCompleted, []string{"a", "b", "c"}},
		{"abort", 1, OutcomeAborted, []string{"a", "b"}},
		// The failed step's own rollback runs too, before the earlier ones.
		{"rollback", 1, OutcomeRolledBack, []string{"a", "b", "undo-b", "undo-a"}},
		// Headless, a question ends the run as resumable.
		{"ask", 3, OutcomeInterrupted, []string{"a", "b"}},
	}
	for _, tc := range cases {
		t.Run(tc.policy, func(t *testing.T) {
			r := newRig(t, policyRunbook(tc.policy), nil)
			if code := r.run(); code != tc.code {
				t.Fatalf("exit %d, want %d; events:\n%s", code, tc.code, r.dump())
			}
			if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != tc.outcome || fin.Body.(LaunchFinishedBody).Exit == nil || *fin.Body.(LaunchFinishedBody).Exit != tc.code {
				t.Fatalf("finished: %+v", fin)
			}
			if got := trail(t, r); !slices.Equal(got, tc.trail) {
				t.Fatalf("trail %v, want %v", got, tc.trail)
			}
			if f := r.last(StepFailed); f.ID != "b" || f.Body.(StepFailedBody).Exit == nil || *f.Body.(StepFailedBody).Exit != 7 || f.Reason() != "exit 7" {
				t.Fatalf("step_failed: %+v", f)
			}
			if tc.policy == "ask" {
				if d := r.last(DecisionNeeded); d.ID != "b" {
					t.Fatalf("decision needed: %+v", d)
				}
			}
		})
	}
}

func TestAskRetryThenSkip(t *testing.T) {
	r := newRig(t, policyRunbook("ask"), cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(DecisionNeeded, "b")
	r.e.Send(Command{Kind: CmdDecide, ID: "b", Action: "retry", Who: "alice"})
	if s := r.waitType(StepStarted, "b"); s.Body.(StepStartedBody).Attempt != 2 {
		t.Fatalf("retry attempt %d, want 2", s.Body.(StepStartedBody).Attempt)
	}
	r.waitType(DecisionNeeded, "b")
	r.e.Send(Command{Kind: CmdDecide, ID: "b", Action: "skip", Who: "alice"}) // no reason: refused
	r.e.Send(Command{Kind: CmdDecide, ID: "b", Action: "skip", Reason: "done by hand", Who: "alice"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if got := trail(t, r); !slices.Equal(got, []string{"a", "b", "b", "c"}) {
		t.Fatalf("trail %v", got)
	}
	sk := r.last(StepSkipped)
	if sk.ID != "b" || sk.Reason() != "done by hand" || sk.Who() != "alice" {
		t.Fatalf("skipped: %+v", sk)
	}
	if n := len(find(r.events(), Decision)); n != 2 {
		t.Fatalf("%d decisions, want 2", n)
	}
}

func TestThirdStepFailureRollsBackInReverse(t *testing.T) {
	r := newRig(t, `
[launch]
name = "three"

[[cutover]]
id = "one"
run = "echo one >> trail"
rollback = "echo undo-one >> trail"

[[cutover]]
id = "two"
run = "echo two >> trail"
rollback = "echo undo-two >> trail"

[[cutover]]
id = "three"
run = "echo three >> trail; false"
on_failure = "rollback"
`, nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d, want 1; events:\n%s", code, r.dump())
	}
	if got := trail(t, r); !slices.Equal(got, []string{"one", "two", "three", "undo-two", "undo-one"}) {
		t.Fatalf("trail %v", got)
	}
	var order []string
	for _, ev := range r.journal() {
		if ev.Phase == PhaseRollback && ev.Type() == StepFinished {
			order = append(order, ev.ID)
		}
	}
	if !slices.Equal(order, []string{"two", "one"}) {
		t.Fatalf("rollback order %v", order)
	}
	if rf := r.last(RollbackFinished); rf.Body.(RollbackFinishedBody).Result != "done" {
		t.Fatalf("rollback finished %q", rf.Body.(RollbackFinishedBody).Result)
	}
	st := r.e.snapshot()
	if st.Outcome != OutcomeRolledBack || st.Exit != 1 {
		t.Fatalf("outcome %q exit %d", st.Outcome, st.Exit)
	}
	for _, id := range []string{"one", "two"} {
		if it := st.Find(PhaseCutover, id); it.Status != StatusRolledBack {
			t.Errorf("%s: %s", id, it.Status)
		}
		if _, err := os.Stat(StepLogPath(r.e.Dir(), PhaseRollback, id)); err != nil {
			t.Errorf("no rollback log of %s: %v", id, err)
		}
	}
}

func TestRehearseFalseStepIsSimulated(t *testing.T) {
	r := newRig(t, `
[launch]
name = "sim"

[[cutover]]
id = "dns"
run = "echo ran > ran"
rehearse = false
`, nil)
	if code := r.run(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "ran")); err == nil {
		t.Fatal("a rehearse = false step ran under --rehearse")
	}
	r.last(StepSimulated)
}

func TestStepExpectSeesExitOutputAndValue(t *testing.T) {
	for _, tc := range []struct {
		expect string
		code   int
	}{
		{`"exit == 3", "stdout contains \"migrated\"", "value == 42"`, 0},
		{`"exit == 3", "value > 100"`, 1},
		{`"stdout contains \"nothing\""`, 1},
	} {
		r := newRig(t, `
[launch]
name = "expect"

[[cutover]]
id = "migrate"
run = "echo 42 rows migrated; exit 3"
expect = [`+tc.expect+`]
on_failure = "abort"
`, nil)
		if code := r.run(); code != tc.code {
			t.Fatalf("expect [%s]: exit %d, want %d; events:\n%s", tc.expect, code, tc.code, r.dump())
		}
		if tc.code == 1 {
			if f := r.last(StepFailed); f.Reason() == "" || strings.Contains(f.Reason(), "nothing was observed") {
				t.Fatalf("reason %q", f.Reason())
			}
		}
	}
}
