package launch

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"golive/runbook"
)

// stagedStep takes a staged step through its ladder: for each stage its
// run (with confirm, verify, timeout and on_failure, as any step), then,
// but after the last, the analysis and the promotion. What to do next is
// always read from the fold (nextStage), so a resumed launch picks the
// ladder up where the journal says it stood.
func (e *Engine) stagedStep(ctx context.Context, s *runbook.Step) *ending {
	for {
		if e.stopping(ctx) {
			return e.interrupted()
		}
		pt := nextStage(e.state, s)
		promotion := func(who string, auto bool) Event {
			return Event{Phase: PhaseCutover, ID: s.ID, Body: StagePromotionBody{Who: who, Auto: auto, Stage: s.Stages[pt.index-1], StageIndex: pt.index}}
		}
		switch pt.do {
		case stageFinished:
			return nil
		case stageApply:
			if pt.index > 1 && e.state.Hold {
				// Hold stops the ladder before its next stage, as it
				// stops the cutover before its next step.
				e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepWaitingBody{Wait: WaitHold}})
				if end := e.humanWait(ctx, PhaseCutover, s.ID, func(Command) bool { return !e.state.Hold }); end != nil {
					return end
				}
			}
			over, end := e.applyStage(ctx, s, pt.index)
			if end != nil || over {
				return end
			}
		case stageAnalyze:
			if end := e.analyze(ctx, s, pt.index); end != nil {
				return end
			}
		case stagePromote:
			e.emit(promotion("auto", true))
		case stageRollback:
			return e.rollback(ctx, e.breachReason(s), "auto", true)
		case stageAskPromote, stageAskBreach:
			if end := e.askStage(ctx, s, pt, promotion); end != nil {
				return end
			}
		}
	}
}

// askStage waits for the driver's word after a stage's analysis: promote
// or roll back. With --yes a steady stage is promoted and a breach rolls
// back, each recorded as automatic.
func (e *Engine) askStage(ctx context.Context, s *runbook.Step, pt stagePoint, promotion func(who string, auto bool) Event) *ending {
	val := s.Stages[pt.index-1]
	kind, reason := DecidePromote, fmt.Sprintf("stage %s of %s is steady: promote to the next stage?", val, s.ID)
	if pt.do == stageAskBreach {
		kind, reason = DecideBreach, e.breachReason(s)+": roll back?"
	}
	if e.o.Yes {
		if kind == DecideBreach {
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: DecisionBody{Action: ActRollback, Reason: reason + " (--yes)", Auto: true}})
			return e.rollback(ctx, e.breachReason(s), "auto", true)
		}
		e.emit(promotion("auto", true))
		return nil
	}
	act, c, end := e.decide(ctx, PhaseCutover, s.ID, reason, kind)
	if end != nil {
		return end
	}
	if act == ActRollback {
		return e.rollback(ctx, reasonOr(c.Reason, e.breachReasonOr(s, "rollback after stage "+val+" of "+s.ID)), c.Who, false)
	}
	e.emit(promotion(reasonOr(c.Who, "?"), false))
	return nil
}

// breachReason says which probe breached at which stage, from the fold.
func (e *Engine) breachReason(s *runbook.Step) string {
	return e.breachReasonOr(s, "a breach during the analysis of "+s.ID)
}

func (e *Engine) breachReasonOr(s *runbook.Step, fallback string) string {
	it := e.state.Find(PhaseCutover, s.ID)
	if it == nil {
		return fallback
	}
	st := it.CurrentStage()
	if st == nil || st.Status != StageBreached {
		return fallback
	}
	return fmt.Sprintf("stage %s of %s breached: %s: %s", st.Value, s.ID, st.Breach, st.Reason)
}

