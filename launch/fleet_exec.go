package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"golive/checks"
	"golive/runbook"
)

// fleetLineMsg carries one line of a running fleet step's event stream to
// the Run goroutine, which journals and folds it.
type fleetLineMsg struct {
	id  string
	run int64 // the seq of the run's StepStarted
	ev  checks.FleetEvent
}

// fleetDoneMsg says that a fleet step's ansible-playbook ended.
type fleetDoneMsg struct {
	id  string
	run int64
	res checks.AnsibleResult
}

// fleetRun is the run of fleet step s the fold asks for: the whole fleet,
// or the hosts a retry_failed or retry_rest decision chose; check mode
// under --rehearse when the step says rehearse = "check".
func (e *Engine) fleetRun(s *runbook.Step, attempt int) checks.AnsibleRun {
	env := append(append(append(slices.Clip(e.env), e.stageEnv...), e.fleetEnv(PhaseCutover, s.ID)...), stepTag(PhaseCutover, s.ID, attempt))
	r := checks.StepRun(s, e.rb.Dir, env, e.o.Rehearse)
	// A staged fleet step's limit may name the stage: a canary by hosts.
	for _, kv := range e.stageEnv {
		if v, ok := strings.CutPrefix(kv, "GOLIVE_STAGE="); ok {
			r.Stage = v
		} else if v, ok := strings.CutPrefix(kv, "GOLIVE_STAGE_INDEX="); ok {
			r.StageIndex = v
		}
	}
	if it := e.state.Find(PhaseCutover, s.ID); it != nil && len(it.FleetRetry) > 0 {
		r.Only = slices.Clone(it.FleetRetry)
	}
	return r
}

// stepCommand is what StepStarted shows of step s: its run command, or
// for a fleet step the ansible-playbook command line (extra variables by
// name only) with the hosts this run covers.
func (e *Engine) stepCommand(s *runbook.Step) string {
	if s.Ansible == nil {
		return s.Run
	}
	r := e.fleetRun(s, 0)
	a := *s.Ansible
	a.Limit = r.Limit()
	a.Check = r.CheckMode || a.Check
	return a.Target()
}

// fleetEnv is what a step gets from the fleet step before it (or, for a
// rollback step, from the step it undoes).
func (e *Engine) fleetEnv(p Phase, id string) []string {
	return fleetEnv(e.state, p, id)
}

// execFleet runs fleet step s through ansible-playbook, journals every
// host's progress as it comes (FleetUpdate, and HostChanged when a task
// changed a host's status), and decides the step by its max_fail from the
// folded hosts of every attempt: a retry of the failed hosts passes when
// the whole fleet is within the budget again.
func (e *Engine) execFleet(ctx context.Context, s *runbook.Step, out io.Writer, grace time.Duration, attempt int) execResult {
	run := e.fleetRun(s, attempt)
	tag := e.seq // the StepStarted of this run: no other run has it
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	aio := checks.AnsibleIO{
		Output: out, PTY: s.PTY, Cols: e.cols, Rows: e.rows, Grace: grace, Masker: e.masker,
		OnEvent: func(ev checks.FleetEvent, _ []checks.HostChange, _ *checks.Fleet) {
			e.post(fleetLineMsg{id: s.ID, run: tag, ev: ev})
		},
	}
	go func() { e.post(fleetDoneMsg{id: s.ID, run: tag, res: checks.RunAnsible(rctx, run, aio)}) }()

	var timeout <-chan time.Time
	if s.Timeout > 0 {
		timeout = e.clock.After(s.Timeout)
	}
	started := e.clock.Now()
	var req *Command
	cut := false // a second interrupt stopped the playbook
	stopped := ""
	stop := func(why string) {
		if stopped == "" {
			stopped = why
			cancel(errors.New(why))
		}
	}
	for {
		switch m := e.next(ctx, timeout, nil).(type) {
		case fleetLineMsg:
			if m.run == tag {
				e.fleetLine(s.ID, attempt, m.ev)
			}
		case fleetDoneMsg:
			if m.run != tag {
				continue
			}
			r := e.fleetResult(s, run, m.res)
			r.req, r.cut = req, cut
			if stopped != "" {
				r.ok, r.reason = false, stopped
			}
			return r
		case timerFired:
			timeout = nil
			e.emit(Event{Phase: PhaseCutover, ID: s.ID, Body: StepTimedOutBody{ElapsedMS: e.clock.Now().Sub(started).Milliseconds()}})
			stop(fmt.Sprintf("timed out after %s", s.Timeout))
		case Command:
			if (m.Kind == CmdAbort || m.Kind == CmdRollback) && req == nil {
				c := m
				req = &c
				stop("stopped for " + map[CommandKind]string{CmdAbort: "an abort", CmdRollback: "a rollback"}[m.Kind])
			}
		case haltMsg:
			switch {
			case ctx.Err() != nil:
				stop("stopped: the launch was cancelled")
			case e.escalated.Load():
				cut = true
				stop("stopped: interrupted a second time")
			}
		}
	}
}

// fleetLine journals one line of the stream, then one HostChanged for
// every host whose status the fold says it changed.
func (e *Engine) fleetLine(id string, attempt int, fe checks.FleetEvent) {
	before := hostStatuses(e.state.Find(PhaseCutover, id))
	ev := fe
	e.emit(Event{Phase: PhaseCutover, ID: id, Body: FleetUpdateBody{Attempt: attempt, Fleet: &ev}})
	it := e.state.Find(PhaseCutover, id)
	if it == nil || it.Fleet == nil {
		return
	}
	for _, h := range it.Fleet.Hosts {
		if was, ok := before[h.Name]; (ok && was == h.Status) || (!ok && h.Status == checks.HostPending) {
			continue
		}
		msg := ""
		if h.Status.Bad() {
			msg = h.Msg
		}
		e.emit(Event{Phase: PhaseCutover, ID: id, Body: HostChangedBody{Attempt: attempt, Host: h.Name, Status: h.Status, Reason: msg}})
	}
}

// hostStatuses is each host's status in it's fleet, before an event.
func hostStatuses(it *Item) map[string]checks.HostStatus {
	out := map[string]checks.HostStatus{}
	if it == nil || it.Fleet == nil {
		return out
	}
	for _, h := range it.Fleet.Hosts {
		out[h.Name] = h.Status
	}
	return out
}

// fleetResult decides a finished fleet run from the whole fleet the fold
// holds (every attempt's hosts), so a retry of a few hosts is judged with
// the others.
func (e *Engine) fleetResult(s *runbook.Step, run checks.AnsibleRun, res checks.AnsibleResult) execResult {
	exit := res.Proc.Exit
	r := execResult{exit: &exit}
	if res.Proc.Err != nil && res.Proc.Exit < 0 {
		r.exit = nil
		r.reason = "could not run: " + res.Reason
		return r
	}
	f := res.Fleet
	if it := e.state.Find(PhaseCutover, s.ID); it != nil && it.Fleet != nil {
		f = it.Fleet
	}
	r.ok, r.reason = f.Verdict(exit, run.Budget)
	return r
}
