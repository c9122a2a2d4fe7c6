package launch

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// resumeOpts are the options of a second driver taking up r's launch
// from events.
func resumeOpts(r *rig, events []Event, tweak func(*Options)) Options {
	o := Options{Headless: true, Yes: true, Rehearse: true, Driver: "second@host", OSUser: "second",
		Resume: events, ResumeDir: r.e.Dir(), Root: r.e.o.Root}
	if tweak != nil {
		tweak(&o)
	}
	return o
}

func TestResumeAtAHeadlessDecision(t *testing.T) {
	first := newRig(t, policyRunbook("ask"), nil)
	if code := first.run(); code != 3 {
		t.Fatalf("first run exit %d", code)
	}
	second := rigFor(t, first.rb, resumeOpts(first, first.journal(), cockpit))
	second.start(t.Context())
	if d := second.waitType(DecisionNeeded, "b"); !strings.Contains(d.Reason(), "b") {
		t.Fatalf("decision %+v", d)
	}
	second.e.Send(Command{Kind: CmdDecide, ID: "b", Action: "skip", Reason: "fixed by hand", Who: "alice"})
	if code := second.wait(); code != 0 {
		t.Fatalf("resumed exit %d; events:\n%s", code, second.dump())
	}
	if got := trail(t, second); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("trail %v: a completed step ran again, or c did not run", got)
	}
	all := second.journal()
	if all[0].Type() != LaunchStarted || len(find(all, LaunchResumed)) != 1 {
		t.Fatal("the resumed launch did not continue the same journal")
	}
	for i, ev := range all {
		if ev.Seq != int64(i+1) {
			t.Fatalf("journal line %d has seq %d", i+1, ev.Seq)
		}
	}
	st := second.e.snapshot()
	if st.Outcome != OutcomeCompleted {
		t.Fatalf("outcome %q", st.Outcome)
	}
}

// crashedDuring runs policyRunbook("continue") to its end, then cuts the
// journal right after step id started, as if the driver died there.
func crashedDuring(t *testing.T, id string) (*rig, []Event) {
	t.Helper()
	first := newRig(t, policyRunbook("continue"), nil)
	if code := first.run(); code != 0 {
		t.Fatalf("first run exit %d", code)
	}
	var kept []Event
	for _, ev := range first.journal() {
		kept = append(kept, ev)
		if ev.Type() == StepStarted && ev.ID == id {
			break
		}
	}
	var b strings.Builder
	for _, ev := range kept {
		line, err := jsonLine(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(line)
	}
	path := filepath.Join(first.e.Dir(), JournalFile)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(first.dir, "trail")); err != nil {
		t.Fatal(err)
	}
	return first, kept
}

func TestResumeReRunsAnInterruptedStepWithYes(t *testing.T) {
	first, kept := crashedDuring(t, "b")
	second := rigFor(t, first.rb, resumeOpts(first, kept, nil))
	if code := second.run(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, second.dump())
	}
	if got := trail(t, second); !slices.Equal(got, []string{"b", "c"}) {
		t.Fatalf("trail %v: want b re-run and c run, a never again", got)
	}
	if in := second.last(StepInterrupted); in.ID != "b" {
		t.Fatalf("interrupted %+v", in)
	}
	ds := find(second.events(), Decision)
	if len(ds) == 0 || ds[0].Body.(DecisionBody).Action != ActRerun || !ds[0].Body.(DecisionBody).Auto || !strings.Contains(ds[0].Reason(), "interrupted") {
		t.Fatalf("decisions %+v", ds)
	}
}

func TestResumeInterruptedStepMarkedDone(t *testing.T) {
	first, kept := crashedDuring(t, "b")
	second := rigFor(t, first.rb, resumeOpts(first, kept, cockpit))
	second.start(t.Context())
	d := second.waitType(DecisionNeeded, "b")
	if !strings.Contains(d.Reason(), "interrupted") {
		t.Fatalf("decision %+v", d)
	}
	second.e.Send(Command{Kind: CmdDecide, ID: "b", Action: "mark_done", Reason: "checked by hand", Who: "alice"})
	if code := second.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, second.dump())
	}
	if got := trail(t, second); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("trail %v", got)
	}
	if it := second.e.snapshot().Find(PhaseCutover, "b"); it.Status != StatusDone {
		t.Fatalf("b: %s", it.Status)
	}
}

func TestResumeHeadlessWithoutYesAsksAgain(t *testing.T) {
	first, kept := crashedDuring(t, "b")
	second := rigFor(t, first.rb, resumeOpts(first, kept, func(o *Options) { o.Yes = false }))
	if code := second.run(); code != 3 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(first.dir, "trail")); err == nil {
		t.Fatal("a step ran without a decision")
	}
}

// jsonLine renders ev as one journal line.
func jsonLine(ev Event) (string, error) {
	b, err := json.Marshal(ev)
	return string(b) + "\n", err
}

func TestResumeStartsBackgroundStepsAgain(t *testing.T) {
	src := strings.Replace(backgroundRunbook, "FINAL", "touch waiting; while [ ! -f go-on ]; do sleep 0.02; done", 1) + `
[[cutover]]
id = "needs-service"
run = "kill -0 $(cat bg.pid)"
`
	first := newRig(t, src, nil)
	first.start(t.Context())
	first.waitType(StepStarted, "after")
	first.e.Hangup()
	eventually(t, func() bool { _, err := os.Stat(filepath.Join(first.dir, "waiting")); return err == nil }, "the step to run")
	touch(t, first.dir, "go-on")
	if code := first.wait(); code != 3 {
		t.Fatalf("exit %d", code)
	}
	if bs := first.last(BackgroundStopped); !strings.Contains(bs.Body.(BackgroundStoppedBody).How, "on resume") {
		t.Fatalf("background stopped %+v", bs)
	}
	oldPid := readPid(t, filepath.Join(first.dir, "bg.pid"))
	eventually(t, func() bool { return !alive(oldPid) }, "the service to end with its driver")

	second := rigFor(t, first.rb, resumeOpts(first, first.journal(), nil))
	if code := second.run(); code != 0 {
		t.Fatalf("resumed exit %d; events:\n%s", code, second.dump())
	}
	var started []string
	for _, ev := range find(second.events(), StepStarted) {
		started = append(started, ev.ID)
	}
	if !slices.Equal(started, []string{"service", "needs-service"}) {
		t.Fatalf("started on resume: %v", started)
	}
	newPid := readPid(t, filepath.Join(first.dir, "bg.pid"))
	if newPid == oldPid {
		t.Fatal("the service was not started again")
	}
	eventually(t, func() bool { return !alive(newPid) }, "the restarted service to end with the launch")
}
