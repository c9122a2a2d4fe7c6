package launch

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// The outcomes of a launch, as LaunchFinished and reports name them.
const (
	endCompleted   = OutcomeCompleted
	endFailed      = OutcomeFailed
	endAborted     = OutcomeAborted
	endRolledBack  = OutcomeRolledBack
	endInterrupted = OutcomeInterrupted
)

// ending is how a launch ends: its outcome, exit code and reason.
type ending struct {
	outcome Outcome
	exit    int
	reason  string
}

func endWith(outcome Outcome, reason string) *ending {
	code := 1
	switch outcome {
	case endCompleted:
		code = 0
	case endInterrupted:
		code = 3
	}
	return &ending{outcome: outcome, exit: code, reason: reason}
}

// stage is where a launch (re)starts.
type stage int

const (
	stagePreflight stage = iota
	stageGate
	stageCutover
	stageMonitor
)

// notifyWait bounds how long the end of a launch waits for notifications
// still being delivered.
const notifyWait = 5 * time.Second

// Run drives the launch to its end and returns the process exit code:
// 0 completed, 1 failed, aborted, refused or rolled back, 3 interrupted and
// resumable. It must be called once.
func (e *Engine) Run(ctx context.Context) int {
	defer close(e.quit)
	if stop := e.takeVotes(); stop != nil {
		defer stop()
	}
	var end *ending
	if e.o.Resume != nil {
		end = e.resume(ctx)
	} else {
		e.begin()
		if e.jerr == nil {
			end = e.drive(ctx, stagePreflight, 0)
		}
	}
	return e.finish(end)
}

// begin opens the journal with LaunchStarted.
func (e *Engine) begin() {
	path := e.rb.Path
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	info := &LaunchInfo{
		ID:        e.id,
		Name:      e.rb.Launch.Name,
		Title:     e.rb.Title(),
		Runbook:   path,
		Hash:      e.rb.Hash,
		Rehearsal: e.o.Rehearse,
		Driver:    e.o.Driver,
		PID:       os.Getpid(),
	}
	if len(e.expected) > 0 {
		info.Expected = e.expected
	}
	if len(e.rb.Params) > 0 {
		info.Params = map[string]string{}
		for _, p := range e.rb.Params {
			info.Params[p.Name] = e.mask(p.Value)
		}
	}
	e.emit(Event{Body: LaunchStartedBody{Launch: info}})
}

// drive runs the phases from stage from on; step is the first cutover
// step to run when from is stageCutover.
func (e *Engine) drive(ctx context.Context, from stage, step int) *ending {
	if from <= stagePreflight {
		if end := e.preflight(ctx); end != nil {
			return end
		}
	}
	if len(e.rb.Cutover) == 0 {
		return endWith(endCompleted, "pre-flight passed")
	}
	if from <= stageGate {
		if end := e.gate(ctx); end != nil {
			return end
		}
	}
	if from <= stageCutover {
		if end := e.cutover(ctx, step); end != nil {
			return end
		}
	}
	if e.rb.Monitor != nil {
		if end := e.monitor(ctx); end != nil {
			return end
		}
	}
	return endWith(endCompleted, "")
}

// stopping reports whether a hang-up or an interrupt asks the launch to
// start nothing new.
func (e *Engine) stopping(ctx context.Context) bool {
	if e.halting {
		return true
	}
	select {
	case <-e.haltSig:
		e.halting = true
	default:
	}
	if ctx.Err() != nil {
		e.halting = true
		e.halt("cancelled")
	}
	return e.halting
}

// journalEnding says why a launch whose journal failed (at an event of
// type at) stopped; when not even LaunchStarted or LaunchResumed could be
// written, this driver ran nothing at all.
func journalEnding(err error, at Type) string {
	if at == LaunchStarted || at == LaunchResumed {
		return "nothing ran: the journal cannot be written: " + err.Error()
	}
	return "stopped: the journal cannot be written: " + err.Error()
}

// JournalErr returns the write error that stopped the launch, if any. It
// is meant to be read after Run returned.
func (e *Engine) JournalErr() error { return e.jerr }

// interrupted is the ending of a launch stopped by a hang-up or interrupt.
func (e *Engine) interrupted() *ending {
	return endWith(endInterrupted, e.haltReason())
}

// finish ends background processes, journals LaunchFinished, gives the
// notifiers a bounded time to deliver, and closes the journal.
func (e *Engine) finish(end *ending) int {
	if end == nil {
		end = endWith(endCompleted, "")
	}
	if e.fg != nil {
		e.fg.Stop()
		e.fg = nil
	}
	if end.outcome == endInterrupted {
		e.stopBackground("", "stopped as the driver left; it starts again on resume")
	} else {
		e.stopBackground("", "stopped at the end of the launch")
	}
	if e.jerr != nil {
		// What the journal lost cannot be vouched for: the launch is
		// interrupted, and resumes from what the journal kept.
		end = endWith(endInterrupted, journalEnding(e.jerr, e.jerrAt))
	}
	e.emit(Event{Phase: PhaseDone, Body: LaunchFinishedBody{Outcome: end.outcome, Reason: end.reason, Exit: exitp(end.exit)}})
	e.notify.close(notifyWait)
	e.drainNotifyFailures()
	if err := e.log.Close(); err != nil && end.exit == 0 {
		return 1
	}
	return end.exit
}
