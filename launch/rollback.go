package launch

import (
	"context"
	"fmt"

	"golive/runbook"
)

// rollback undoes the cutover: it ends the background process of every
// step it rolls back and runs the rollback commands of the steps that ran
// (completed ones, and failed ones that have a rollback command: see the
// package comment), latest first, each as its own item of the rollback
// phase with its own log. A failing rollback step stops and asks.
func (e *Engine) rollback(ctx context.Context, reason, who string, auto bool) *ending {
	e.emit(Event{Phase: PhaseRollback, Body: PhaseStartedBody{}})
	e.emit(Event{Phase: PhaseRollback, Body: RollbackStartedBody{Reason: reason, Who: who, Auto: auto}})
	return e.rollbackSteps(ctx, reason, rollbackSet(e.state, e.rb))
}

// rollbackSteps runs plan and journals RollbackFinished.
func (e *Engine) rollbackSteps(ctx context.Context, reason string, plan []*runbook.Step) *ending {
	status := RollbackDone
	for _, s := range plan {
		if _, ok := e.bg[s.ID]; ok {
			e.stopBackground(s.ID, "ended by the rollback")
		}
		if s.Rollback == "" {
			continue
		}
		if e.stopping(ctx) {
			return e.interrupted()
		}
		for attempt := 1; ; attempt++ {
			r := e.exec(ctx, PhaseRollback, s, s.Rollback, attempt)
			if r.ok {
				break
			}
			if r.halted || r.cut || (e.stopping(ctx) && ctx.Err() != nil) {
				return e.interrupted()
			}
			action, c, end := e.decide(ctx, PhaseRollback, s.ID, fmt.Sprintf("rollback of %s failed: %s", s.ID, r.reason), DecideRollback)
			if end != nil {
				return end
			}
			if action == ActRetry {
				continue
			}
			if action == ActSkip {
				status = RollbackIncomplete
				e.emit(Event{Phase: PhaseRollback, ID: s.ID, Body: StepSkippedBody{Reason: c.Reason, Who: c.Who}})
				break
			}
			e.emit(Event{Phase: PhaseRollback, Body: RollbackFinishedBody{Result: RollbackFailed, Reason: c.Reason}})
			return endWith(endFailed, fmt.Sprintf("rollback aborted at %s: %s", s.ID, c.Reason))
		}
	}
	e.emit(Event{Phase: PhaseRollback, Body: RollbackFinishedBody{Result: status}})
	if status == RollbackDone {
		e.afterRollback(ctx) // afterrollback.go: the probes run again
	}
	if status != RollbackDone {
		reason += " (rollback incomplete)"
	}
	return endWith(endRolledBack, reason)
}
