package launch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const happyRunbook = `
[launch]
name = "happy"
secrets = ["SECRET_VALUE"]

[env]
SECRET_VALUE = "hunter2-very-secret"

[[preflight]]
id  = "one"
run = "echo one"

[[preflight]]
id  = "two"
run = "echo 42"
expect = ["exit == 0", "value == 42"]

[[cutover]]
id  = "first"
run = "echo first $SECRET_VALUE > first.out; echo token=$SECRET_VALUE"
rollback = "rm -f first.out"

[[cutover]]
id  = "second"
run = "echo second"
pty = false
`

func TestHappyPathRunsEveryPhaseInOrder(t *testing.T) {
	r := newRig(t, happyRunbook, nil)
	if code := r.run(); code != 0 {
		t.Fatalf("exit %d, want 0; events:\n%s", code, r.dump())
	}
	got := seqOf(r.events(), func(ev Event) bool {
		switch ev.Type() {
		case CheckAttempt, CheckStarted, CheckFinished:
			return false
		}
		return true
	})
	want := []string{
		"launch_started",
		"phase_started preflight/",
		"phase_started gate/",
		"gate_opened gate/",
		"vote gate/",
		"gate_waiting gate/",
		"gate_decided gate/ go",
		"phase_started cutover/",
		"step_started cutover/first",
		"step_finished cutover/first",
		"step_started cutover/second",
		"step_finished cutover/second",
		"launch_finished done/ completed",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checks := find(r.events(), CheckFinished)
	if len(checks) != 2 {
		t.Fatalf("%d checks finished, want 2", len(checks))
	}
	for _, c := range checks {
		if c.Body.(CheckFinishedBody).Status != "pass" {
			t.Errorf("check %s: %s %s", c.ID, c.Body.(CheckFinishedBody).Status, c.Reason())
		}
	}

	// The journal holds the same events, in order, with rising sequence
	// numbers, and the step's output is in its log with the secret masked.
	journal := r.journal()
	if len(journal) != len(r.events()) {
		t.Fatalf("journal has %d events, OnEvent saw %d", len(journal), len(r.events()))
	}
	for i, ev := range journal {
		if ev.Seq != int64(i+1) || ev.Type() != r.events()[i].Type() {
			t.Fatalf("journal line %d: seq %d type %s", i+1, ev.Seq, ev.Type())
		}
	}
	start := launchOf(journal)
	if start == nil || start.Name != "happy" || !start.Rehearsal || start.Driver != "tester@host" || !filepath.IsAbs(start.Runbook) || start.Hash == "" {
		t.Fatalf("launch info: %+v", start)
	}
	logb, err := os.ReadFile(StepLogPath(r.e.Dir(), PhaseCutover, "first"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logb), "token=") || strings.Contains(string(logb), "hunter2") {
		t.Fatalf("step log not masked: %q", logb)
	}
	jb, _ := os.ReadFile(filepath.Join(r.e.Dir(), JournalFile))
	if strings.Contains(string(jb), "hunter2") {
		t.Fatal("the secret reached the journal")
	}
	st := r.e.snapshot()
	if st.Outcome != OutcomeCompleted || st.Exit != 0 {
		t.Fatalf("state outcome %q exit %d", st.Outcome, st.Exit)
	}
	if it := st.Find(PhaseCutover, "second"); it == nil || it.Status != StatusDone {
		t.Fatalf("second step: %+v", it)
	}
}

func TestPreflightOnlyLaunchEndsAfterTheChecks(t *testing.T) {
	for _, tc := range []struct {
		run     string
		code    int
		outcome Outcome
	}{{"true", 0, OutcomeCompleted}, {"exit 2", 1, OutcomeFailed}} {
		r := newRig(t, `
[launch]
name = "checks-only"

[[preflight]]
id = "c"
run = "`+tc.run+`"
`, cockpit)
		if code := r.run(); code != tc.code {
			t.Fatalf("%s: exit %d, want %d", tc.run, code, tc.code)
		}
		if n := len(find(r.events(), GateOpened)); n != 0 {
			t.Fatalf("%s: a gate opened without a cutover", tc.run)
		}
		if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != tc.outcome {
			t.Fatalf("%s: outcome %q", tc.run, fin.Body.(LaunchFinishedBody).Outcome)
		}
	}
}
