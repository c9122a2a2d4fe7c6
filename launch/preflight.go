package launch

import (
	"context"
	"slices"
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
	id     string
	kind   runbook.Kind
	r      checks.Result
	logErr error // the check's log was cut short
}

// preflight runs every pre-flight check, max_parallel at a time. A failed
// check ends a headless launch (and one without a cutover); in the cockpit
// the gate shows it, to be re-run or waived.
func (e *Engine) preflight(ctx context.Context) *ending {
	if len(e.rb.Preflight) == 0 {
		return nil
	}
	e.emit(Event{Phase: PhasePreflight, Body: PhaseStartedBody{}})
	todo := checksToRun(e.state, e.rb)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if end := e.runChecks(ctx, cctx, cancel, todo); end != nil {
		return end
	}
	if failed := failedChecks(e.state, e.rb); len(failed) > 0 && (e.o.Headless || len(e.rb.Cutover) == 0) {
		return endWith(endFailed, "pre-flight failed: "+strings.Join(failed, "; "))
	}
	return nil
}

// runChecks runs todo with at most max_parallel at once and waits for
// them. A hang-up or an interrupt starts no more checks and cancels the
// running ones at once: a check only reads, its retries are waits, and it
// runs again on resume.
func (e *Engine) runChecks(ctx, cctx context.Context, cancel context.CancelFunc, todo []*runbook.Check) *ending {
	limit := e.rb.Launch.MaxParallel
	if limit <= 0 {
		limit = 8
	}
	running := 0
	var aborted *ending
	for {
		for running < limit && len(todo) > 0 && aborted == nil && !e.stopping(ctx) {
			if !e.startCheck(cctx, todo[0]) {
				break
			}
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
			cancel()
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

// startCheck runs one pre-flight check in its own goroutine. It starts
// nothing, and returns false, when the journal refused its CheckStarted:
// no process runs unless the event announcing it is durable.
func (e *Engine) startCheck(ctx context.Context, c *runbook.Check) bool {
	return e.startCheckBy(ctx, c, "")
}

// startCheckBy runs a check that who (an operator; "" for the engine)
// asked for, under the same rule as startCheck.
func (e *Engine) startCheckBy(ctx context.Context, c *runbook.Check, who string) bool {
	e.emit(Event{Phase: PhasePreflight, ID: c.ID, Body: CheckStartedBody{Attempts: c.Retry.Attempts, Who: who}})
	if e.jerr != nil {
		// The fold (never the journal, which refuses writes now) learns
		// that the check is not running, so that nothing waits for it.
		e.emit(Event{Phase: PhasePreflight, ID: c.ID, Body: CheckFinishedBody{Status: checks.Error, Reason: "not started: the journal cannot be written"}})
		return false
	}
	out := e.output(PhasePreflight, c.ID)
	opts := e.checkOptions(out)
	opts.OnAttempt = func(r checks.Result) { e.post(checkAttemptMsg{id: c.ID, r: r}) }
	go func() {
		r := e.run.Run(ctx, c, opts)
		err := out.Close()
		e.post(checkDoneMsg{id: c.ID, kind: c.Kind, r: r, logErr: err})
	}()
	return true
}

// checkOptions are the options every check, probe and verify runs with.
// Only the Run goroutine calls it: it reads the current terminal size.
func (e *Engine) checkOptions(out interface{ Write([]byte) (int, error) }) checks.Options {
	return checks.Options{
		// A staged step's verify sees its stage, like its run.
		Env:    append(slices.Clip(e.env), e.stageEnv...),
		Dir:    e.rb.Dir,
		Shell:  e.rb.Launch.Shell,
		Stdout: out,
		Cols:   e.cols,
		Rows:   e.rows,
		Mask:   e.mask,
	}
}

// onCheck journals a report of a pre-flight check. It returns true when
// the check has finished.
func (e *Engine) onCheck(m any) bool {
	switch m := m.(type) {
	case checkAttemptMsg:
		e.emit(Event{Phase: PhasePreflight, ID: m.id, Body: CheckAttemptBody{Attempt: m.r.Attempt, Attempts: m.r.Attempts, Status: m.r.Status, Reason: m.r.Reason}})
	case checkDoneMsg:
		b := CheckFinishedBody{Status: m.r.Status, Reason: m.r.Reason, Attempts: m.r.Attempt, DurationMS: m.r.Duration.Milliseconds(), Value: cloneFloat(m.r.Value), Evidence: m.r.Summary}
		if m.kind == runbook.KindRun {
			b.Exit = exitp(m.r.Exit)
		}
		e.emit(Event{Phase: PhasePreflight, ID: m.id, Body: b})
		if m.logErr != nil {
			e.logCut(PhasePreflight, m.id, m.logErr)
		}
		return true
	}
	return false
}

func reasonOr(reason, fallback string) string {
	if strings.TrimSpace(reason) == "" {
		return fallback
	}
	return reason
}
