package launch

import "golive/checks"

// fleetFor returns the fleet whose hosts step id of phase p acts on: its
// own, for a fleet step and its rollback; otherwise that of the nearest
// fleet step before it in the cutover (for a rollback step, before the
// step it undoes). nil when no fleet step has run yet. A pure function of
// the fold, so a resumed launch hands the same hosts on.
func fleetFor(s *State, p Phase, id string) *checks.Fleet {
	if p == PhaseCutover {
		return prevFleet(s, id)
	}
	var last *checks.Fleet
	for _, it := range s.Items {
		if it.Phase != PhaseCutover {
			continue
		}
		if it.Fleet != nil {
			last = it.Fleet
		}
		if it.ID == id {
			return last
		}
	}
	return last
}

// prevFleet is the fleet of the nearest fleet step before cutover step id.
func prevFleet(s *State, id string) *checks.Fleet {
	var last *checks.Fleet
	for _, it := range s.Items {
		if it.Phase != PhaseCutover {
			continue
		}
		if it.ID == id {
			return last
		}
		if it.Fleet != nil {
			last = it.Fleet
		}
	}
	return last
}

// fleetEnv is what step id of phase p gets in its environment from the
// fleet before it: GOLIVE_CHANGED_HOSTS and GOLIVE_FAILED_HOSTS (nothing
// when no fleet step ran).
func fleetEnv(s *State, p Phase, id string) []string {
	if f := fleetFor(s, p, id); f != nil {
		return f.Env()
	}
	return nil
}
