// Package checks runs one check or one step: the run, http, tcp, dns, tls
// and prometheus kinds; it evaluates conditions, streams output and returns
// a Result. It knows nothing of phases, gates or journals.
package checks

import (
	"context"
	"io"
	"time"

	"golive/runbook"
)

// Status is the outcome of a check.
type Status string

// The outcomes. Fail: the target answered wrongly or not at all. Error: the
// check could not be evaluated (bad query, unparsable response).
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error"
)

// Result is what a check found, after all its attempts.
type Result struct {
	Status   Status
	Reason   string        // one line for a tired operator; empty on pass
	Attempt  int           // the attempt this result is from (1-based)
	Attempts int           // the most that would be tried
	Duration time.Duration // of all attempts together (of this one, in OnAttempt)
	Exit     int           // run checks: the exit code; -1 when not applicable
	Value    *float64      // the measured value, when there is one
	Latency  time.Duration // http, tcp, dns, tls: time to answer
	Summary  string        // short observation, e.g. "200 in 12ms", "3 answers"
}

// Options say how a check runs.
type Options struct {
	Env    []string  // the full environment, KEY=VALUE
	Dir    string    // working directory (the check's Workdir wins when set)
	Shell  string    // shell for run checks; default /bin/sh
	Stdout io.Writer // output of run checks (and a line per attempt); may be nil
	Stderr io.Writer // stderr of run checks with pipes; may be nil (then Stdout)
	Cols   int       // pseudo-terminal size, when PTY
	Rows   int
	// OnAttempt, when set, is called after every attempt, before the wait.
	OnAttempt func(Result)
}

// Run runs c with its retries (wait-until): it returns the first passing
// attempt, or the last one when every attempt failed. Each attempt is
// bounded by c.Timeout; nothing blocks past ctx.
func Run(ctx context.Context, c *runbook.Check, o Options) Result {
	panic("checks.Run: to be written")
}

// Eval tests one condition against what an attempt observed (the Result
// of Run or of an attempt). ok reports whether it holds; reason explains a
// false or unevaluable condition in one line ("status 503, want 200").
func Eval(c runbook.Condition, r Result) (ok bool, reason string) {
	panic("checks.Eval: to be written")
}
