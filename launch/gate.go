package launch

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golive/runbook"
)

// votePoll is how often the gate looks for votes cast from other terminals.
const votePoll = 250 * time.Millisecond

// gateWork is what the gate loop keeps between two messages besides the
// fold: how far it read the votes file and where its GO attempt stands.
// Votes, overrides and check results are read from the fold.
type gateWork struct {
	seenFile int  // votes already read from other terminals
	auto     bool // a rehearsal with --yes: no approver is needed
	refusal  string
	atGo     bool // stale checks are being re-run for GO
	// held: GO was refused by the window or a freeze. The gate then waits
	// for someone to ask again (a vote or an override) rather than cutting
	// over unattended the moment the window opens.
	held bool
	// shown: a rehearsal's GO noted the window or freeze it does not
	// enforce, so that a headless rehearsal shows it too.
	shown bool
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
	// The timers start before GateOpened, so whoever sees the gate open
	// sees its countdown running.
	var poll <-chan time.Time
	if !e.o.Headless {
		t := e.clock.NewTicker(votePoll)
		defer t.Stop()
		poll = t.C()
	}
	var timeout <-chan time.Time
	if e.rb.Gate.Timeout > 0 {
		timeout = e.clock.After(e.rb.Gate.Timeout)
	}
	e.emit(Event{Type: PhaseStarted, Phase: PhaseGate})
	e.emit(Event{Type: GateOpened, Phase: PhaseGate, Detail: e.rb.Gate.Prompt, DurationMS: e.rb.Gate.Timeout.Milliseconds()})
	if e.o.Yes {
		for _, name := range e.o.Approvers {
			e.vote(VoteRec{Name: name, OSUser: e.o.OSUser, Auto: true})
		}
		if e.o.Rehearse && len(e.o.Approvers) == 0 {
			g.auto = true
			e.emit(Event{Type: Vote, Phase: PhaseGate, Who: reasonOr(e.o.OSUser, "auto"), OSUser: e.o.OSUser, Auto: true})
		}
	}
	e.pollVotes()

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for {
		switch res, why := e.tryGo(cctx); res {
		case goNow:
			e.emit(Event{Type: GateDecided, Phase: PhaseGate, Status: string(GateGo), Who: e.approverNames(), Auto: e.o.Yes})
			return nil
		case goNotYet:
			if e.o.Headless {
				if !e.o.Yes && len(e.state.Gate.Votes) == 0 {
					why = "the gate needs approval: run with --yes --approver NAME, or without --headless and approve with `golive approve --as NAME` from another terminal"
				}
				return endWith(endFailed, why)
			}
		}
		switch m := e.next(ctx, poll, timeout).(type) {
		case timerFired:
			if m.n == 1 {
				e.pollVotes()
				continue
			}
			if e.rb.Gate.OnTimeout == runbook.OnWait {
				e.emit(Event{Type: Note, Phase: PhaseGate, Detail: fmt.Sprintf("the gate timed out after %s; still waiting (on_timeout = wait)", e.rb.Gate.Timeout)})
				timeout = nil
				continue
			}
			why := fmt.Sprintf("no decision within %s", e.rb.Gate.Timeout)
			e.emit(Event{Type: GateDecided, Phase: PhaseGate, Status: string(GateTimeout), Reason: why})
			return e.afterChecks(cancel, endWith(endAborted, "the gate timed out: "+why))
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
			e.emit(Event{Type: NotifyFailed, Detail: m.target, Reason: m.reason})
		default:
			e.onCheck(m)
		}
	}
	return end
}

// gateCommand applies one operator command at the gate.
func (e *Engine) gateCommand(ctx context.Context, c Command) *ending {
	g := &e.g
	switch c.Kind {
	case CmdApprove:
		e.vote(VoteRec{Name: c.Who, OSUser: e.o.OSUser})
	case CmdNoGo, CmdAbort:
		why := reasonOr(c.Reason, "no reason given")
		e.emit(Event{Type: GateDecided, Phase: PhaseGate, Status: string(GateNoGo), Reason: why, Who: c.Who})
		return endWith(endAborted, "no-go: "+why)
	case CmdOverride:
		if strings.TrimSpace(c.Reason) == "" {
			return nil
		}
		_, what := windowRefusal(e.rb.Launch, e.clock.Now())
		g.held = false
		e.emit(Event{Type: Override, Phase: PhaseGate, Reason: c.Reason, Detail: reasonOr(what, "window"), Who: c.Who, OSUser: e.o.OSUser})
	case CmdWaive:
		if !canWaive(e.state, c.ID, c.Reason) {
			return nil
		}
		e.emit(Event{Type: CheckWaived, Phase: PhasePreflight, ID: c.ID, Reason: c.Reason, Who: c.Who, OSUser: e.o.OSUser})
	case CmdRerun:
		for _, ch := range e.rb.Preflight {
			if ch.ID == c.ID && e.state.Find(PhasePreflight, ch.ID).Status != StatusRunning {
				e.startCheck(ctx, ch)
			}
		}
	}
	return nil
}

