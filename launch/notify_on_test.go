package launch

import (
	"golive/checks"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golive/runbook"
)

// Every notify.on name that validates is fired by an event.
func TestEveryNotifyNameFires(t *testing.T) {
	fires := map[string]Event{
		"started":      {Body: LaunchStartedBody{}},
		"check_failed": {Body: CheckFinishedBody{Status: checks.Fail}},
		"gate":         {Body: GateDecidedBody{Decision: GateGo}},
		"vote":         {Body: VoteBody{Who: "alice"}},
		"waiver":       {ID: "db", Body: CheckWaivedBody{}},
		"override":     {Body: OverrideBody{What: "window"}},
		"step_failed":  {Body: StepFailedBody{}},
		"rollback":     {Body: RollbackStartedBody{}},
		"verdict":      {Body: VerdictBody{Verdict: VerdictStable}},
		"finished":     {Body: LaunchFinishedBody{Outcome: OutcomeCompleted}},
		"interrupted":  {Body: StepInterruptedBody{}},
		"stage":        {ID: "shift", Body: AnalysisBreachBody{Stage: "25", Probe: "errors"}},
	}
	for _, name := range runbook.NotifyEvents {
		ev, ok := fires[name]
		if !ok {
			t.Errorf("notify.on %q validates but this test names no event for it", name)
			continue
		}
		if !slices.Contains(notifyKinds(ev), name) {
			t.Errorf("notify.on %q: %s does not fire it (fires %v)", name, ev.Type(), notifyKinds(ev))
		}
	}
	if k := notifyKinds(Event{Body: CheckFinishedBody{Status: checks.Pass}}); len(k) != 0 {
		t.Errorf("a passed check fires %v", k)
	}
	if k := notifyKinds(Event{Body: LaunchFinishedBody{Outcome: OutcomeInterrupted}}); !slices.Equal(k, []string{"finished", "interrupted"}) {
		t.Errorf("an interrupted launch fires %v", k)
	}
}

// started and check_failed reach a real webhook from a real launch.
func TestNotifyStartedAndCheckFailed(t *testing.T) {
	hook := newHookServer(t, false)
	r := newRig(t, `
[launch]
name = "notify"

[[preflight]]
id = "db"
run = "false"

[[cutover]]
id = "a"
run = "true"

[[notify]]
on = ["started", "check_failed"]
webhook = "`+hook.URL+`/hook"
`, nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	hook.mu.Lock()
	defer hook.mu.Unlock()
	var got []string
	for _, b := range hook.bodies {
		got = append(got, string(b.Event.Type())+" "+b.Event.ID)
	}
	if want := []string{"launch_started ", "check_finished db"}; !slices.Equal(got, want) {
		t.Fatalf("webhook got %v, want %v", got, want)
	}
	if !strings.Contains(hook.bodies[1].Text, "pre-flight check db: fail") {
		t.Fatalf("text %q", hook.bodies[1].Text)
	}
}

// interrupted reaches a real webhook when a resumed launch finds a step
// whose driver died during it.
func TestNotifyInterrupted(t *testing.T) {
	hook := newHookServer(t, false)
	first := newRig(t, `
[launch]
name = "notify"

[[cutover]]
id = "a"
run = "true"

[[cutover]]
id = "b"
run = "true"

[[notify]]
on = ["interrupted"]
webhook = "`+hook.URL+`/hook"
`, nil)
	if code := first.run(); code != 0 {
		t.Fatalf("first run exit %d", code)
	}
	var kept []Event
	var b strings.Builder
	for _, ev := range first.journal() {
		kept = append(kept, ev)
		line, err := jsonLine(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(line)
		if ev.Type() == StepStarted && ev.ID == "b" {
			break
		}
	}
	if err := os.WriteFile(filepath.Join(first.e.Dir(), JournalFile), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	second := rigFor(t, first.rb, resumeOpts(first, kept, nil))
	if code := second.run(); code != 0 {
		t.Fatalf("resumed exit %d; events:\n%s", code, second.dump())
	}
	hook.mu.Lock()
	defer hook.mu.Unlock()
	if len(hook.bodies) != 1 || hook.bodies[0].Event.Type() != StepInterrupted || hook.bodies[0].Event.ID != "b" {
		t.Fatalf("webhook got %+v, want the interruption of b alone", hook.bodies)
	}
}

// vote, waiver and override reach a real webhook from the gate, each
// saying who did it.
func TestNotifyVoteWaiverOverride(t *testing.T) {
	hook := newHookServer(t, false)
	r := newRig(t, windowed(`window = { start = 2020-01-01T00:00:00Z, end = 2020-01-01T01:00:00Z }`)+`
[[preflight]]
id = "db"
run = "false"

[[notify]]
on = ["vote", "waiver", "override"]
webhook = "`+hook.URL+`/hook"
`, func(o *Options) { cockpit(o); realLaunch(o) })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdWaive, ID: "db", Reason: "known", Who: "ann"})
	r.waitType(CheckWaived, "db")
	r.e.Send(Command{Kind: CmdOverride, Reason: "hotfix", Who: "ann"})
	r.waitType(Override, "")
	if a := r.vote(kernelBallot("alice", "alice-login", 4545)); !a.Accepted {
		t.Fatalf("answer %+v", a)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	hook.mu.Lock()
	defer hook.mu.Unlock()
	var got []string
	for _, b := range hook.bodies {
		got = append(got, b.Text)
	}
	want := []string{
		"window: pre-flight check db waived by ann: known",
		"window: window overridden at the gate by ann: hotfix",
		"window: GO from alice (os_user alice-login, proven by kernel)",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("webhook got %q, want %q", got, want)
	}
}
