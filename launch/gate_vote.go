package launch

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"golive/ballot"
	"golive/runbook"
)

// ballotMsg is a ballot taken at the gate, with where its answer goes.
type ballotMsg struct {
	b     ballot.Ballot
	reply func(ballot.Answer)
}

// answer sends a to a buffered reply channel without ever blocking.
func answer(to chan<- ballot.Answer, a ballot.Answer) {
	if to == nil {
		return
	}
	select {
	case to <- a:
	default:
	}
}

// replyTo is the reply function of a CmdVote.
func replyTo(to chan<- ballot.Answer) func(ballot.Answer) {
	return func(a ballot.Answer) { answer(to, a) }
}

// identity is who drives the launch, as the system proves it.
func (e *Engine) identity() ballot.Driver {
	if e.o.Identity != (ballot.Driver{}) {
		return e.o.Identity
	}
	return ballot.Self()
}

// typedBallot is a GO typed in the driver's own cockpit: the name is a
// claim, and the identity is the driver's, as proven when the launch
// started (its OS user, or the key of the SSH session driving it).
func (e *Engine) typedBallot(name string) ballot.Ballot {
	if d := e.identity(); d.Key != "" {
		return ballot.Ballot{Label: name, UID: -1, Key: d.Key, Proof: ballot.ProofSSHKey, At: e.clock.Now().UTC()}
	}
	return ballot.Typed(name, false, "", e.clock.Now().UTC())
}

// castBallot asks the tally about one ballot at the gate, journals the
// vote it accepts with the gate's unmet conditions at that moment, and
// answers the voter: whose vote it counted as and what is still needed.
// A NO-GO accepted closes the gate.
func (e *Engine) castBallot(b ballot.Ballot, reply func(ballot.Answer)) *ending {
	if reply == nil {
		reply = func(ballot.Answer) {}
	}
	g := &e.g
	before := e.conditions()
	d := ballot.Decide(g.rules, g.driver, e.state.Gate.Generation, ballotVotes(e.state), b)
	if !d.Accepted {
		// Journaled as a refusal, so the gate screen shows the voter at
		// the driver's keyboard why the vote did not count.
		g.refusal = "vote refused: " + string(d.Answer.Refusal) + ": " + d.Answer.Message
		e.emit(Event{Phase: PhaseGate, Body: GateRefusedBody{Who: b.Label, OSUser: b.OSUser, What: "vote", Reason: g.refusal}})
		reply(d.Answer)
		return nil
	}
	v := d.Vote
	v.Conditions = conditionLines(before)
	decision := GateGo
	if v.NoGo {
		decision = GateNoGo
	}
	e.emit(Event{Phase: PhaseGate, Body: VoteBody{Decision: decision, Who: v.Name, OSUser: v.OSUser, Auto: v.Proof == ballot.ProofAuto, Reason: v.Reason, Ballot: &v}})
	a := d.Answer
	if d.Status.NoGo != nil {
		reply(a)
		why := reasonOr(d.Status.NoGo.Reason, "no reason given")
		e.emit(Event{Phase: PhaseGate, Body: GateDecidedBody{Decision: GateNoGo, Reason: why, Who: d.Status.NoGo.Name}})
		return endWith(endAborted, "no-go: "+why)
	}
	var others []string
	for _, c := range e.conditions() {
		if c.Kind != CondVotes {
			others = append(others, c.String())
		}
	}
	if len(others) > 0 {
		a.Message += "; the gate also waits for: " + strings.Join(others, "; ")
	}
	reply(a)
	return nil
}

// conditions are the gate's unmet conditions now.
func (e *Engine) conditions() []Condition {
	g := &e.g
	return gateConditions(e.state, e.rb, gateView{
		now: e.clock.Now(), loc: time.Local, rehearse: e.o.Rehearse, overrode: e.o.OutsideWindow != "",
		auto: g.auto, tally: gateTally(e.state, g.rules, g.driver),
	})
}

// showConditions journals the unmet conditions when they changed since
// last journaled, so the gate screen and the headless lines always say
// why the gate is not open.
func (e *Engine) showConditions() {
	g := &e.g
	cs := e.conditions()
	if g.posted && sameConditions(cs, g.unmet) {
		return
	}
	g.unmet, g.posted = cs, true
	e.emit(Event{Phase: PhaseGate, Body: GateWaitingBody{Unmet: conditionLines(cs)}})
}

// atGate reports whether the launch waits at its gate for votes.
func atGate(st *State) bool { return st.Phase == PhaseGate && st.Gate.Open }

// whereWords says where a launch that is not at its gate stands, for the
// voter told so.
func whereWords(st *State) string {
	switch st.Phase {
	case "", PhasePreflight:
		return "running its pre-flight checks"
	case PhaseGate:
		return "past its gate"
	case PhaseCutover:
		return "in the cutover"
	case PhaseMonitor:
		return "in the monitor"
	case PhaseRollback:
		return "rolling back"
	}
	return "finished"
}

// offGate answers a vote that reached the engine away from the gate. It
// reports whether m was such a vote (and so was answered).
func (e *Engine) offGate(m any) bool {
	if atGate(e.state) {
		return false
	}
	no := ballot.NotAtGate(whereWords(e.state))
	switch m := m.(type) {
	case Command:
		if m.Kind != CmdVote {
			return false
		}
		answer(m.Reply, no)
	case ballotMsg:
		m.reply(no)
	default:
		return false
	}
	return true
}

// takeVotes opens the launch's voting socket, so that `golive approve`
// from any terminal (and any OS user) reaches this engine, and returns
// what closes it. Without a socket the launch still runs: the gate says
// so and takes votes typed in the cockpit or sent with CmdVote.
func (e *Engine) takeVotes() func() {
	root := e.o.Root
	if e.o.Resume != nil {
		root = filepath.Dir(e.o.ResumeDir)
	}
	srv, err := ballot.Listen(root)
	if err != nil {
		e.voteErr = err
		return nil
	}
	e.ballots = srv.Ballots()
	return func() { srv.Close() }
}

// rerunCheck runs a check again at an operator's request; the fold reads
// a CheckStarted with Who at the gate as a change of its conditions.
func (e *Engine) rerunCheck(ctx context.Context, c *runbook.Check, who string) {
	e.startCheckBy(ctx, c, who)
}
