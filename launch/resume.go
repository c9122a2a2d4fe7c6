package launch

import (
	"context"
	"fmt"
	"os"
	"slices"

	"golive/runbook"
)

// resumePoint is where a journal says a launch stood when its driver
// stopped.
type resumePoint struct {
	finished     *ending
	gateDecision string
	running      map[string]bool // cutover or rollback steps started, not ended
	rollback     bool            // a rollback started...
	rollbackDone bool            // ...and finished
	monitor      bool            // the soak started...
	verdict      string          // ...and reached this verdict
	need         *Event          // an unanswered DecisionNeeded
}

// resume takes up the launch of Options.Resume: it folds the old events,
// journals LaunchResumed, and continues where the launch stopped.
// Completed steps never run again. A step that was running when the
// driver died is journaled as interrupted (its outcome is unknown) and
// the operator chooses to re-run it, mark it done or roll back; headless
// with --yes re-runs it and says so.
func (e *Engine) resume(ctx context.Context) *ending {
	pt := e.replay(e.o.Resume)
	e.emit(Event{Type: LaunchResumed, Who: e.o.Driver, Detail: fmt.Sprintf("pid %d", os.Getpid())})
	if pt.finished != nil {
		return pt.finished
	}
	// What the old driver left running must end before anything runs
	// again, above all before an interrupted step is re-run.
	e.endLeftovers()
	for _, id := range e.sortedRunning(pt.running) {
		phase := PhaseCutover
		if pt.rollback {
			phase = PhaseRollback
		}
		e.emit(Event{Type: StepInterrupted, Phase: phase, ID: id, Reason: "running when the driver stopped: outcome unknown"})
	}
	switch {
	case pt.rollback && !pt.rollbackDone:
		return e.resumeRollback(ctx, pt)
	case pt.rollback:
		return endWith(endRolledBack, e.state.RollbackReason)
	case pt.monitor && pt.verdict == "rollback":
		return e.rollback(ctx, "rollback decided during the soak", "", false)
	case pt.monitor && pt.verdict != "":
		return nil
	case pt.monitor:
		if pt.need != nil && pt.need.Phase == PhaseMonitor {
			if e.o.Yes {
				e.emit(Event{Type: Decision, Phase: PhaseMonitor, ID: pt.need.ID, Status: "rollback", Reason: pt.need.Reason, Auto: true})
				e.emit(Event{Type: Verdict, Phase: PhaseMonitor, Status: "rollback", Reason: pt.need.Reason, Who: "auto"})
				return e.rollback(ctx, pt.need.Reason, "auto", true)
			}
			if e.o.Headless {
				e.emit(Event{Type: DecisionNeeded, Phase: PhaseMonitor, ID: pt.need.ID, Reason: pt.need.Reason, Detail: string(DecideMonitor)})
				return endWith(endInterrupted, "a decision is needed: "+pt.need.Reason)
			}
		}
		if end := e.restartBackground(ctx); end != nil {
			return end
		}
		// The soak goes on where it was: what is left of it (extensions
		// included), and at least one interval of fresh samples before a
		// verdict, however long the driver was away.
		if mon := e.state.Monitor; !mon.Started.IsZero() && e.rb.Monitor != nil {
			left := max(mon.Started.Add(mon.Duration).Sub(e.clock.Now()), e.rb.Monitor.Interval)
			e.soakLeft = &left
		}
		return e.drive(ctx, stageMonitor, 0)
	case pt.gateDecision == "go":
		return e.resumeCutover(ctx, pt)
	case pt.gateDecision != "":
		return endWith(endAborted, "the gate decided "+pt.gateDecision)
	}
	return e.drive(ctx, stagePreflight, 0)
}

