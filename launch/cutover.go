package launch

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golive/runbook"
)

// cutover runs the cutover steps in order, from step index from on.
func (e *Engine) cutover(ctx context.Context, from int) *ending {
	e.emit(Event{Phase: PhaseCutover, Body: PhaseStartedBody{}})
	for _, s := range e.rb.Cutover[from:] {
		if e.stopping(ctx) {
			return e.interrupted()
		}
		e.applyHolds()
		if e.state.Hold {
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepWaitingBody{Wait: WaitHold}})
			if end := e.humanWait(ctx, PhaseCutover, s.ID, func(Command) bool { return !e.state.Hold }); end != nil {
				return end
			}
		}
		if end := e.step(ctx, s); end != nil {
			return end
		}
	}
	return nil
}

// step takes one cutover step through its confirmation, checklist, run,
// verify and failure policy.
func (e *Engine) step(ctx context.Context, s *runbook.Step) *ending {
	if e.o.Rehearse && !s.Rehearse {
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepSimulatedBody{}})
		return nil
	}
	if s.Staged() {
		return e.stagedStep(ctx, s)
	}
	if s.Confirm {
		if end := e.confirm(ctx, s); end != nil {
			return end
		}
	}
	if len(s.Manual) > 0 {
		if end := e.checklist(ctx, s); end != nil {
			return end
		}
	}
	for {
		attempt := e.state.Find(PhaseCutover, s.ID).Attempt + 1
		if s.Run == "" && s.Ansible == nil {
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepFinishedBody{Attempt: attempt}})
			return nil
		}
		r := e.exec(ctx, PhaseCutover, s, e.stepCommand(s), attempt)
		if r.ok {
			return nil
		}
		if r.halted || r.cut {
			return e.interrupted()
		}
		if r.req != nil {
			return e.request(ctx, PhaseCutover, s.ID, *r.req)
		}
		action, c, end := e.onFailure(ctx, s, r.reason)
		if end != nil {
			return end
		}
		switch action {
		case ActRetry, ActRetryFailed:
			continue
		case ActSkip:
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepSkippedBody{Reason: c.Reason, Who: c.Who}})
			return nil
		case ActContinue:
			return nil
		case ActRollback:
			return e.rollback(ctx, fmt.Sprintf("step %s failed: %s", s.ID, r.reason), reasonOr(c.Who, "policy"), c.Who == "")
		default:
			return endWith(endAborted, fmt.Sprintf("step %s failed: %s; aborted: %s", s.ID, r.reason, reasonOr(c.Reason, "on_failure = abort")))
		}
	}
}

// onFailure applies a failed step's on_failure policy and returns the
// action taken, with the command that chose it when a person did.
func (e *Engine) onFailure(ctx context.Context, s *runbook.Step, reason string) (Action, Command, *ending) {
	switch s.OnFailure {
	case runbook.OnContinue, runbook.OnRollback, runbook.OnAbort:
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: DecisionBody{Action: Action(s.OnFailure), Reason: "on_failure = " + s.OnFailure, Auto: true}})
		return Action(s.OnFailure), Command{}, nil
	}
	return e.decide(ctx, PhaseCutover, s.ID, fmt.Sprintf("step %s failed: %s", s.ID, reason), failedKind(s))
}

// decide journals that a person must make a decision of kind k and waits
// for one of the actions Offered for it. Headless, or after a hang-up, the launch stops there instead
// (exit 3), to be resumed at the same decision.
func (e *Engine) decide(ctx context.Context, p Phase, id, reason string, k DecisionKind) (Action, Command, *ending) {
	actions := Offered(k)
	e.emit(Event{Phase: p, ID: id, Body: DecisionNeededBody{Reason: reason, Kind: k}})
	if e.o.Headless {
		return "", Command{}, endWith(endInterrupted, "a decision is needed: "+reason)
	}
	if e.stopping(ctx) {
		return "", Command{}, e.interrupted()
	}
	for {
		switch m := e.next(ctx, nil, nil).(type) {
		case haltMsg:
			return "", Command{}, e.interrupted()
		case Command:
			var act Action
			switch m.Kind {
			case CmdDecide:
				if m.ID == id {
					act = m.Action
				}
			case CmdAbort:
				act = ActAbort
				m.Reason = reasonOr(m.Reason, "aborted by the operator")
			case CmdRollback:
				act = ActRollback
			}
			if !slices.Contains(actions, act) {
				continue
			}
			if act.NeedsReason() && strings.TrimSpace(m.Reason) == "" {
				continue
			}
			e.emit(Event{Phase: p, ID: id, Body: DecisionBody{Action: act, Reason: m.Reason, Who: m.Who}})
			return act, m, nil
		}
	}
}

