package launch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stagedSrc is a launch whose staged step appends "STAGE/INDEX" to the
// trail for every stage it applies (and its verify, which sees the stage
// too, finds it there), and "undo" when rolled back; probe is the command
// of the one monitor probe.
func stagedSrc(probe, promote string) string {
	return `
[launch]
name = "staged"
[[cutover]]
id = "prep"
run = "echo prep >> trail"
rollback = "echo unprep >> trail"
[[cutover]]
id = "shift"
stages = [10, 50, 100]
run = "echo $GOLIVE_STAGE/$GOLIVE_STAGE_INDEX >> trail"
rollback = "echo undo >> trail"
verify = { run = "grep -qx $GOLIVE_STAGE/$GOLIVE_STAGE_INDEX trail" }
analysis = { duration = "300ms", promote = "` + promote + `" }
pty = false
[monitor]
duration = "300ms"
interval = "50ms"
rollback_after = 2
after_rollback = "200ms"
[[monitor.probe]]
id = "up"
run = "` + probe + `"
`
}

func TestStagedStepRunsEachStageThenTheSoak(t *testing.T) {
	r := newRig(t, stagedSrc("true", "auto"), nil)
	if code := r.run(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if got := trail(t, r); !slices.Equal(got, []string{"prep", "10/1", "50/2", "100/3"}) {
		t.Fatalf("trail %v", got)
	}
	steady := seqOf(r.events(), func(e Event) bool { return e.Type() == AnalysisSteady || e.Type() == StagePromotion })
	if len(steady) != 4 {
		t.Fatalf("want steady and promoted for stages 10 and 50, got %v", steady)
	}
	st := r.e.snapshot()
	if st.Monitor.Verdict != VerdictStable || st.Find(PhaseCutover, "shift").Status != StatusDone {
		t.Fatalf("verdict %q, step %s", st.Monitor.Verdict, st.Find(PhaseCutover, "shift").Status)
	}
}

func TestStagedBreachRollsBackWithoutAsking(t *testing.T) {
	r := newRig(t, stagedSrc("false", "auto"), func(o *Options) { o.Yes = true })
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if got := trail(t, r); !slices.Equal(got, []string{"prep", "10/1", "undo", "unprep"}) {
		t.Fatalf("trail %v: want stage 10 only, then both rollbacks in reverse", got)
	}
	b := r.last(AnalysisBreach)
	if b.Body.(AnalysisBreachBody).Stage != "10" || b.Body.(AnalysisBreachBody).Probe != "up" {
		t.Fatalf("breach %+v", b)
	}
	if rs := r.last(RollbackStarted); !rs.Body.(RollbackStartedBody).Auto || !strings.Contains(rs.Reason(), "stage 10 of shift breached: up") {
		t.Fatalf("rollback %+v", rs)
	}
}

func TestStagedPromoteAskWaitsForTheDriver(t *testing.T) {
	r := newRig(t, stagedSrc("true", "ask"), cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if d := r.waitType(DecisionNeeded, "shift"); d.Body.(DecisionNeededBody).Kind != DecidePromote {
		t.Fatalf("decision %+v", d)
	}
	r.e.Send(Command{Kind: CmdDecide, ID: "shift", Action: ActPromote, Who: "alice"})
	r.waitFor(func(e Event) bool { return e.Body == (StagePromotionBody{Who: "alice", Stage: "10", StageIndex: 1}) }, "stage 10 promoted by alice")
	r.waitType(DecisionNeeded, "shift")
	r.e.Send(Command{Kind: CmdDecide, ID: "shift", Action: ActRollback, Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if got := trail(t, r); !slices.Equal(got, []string{"prep", "10/1", "50/2", "undo", "unprep"}) {
		t.Fatalf("trail %v", got)
	}
}

// TestStagedResumeMidAnalysisReappliesTheStage cuts the journal in the
// analysis of stage 50, as if the driver died there: the resumed launch
// finds the step interrupted, re-applies stage 50 (--yes) and goes on.
func TestStagedResumeMidAnalysisReappliesTheStage(t *testing.T) {
	first := newRig(t, stagedSrc("true", "auto"), nil)
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
		if b, ok := ev.Body.(AnalysisStartedBody); ok && b.Stage == "50" {
			break
		}
	}
	if err := os.WriteFile(filepath.Join(first.e.Dir(), JournalFile), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(first.dir, "trail")); err != nil {
		t.Fatal(err)
	}
	second := rigFor(t, first.rb, resumeOpts(first, kept, nil))
	if code := second.run(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, second.dump())
	}
	if got := trail(t, second); !slices.Equal(got, []string{"50/2", "100/3"}) {
		t.Fatalf("trail %v: want stage 50 applied again, then 100", got)
	}
	if in := second.last(StepInterrupted); in.ID != "shift" {
		t.Fatalf("interrupted %+v", in)
	}
	starts := seqOf(second.events(), func(e Event) bool { return e.Type() == StageStarted })
	if len(starts) != 2 {
		t.Fatalf("stage starts after the resume: %v", starts)
	}
}

// TestHoldStopsTheLadderBeforeItsNextStage: hold set while a stage waits
// for its promotion keeps the next stage from starting until it is
// released. Commands are taken in order, so the hold is on when the
// promotion arrives.
func TestHoldStopsTheLadderBeforeItsNextStage(t *testing.T) {
	r := newRig(t, stagedSrc("true", "ask"), cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(DecisionNeeded, "shift")
	r.e.Send(Command{Kind: CmdHold, On: true, Who: "alice"})
	r.e.Send(Command{Kind: CmdDecide, ID: "shift", Action: ActPromote, Who: "alice"})
	r.waitFor(func(e Event) bool { return e.ID == "shift" && e.Body == (StepWaitingBody{Wait: WaitHold}) }, "the ladder held")
	if got := trail(t, r); !slices.Equal(got, []string{"prep", "10/1"}) {
		t.Fatalf("trail %v while held", got)
	}
	r.e.Send(Command{Kind: CmdHold, On: false, Who: "alice"})
	r.waitFor(func(e Event) bool {
		return e.Type() == DecisionNeeded && e.ID == "shift" && r.e.snapshot().Find(PhaseCutover, "shift").StageAt == 2
	}, "stage 50 asking")
	r.e.Send(Command{Kind: CmdDecide, ID: "shift", Action: ActPromote, Who: "alice"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if got := trail(t, r); !slices.Equal(got, []string{"prep", "10/1", "50/2", "100/3"}) {
		t.Fatalf("trail %v", got)
	}
}