// replay folds old events into the engine's state and its own records.
func (e *Engine) replay(events []Event) resumePoint {
	pt := resumePoint{running: map[string]bool{}}
	for _, ev := range events {
		if ev.Seq > e.seq {
			e.seq = ev.Seq
		}
		e.mu.Lock()
		e.state.Apply(ev)
		e.mu.Unlock()
		switch ev.Type {
		case LaunchStarted:
			if ev.Launch != nil && ev.Launch.ID != "" {
				e.id = ev.Launch.ID
			}
		case CheckFinished:
			if rec := e.chk[ev.ID]; rec != nil {
				rec.status = statusOfCheck(ev.Status)
				rec.finished = ev.Time.UnixNano()
				rec.reason = ev.Reason
			}
		case CheckWaived:
			if rec := e.chk[ev.ID]; rec != nil {
				rec.status = StatusWaived
			}
		case Vote:
			e.g.votes = append(e.g.votes, VoteRec{Name: ev.Who, OSUser: ev.OSUser, At: ev.Time, Auto: ev.Auto})
		case Override:
			e.g.override, e.g.overrideWho, e.g.overridden = ev.Reason, ev.Who, true
		case GateDecided:
			pt.gateDecision = ev.Status
		case HoldSet:
			e.hold = ev.Status == "on"
		case StepStarted:
			pt.running[ev.ID] = true
			if rec := e.steps[ev.ID]; rec != nil && ev.Phase == PhaseCutover {
				rec.attempt = ev.Attempt
				rec.status = StatusRunning
				if !slices.Contains(e.ran, ev.ID) {
					e.ran = append(e.ran, ev.ID)
				}
			}
		case StepFinished, StepFailed, StepSkipped, StepSimulated:
			delete(pt.running, ev.ID)
			rec := e.steps[ev.ID]
			if rec == nil {
				continue
			}
			switch {
			case ev.Phase == PhaseRollback && ev.Type == StepFinished:
				rec.status = StatusRolledBack
			case ev.Phase == PhaseRollback:
			case ev.Type == StepFinished:
				rec.status = StatusDone
			case ev.Type == StepFailed:
				rec.status = StatusFailed
			case ev.Type == StepSkipped:
				rec.status = StatusSkipped
			default:
				rec.status = StatusSimulated
			}
		case DecisionNeeded:
			need := ev
			pt.need = &need
		case Decision:
			pt.need = nil
			if rec := e.steps[ev.ID]; rec != nil && ev.Phase == PhaseCutover && ev.Status == "mark_done" {
				rec.status = StatusDone
			}
		case RollbackStarted:
			pt.rollback = true
		case RollbackFinished:
			pt.rollbackDone = true
		case MonitorStarted:
			pt.monitor = true
		case Verdict:
			pt.verdict = ev.Status
		case LaunchFinished:
			if ev.Status != OutcomeInterrupted {
				code := 1
				if ev.Exit != nil {
					code = *ev.Exit
				}
				pt.finished = &ending{outcome: ev.Status, exit: code, reason: ev.Reason}
			}
		case LaunchResumed:
			pt.finished = nil
		}
	}
	return pt
}

