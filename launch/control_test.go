package launch

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is an Output sink the test can read while steps write.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestInteractiveStepTakesInputAndStreamsOutput(t *testing.T) {
	pane := &lockedBuffer{}
	r := newRig(t, `
[launch]
name = "interactive"

[[cutover]]
id = "ask"
run = "printf 'name? '; read name; echo \"hello $name\" > answer"
interactive = true
`, func(o *Options) {
		o.Output = func(p Phase, id string) io.Writer {
			if p == PhaseCutover && id == "ask" {
				return pane
			}
			return nil
		}
	})
	r.start(t.Context())
	r.waitType(StepStarted, "ask")
	eventually(t, func() bool { return strings.Contains(pane.String(), "name? ") }, "the prompt to reach the pane")
	r.e.Send(Command{Kind: CmdResize, Cols: 100, Rows: 30})
	r.e.Send(Command{Kind: CmdInput, ID: "ask", Data: []byte("world\r")})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	b, err := os.ReadFile(filepath.Join(r.dir, "answer"))
	if err != nil || strings.TrimSpace(string(b)) != "hello world" {
		t.Fatalf("answer %q (%v)", b, err)
	}
	logb, _ := os.ReadFile(StepLogPath(r.e.Dir(), PhaseCutover, "ask"))
	if !strings.Contains(string(logb), "name? ") {
		t.Fatalf("log %q", logb)
	}
}

func TestHoldWaitsAfterTheCurrentStep(t *testing.T) {
	r := newRig(t, `
[launch]
name = "hold"

[[cutover]]
id = "one"
run = "touch one-started; while [ ! -f go-on ]; do sleep 0.02; done"

[[cutover]]
id = "two"
run = "touch two"
`, nil)
	r.start(t.Context())
	r.waitType(StepStarted, "one")
	r.e.Send(Command{Kind: CmdHold, On: true, Who: "alice"})
	if h := r.waitType(HoldSet, ""); !h.Body.(HoldSetBody).On || h.Who() != "alice" {
		t.Fatalf("hold %+v", h)
	}
	touch(t, r.dir, "go-on")
	r.waitType(StepFinished, "one")
	if w := r.waitType(StepWaiting, "two"); w.Body.(StepWaitingBody).Wait != "hold" {
		t.Fatalf("waiting %+v", w)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "two")); err == nil {
		t.Fatal("the next step ran during the hold")
	}
	r.e.Send(Command{Kind: CmdNote, Text: "waiting on the DBA", Who: "alice"})
	r.e.Send(Command{Kind: CmdHold, On: false, Who: "alice"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "two")); err != nil {
		t.Fatal("the step after the hold did not run")
	}
	notes := r.e.snapshot().Notes
	if len(notes) != 1 || notes[0].Text != "waiting on the DBA" || notes[0].Who != "alice" {
		t.Fatalf("notes %+v", notes)
	}
}

