package launch

import (
	"golive/checks"
	"testing"
	"time"

	"golive/runbook"
)

// stagedRunbook is a runbook with one staged step of three stages and a
// plain step before it.
func stagedRunbook(t *testing.T, analysis, onBreach string) *runbook.Runbook {
	t.Helper()
	src := `[launch]
name = "staged"
[[cutover]]
id = "prep"
run = "true"
rollback = "true"
[[cutover]]
id = "shift"
stages = [10, 50, 100]
run = "./w.sh $GOLIVE_STAGE"
rollback = "./w.sh 0"
analysis = ` + analysis + `
on_breach = "` + onBreach + `"
[monitor]
duration = "1m"
rollback_after = 2
[[monitor.probe]]
id = "errors"
tcp = "127.0.0.1:1"
`
	rb, err := runbook.Parse("staged.toml", []byte(src), runbook.LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	return rb
}

// ladder builds the events of a staged launch step by step.
type ladder struct {
	seq int64
	at  time.Time
	evs []Event
}

func (l *ladder) add(e Event) *ladder {
	l.seq++
	l.at = l.at.Add(time.Second)
	e.Seq, e.Time = l.seq, l.at
	if e.Phase == "" {
		e.Phase = PhaseCutover
	}
	l.evs = append(l.evs, e)
	return l
}

func (l *ladder) stage(t Type, k int, val string) *ladder {
	return l.add(Event{ID: "shift", Body: stageBody(t, k, val, "")})
}

func (l *ladder) run(k int, val string) *ladder {
	l.stage(StageStarted, k, val)
	l.add(Event{ID: "shift", Body: StepStartedBody{Attempt: k}})
	return l.add(Event{ID: "shift", Body: StepFinishedBody{Attempt: k, Exit: exitp(0)}})
}

func (l *ladder) sample(level Level, v float64) *ladder {
	return l.add(Event{ID: "errors", Body: ProbeSampleBody{Status: checks.Pass, Level: level, Value: &v}})
}

func baseLadder() *ladder {
	l := &ladder{at: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)}
	l.add(Event{Phase: PhasePreflight, Body: LaunchStartedBody{}})
	l.add(Event{Phase: PhaseGate, Body: GateDecidedBody{Decision: GateGo}})
	l.add(Event{ID: "prep", Body: StepStartedBody{Attempt: 1}})
	l.add(Event{ID: "prep", Body: StepFinishedBody{Attempt: 1, Exit: exitp(0)}})
	return l
}

func TestNextStageFromTheFold(t *testing.T) {
	auto := `{ duration = "2s", promote = "auto" }`
	ask := `{ duration = "2s", promote = "ask" }`
	cases := []struct {
		name      string
		analysis  string
		onBreach  string
		build     func(*ladder)
		want      stagePoint
		running   bool // resume would find the step's outcome unknown
		inRollbck bool // a rollback now undoes the step
		status    ItemStatus
	}{
		{"nothing yet: apply the first stage", auto, "rollback", func(l *ladder) {},
			stagePoint{1, stageApply}, false, false, StatusPending},
		{"first stage applied: analyse it", auto, "rollback", func(l *ladder) { l.run(1, "10") },
			stagePoint{1, stageAnalyze}, true, true, StatusRunning},
		{"steady under promote auto: promote", auto, "rollback", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10").sample(LevelOK, 0).stage(AnalysisSteady, 1, "10")
		}, stagePoint{1, stagePromote}, false, true, StatusRunning},
		{"steady under promote ask: ask", ask, "rollback", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10").stage(AnalysisSteady, 1, "10")
		}, stagePoint{1, stageAskPromote}, false, true, StatusRunning},
		{"promoted: apply the next stage", ask, "rollback", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10").stage(AnalysisSteady, 1, "10").stage(StagePromotion, 1, "10")
		}, stagePoint{2, stageApply}, false, true, StatusRunning},
		{"breach under on_breach rollback: roll back", auto, "rollback", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10").sample(LevelCrit, 5).sample(LevelCrit, 7)
			l.add(Event{ID: "shift", Body: AnalysisBreachBody{Stage: "10", StageIndex: 1, Probe: "errors"}})
		}, stagePoint{1, stageRollback}, false, true, StatusRunning},
		{"breach under on_breach ask: ask", auto, "ask", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10")
			l.add(Event{ID: "shift", Body: AnalysisBreachBody{Stage: "10", StageIndex: 1, Probe: "errors"}})
		}, stagePoint{1, stageAskBreach}, false, true, StatusRunning},
		{"interrupted mid-analysis: apply that stage again", auto, "rollback", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10").stage(AnalysisSteady, 1, "10").stage(StagePromotion, 1, "10")
			l.run(2, "50").stage(AnalysisStarted, 2, "50").sample(LevelWarn, 1)
			l.add(Event{ID: "shift", Body: StepInterruptedBody{}})
		}, stagePoint{2, stageApply}, true, true, StatusInterrupted},
		{"interrupted while its run ran: apply that stage again", auto, "rollback", func(l *ladder) {
			l.run(1, "10").stage(AnalysisStarted, 1, "10").stage(AnalysisSteady, 1, "10").stage(StagePromotion, 1, "10")
			l.stage(StageStarted, 2, "50").add(Event{ID: "shift", Body: StepStartedBody{Attempt: 2}})
		}, stagePoint{2, stageApply}, true, true, StatusRunning},
		{"a failed stage is applied again after retry", auto, "rollback", func(l *ladder) {
			l.stage(StageStarted, 1, "10").add(Event{ID: "shift", Body: StepStartedBody{Attempt: 1}})
			l.add(Event{ID: "shift", Body: StepFailedBody{Attempt: 1, Exit: exitp(1), Reason: "exit 1"}})
		}, stagePoint{1, stageApply}, false, true, StatusFailed},
		{"last stage applied: the step is done", auto, "rollback", func(l *ladder) {
			for k, v := range []string{"10", "50"} {
				l.run(k+1, v).stage(AnalysisStarted, k+1, v).stage(AnalysisSteady, k+1, v).stage(StagePromotion, k+1, v)
			}
			l.run(3, "100")
		}, stagePoint{3, stageFinished}, false, true, StatusDone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rb := stagedRunbook(t, tc.analysis, tc.onBreach)
			l := baseLadder()
			tc.build(l)
			st := Fold(rb, l.evs)
			s := rb.Cutover[1]
			if got := nextStage(st, s); got != tc.want {
				t.Errorf("nextStage = %+v, want %+v", got, tc.want)
			}
			it := st.Find(PhaseCutover, "shift")
			if it.Status != tc.status {
				t.Errorf("status = %s, want %s", it.Status, tc.status)
			}
			running := false
			for _, r := range resumeAt(st).running {
				running = running || r.ID == "shift"
			}
			if running != tc.running {
				t.Errorf("resume finds it running = %v, want %v", running, tc.running)
			}
			inRollback := false
			for _, r := range rollbackSet(st, rb) {
				inRollback = inRollback || r.ID == "shift"
			}
			if inRollback != tc.inRollbck {
				t.Errorf("in the rollback set = %v, want %v", inRollback, tc.inRollbck)
			}
			if done := resumeFrom(st, rb) > 1; done != (tc.status == StatusDone) {
				t.Errorf("resumeFrom = %d with the step %s", resumeFrom(st, rb), tc.status)
			}
		})
	}
}

