package launch

import (
	"context"
	"fmt"
	"os"
	"slices"

	"golive/runbook"
)

// resume takes up the launch of Options.Resume: it folds the old events,
// journals LaunchResumed, and continues where the launch stopped.
// Completed steps never run again. A step that was running when the
// driver died is journaled as interrupted (its outcome is unknown) and
// the operator chooses to re-run it, mark it done or roll back; headless
// with --yes re-runs it and says so.
func (e *Engine) resume(ctx context.Context) *ending {
	e.fold(e.o.Resume)
	pt := resumeAt(e.state)
	e.emit(Event{Body: LaunchResumedBody{Who: e.o.Driver, Process: fmt.Sprintf("pid %d", os.Getpid())}})
	if e.jerr != nil {
		return e.interrupted() // run nothing: the disk is still full
	}
	if pt.finished != nil {
		return pt.finished
	}
	// What the old driver left running must end before anything runs
	// again, above all before an interrupted step is re-run.
	e.endLeftovers()
	for _, it := range pt.running {
		e.emit(Event{Phase: it.Phase, ID: it.ID, Body: StepInterruptedBody{Reason: "running when the driver stopped: outcome unknown"}})
	}
	switch {
	case pt.rollback && !pt.rollbackDone:
		return e.resumeRollback(ctx, pt)
	case pt.rollback:
		return endWith(endRolledBack, e.state.RollbackReason)
	case pt.monitor && pt.verdict == VerdictRollback:
		return e.rollback(ctx, "rollback decided during the soak", "", false)
	case pt.monitor && pt.verdict != "":
		return nil
	case pt.monitor:
		if pt.need != nil && pt.need.Phase == PhaseMonitor {
			if e.o.Yes {
				e.emit(Event{Phase: PhaseMonitor, ID: pt.need.ID, Body: DecisionBody{Action: ActRollback, Reason: pt.need.Reason, Auto: true}})
				e.emit(Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictRollback, Reason: pt.need.Reason, Who: "auto"}})
				return e.rollback(ctx, pt.need.Reason, "auto", true)
			}
			if e.o.Headless {
				e.emit(Event{Phase: PhaseMonitor, ID: pt.need.ID, Body: DecisionNeededBody{Reason: pt.need.Reason, Kind: DecideMonitor}})
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
	case pt.gateDecision == GateGo:
		return e.resumeCutover(ctx, pt)
	case pt.gateDecision != "":
		return endWith(endAborted, "the gate decided "+string(pt.gateDecision))
	}
	return e.drive(ctx, stagePreflight, 0)
}

// fold folds the journal of the launch to resume into the engine's
// state: the one record the engine decides from.
func (e *Engine) fold(events []Event) {
	for _, ev := range events {
		e.seq = max(e.seq, ev.Seq)
		if b, ok := ev.Body.(LaunchStartedBody); ok && b.Launch != nil && b.Launch.ID != "" {
			e.id = b.Launch.ID
		}
		e.mu.Lock()
		e.state.Apply(ev)
		e.mu.Unlock()
	}
}

// resumeCutover continues the cutover at the first step that has not
// ended, settling first what the old driver left open.
func (e *Engine) resumeCutover(ctx context.Context, pt resumePoint) *ending {
	if end := e.restartBackground(ctx); end != nil {
		return end
	}
	if i := resumeFrom(e.state, e.rb); i < len(e.rb.Cutover) {
		s := e.rb.Cutover[i]
		next := i
		switch e.state.Find(PhaseCutover, s.ID).Status {
		case StatusInterrupted:
			act, c, end := e.interruptedStep(ctx, s)
			if end != nil {
				return end
			}
			switch act {
			case ActMarkDone:
				next = i + 1
			case ActRollback:
				return e.rollback(ctx, reasonOr(c.Reason, "step "+s.ID+" was interrupted"), c.Who, false)
			case ActAbort:
				return endWith(endAborted, c.Reason)
			}
		case StatusFailed:
			// The old driver stopped at this failure's decision.
			action, c, end := e.onFailure(ctx, s, "failed before the launch was resumed")
			if end != nil {
				return end
			}
			switch action {
			case ActSkip:
				e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepSkippedBody{Reason: c.Reason, Who: c.Who}})
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
	if s.Ansible != nil {
		return e.fleetInterrupted(ctx, s)
	}
	why := fmt.Sprintf("step %s was interrupted: outcome unknown", s.ID)
	if e.o.Headless && e.o.Yes {
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: DecisionBody{Action: ActRerun, Reason: why + "; re-running it (--yes)", Auto: true}})
		return ActRerun, Command{}, nil
	}
	return e.decide(ctx, PhaseCutover, s.ID, why, DecideInterrupted)
}

// resumeRollback finishes a rollback the old driver had started.
func (e *Engine) resumeRollback(ctx context.Context, pt resumePoint) *ending {
	reason := e.state.RollbackReason
	plan := rollbackSet(e.state, e.rb)
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
			e.emit(Event{Phase: PhaseRollback, ID: plan[0].ID, Body: StepSkippedBody{Reason: c.Reason, Who: c.Who}})
			plan = plan[1:]
		case ActAbort:
			e.emit(Event{Phase: PhaseRollback, Body: RollbackFinishedBody{Result: RollbackFailed, Reason: c.Reason}})
			return endWith(endFailed, "rollback aborted: "+c.Reason)
		}
	}
	e.emit(Event{Phase: PhaseRollback, Body: PhaseStartedBody{}})
	return e.rollbackSteps(ctx, reason, plan)
}

// restartBackground starts again the background steps that completed
// before the launch was resumed: their processes ended with the previous
// driver, and the steps after them rely on them.
func (e *Engine) restartBackground(ctx context.Context) *ending {
	for _, s := range backgroundToRestart(e.state, e.rb, e.o.Rehearse) {
		if e.bg[s.ID] != nil {
			continue
		}
		e.emit(Event{Phase: PhaseCutover, Body: NoteBody{Text: fmt.Sprintf("starting background step %s again: its process ended with the previous driver", s.ID)}})
		if r := e.exec(ctx, PhaseCutover, s, s.Run, e.state.Find(PhaseCutover, s.ID).Attempt+1); !r.ok {
			if r.halted || r.cut {
				return e.interrupted()
			}
			if r.req != nil {
				return e.request(ctx, PhaseCutover, s.ID, *r.req)
			}
			return e.rollback(ctx, fmt.Sprintf("background step %s did not start again: %s", s.ID, r.reason), "", true)
		}
	}
	return nil
}

// inOrder checks that the journal of a launch to resume numbers its events
// in strictly rising seq: resuming from a journal with a duplicated or
// misplaced event would decide from a state that never was.
func inOrder(evs []Event) error {
	var last int64
	for _, ev := range evs {
		if ev.Seq != 0 && ev.Seq <= last {
			return fmt.Errorf("event %q has seq %d after seq %d (duplicated or out of order)", ev.Type(), ev.Seq, last)
		}
		last = max(last, ev.Seq)
	}
	return nil
}