// tryGo says whether GO may happen now, and why not. It re-runs checks
// older than gate.max_check_age first.
func (e *Engine) tryGo(ctx context.Context) (int, string) {
	g := &e.g
	if anyCheckRunning(e.state) {
		return goPending, ""
	}
	g.atGo = false
	if bad := failedChecks(e.state, e.rb); len(bad) > 0 {
		return goNotYet, "pre-flight failed: " + strings.Join(bad, "; ")
	}
	if ok, why := quorum(e.state, e.rb.Launch, e.o.OSUser, g.auto); !ok {
		return goNotYet, why
	}
	if g.held {
		return goNotYet, g.refusal
	}
	now := e.clock.Now()
	if e.o.Rehearse && !g.shown {
		if why, _ := windowRefusal(e.rb.Launch, now); why != "" {
			g.shown = true
			// Scripts grep the refusal wording to detect a refused launch,
			// so a rehearsal, which goes on, says it differently.
			why = strings.Replace(why, "outside the deployment window", "the deployment window is not open", 1)
			why = strings.Replace(why, "inside freeze", "in the freeze", 1)
			e.emit(Event{Type: Note, Phase: PhaseGate, Detail: "rehearsal ignores the window: a real launch would be refused now (" + why + ")"})
		}
	}
	if !e.o.Rehearse {
		if why, what := windowRefusal(e.rb.Launch, now); why != "" {
			if len(e.state.Gate.Overrides) == 0 {
				if e.o.OutsideWindow == "" {
					e.refuse(why)
					g.held = true
					return goNotYet, why
				}
				// --outside-window is journaled when it takes effect.
				e.emit(Event{Type: Override, Phase: PhaseGate, Reason: e.o.OutsideWindow, Detail: what, Who: e.o.OSUser, OSUser: e.o.OSUser})
			}
		}
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

// vote records one GO vote, once per approver name.
func (e *Engine) vote(v VoteRec) {
	g := &e.g
	name := strings.TrimSpace(v.Name)
	if name == "" {
		e.refuse("a GO vote needs an approver's name")
		return
	}
	if list := e.rb.Launch.Approvers; len(list) > 0 && !slices.Contains(list, name) {
		e.refuse(fmt.Sprintf("%s is not an approver (%s)", name, strings.Join(list, ", ")))
		return
	}
	g.held, g.refusal = false, ""
	if hasVoted(e.state, name) {
		return
	}
	e.emit(Event{Type: Vote, Phase: PhaseGate, Who: name, OSUser: v.OSUser, Auto: v.Auto})
}

// pollVotes takes up the votes cast from other terminals since last time.
func (e *Engine) pollVotes() {
	vs, err := ReadVotes(e.dir)
	if err != nil || len(vs) <= e.g.seenFile {
		return
	}
	fresh := vs[e.g.seenFile:]
	e.g.seenFile = len(vs)
	for _, v := range fresh {
		v.Auto = false
		e.vote(v)
	}
}

// refuse journals why GO cannot happen, once per distinct reason in a row.
func (e *Engine) refuse(why string) {
	if why == e.g.refusal {
		return
	}
	e.g.refusal = why
	e.emit(Event{Type: GateRefused, Phase: PhaseGate, Reason: why})
}

// approverNames lists who voted GO, less the automatic vote of a
// rehearsal that needs no approver.
func (e *Engine) approverNames() string {
	var names []string
	for _, v := range e.state.Gate.Votes {
		if !e.g.auto || !v.Auto {
			names = append(names, v.Name)
		}
	}
	return strings.Join(names, ", ")
}