// request carries out an abort or a rollback asked for while step id of
// phase p was running (and was stopped for it).
func (e *Engine) request(ctx context.Context, p Phase, id string, c Command) *ending {
	if c.Kind == CmdRollback {
		e.emit(Event{Phase: p, ID: id, Body: DecisionBody{Action: ActRollback, Reason: c.Reason, Who: c.Who}})
		return e.rollback(ctx, reasonOr(c.Reason, "rollback asked for during step "+id), c.Who, false)
	}
	why := reasonOr(c.Reason, "aborted by the operator")
	e.emit(Event{Phase: p, ID: id, Body: DecisionBody{Action: ActAbort, Reason: why, Who: c.Who}})
	return endWith(endAborted, why)
}

// humanWait serves commands until done accepts one. An abort ends the
// launch, a rollback starts it, and a hang-up interrupts it.
func (e *Engine) humanWait(ctx context.Context, p Phase, id string, done func(Command) bool) *ending {
	if e.stopping(ctx) {
		return e.interrupted()
	}
	for {
		switch m := e.next(ctx, nil, nil).(type) {
		case haltMsg:
			return e.interrupted()
		case Command:
			switch {
			case m.Kind == CmdAbort, m.Kind == CmdRollback && p == PhaseCutover:
				return e.request(ctx, p, id, m)
			case done(m):
				return nil
			}
		}
	}
}

// confirm waits for the operator to confirm step s (automatic with --yes).
func (e *Engine) confirm(ctx context.Context, s *runbook.Step) *ending {
	if e.o.Yes {
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepConfirmedBody{Who: "auto", Auto: true}})
		return nil
	}
	e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepWaitingBody{Wait: WaitConfirm}})
	if e.o.Headless {
		return endWith(endInterrupted, fmt.Sprintf("step %s needs a confirmation: run with --yes or in the cockpit", s.ID))
	}
	return e.humanWait(ctx, PhaseCutover, s.ID, func(c Command) bool {
		if c.Kind != CmdConfirm || c.ID != s.ID {
			return false
		}
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepConfirmedBody{Who: c.Who}})
		return true
	})
}

// checklist waits until every item of step s's manual checklist is ticked
// (all of them automatically with --yes).
func (e *Engine) checklist(ctx context.Context, s *runbook.Step) *ending {
	ticked := make([]bool, len(s.Manual))
	e.mu.Lock()
	if it := e.state.Find(PhaseCutover, s.ID); it != nil {
		for i, who := range it.Ticked {
			if i < len(ticked) && who != "" {
				ticked[i] = true
			}
		}
	}
	e.mu.Unlock()
	left := 0
	for _, t := range ticked {
		if !t {
			left++
		}
	}
	if left == 0 {
		return nil
	}
	if e.o.Yes {
		for i, item := range s.Manual {
			if !ticked[i] {
				e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: ItemTickedBody{Item: i + 1, Text: item, Who: "auto", Auto: true}})
			}
		}
		return nil
	}
	e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepWaitingBody{Wait: WaitManual}})
	if e.o.Headless {
		return endWith(endInterrupted, fmt.Sprintf("step %s has a checklist to tick: run with --yes or in the cockpit", s.ID))
	}
	return e.humanWait(ctx, PhaseCutover, s.ID, func(c Command) bool {
		if e.untick(c, s.ID, s.Manual, ticked) { // untick.go
			left++
			return false
		}
		if c.Kind != CmdTick || c.ID != s.ID || c.Index < 0 || c.Index >= len(ticked) || ticked[c.Index] {
			return false
		}
		ticked[c.Index] = true
		left--
		e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: ItemTickedBody{Item: c.Index + 1, Text: s.Manual[c.Index], Who: c.Who}})
		return left == 0
	})
}
