package launch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// countLines counts the lines of a file (0 when it does not exist).
func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Count(string(data), "\n")
}

// An interrupt during a step's verify (a wait-until) ends the wait at
// once: no later attempt starts, no end of the step is journaled (its
// verify never decided), and the launch is interrupted, so a resume calls
// the step interrupted instead of taking it for done or failed.
func TestInterruptEndsAVerifyWaitAtOnce(t *testing.T) {
	r := newRig(t, `
[launch]
name = "verifywait"

[[cutover]]
id = "deploy"
run = "true"
verify = { run = "echo try >> tries; false", retry = { attempts = 20, interval = "1s" } }

[[cutover]]
id = "after"
run = "touch after"
`, nil)
	r.start(t.Context())
	tries := filepath.Join(r.dir, "tries")
	eventually(t, func() bool { return countLines(t, tries) >= 2 }, "two verify attempts")
	seen := countLines(t, tries)
	r.e.Interrupt()
	if code := r.wait(); code != 3 {
		t.Fatalf("exit %d, want 3\n%s", code, r.dump())
	}
	if got := countLines(t, tries); got > seen+1 {
		t.Errorf("%d verify attempts, %d when interrupted: the wait went on", got, seen)
	}
	for _, ev := range r.journal() {
		if (ev.Type() == StepFinished || ev.Type() == StepFailed) && ev.ID == "deploy" {
			t.Errorf("the journal gives the step an end (%s) though its verify never decided", ev.Type())
		}
	}
	if _, err := os.Stat(filepath.Join(r.dir, "after")); err == nil {
		t.Error("a step started after the interrupt")
	}
	if st := r.e.snapshot(); st.Outcome != OutcomeInterrupted {
		t.Errorf("outcome %q, want interrupted", st.Outcome)
	}
}

// A second interrupt (Escalate) stops the running step at once; its end
// is journaled and no failure policy runs (on_failure = rollback would
// otherwise start a rollback): the launch is interrupted.
func TestEscalateStopsTheRunningStep(t *testing.T) {
	r := newRig(t, `
[launch]
name = "escalate"

[[cutover]]
id = "long"
on_failure = "rollback"
grace = "1s"
rollback = "touch rolled-back"
run = "touch started; sleep 120"
`, nil)
	r.start(t.Context())
	r.waitType(StepStarted, "long")
	eventually(t, func() bool { _, err := os.Stat(filepath.Join(r.dir, "started")); return err == nil }, "the step to start")
	r.e.Interrupt()
	r.e.Escalate()
	if code := r.wait(); code != 3 {
		t.Fatalf("exit %d, want 3\n%s", code, r.dump())
	}
	if f := r.last(StepFailed); f.ID != "long" || !strings.Contains(f.Reason(), "second time") {
		t.Errorf("step end %+v, want long stopped by the second interrupt", f)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "rolled-back")); err == nil {
		t.Error("a second interrupt started the rollback")
	}
	if st := r.e.snapshot(); st.Outcome != OutcomeInterrupted {
		t.Errorf("outcome %q, want interrupted", st.Outcome)
	}
}