// applyStage runs step s for stage k (from 1). over is true when the step
// ends here without its remaining stages: skipped, or failed under
// on_failure = "continue".
func (e *Engine) applyStage(ctx context.Context, s *runbook.Step, k int) (over bool, end *ending) {
	val := s.Stages[k-1]
	e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StageStartedBody{Stage: val, StageIndex: k}})
	if s.Confirm {
		if end := e.confirm(ctx, s); end != nil {
			return false, end
		}
	}
	if k == 1 && len(s.Manual) > 0 {
		if end := e.checklist(ctx, s); end != nil {
			return false, end
		}
	}
	for {
		attempt := e.state.Find(PhaseCutover, s.ID).Attempt + 1
		e.stageEnv = []string{"GOLIVE_STAGE=" + val, "GOLIVE_STAGE_INDEX=" + strconv.Itoa(k)}
		r := e.exec(ctx, PhaseCutover, s, s.Run, attempt)
		e.stageEnv = nil
		if r.ok {
			return false, nil
		}
		if r.req != nil {
			return false, e.request(ctx, PhaseCutover, s.ID, *r.req)
		}
		action, c, end := e.onFailure(ctx, s, "stage "+val+": "+r.reason)
		if end != nil {
			return false, end
		}
		switch action {
		case ActRetry:
			continue
		case ActSkip:
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepSkippedBody{Reason: c.Reason, Who: c.Who}})
			return true, nil
		case ActContinue:
			return true, nil
		case ActRollback:
			return false, e.rollback(ctx, fmt.Sprintf("step %s failed at stage %s: %s", s.ID, val, r.reason), reasonOr(c.Who, "policy"), c.Who == "")
		default:
			return false, endWith(endAborted, fmt.Sprintf("step %s failed at stage %s: %s; aborted: %s", s.ID, val, r.reason, reasonOr(c.Reason, "on_failure = abort")))
		}
	}
}

// analyze watches the analysis's probes after stage k of s for the
// analysis's duration. rollback_after critical samples in a row of one
// probe are a breach: it journals AnalysisBreach and returns, and the
// step's on_breach policy (read from the fold) applies. An analysis that
// ends without a breach journals AnalysisSteady. The probes are those of
// [monitor], sampled at their own interval.
func (e *Engine) analyze(ctx context.Context, s *runbook.Step, k int) *ending {
	val := s.Stages[k-1]
	a := s.Analysis
	m := e.rb.Monitor
	var probes []*runbook.Check
	for _, id := range e.rb.AnalysisProbes(s) {
		for _, p := range m.Probes {
			if p.ID == id {
				probes = append(probes, p)
			}
		}
	}
	ids := make([]string, len(probes))
	for i, p := range probes {
		ids[i] = p.ID
	}
	e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: AnalysisStartedBody{Stage: val, StageIndex: k, DurationMS: a.Duration.Milliseconds(), Probes: strings.Join(ids, ",")}})

	e.monGen++
	gen := e.monGen
	actx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	outs := make([]io.WriteCloser, len(probes))
	for i, p := range probes {
		outs[i] = e.output(PhaseMonitor, p.ID)
		every := p.Every
		if every <= 0 {
			every = m.Interval
		}
		if every <= 0 {
			every = 10 * time.Second
		}
		wg.Add(1)
		go e.probeLoop(actx, &wg, gen, p, every, e.checkOptions(outs[i]))
	}
	defer func() {
		cancel()
		wg.Wait()
		for _, o := range outs {
			o.Close()
		}
	}()

	after := max(m.RollbackAfter, 1)
	timer := e.clock.After(a.Duration)
	for {
		switch msg := e.next(ctx, timer, nil).(type) {
		case sampleMsg:
			if msg.gen != gen {
				continue
			}
			level, why := e.sampleLevel(msg.probe, msg.r)
			e.emit(Event{Phase: PhaseCutover, ID: msg.probe.ID, Body: ProbeSampleBody{Status: msg.r.Status, Level: level, Value: sampleValue(msg.probe, msg.r), LatencyMS: msg.r.Latency.Milliseconds(), Reason: why}})
			if level != LevelCrit {
				continue
			}
			if n, breach := breaching(e.state, msg.probe.ID, after); breach {
				e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: AnalysisBreachBody{Stage: val, StageIndex: k, Probe: msg.probe.ID, Reason: fmt.Sprintf("%d critical samples in a row (%s)", n, why)}})
				return nil
			}
		case timerFired:
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: AnalysisSteadyBody{Stage: val, StageIndex: k, Reason: "no breach in " + fmtMS(a.Duration.Milliseconds())}})
			return nil
		case Command:
			if msg.Kind == CmdAbort || msg.Kind == CmdRollback {
				return e.request(ctx, PhaseCutover, s.ID, msg)
			}
		case haltMsg:
			return e.interrupted()
		}
	}
}