// sortedRunning lists the running steps in runbook order.
func (e *Engine) sortedRunning(running map[string]bool) []string {
	var ids []string
	for _, s := range e.rb.Cutover {
		if running[s.ID] {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// resumeCutover continues the cutover at the first step that has not
// ended, settling first what the old driver left open.
func (e *Engine) resumeCutover(ctx context.Context, pt resumePoint) *ending {
	if end := e.restartBackground(ctx); end != nil {
		return end
	}
	for i, s := range e.rb.Cutover {
		rec := e.steps[s.ID]
		switch rec.status {
		case StatusDone, StatusSkipped, StatusSimulated:
			continue
		}
		next := i
		switch {
		case pt.running[s.ID]:
			act, c, end := e.interruptedStep(ctx, s)
			if end != nil {
				return end
			}
			switch act {
			case ActMarkDone:
				rec.status = StatusDone
				next = i + 1
			case ActRollback:
				return e.rollback(ctx, reasonOr(c.Reason, "step "+s.ID+" was interrupted"), c.Who, false)
			case ActAbort:
				return endWith(endAborted, c.Reason)
			}
		case rec.status == StatusFailed:
			// The old driver stopped at this failure's decision.
			action, c, end := e.onFailure(ctx, s, "failed before the launch was resumed")
			if end != nil {
				return end
			}
			switch action {
			case ActSkip:
				rec.status = StatusSkipped
				e.emit(Event{Type: StepSkipped, Phase: PhaseCutover, ID: s.ID, Reason: c.Reason, Who: c.Who})
				next = i + 1
			case ActContinue:
				next = i + 1
			case ActRollback:
				return e.rollback(ctx, "step "+s.ID+" failed", reasonOr(c.Who, "policy"), c.Who == "")
			case ActAbort:
				return endWith(endAborted, reasonOr(c.Reason, "on_failure = abort"))
			}
		}
		if end := e.cutover(ctx, next); end != nil {
			return end
		}
		if e.rb.Monitor != nil {
			return e.monitor(ctx)
		}
		return nil
	}
	return e.drive(ctx, stageMonitor, 0)
}

// interruptedStep asks what to do with a step whose outcome is unknown:
// re-run it, mark it done, or roll back. Headless with --yes re-runs it.
func (e *Engine) interruptedStep(ctx context.Context, s *runbook.Step) (Action, Command, *ending) {
	why := fmt.Sprintf("step %s was interrupted: outcome unknown", s.ID)
	if e.o.Headless && e.o.Yes {
		e.emit(Event{Type: Decision, Phase: PhaseCutover, ID: s.ID, Status: string(ActRerun), Reason: why + "; re-running it (--yes)", Auto: true})
		return ActRerun, Command{}, nil
	}
	return e.decide(ctx, PhaseCutover, s.ID, why, DecideInterrupted)
}

// resumeRollback finishes a rollback the old driver had started.
func (e *Engine) resumeRollback(ctx context.Context, pt resumePoint) *ending {
	reason := e.state.RollbackReason
	plan := e.rollbackPlan()
	at := -1
	if pt.need != nil && pt.need.Phase == PhaseRollback {
		at = slices.IndexFunc(plan, func(s *runbook.Step) bool { return s.ID == pt.need.ID })
	}
	if at >= 0 {
		// Everything before the step that failed was dealt with already.
		plan = plan[at:]
		action, c, end := e.decide(ctx, PhaseRollback, pt.need.ID, pt.need.Reason, DecideRollback)
		if end != nil {
			return end
		}
		switch action {
		case ActSkip:
			e.emit(Event{Type: StepSkipped, Phase: PhaseRollback, ID: plan[0].ID, Reason: c.Reason, Who: c.Who})
			e.steps[plan[0].ID].status = StatusSkipped
			plan = plan[1:]
		case ActAbort:
			e.emit(Event{Type: RollbackFinished, Phase: PhaseRollback, Status: "failed", Reason: c.Reason})
			return endWith(endFailed, "rollback aborted: "+c.Reason)
		}
	}
	e.emit(Event{Type: PhaseStarted, Phase: PhaseRollback})
	return e.rollbackSteps(ctx, reason, plan)
}

// restartBackground starts again the background steps that completed
// before the launch was resumed: their processes ended with the previous
// driver, and the steps after them rely on them.
func (e *Engine) restartBackground(ctx context.Context) *ending {
	for _, s := range e.rb.Cutover {
		rec := e.steps[s.ID]
		if !s.Background || rec.status != StatusDone || e.bg[s.ID] != nil || (e.o.Rehearse && !s.Rehearse) {
			continue
		}
		e.emit(Event{Type: Note, Phase: PhaseCutover, Detail: fmt.Sprintf("starting background step %s again: its process ended with the previous driver", s.ID)})
		rec.attempt++
		if r := e.exec(ctx, PhaseCutover, s, s.Run, rec.attempt); !r.ok {
			rec.status = StatusFailed
			if r.req != nil {
				return e.request(ctx, PhaseCutover, s.ID, *r.req)
			}
			return e.rollback(ctx, fmt.Sprintf("background step %s did not start again: %s", s.ID, r.reason), "", true)
		}
	}
	return nil
}
