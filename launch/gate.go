package launch

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golive/ballot"
	"golive/runbook"
)

// gateRecheck is how often the gate looks at the clock-driven conditions
// again (the window opening, a freeze ending, a check growing stale).
const gateRecheck = 5 * time.Second

// gateWork is what the gate loop keeps between two messages besides the
// fold. Votes, overrides, the conditions generation and check results are
// read from the fold.
type gateWork struct {
	auto    bool // a rehearsal with --yes: no approver is needed
	refusal string
	atGo    bool // stale checks are being re-run for GO
	// shown: a rehearsal's GO noted the window or freeze it does not
	// enforce, so that a headless rehearsal shows it too.
	shown  bool
	unmet  []Condition // the conditions last journaled (GateWaiting)
	posted bool        // GateWaiting was journaled at least once
	rules  ballot.Rules
	driver ballot.Driver
}

// The answers of tryGo.
const (
	goNotYet  = iota // something is missing: the reason says what
	goPending        // checks are running: wait for them
	goNow            // every condition holds
)

// gate holds the launch until a quorum of approvers says GO while every
// check has passed (or is waived) and the window and freezes allow it, or
// until NO-GO, the gate's timeout, or an abort.
func (e *Engine) gate(ctx context.Context) *ending {
	if e.stopping(ctx) {
		return e.interrupted()
	}
	g := &e.g
	g.rules, g.driver = ballot.RulesOf(e.rb), e.identity()
	// The timers start before GateOpened, so whoever sees the gate open
	// sees its countdown running.
	recheck := e.clock.NewTicker(gateRecheck)
	defer recheck.Stop()
	var timeout <-chan time.Time
	if e.rb.Gate.Timeout > 0 {
		timeout = e.clock.After(e.rb.Gate.Timeout)
	}
	e.emit(Event{Phase: PhaseGate, Body: PhaseStartedBody{}})
	e.emit(Event{Phase: PhaseGate, Body: GateOpenedBody{Prompt: e.rb.Gate.Prompt, TimeoutMS: e.rb.Gate.Timeout.Milliseconds()}})
	if e.voteErr != nil {
		e.emit(Event{Phase: PhaseGate, Body: NoteBody{Text: "votes from other terminals cannot reach this launch: " + e.voteErr.Error()}})
	}
	if e.o.Yes {
		e.outsideWindow()
		e.autoVotes()
	}

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for {
		switch res, why := e.tryGo(cctx); res {
		case goNow:
			e.emit(Event{Phase: PhaseGate, Body: GateDecidedBody{Decision: GateGo, Who: e.approverNames(), Auto: e.o.Yes}})
			return nil
		case goNotYet:
			// Headless, only votes cast with `golive approve` can still
			// open the gate: anything else ends the run as it stands.
			if e.o.Headless && (e.o.Yes || !onlyVotes(g.unmet)) {
				return endWith(endFailed, why)
			}
		}
		switch m := e.next(ctx, recheck.C(), timeout).(type) {
		case timerFired:
			if m.n == 1 {
				continue
			}
			if e.rb.Gate.OnTimeout == runbook.OnWait {
				e.emit(Event{Phase: PhaseGate, Body: NoteBody{Text: fmt.Sprintf("the gate timed out after %s; still waiting (on_timeout = wait)", e.rb.Gate.Timeout)}})
				timeout = nil
				continue
			}
			why := fmt.Sprintf("no decision within %s", e.rb.Gate.Timeout)
			if len(g.unmet) > 0 {
				why += " (still waiting for: " + joinConditions(g.unmet) + ")"
			}
			e.emit(Event{Phase: PhaseGate, Body: GateDecidedBody{Decision: GateTimeout, Reason: why}})
			return e.afterChecks(cancel, endWith(endAborted, "the gate timed out: "+why))
		case ballotMsg:
			if end := e.castBallot(m.b, m.reply); end != nil {
				return e.afterChecks(cancel, end)
			}
		case checkAttemptMsg, checkDoneMsg:
			if e.onCheck(m) && g.atGo {
				if d, ok := m.(checkDoneMsg); ok && e.state.Find(PhasePreflight, d.id).Status != StatusPassed {
					e.refuse(fmt.Sprintf("pre-flight check %s failed when re-run at GO: %s", d.id, reasonOr(d.r.Reason, string(d.r.Status))))
				}
			}
		case haltMsg:
			cancel()
			return e.afterChecks(cancel, e.interrupted())
		case Command:
			if end := e.gateCommand(cctx, m); end != nil {
				return e.afterChecks(cancel, end)
			}
		}
	}
}

