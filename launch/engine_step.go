package launch

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"golive/checks"
	"golive/runbook"
)

// procDoneMsg says that a step's process ended.
type procDoneMsg struct {
	id string
	p  stepProc
}

// checkRunMsg reports a verify block (or any check the engine awaits).
type checkRunMsg struct {
	tag string
	r   checks.Result
}

// execResult is how one run of a step's command ended.
type execResult struct {
	ok     bool
	exit   *int
	reason string
	req    *Command // an abort or a rollback that stopped the step
	// halted says the launch stopped before the step's end could be
	// known or recorded: the journal refused its StepStarted (the process
	// never started), or a signal cut its verify short. No end event is
	// journaled, so a resume finds it not run or interrupted, never done.
	halted bool
	// cut says a second interrupt stopped the step: its end is journaled
	// (StepFailed), but no failure policy applies; the launch stops.
	cut bool
}

// exec runs command as step s in phase (cutover or rollback), waits for
// it while serving commands, applies its timeout policy, evaluates its
// expect and verify, and journals StepStarted and StepFinished or
// StepFailed. A background step counts as done once its verify passes and
// its process is kept running in e.bg.
func (e *Engine) exec(ctx context.Context, phase Phase, s *runbook.Step, command string, attempt int) execResult {
	// The clock is read before StepStarted is published: whoever sees
	// the step start sees its time already counting.
	began := e.clock.Now()
	e.emit(Event{Phase: phase, ID: s.ID, Body: StepStartedBody{Attempt: attempt, Command: command}})
	if e.jerr != nil {
		// No process starts unless the event announcing it is durable:
		// a step run without its StepStarted would run again on resume.
		return execResult{halted: true, reason: "not started: the journal cannot be written"}
	}
	out := e.output(phase, s.ID)
	background := s.Background && phase == PhaseCutover
	r := e.execProc(ctx, phase, s, command, out, background, attempt)
	if !background || !r.ok {
		e.endStrays(phase, s, attempt)
	}
	if r.ok && phase == PhaseCutover && s.Verify != nil && !background {
		vr, req, halted := e.awaitCheck(ctx, s.Verify, out)
		if halted {
			r = execResult{exit: r.exit, reason: "interrupted during verify", halted: true}
		} else if req != nil {
			r = execResult{exit: r.exit, reason: "stopped during verify: " + string(req.Kind), req: req}
		} else if vr.Status != checks.Pass {
			r = execResult{exit: r.exit, reason: "verify: " + reasonOr(vr.Reason, string(vr.Status))}
		}
	}
	if !background || !r.ok {
		if err := out.Close(); err != nil {
			e.logCut(phase, s.ID, err)
		}
	} else {
		e.bgOut[s.ID] = out
	}
	ms := e.clock.Now().Sub(began).Milliseconds()
	if r.halted {
		return r
	}
	if r.ok {
		e.emit(Event{Phase: phase, ID: s.ID, Body: StepFinishedBody{Attempt: attempt, Exit: r.exit, DurationMS: ms}})
	} else {
		e.emit(Event{Phase: phase, ID: s.ID, Body: StepFailedBody{Attempt: attempt, Exit: r.exit, DurationMS: ms, Reason: r.reason}})
	}
	return r
}

