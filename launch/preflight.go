package launch

import (
	"context"
	"fmt"
	"strings"

	"golive/checks"
	"golive/runbook"
)

// checkAttemptMsg reports one attempt of a running check.
type checkAttemptMsg struct {
	id string
	r  checks.Result
}

// checkDoneMsg reports the result of a check after all its attempts.
type checkDoneMsg struct {
	id   string
	kind runbook.Kind
	r    checks.Result
}

// preflight runs every pre-flight check, max_parallel at a time. A failed
// check ends a headless launch (and one without a cutover); in the cockpit
// the gate shows it, to be re-run or waived.
func (e *Engine) preflight(ctx context.Context) *ending {
	if len(e.rb.Preflight) == 0 {
		return nil
	}
	e.emit(Event{Type: PhaseStarted, Phase: PhasePreflight})
	var todo []*runbook.Check
	for _, c := range e.rb.Preflight {
		if rec := e.chk[c.ID]; rec.status != StatusPassed && rec.status != StatusWaived {
			todo = append(todo, c)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if end := e.runChecks(ctx, cctx, cancel, todo); end != nil {
		return end
	}
	if failed := e.failedChecks(); len(failed) > 0 && (e.o.Headless || len(e.rb.Cutover) == 0) {
		return endWith(endFailed, "pre-flight failed: "+strings.Join(failed, "; "))
	}
	return nil
}

// runChecks runs todo with at most max_parallel at once and waits for
// them. After a hang-up it starts no more checks but lets the running
// ones finish.
func (e *Engine) runChecks(ctx, cctx context.Context, cancel context.CancelFunc, todo []*runbook.Check) *ending {
	limit := e.rb.Launch.MaxParallel
	if limit <= 0 {
		limit = 8
	}
	running := 0
	var aborted *ending
	for {
		for running < limit && len(todo) > 0 && aborted == nil && !e.stopping(ctx) {
			e.startCheck(cctx, todo[0])
			todo = todo[1:]
			running++
		}
		if running == 0 {
			break
		}
		switch m := e.next(ctx, nil, nil).(type) {
		case checkAttemptMsg, checkDoneMsg:
			if e.onCheck(m) {
				running--
			}
		case Command:
			if m.Kind == CmdAbort && aborted == nil {
				aborted = endWith(endAborted, reasonOr(m.Reason, "aborted by the operator"))
				cancel()
			}
		case haltMsg:
			if ctx.Err() != nil {
				cancel()
			}
		}
	}
	if aborted != nil {
		return aborted
	}
	if e.stopping(ctx) {
		return e.interrupted()
	}
	return nil
}

// startCheck runs one pre-flight check in its own goroutine.
func (e *Engine) startCheck(ctx context.Context, c *runbook.Check) {
	e.chk[c.ID].running = true
	e.emit(Event{Type: CheckStarted, Phase: PhasePreflight, ID: c.ID, Attempts: c.Retry.Attempts})
	out := e.output(PhasePreflight, c.ID)
	opts := e.checkOptions(out)
	opts.OnAttempt = func(r checks.Result) { e.post(checkAttemptMsg{id: c.ID, r: r}) }
	go func() {
		r := e.run.Run(ctx, c, opts)
		out.Close()
		e.post(checkDoneMsg{id: c.ID, kind: c.Kind, r: r})
	}()
}

// checkOptions are the options every check, probe and verify runs with.
// Only the Run goroutine calls it: it reads the current terminal size.
func (e *Engine) checkOptions(out interface{ Write([]byte) (int, error) }) checks.Options {
	return checks.Options{
		Env:    e.env,
		Dir:    e.rb.Dir,
		Shell:  e.rb.Launch.Shell,
		Stdout: out,
		Cols:   e.cols,
		Rows:   e.rows,
	}
}

// onCheck journals a report of a pre-flight check. It returns true when
// the check has finished.
func (e *Engine) onCheck(m any) bool {
	switch m := m.(type) {
	case checkAttemptMsg:
		e.emit(Event{Type: CheckAttempt, Phase: PhasePreflight, ID: m.id, Attempt: m.r.Attempt,
			Attempts: m.r.Attempts, Status: string(m.r.Status), Reason: m.r.Reason})
	case checkDoneMsg:
		rec := e.chk[m.id]
		rec.running = false
		rec.finished = e.clock.Now().UnixNano()
		rec.reason = m.r.Reason
		switch m.r.Status {
		case checks.Pass:
			rec.status = StatusPassed
		case checks.Error:
			rec.status = StatusError
		default:
			rec.status = StatusFailed
		}
		ev := Event{Type: CheckFinished, Phase: PhasePreflight, ID: m.id, Status: string(m.r.Status),
			Reason: m.r.Reason, Attempts: m.r.Attempt, DurationMS: m.r.Duration.Milliseconds(),
			Value: cloneFloat(m.r.Value), Detail: m.r.Summary}
		if m.kind == runbook.KindRun {
			ev.Exit = exitp(m.r.Exit)
		}
		e.emit(ev)
		return true
	}
	return false
}

// failedChecks describes every pre-flight check that neither passed nor
// was waived, in runbook order.
func (e *Engine) failedChecks() []string {
	var out []string
	for _, c := range e.rb.Preflight {
		rec := e.chk[c.ID]
		if rec.status == StatusFailed || rec.status == StatusError {
			out = append(out, fmt.Sprintf("%s: %s", c.ID, reasonOr(rec.reason, string(rec.status))))
		}
	}
	return out
}

func reasonOr(reason, fallback string) string {
	if strings.TrimSpace(reason) == "" {
		return fallback
	}
	return reason
}
