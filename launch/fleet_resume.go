package launch

import (
	"context"

	"golive/runbook"
)

// fleetInterrupted asks what to do with a fleet step that was running when
// the driver died, saying which hosts had finished: retry the rest (the
// hosts that had not), re-run it on every host, mark it done, roll back or
// abort. Headless with --yes retries the rest.
func (e *Engine) fleetInterrupted(ctx context.Context, s *runbook.Step) (Action, Command, *ending) {
	why := interruptedFleet(s.ID, e.state.Find(PhaseCutover, s.ID).Fleet)
	if e.o.Headless && e.o.Yes {
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: DecisionBody{Action: ActRetryRest, Reason: why + "; retrying the rest (--yes)", Auto: true}})
		return ActRetryRest, Command{}, nil
	}
	return e.decide(ctx, PhaseCutover, s.ID, why, DecideFleetInterrupted)
}
