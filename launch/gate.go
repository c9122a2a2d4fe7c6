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

// gateRec is the engine's view of the go/no-go gate.
type gateRec struct {
	votes       []VoteRec
	seenFile    int    // votes already read from other terminals
	override    string // the reason of a window/freeze override, if any
	overrideWho string
	overridden  bool // the Override event is journaled
	auto        bool // a rehearsal with --yes: no approver is needed
	refusal     string
	atGo        bool // stale checks are being re-run for GO
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
	if e.o.OutsideWindow != "" {
		g.override, g.overrideWho = e.o.OutsideWindow, e.o.OSUser
	}
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
			e.emit(Event{Type: GateDecided, Phase: PhaseGate, Status: "go", Who: e.approverNames(), Auto: e.o.Yes})
			return nil
		case goNotYet:
			if e.o.Headless {
				if !e.o.Yes && len(g.votes) == 0 {
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
			e.emit(Event{Type: GateDecided, Phase: PhaseGate, Status: "timeout", Reason: why})
			return e.afterChecks(cancel, endWith(endAborted, "the gate timed out: "+why))
		case checkAttemptMsg, checkDoneMsg:
			if e.onCheck(m) && g.atGo {
				if d, ok := m.(checkDoneMsg); ok && e.chk[d.id].status != StatusPassed {
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
	for e.anyCheckRunning() {
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
		e.emit(Event{Type: GateDecided, Phase: PhaseGate, Status: "no-go", Reason: why, Who: c.Who})
		return endWith(endAborted, "no-go: "+why)
	case CmdOverride:
		if strings.TrimSpace(c.Reason) == "" {
			return nil
		}
		_, what := windowRefusal(e.rb.Launch, e.clock.Now())
		g.override, g.overrideWho, g.overridden = c.Reason, c.Who, true
		g.held = false
		e.emit(Event{Type: Override, Phase: PhaseGate, Reason: c.Reason, Detail: reasonOr(what, "window"), Who: c.Who, OSUser: e.o.OSUser})
	case CmdWaive:
		rec := e.chk[c.ID]
		if rec == nil || rec.running || strings.TrimSpace(c.Reason) == "" || (rec.status != StatusFailed && rec.status != StatusError) {
			return nil
		}
		rec.status = StatusWaived
		e.emit(Event{Type: CheckWaived, Phase: PhasePreflight, ID: c.ID, Reason: c.Reason, Who: c.Who, OSUser: e.o.OSUser})
	case CmdRerun:
		for _, ch := range e.rb.Preflight {
			if ch.ID == c.ID && !e.chk[ch.ID].running {
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
	if e.anyCheckRunning() {
		return goPending, ""
	}
	g.atGo = false
	if bad := e.failedChecks(); len(bad) > 0 {
		return goNotYet, "pre-flight failed: " + strings.Join(bad, "; ")
	}
	if ok, why := e.quorum(); !ok {
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
			if g.override == "" {
				e.refuse(why)
				g.held = true
				return goNotYet, why
			}
			if !g.overridden {
				g.overridden = true
				e.emit(Event{Type: Override, Phase: PhaseGate, Reason: g.override, Detail: what, Who: g.overrideWho, OSUser: e.o.OSUser})
			}
		}
	}
	if age := e.rb.Gate.MaxCheckAge; age > 0 {
		var stale []*runbook.Check
		for _, c := range e.rb.Preflight {
			rec := e.chk[c.ID]
			if rec.status == StatusPassed && now.Sub(time.Unix(0, rec.finished)) > age {
				stale = append(stale, c)
			}
		}
		if len(stale) > 0 {
			g.atGo = true
			for _, c := range stale {
				e.startCheck(ctx, c)
			}
			return goPending, ""
		}
	}
	return goNow, ""
}

// quorum says whether the votes so far make a quorum.
func (e *Engine) quorum() (bool, string) {
	g := &e.g
	if g.auto {
		return true, ""
	}
	need := max(e.rb.Launch.Quorum, 1)
	if len(g.votes) < need {
		return false, fmt.Sprintf("%d of %d approvals", len(g.votes), need)
	}
	if e.rb.Launch.SeparateApprover && e.o.OSUser != "" {
		for _, v := range g.votes {
			if v.Name != e.o.OSUser {
				return true, ""
			}
		}
		return false, fmt.Sprintf("separate_approver: %s drives this launch and cannot approve it alone", e.o.OSUser)
	}
	return true, ""
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
	for _, old := range g.votes {
		if old.Name == name {
			return
		}
	}
	v.Name = name
	v.At = e.clock.Now()
	g.votes = append(g.votes, v)
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

func (e *Engine) approverNames() string {
	names := make([]string, len(e.g.votes))
	for i, v := range e.g.votes {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}

func (e *Engine) anyCheckRunning() bool {
	for _, rec := range e.chk {
		if rec.running {
			return true
		}
	}
	return false
}
