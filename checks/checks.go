// Package checks runs one check or one step: the run, http, tcp, dns, tls
// and prometheus kinds; it evaluates conditions, streams output and returns
// a Result. It knows nothing of phases, gates or journals.
//
// What each kind observes, for conditions:
//
//	run         exit, stdout, stderr (pipes only), value (first number printed), duration
//	http        status, body, header "Name", json "a.b[0]", value (the body's number), latency
//	tcp         connects, latency
//	dns         answers (MX "10 host.", SRV "prio weight port target"), count, latency
//	tls         days_left, issuer, subject, sans, version ("TLS 1.3"), latency
//	prometheus  value, count (series), latency
//
// Every kind also has duration. A check without expect is held to
// runbook.DefaultExpect. Fail means the target answered wrongly or not at
// all (refused, timed out, a certificate that does not verify, a false
// condition); Error means the check could not be evaluated (a query the
// server rejects, a body that is not JSON, no number for value, a check
// that is wrong in itself, which is not retried). Each attempt is bounded
// by the check's timeout (DefaultTimeout when unset); retries are
// wait-until: the first pass ends them.
//
// Processes run as SHELL -c COMMAND alone in a process group (with a PTY,
// a session); on timeout or cancel the group gets SIGINT, then SIGKILL
// after the grace, and nothing the command started outlives it.
package checks

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
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

// DefaultTimeout bounds an attempt whose check sets no timeout.
const DefaultTimeout = 10 * time.Second

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

	// Obs is what the attempt observed, for Eval on conditions the check
	// itself did not test (a probe's warn and crit). Nil only when the
	// check could not start at all.
	Obs *Observation

	final bool // the check itself is wrong: no retry can help
}

// Options say how a check runs.
type Options struct {
	Env    []string  // the full environment, KEY=VALUE
	Dir    string    // working directory (the check's Workdir wins when set)
	Shell  string    // shell for run checks; default /bin/sh
	Stdout io.Writer // output of run checks (and a line per attempt); may be nil
	Stderr io.Writer // stderr of run checks with pipes; may be nil (then Stdout, under a lock); written from another goroutine than Stdout
	Cols   int       // pseudo-terminal size, when PTY
	Rows   int
	// Grace is how long a timed-out or cancelled run check has between
	// SIGINT and SIGKILL (default 10s).
	Grace time.Duration
	// OnAttempt, when set, is called after every attempt, before the wait.
	OnAttempt func(Result)
	// Mask, when set, hides secrets in observed text before a reason
	// quotes or shortens it (see Observation.Mask).
	Mask func(string) string
}

// Run runs c with its retries (wait-until): it returns the first passing
// attempt, or the last one when every attempt failed. Each attempt is
// bounded by c.Timeout; nothing blocks past ctx.
func Run(ctx context.Context, c *runbook.Check, o Options) Result {
	if c == nil {
		return Result{Status: Error, Reason: "no check to run", Exit: -1, Attempts: 1}
	}
	attempts := max(c.Retry.Attempts, 1)
	start := time.Now()
	var last Result
	for i := 1; i <= attempts; i++ {
		last = attempt(ctx, c, o)
		last.Attempt, last.Attempts = i, attempts
		if ctx.Err() != nil && last.Status != Pass {
			last.Status, last.Reason = Error, "stopped before it finished"
		}
		o.attemptLine(c, last)
		if o.OnAttempt != nil {
			o.OnAttempt(last)
		}
		if last.Status == Pass || ctx.Err() != nil || last.final {
			break
		}
		if i < attempts && !sleep(ctx, c.Retry.Interval) {
			last.Status, last.Reason = Error, "stopped before it finished"
			break
		}
	}
	last.Duration = time.Since(start)
	last.final = false
	return last
}

// attemptLine writes "attempt 2/10: status 503, want 200" to the pane,
// so the operator sees how far a wait-until has got and why. Run checks
// write it only when they have several attempts: their own output says
// the rest.
func (o Options) attemptLine(c *runbook.Check, r Result) {
	if o.Stdout == nil || (c.Kind == runbook.KindRun && r.Attempts == 1) {
		return
	}
	what := r.Reason
	if r.Status == Pass {
		what = "pass, " + r.Summary
	}
	fmt.Fprintf(o.Stdout, "attempt %d/%d: %s\n", r.Attempt, r.Attempts, what)
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// timeout is the bound of one attempt of c.
func timeout(c *runbook.Check) time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// attempt runs c once and evaluates its conditions.
func attempt(ctx context.Context, c *runbook.Check, o Options) Result {
	start := time.Now()
	var obs *Observation
	var st Status
	var reason string
	switch c.Kind {
	case runbook.KindRun:
		obs, st, reason = runOnce(ctx, c, o)
	case runbook.KindHTTP:
		obs, st, reason = httpOnce(ctx, c)
	case runbook.KindTCP:
		obs, st, reason = tcpOnce(ctx, c)
	case runbook.KindDNS:
		obs, st, reason = dnsOnce(ctx, c)
	case runbook.KindTLS:
		obs, st, reason = tlsOnce(ctx, c)
	case runbook.KindPrometheus:
		obs, st, reason = promOnce(ctx, c)
	case runbook.KindAnsible:
		obs, st, reason = ansibleOnce(ctx, c, o)
	default:
		r := Result{Status: Error, Reason: fmt.Sprintf("unknown check kind %q", string(c.Kind)), Exit: -1}
		r.final = true
		return r
	}
	obs.Kind = c.Kind
	obs.Mask = o.Mask
	if obs.Duration == 0 {
		obs.Duration = time.Since(start)
	}
	r := Result{Status: st, Reason: reason, Exit: -1, Obs: obs, Duration: obs.Duration}
	if st == "" {
		r.Status, r.Reason = expectAll(c, r)
	}
	r.final = obs.invalid
	if obs.HasExit {
		r.Exit = obs.Exit
	}
	if obs.Value != nil && (c.Kind == runbook.KindPrometheus || usesValue(c) || wholeNumber(obs)) {
		r.Value = obs.Value
	}
	r.Latency = obs.Latency
	r.Summary = summary(obs, r)
	return r
}

// expectAll evaluates every expectation of c (or its kind's defaults,
// runbook.DefaultExpect) in order. An Error wins over a Fail; the reasons
// of every false condition are joined, so one look says all that is wrong.
func expectAll(c *runbook.Check, r Result) (Status, string) {
	conds := c.Conditions()
	status, reason := Pass, ""
	for _, cond := range conds {
		st, why := Evaluate(cond, r)
		switch {
		case st == Error:
			return Error, why
		case st == Fail && reason == "":
			status, reason = Fail, why
		case st == Fail:
			reason += "; " + why
		}
	}
	return status, reason
}

// usesValue reports whether a condition of c (its expectations, or a
// probe's warn and crit) looks at the value.
func usesValue(c *runbook.Check) bool {
	for _, cond := range c.Conditions() {
		if cond.Subject == runbook.SubjValue {
			return true
		}
	}
	for _, cond := range []*runbook.Condition{c.Warn, c.Crit} {
		if cond != nil && cond.Subject == runbook.SubjValue {
			return true
		}
	}
	return false
}

// wholeNumber reports whether a run check's output or an http check's
// body is one number and nothing else. Only then, or when a condition
// compares it, is the value a result to show: the first number of a page
// of HTML ("8" of "utf-8") is not a reading anyone asked for, and a
// probe's chart plots its response time instead.
func wholeNumber(o *Observation) bool {
	text := o.Body
	if o.Kind == runbook.KindRun {
		text = o.Stdout
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	return err == nil
}
