package launch

import "golive/checks"

// applyFleet folds one line of a fleet step's event stream into the
// step's hosts. HostChanged events only restate what the FleetUpdate
// before them did; they are journaled for the headless lines and fold to
// nothing.
func (s *State) applyFleet(e Event) {
	b, ok := e.Body.(FleetUpdateBody)
	if !ok || b.Fleet == nil {
		return
	}
	p := e.Phase
	if p == "" {
		p = PhaseCutover
	}
	it := s.ensure(p, e.ID)
	if it.Fleet == nil {
		it.Fleet = checks.NewFleet()
	}
	it.Fleet.Apply(*b.Fleet)
}

// applyFleetDecision prepares a fleet step's hosts for the run a decision
// starts: a retry of the failed hosts (or, after a crash, of the hosts
// that had not finished) covers those alone, and they go back to pending;
// a re-run of the whole step covers every host. Any other decision keeps
// the hosts as they ended.
func (it *Item) applyFleetDecision(a Action) {
	if it.Fleet == nil {
		return
	}
	switch a {
	case ActRetryFailed:
		it.FleetRetry = it.Fleet.Unfinished()
		it.Fleet.Reset(it.FleetRetry...)
	case ActRetryRest:
		it.FleetRetry = it.Fleet.Interrupted()
		it.Fleet.Reset(it.FleetRetry...)
	case ActRetry, ActRerun:
		it.FleetRetry = nil
		it.Fleet.Reset()
	default:
		it.FleetRetry = nil
	}
}
