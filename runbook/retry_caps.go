package runbook

import "time"

// MaxRetryAttempts bounds retry.attempts. A wait-until that needs more
// tries than this is a loop nobody will watch to its end, and every try
// costs a process or a connection and a line of history.
const MaxRetryAttempts = 1000

// MaxRetryWait bounds the time a retry may spend waiting between its
// attempts, (attempts-1) × interval, plus attempts × timeout: one check
// should never hold a launch for longer than a working day.
const MaxRetryWait = 12 * time.Hour

// retryCaps reports a retry table whose attempts or total wait exceed the
// caps, at the value that makes it so.
func (b *builder) retryCaps(r *table, c *Check) {
	if c.Retry.Attempts > MaxRetryAttempts {
		b.d.errorf(r.valPos("attempts"), "attempts in %s is %d: at most %d are allowed; wait longer between them with interval instead", r.name, c.Retry.Attempts, MaxRetryAttempts)
		return
	}
	if c.Retry.Attempts <= 1 || c.Retry.Interval > MaxRetryWait || c.Timeout > MaxRetryWait {
		// A single try, or values whose product would overflow: the
		// timeout itself is for the timeout field to judge.
		if c.Retry.Interval <= MaxRetryWait {
			return
		}
	}
	total := time.Duration(c.Retry.Attempts-1)*min(c.Retry.Interval, MaxRetryWait+1) + time.Duration(c.Retry.Attempts)*min(c.Timeout, MaxRetryWait)
	if total > MaxRetryWait {
		at := r.valPos("interval")
		if !r.has("interval") {
			at = r.valPos("attempts")
		}
		b.d.errorf(at, "%s may wait %s in all (attempts × (interval + timeout)): at most %s is allowed; lower attempts, interval or timeout", r.name, total.Round(time.Second), MaxRetryWait)
	}
}
