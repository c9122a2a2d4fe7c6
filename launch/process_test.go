package launch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A step that ignores SIGINT, with a child that ignores it too: the
// timeout must end both, the child by SIGKILL after the grace.
const stubbornStep = `trap '' INT; (trap '' INT; sleep 300) & echo $! > child.pid; echo $$ > leader.pid; sleep 300`

func TestTimeoutStopsTheWholeGroup(t *testing.T) {
	r := newRig(t, `
[launch]
name = "timeout"

[[cutover]]
id = "hang"
run = "`+stubbornStep+`"
timeout = "300ms"
grace = "300ms"
on_timeout = "fail"
on_failure = "abort"
`, nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d, want 1; events:\n%s", code, r.dump())
	}
	r.last(StepTimedOut)
	if f := r.last(StepFailed); f.Reason() != "timed out after 300ms" {
		t.Fatalf("reason %q", f.Reason())
	}
	for _, name := range []string{"leader.pid", "child.pid"} {
		pid := readPid(t, filepath.Join(r.dir, name))
		eventually(t, func() bool { return !alive(pid) }, name+" still alive")
	}
}

func TestTimeoutAskWaitsThenStops(t *testing.T) {
	r := newRig(t, `
[launch]
name = "ask-timeout"

[[cutover]]
id = "slow"
run = "echo $$ > leader.pid; exec sleep 300"
timeout = "200ms"
grace = "5s"
on_failure = "abort"
`, cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(DecisionNeeded, "slow")
	r.e.Send(Command{Kind: CmdDecide, ID: "slow", Action: "wait", Who: "alice"})
	r.waitType(StepTimedOut, "slow")
	r.waitType(DecisionNeeded, "slow")
	r.e.Send(Command{Kind: CmdDecide, ID: "slow", Action: "stop", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	var acts []string
	for _, d := range find(r.events(), Decision) {
		acts = append(acts, string(d.Body.(DecisionBody).Action))
	}
	if strings.Join(acts, ",") != "wait,stop,abort" {
		t.Fatalf("decisions %v", acts)
	}
	if f := r.last(StepFailed); !strings.Contains(f.Reason(), "stopped by alice") {
		t.Fatalf("reason %q", f.Reason())
	}
	pid := readPid(t, filepath.Join(r.dir, "leader.pid"))
	eventually(t, func() bool { return !alive(pid) }, "the step survived its stop")
}

const backgroundRunbook = `
[launch]
name = "bg"

[[cutover]]
id = "service"
run = "echo $$ > bg.pid; exec sleep 300"
background = true
verify = { run = "test -s bg.pid", retry = { attempts = 200, interval = "20ms" } }

[[cutover]]
id = "after"
run = "FINAL"
on_failure = "rollback"
`

func TestBackgroundStepEndsWithTheLaunch(t *testing.T) {
	r := newRig(t, strings.Replace(backgroundRunbook, "FINAL", "kill -0 $(cat bg.pid)", 1), nil)
	if code := r.run(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	pid := readPid(t, filepath.Join(r.dir, "bg.pid"))
	bs := r.last(BackgroundStopped)
	if bs.ID != "service" || !strings.Contains(bs.Body.(BackgroundStoppedBody).How, "end of the launch") {
		t.Fatalf("background_stopped: %+v", bs)
	}
	eventually(t, func() bool { return !alive(pid) }, "the background service outlived the launch")
	// It was stopped before the launch said it finished.
	evs := r.events()
	if evs[len(evs)-1].Type() != LaunchFinished {
		t.Fatalf("last event %s", evs[len(evs)-1].Type())
	}
}

func TestBackgroundStepEndsWithItsRollback(t *testing.T) {
	r := newRig(t, strings.Replace(backgroundRunbook, "FINAL", "false", 1), nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	pid := readPid(t, filepath.Join(r.dir, "bg.pid"))
	if bs := r.last(BackgroundStopped); !strings.Contains(bs.Body.(BackgroundStoppedBody).How, "rollback") {
		t.Fatalf("background_stopped: %+v", bs)
	}
	if !before(r.events(), BackgroundStopped, RollbackFinished) {
		t.Fatalf("the service was not ended by the rollback:\n%s", r.dump())
	}
	eventually(t, func() bool { return !alive(pid) }, "the background service outlived its rollback")
}

// before reports whether the first a comes before the first b.
func before(evs []Event, a, b Type) bool {
	for _, ev := range evs {
		switch ev.Type() {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

func TestHangupLetsTheStepFinishAndStartsNothingNew(t *testing.T) {
	r := newRig(t, `
[launch]
name = "hangup"

[[cutover]]
id = "long"
run = "touch started; sleep 1; touch finished"

[[cutover]]
id = "next"
run = "touch next"
`, nil)
	r.start(t.Context())
	r.waitType(StepStarted, "long")
	eventually(t, func() bool { _, err := os.Stat(filepath.Join(r.dir, "started")); return err == nil }, "the step to start")
	r.e.Hangup()
	if code := r.wait(); code != 3 {
		t.Fatalf("exit %d, want 3; events:\n%s", code, r.dump())
	}
	if _, err := os.Stat(filepath.Join(r.dir, "finished")); err != nil {
		t.Fatal("the running step was not left to finish")
	}
	if _, err := os.Stat(filepath.Join(r.dir, "next")); err == nil {
		t.Fatal("a new step started after the hang-up")
	}
	if f := r.last(StepFinished); f.ID != "long" {
		t.Fatalf("finished %s", f.ID)
	}
	fin := r.last(LaunchFinished)
	if fin.Body.(LaunchFinishedBody).Outcome != OutcomeInterrupted || !strings.Contains(fin.Reason(), "hang-up") {
		t.Fatalf("finished: %+v", fin)
	}
	// The launch is left resumable.
	if res, err := FindResumable(r.rb, filepath.Dir(r.e.Dir())); err != nil || res.Dir != r.e.Dir() {
		t.Fatalf("not resumable: %+v %v", res, err)
	}
}