// execProc starts the process and waits for it (or, for a background
// step, for its verify).
func (e *Engine) execProc(ctx context.Context, phase Phase, s *runbook.Step, command string, out io.Writer, background bool, attempt int) execResult {
	grace := s.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	if s.Ansible != nil && phase == PhaseCutover {
		return e.execFleet(ctx, s, out, grace, attempt)
	}
	var captured *stepCapture
	if len(s.Expect) > 0 && phase == PhaseCutover {
		captured = &stepCapture{}
		out = fanout{out, captured}
	}
	p, err := e.run.Start(checks.ProcSpec{
		Command: command,
		Shell:   e.rb.Launch.Shell,
		Dir:     firstNonEmpty(s.Workdir, e.rb.Dir),
		Env:     append(append(append(slices.Clip(e.env), e.stageEnv...), e.fleetEnv(phase, s.ID)...), stepTag(phase, s.ID, attempt)),
		PTY:     s.PTY,
		Cols:    e.cols,
		Rows:    e.rows,
		Stdout:  out,
		Stdin:   s.Interactive,
		Grace:   grace,
	})
	if err != nil {
		return execResult{reason: "could not start: " + err.Error()}
	}
	e.fg, e.fgID = p, s.ID
	defer func() { e.fg, e.fgID = nil, "" }()
	go func() {
		<-p.Done()
		e.post(procDoneMsg{id: s.ID, p: p})
	}()
	if background {
		return e.awaitBackground(ctx, s, p, out)
	}

	var timeout <-chan time.Time
	if s.Timeout > 0 {
		timeout = e.clock.After(s.Timeout)
	}
	started := e.clock.Now()
	stopped := ""
	cut := false
	asking := false
	var req *Command
	stop := func(why string) {
		if stopped == "" {
			stopped = why
			go p.Stop()
		}
	}
wait:
	for {
		switch m := e.next(ctx, timeout, nil).(type) {
		case procDoneMsg:
			if m.p == p {
				break wait
			}
		case timerFired:
			timeout = nil
			e.emit(Event{Phase: phase, ID: s.ID, Body: StepTimedOutBody{ElapsedMS: e.clock.Now().Sub(started).Milliseconds()}})
			why := fmt.Sprintf("timed out after %s", s.Timeout)
			if s.OnTimeout == runbook.OnFail || e.o.Headless || phase == PhaseRollback {
				stop(why)
				continue
			}
			asking = true
			e.emit(Event{Phase: phase, ID: s.ID, Body: DecisionNeededBody{Reason: why + ": wait longer or stop it", Kind: DecideTimedOut}})
		case Command:
			switch {
			case m.Kind == CmdDecide && asking && m.ID == s.ID && slices.Contains(Offered(DecideTimedOut), m.Action):
				asking = false
				e.emit(Event{Phase: phase, ID: s.ID, Body: DecisionBody{Action: m.Action, Reason: m.Reason, Who: m.Who}})
				if m.Action == ActWait {
					timeout = e.clock.After(s.Timeout)
				} else {
					stop(fmt.Sprintf("stopped by %s after it timed out", reasonOr(m.Who, "the operator")))
				}
			case m.Kind == CmdAbort || (m.Kind == CmdRollback && phase == PhaseCutover):
				if req == nil {
					c := m
					req = &c
					stop("stopped for " + map[CommandKind]string{CmdAbort: "an abort", CmdRollback: "a rollback"}[m.Kind])
				}
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
	res := p.Wait()
	exit := res.Exit
	r := execResult{exit: &exit, req: req, cut: cut}
	switch {
	case stopped != "":
		r.reason = stopped
	case res.Err != nil && res.Exit < 0:
		r.reason = "could not run: " + res.Err.Error()
	default:
		text := ""
		if captured != nil {
			text = captured.String()
		}
		r.ok, r.reason = e.stepExpect(phase, s, res, text)
	}
	return r
}

// awaitBackground waits for a background step's verify to pass while its
// process runs. Without verify the step counts as done once started.
func (e *Engine) awaitBackground(ctx context.Context, s *runbook.Step, p stepProc, out io.Writer) execResult {
	done := func() execResult {
		e.bg[s.ID] = p
		e.bgOrder = append(e.bgOrder, s.ID)
		return execResult{ok: true}
	}
	if s.Verify == nil {
		return done()
	}
	vctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := e.checkOptions(out)
	go func() { e.post(checkRunMsg{tag: "bg:" + s.ID, r: e.run.Run(vctx, s.Verify, opts)}) }()
	exited := false
	var req *Command
	for {
		switch m := e.next(ctx, nil, nil).(type) {
		case procDoneMsg:
			if m.p == p {
				exited = true
				cancel()
			}
		case checkRunMsg:
			if m.tag != "bg:"+s.ID {
				continue
			}
			switch {
			case req != nil:
				p.Stop()
				return execResult{reason: "stopped for " + string(req.Kind), req: req}
			case exited:
				res := p.Wait()
				return execResult{exit: exitp(res.Exit), reason: fmt.Sprintf("exited (%s) before its verify passed", describeExit(res))}
			case m.r.Status != checks.Pass:
				p.Stop()
				return execResult{reason: "verify: " + reasonOr(m.r.Reason, string(m.r.Status))}
			}
			return done()
		case Command:
			if (m.Kind == CmdAbort || m.Kind == CmdRollback) && req == nil {
				c := m
				req = &c
				cancel()
			}
		case haltMsg:
			// The verify's retries are waits: a signal ends them at once,
			// and the step's outcome is unknown until a resume runs it.
			cancel()
			p.Stop()
			return execResult{reason: "interrupted before its verify passed", halted: true}
		}
	}
}

// awaitCheck runs c (a verify block) and waits for it while serving
// commands; an abort or rollback asked for meanwhile cancels it and is
// returned. A hang-up or interrupt cancels it at once (its retries are
// waits, and a signal never waits for them) and halted is set: the
// verify's outcome is unknown.
func (e *Engine) awaitCheck(ctx context.Context, c *runbook.Check, out io.Writer) (res checks.Result, req *Command, halted bool) {
	vctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tag := fmt.Sprintf("verify:%s:%d", c.ID, e.seq)
	opts := e.checkOptions(out)
	go func() { e.post(checkRunMsg{tag: tag, r: e.run.Run(vctx, c, opts)}) }()
	for {
		switch m := e.next(ctx, nil, nil).(type) {
		case checkRunMsg:
			if m.tag == tag {
				return m.r, req, halted
			}
		case Command:
			if (m.Kind == CmdAbort || m.Kind == CmdRollback) && req == nil {
				cm := m
				req = &cm
				cancel()
			}
		case haltMsg:
			halted = true
			cancel()
		}
	}
}

// stepExpect evaluates a finished step's conditions (exit == 0 when it
// has none; rollback commands always use exit == 0).
func (e *Engine) stepExpect(phase Phase, s *runbook.Step, res checks.ProcResult, out string) (bool, string) {
	if len(s.Expect) == 0 || phase != PhaseCutover {
		if res.Exit == 0 {
			return true, ""
		}
		return false, describeExit(res)
	}
	o := stepObservation(s, res, out)
	o.Mask = e.mask
	obs := checks.Result{Status: checks.Pass, Exit: res.Exit, Duration: res.Duration, Attempt: 1, Attempts: 1, Value: o.Value, Obs: o}
	var why []string
	for _, c := range s.Expect {
		if ok, reason := e.run.Eval(c, obs); !ok {
			why = append(why, reasonOr(reason, c.Source))
		}
	}
	if len(why) > 0 {
		return false, strings.Join(why, "; ")
	}
	return true, ""
}

// describeExit says how a process ended, for a reason line.
func describeExit(res checks.ProcResult) string {
	if res.Signal != "" {
		return fmt.Sprintf("killed by %s", res.Signal)
	}
	return fmt.Sprintf("exit %d", res.Exit)
}

// stopBackground ends the background process of step id (or of every
// background step, latest first, when id is empty) and journals how.
func (e *Engine) stopBackground(id, why string) {
	for i := len(e.bgOrder) - 1; i >= 0; i-- {
		sid := e.bgOrder[i]
		if id != "" && sid != id {
			continue
		}
		p := e.bg[sid]
		detail := why
		select {
		case <-p.Done():
			detail = fmt.Sprintf("had already ended (%s)", describeExit(p.Wait()))
		default:
			detail = fmt.Sprintf("%s (%s)", why, describeExit(p.Stop()))
		}
		if out := e.bgOut[sid]; out != nil {
			out.Close()
		}
		delete(e.bg, sid)
		delete(e.bgOut, sid)
		e.bgOrder = append(e.bgOrder[:i], e.bgOrder[i+1:]...)
		e.emit(Event{Phase: PhaseCutover, ID: sid, Body: BackgroundStoppedBody{How: detail}})
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