// afterChecks cancels the checks still running at the gate and waits for
// them, so that nothing outlives the phase, then returns end.
func (e *Engine) afterChecks(cancel context.CancelFunc, end *ending) *ending {
	cancel()
	for anyCheckRunning(e.state) {
		switch m := (<-e.inbox).(type) {
		case notifyFailedMsg:
			e.emit(Event{Body: NotifyFailedBody{Target: m.target, Reason: m.reason}})
		default:
			e.onCheck(m)
		}
	}
	return end
}

// gateCommand applies one operator command at the gate.
func (e *Engine) gateCommand(ctx context.Context, c Command) *ending {
	switch c.Kind {
	case CmdApprove:
		return e.castBallot(e.typedBallot(strings.TrimSpace(c.Who)), nil)
	case CmdVote:
		if c.Ballot == nil {
			answer(c.Reply, ballot.Answer{Refusal: ballot.RefuseBadRequest, Message: "a vote command carries no ballot"})
			return nil
		}
		return e.castBallot(*c.Ballot, replyTo(c.Reply))
	case CmdNoGo, CmdAbort:
		why := reasonOr(c.Reason, "no reason given")
		e.emit(Event{Phase: PhaseGate, Body: GateDecidedBody{Decision: GateNoGo, Reason: why, Who: c.Who}})
		return endWith(endAborted, "no-go: "+why)
	case CmdOverride:
		if strings.TrimSpace(c.Reason) == "" {
			return nil
		}
		_, what := windowRefusal(e.rb.Launch, e.clock.Now())
		e.emit(Event{Phase: PhaseGate, Body: OverrideBody{Reason: c.Reason, What: reasonOr(what, "window"), Who: c.Who, OSUser: e.o.OSUser}})
	case CmdWaive:
		if !canWaive(e.state, c.ID, c.Reason) {
			return nil
		}
		e.emit(Event{Phase: PhasePreflight, ID: c.ID, Body: CheckWaivedBody{Reason: c.Reason, Who: c.Who, OSUser: e.o.OSUser}})
	case CmdRerun:
		for _, ch := range e.rb.Preflight {
			if ch.ID == c.ID && e.state.Find(PhasePreflight, ch.ID).Status != StatusRunning {
				e.rerunCheck(ctx, ch, reasonOr(c.Who, e.o.OSUser))
			}
		}
	}
	return nil
}

