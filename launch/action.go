package launch

// Action is what a person (or a policy) decides about a step that waits
// for a decision. It travels in Command.Action and is journaled in a
// DecisionBody; Offered lists what each DecisionKind accepts, so the
// cockpit offers only what the engine accepts.
type Action string

// The actions. Each decision accepts a subset of them: see Offered.
const (
	ActRetry    Action = "retry"     // run the failed step (or rollback step) again
	ActRerun    Action = "rerun"     // run an interrupted step again
	ActSkip     Action = "skip"      // leave the step undone and go on; needs a reason
	ActContinue Action = "continue"  // on_failure = "continue": go on, the step stays failed
	ActMarkDone Action = "mark_done" // an interrupted step did its work; needs a reason
	ActRollback Action = "rollback"  // roll back the completed steps
	ActAbort    Action = "abort"     // end the launch here; needs a reason
	ActWait     Action = "wait"      // a timed-out step: give it another timeout
	ActStop     Action = "stop"      // a timed-out step: stop it
	ActPromote  Action = "promote"   // a staged step: go on to the next stage
)

// DecisionKind names which decision a DecisionNeeded event asks for
// (DecisionNeededBody.Kind).
type DecisionKind string

// The decisions the engine can wait for.
const (
	DecideFailed      DecisionKind = "failed"      // a cutover step failed (on_failure = "ask")
	DecideTimedOut    DecisionKind = "timed_out"   // a step overran its timeout (on_timeout = "ask")
	DecideInterrupted DecisionKind = "interrupted" // a step's outcome is unknown after a crash
	DecideRollback    DecisionKind = "rollback"    // a rollback step failed
	DecideMonitor     DecisionKind = "monitor"     // the monitor recommends a rollback
	DecidePromote     DecisionKind = "promote"     // a stage's analysis ended steady (promote = "ask")
	DecideBreach      DecisionKind = "breach"      // a stage's analysis breached (on_breach = "ask")
)

// Offered lists the actions the engine accepts for a decision of kind k,
// in the order a menu shows them.
func Offered(k DecisionKind) []Action {
	switch k {
	case DecideTimedOut:
		return []Action{ActWait, ActStop}
	case DecideInterrupted:
		return []Action{ActRerun, ActMarkDone, ActRollback, ActAbort}
	case DecideRollback:
		return []Action{ActRetry, ActSkip, ActAbort}
	case DecideMonitor:
		return []Action{ActRollback}
	case DecidePromote:
		return []Action{ActPromote, ActRollback}
	case DecideBreach:
		return []Action{ActRollback, ActPromote}
	case DecideFleetFailed:
		return []Action{ActRetryFailed, ActRetry, ActSkip, ActRollback, ActAbort}
	case DecideFleetInterrupted:
		return []Action{ActRetryRest, ActRerun, ActMarkDone, ActRollback, ActAbort}
	}
	return []Action{ActRetry, ActSkip, ActRollback, ActAbort}
}

// NeedsReason reports whether a person must give a reason for a.
func (a Action) NeedsReason() bool {
	return a == ActSkip || a == ActAbort
}