// golive serve holds the launch before Run until a driver connects; with
// nothing to wait for before the first step, that hold must still stop
// it.
func TestHoldSentBeforeRunStopsTheFirstStep(t *testing.T) {
	r := newRig(t, `
[launch]
name = "hold"

[[cutover]]
id = "one"
run = "touch one"
`, nil)
	r.e.Send(Command{Kind: CmdHold, On: true, Who: "serve"})
	r.start(t.Context())
	if w := r.waitType(StepWaiting, "one"); w.Body.(StepWaitingBody).Wait != "hold" {
		t.Fatalf("waiting %+v", w)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "one")); err == nil {
		t.Fatal("the first step ran during the hold")
	}
	r.e.Send(Command{Kind: CmdHold, On: false, Who: "serve"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if _, err := os.Stat(filepath.Join(r.dir, "one")); err != nil {
		t.Fatal("the step did not run after the hold")
	}
}

func TestAbortStopsTheRunningStep(t *testing.T) {
	r := newRig(t, `
[launch]
name = "abort"

[[cutover]]
id = "slow"
run = "echo $$ > leader.pid; exec sleep 300"
grace = "2s"
rollback = "touch rolled-back"
`, nil)
	r.start(t.Context())
	r.waitType(StepStarted, "slow")
	eventually(t, func() bool { _, err := os.Stat(filepath.Join(r.dir, "leader.pid")); return err == nil }, "the step to start")
	r.e.Send(Command{Kind: CmdAbort, Reason: "wrong build", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeAborted || fin.Reason() != "wrong build" {
		t.Fatalf("finished %+v", fin)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "rolled-back")); err == nil {
		t.Fatal("an abort rolled back")
	}
	pid := readPid(t, filepath.Join(r.dir, "leader.pid"))
	eventually(t, func() bool { return !alive(pid) }, "the aborted step to end")
}

func TestRollbackDuringAStepIncludesThatStep(t *testing.T) {
	r := newRig(t, `
[launch]
name = "rollback-now"

[[cutover]]
id = "one"
run = "echo one >> trail"
rollback = "echo undo-one >> trail"

[[cutover]]
id = "two"
run = "echo two >> trail; exec sleep 300"
rollback = "echo undo-two >> trail"
`, nil)
	r.start(t.Context())
	r.waitType(StepStarted, "two")
	eventually(t, func() bool {
		b, _ := os.ReadFile(filepath.Join(r.dir, "trail"))
		return strings.Contains(string(b), "two")
	}, "step two to start")
	r.e.Send(Command{Kind: CmdRollback, Reason: "pager went off", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if got := strings.Join(trail(t, r), " "); got != "one two undo-two undo-one" {
		t.Fatalf("trail %q", got)
	}
	if rs := r.last(RollbackStarted); rs.Who() != "alice" || rs.Body.(RollbackStartedBody).Auto {
		t.Fatalf("rollback %+v", rs)
	}
}

func TestCancelledContextEndsResumable(t *testing.T) {
	r := newRig(t, `
[launch]
name = "cancel"

[[cutover]]
id = "slow"
run = "echo $$ > leader.pid; exec sleep 300"
grace = "2s"
`, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r.start(ctx)
	r.waitType(StepStarted, "slow")
	eventually(t, func() bool { _, err := os.Stat(filepath.Join(r.dir, "leader.pid")); return err == nil }, "the step to start")
	cancel()
	if code := r.wait(); code != 3 {
		t.Fatalf("exit %d, want 3", code)
	}
	pid := readPid(t, filepath.Join(r.dir, "leader.pid"))
	eventually(t, func() bool { return !alive(pid) }, "the step outlived the cancelled launch")
}

func TestBaselinesFromTheLastRehearsal(t *testing.T) {
	first := newRig(t, `
[launch]
name = "baseline"

[[cutover]]
id = "nap"
run = "sleep 0.1"
`, nil)
	if code := first.run(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	second := rigFor(t, first.rb, Options{Headless: true, Yes: true, Rehearse: true, Root: first.e.o.Root})
	it := second.e.snapshot().Find(PhaseCutover, "nap")
	if it == nil || it.ExpectedMS < 100 {
		t.Fatalf("expected duration %+v", it)
	}
}

// An interrupt stops the running checks at once: a check only reads, it
// runs again on resume, and its retries are waits nobody should sit out.
// The first check here would never end by itself.
func TestInterruptDuringPreflightStopsChecksAtOnce(t *testing.T) {
	r := newRig(t, `
[launch]
name = "interrupt"
max_parallel = 1

[[preflight]]
id = "first"
run = "touch first-started; while [ ! -f go-on ]; do sleep 0.02; done"

[[preflight]]
id = "second"
run = "touch second-ran"
`+gateCutover, nil)
	r.start(t.Context())
	r.waitType(CheckStarted, "first")
	eventually(t, func() bool { _, err := os.Stat(filepath.Join(r.dir, "first-started")); return err == nil }, "the first check to start")
	before := r.e.snapshot()
	r.e.Interrupt()
	if code := r.wait(); code != 3 {
		t.Fatalf("exit %d", code)
	}
	if f := r.last(CheckFinished); f.ID != "first" || f.Body.(CheckFinishedBody).Status != "error" || f.Reason() != "stopped before it finished" {
		t.Fatalf("check %+v, want first stopped before it finished", f)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "second-ran")); err == nil {
		t.Fatal("a check started after the interrupt")
	}
	// A State handed out earlier is the caller's: later events left it alone.
	if before.Outcome != OutcomeInProgress || before.Find(PhasePreflight, "first").Status != StatusRunning {
		t.Fatalf("an earlier State copy changed: %s %s", before.Outcome, before.Find(PhasePreflight, "first").Status)
	}
	if st := r.e.snapshot(); st.Outcome != OutcomeInterrupted {
		t.Fatalf("outcome %q", st.Outcome)
	}
}