// TestStageRecord checks what the fold keeps of each stage: its verdict,
// the breaching probe, and the worst values seen during its analysis.
func TestStageRecord(t *testing.T) {
	rb := stagedRunbook(t, `{ duration = "2s" }`, "rollback")
	l := baseLadder()
	l.run(1, "10").add(Event{ID: "shift", Body: stageBody(AnalysisStarted, 1, "10", "errors")})
	l.sample(LevelOK, 1).sample(LevelCrit, 9).sample(LevelCrit, 4)
	l.add(Event{ID: "shift", Body: AnalysisBreachBody{Stage: "10", StageIndex: 1, Probe: "errors", Reason: "2 critical samples in a row"}})
	st := Fold(rb, l.evs)
	it := st.Find(PhaseCutover, "shift")
	s1 := it.Stages[0]
	if s1.Status != StageBreached || s1.Breach != "errors" || s1.Finished.IsZero() || s1.Started.IsZero() {
		t.Fatalf("stage 1 = %+v", s1)
	}
	if len(s1.Probes) != 1 || s1.Probes[0].Samples != 3 || s1.Probes[0].Crit != 2 || s1.Probes[0].Max != 9 || s1.Probes[0].Worst != LevelCrit {
		t.Fatalf("stage 1 probes = %+v", s1.Probes)
	}
	if it.Stages[1].Status != StagePending || it.Stages[2].Value != "100" {
		t.Fatalf("later stages = %+v", it.Stages[1:])
	}
	// A snapshot shares nothing with the fold.
	c := st.Clone()
	c.Find(PhaseCutover, "shift").Stages[0].Probes[0].Samples = 99
	if it.Stages[0].Probes[0].Samples != 3 {
		t.Fatal("the clone shares the stage's probes with the fold")
	}
}

func TestStageHeadlessLines(t *testing.T) {
	at := time.Date(2026, 12, 1, 22, 4, 11, 0, time.UTC)
	cases := []struct {
		e    Event
		want string
	}{
		{Event{Phase: PhaseCutover, ID: "shift", Body: StageStartedBody{Stage: "25", StageIndex: 2}}, "22:04:11 cutover shift stage 25 started"},
		{Event{Phase: PhaseCutover, ID: "shift", Body: AnalysisSteadyBody{Stage: "25", Reason: "no breach in 2m00s"}}, "22:04:11 cutover shift stage 25 steady: no breach in 2m00s"},
		{Event{Phase: PhaseCutover, ID: "shift", Body: AnalysisBreachBody{Stage: "25", Probe: "errors", Reason: "3 critical samples in a row"}}, "22:04:11 cutover shift stage 25 breach errors: 3 critical samples in a row"},
		{Event{Phase: PhaseCutover, ID: "shift", Body: StagePromotionBody{Stage: "25", Who: "alice"}}, "22:04:11 cutover shift stage 25 promoted by alice"},
	}
	for _, tc := range cases {
		tc.e.Time = at
		if got := FormatLine(tc.e, time.UTC); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// stageBody is the body of a stage event of type t at stage k (value
// val); probes are what an AnalysisStarted watches.
func stageBody(t Type, k int, val, probes string) Body {
	switch t {
	case StageStarted:
		return StageStartedBody{Stage: val, StageIndex: k}
	case AnalysisStarted:
		return AnalysisStartedBody{Stage: val, StageIndex: k, Probes: probes}
	case AnalysisSteady:
		return AnalysisSteadyBody{Stage: val, StageIndex: k}
	case AnalysisBreach:
		return AnalysisBreachBody{Stage: val, StageIndex: k}
	case StagePromotion:
		return StagePromotionBody{Stage: val, StageIndex: k}
	}
	panic("not a stage event: " + string(t))
}
