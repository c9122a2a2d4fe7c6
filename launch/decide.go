package launch

import (
	"fmt"
	"time"

	"golive/runbook"
)

// This file holds the engine's decisions as pure functions of the fold:
// they read a State (and the runbook it folds over) and start nothing, so
// a live launch and a resumed one decide alike, and tests need no process.

// resumePoint is where the fold of a journal says a launch stood when its
// driver stopped.
type resumePoint struct {
	finished     *ending      // the launch had ended: nothing to do
	gateDecision GateDecision // "" before the gate decided
	running      []*Item      // cutover or rollback steps started and not ended, runbook order
	rollback     bool         // a rollback started...
	rollbackDone bool         // ...and finished
	monitor      bool         // the soak started...
	verdict      VerdictKind  // ...and reached this verdict
	need         *Pending     // an unanswered decision
}

// resumeAt computes the resume point from the folded state.
func resumeAt(st *State) resumePoint {
	pt := resumePoint{
		gateDecision: st.Gate.Decision,
		rollback:     st.Rollback,
		rollbackDone: st.Rollback && st.RollbackStatus != "",
		monitor:      !st.Monitor.Started.IsZero(),
		verdict:      st.Monitor.Verdict,
		need:         st.Pending,
	}
	if st.Outcome != OutcomeInProgress && st.Outcome != OutcomeInterrupted {
		pt.finished = &ending{outcome: st.Outcome, exit: st.Exit, reason: st.Reason}
	}
	for _, it := range st.Items {
		if it.Phase != PhaseCutover && it.Phase != PhaseRollback {
			continue
		}
		// A step the previous driver already found interrupted is still
		// of unknown outcome until someone decides about it.
		if it.Status == StatusRunning || it.Status == StatusInterrupted {
			pt.running = append(pt.running, it)
		}
	}
	return pt
}

// ran reports whether cutover step s has run (or is running) in this
// launch: a step with a command that started at least once.
func ran(st *State, s *runbook.Step) bool {
	it := st.Find(PhaseCutover, s.ID)
	return s.Run != "" && it != nil && !it.FirstStarted.IsZero() && it.Status != StatusSimulated
}

// rollbackSet lists the cutover steps a rollback undoes, latest first: the
// steps that ran and completed or failed (see the package comment), less
// those whose rollback already completed or was skipped. Cutover steps run
// in runbook order, so "latest first" is reverse runbook order.
func rollbackSet(st *State, rb *runbook.Runbook) []*runbook.Step {
	var plan []*runbook.Step
	for i := len(rb.Cutover) - 1; i >= 0; i-- {
		s := rb.Cutover[i]
		if !ran(st, s) {
			continue
		}
		switch st.Find(PhaseCutover, s.ID).Status {
		case StatusDone, StatusFailed:
		default:
			continue
		}
		if rs := st.Find(PhaseRollback, s.ID); rs != nil && (rs.Status == StatusDone || rs.Status == StatusSkipped) {
			continue
		}
		plan = append(plan, s)
	}
	return plan
}

// resumeFrom is the index of the first cutover step that has not ended,
// or len(rb.Cutover) when every step ended.
func resumeFrom(st *State, rb *runbook.Runbook) int {
	for i, s := range rb.Cutover {
		if it := st.Find(PhaseCutover, s.ID); it == nil || !settled(it.Status) {
			return i
		}
	}
	return len(rb.Cutover)
}

// settled reports whether a cutover step with this status is behind the
// launch: it never runs again.
func settled(s ItemStatus) bool {
	return s == StatusDone || s == StatusSkipped || s == StatusSimulated || s == StatusRolledBack
}

// checksToRun lists the pre-flight checks still to run: those that have
// neither passed nor been waived.
func checksToRun(st *State, rb *runbook.Runbook) []*runbook.Check {
	var todo []*runbook.Check
	for _, c := range rb.Preflight {
		if it := st.Find(PhasePreflight, c.ID); it == nil || (it.Status != StatusPassed && it.Status != StatusWaived) {
			todo = append(todo, c)
		}
	}
	return todo
}

// failedChecks describes every pre-flight check that neither passed nor
// was waived, in runbook order.
func failedChecks(st *State, rb *runbook.Runbook) []string {
	var out []string
	for _, c := range rb.Preflight {
		it := st.Find(PhasePreflight, c.ID)
		if it != nil && (it.Status == StatusFailed || it.Status == StatusError) {
			out = append(out, fmt.Sprintf("%s: %s", c.ID, reasonOr(it.Reason, string(it.Status))))
		}
	}
	return out
}

// anyCheckRunning reports whether a pre-flight check is running.
func anyCheckRunning(st *State) bool {
	for _, it := range st.Items {
		if it.Phase == PhasePreflight && it.Status == StatusRunning {
			return true
		}
	}
	return false
}

// staleChecks lists the passed checks older than age at now, which GO
// runs again first.
func staleChecks(st *State, rb *runbook.Runbook, now time.Time, age time.Duration) []*runbook.Check {
	if age <= 0 {
		return nil
	}
	var stale []*runbook.Check
	for _, c := range rb.Preflight {
		if it := st.Find(PhasePreflight, c.ID); it != nil && it.Status == StatusPassed && now.Sub(it.Finished) > age {
			stale = append(stale, c)
		}
	}
	return stale
}

// canWaive reports whether check id may be waived now: it failed (or could
// not be evaluated), is not running again, and a reason is given.
func canWaive(st *State, id, reason string) bool {
	it := st.Find(PhasePreflight, id)
	return it != nil && reasonOr(reason, "") != "" && (it.Status == StatusFailed || it.Status == StatusError)
}

// backgroundToRestart lists the background steps that completed before a
// resume: their processes ended with the previous driver.
func backgroundToRestart(st *State, rb *runbook.Runbook, rehearse bool) []*runbook.Step {
	var out []*runbook.Step
	for _, s := range rb.Cutover {
		if !s.Background || (rehearse && !s.Rehearse) {
			continue
		}
		if it := st.Find(PhaseCutover, s.ID); it != nil && it.Status == StatusDone {
			out = append(out, s)
		}
	}
	return out
}

// breaching reports how many critical samples in a row probe id has had
// (a resume breaks the run) and whether that reaches rollback_after.
func breaching(st *State, id string, after int) (int, bool) {
	p := st.Probe(id)
	if p == nil {
		return 0, false
	}
	return p.Consecutive, p.Consecutive >= max(after, 1)
}