// tryGo says whether GO may happen now, and why not. It journals the
// unmet conditions when they change, and re-runs checks older than
// gate.max_check_age before saying GO.
func (e *Engine) tryGo(ctx context.Context) (int, string) {
	g := &e.g
	e.showConditions()
	if anyCheckRunning(e.state) {
		return goPending, ""
	}
	g.atGo = false
	if bad := failedChecks(e.state, e.rb); len(bad) > 0 {
		return goNotYet, "pre-flight failed: " + strings.Join(bad, "; ")
	}
	now := e.clock.Now()
	if e.o.Rehearse && !g.shown {
		if why, _ := windowRefusal(e.rb.Launch, now); why != "" {
			g.shown = true
			// Scripts grep the refusal wording to detect a refused launch,
			// so a rehearsal, which goes on, says it differently.
			why = strings.Replace(why, "outside the deployment window", "the deployment window is not open", 1)
			why = strings.Replace(why, "inside freeze", "in the freeze", 1)
			e.emit(Event{Phase: PhaseGate, Body: NoteBody{Text: "rehearsal ignores the window: a real launch would be refused now (" + why + ")"}})
		}
	}
	tally := gateTally(e.state, g.rules, g.driver)
	if !e.o.Rehearse && len(e.state.Gate.Overrides) == 0 {
		if why, _ := windowRefusal(e.rb.Launch, now); why != "" {
			if e.o.OutsideWindow != "" {
				e.outsideWindow()
				e.autoVotes()
				return e.tryGo(ctx)
			}
			why = refusalWithTimes(e.rb.Launch, now, time.Local)
			switch {
			case e.o.Headless:
				e.refuse(why)
			case tally.Open && !g.auto:
				// The quorum's GO met a closed window: it is spent, so the
				// cutover never starts unattended when the window opens.
				g.refusal = why
				e.emit(Event{Phase: PhaseGate, Body: GateRefusedBody{Spent: true, Reason: why + ": GO again when it opens, or override it with a reason"}})
				e.showConditions()
			}
			return goNotYet, why
		}
	}
	if !g.auto && !tally.Open {
		return goNotYet, "votes: " + tally.Needs()
	}
	if stale := staleChecks(e.state, e.rb, now, e.rb.Gate.MaxCheckAge); len(stale) > 0 {
		g.atGo = true
		for _, c := range stale {
			e.startCheck(ctx, c)
		}
		return goPending, ""
	}
	return goNow, ""
}

// outsideWindow journals the --outside-window override when the window or
// a freeze forbids GO now and nobody has overridden it yet: it is a
// recorded override, journaled when it takes effect.
func (e *Engine) outsideWindow() {
	if e.o.Rehearse || e.o.OutsideWindow == "" || len(e.state.Gate.Overrides) > 0 {
		return
	}
	if why, what := windowRefusal(e.rb.Launch, e.clock.Now()); why != "" {
		e.emit(Event{Phase: PhaseGate, Body: OverrideBody{Reason: e.o.OutsideWindow, What: what, Who: e.o.OSUser, OSUser: e.o.OSUser}})
	}
}

// autoVotes casts the GO votes of --yes: one per --approver, which the
// driver vouches for, or, for a rehearsal without approvers, a vote that
// needs none.
func (e *Engine) autoVotes() {
	if !e.o.Yes {
		return
	}
	for _, name := range e.o.Approvers {
		e.castBallot(ballot.Auto(name, e.clock.Now()), nil)
	}
	if e.o.Rehearse && len(e.o.Approvers) == 0 && !e.g.auto {
		e.g.auto = true
		who := reasonOr(e.o.OSUser, "auto")
		v := ballot.Vote{Name: who, Identity: "auto " + who, UID: -1, Proof: ballot.ProofAuto, At: e.clock.Now().UTC(), Generation: e.state.Gate.Generation}
		e.emit(Event{Phase: PhaseGate, Body: VoteBody{Who: who, OSUser: e.o.OSUser, Auto: true, Ballot: &v}})
	}
}

// refuse journals why GO cannot happen, once per distinct reason in a row.
func (e *Engine) refuse(why string) {
	if why == e.g.refusal {
		return
	}
	e.g.refusal = why
	e.emit(Event{Phase: PhaseGate, Body: GateRefusedBody{Reason: why}})
}

// approverNames lists whose GO opened the gate, less the automatic vote
// of a rehearsal that needs no approver.
func (e *Engine) approverNames() string {
	var names []string
	for _, v := range e.state.Gate.Votes {
		if v.Counted && (!e.g.auto || !v.Auto) {
			names = append(names, v.Name)
		}
	}
	return strings.Join(names, ", ")
}
