package launch

import (
	"fmt"
	"strings"
	"time"
)

// headline is the outcome in words, qualified by what it bypassed, so a
// completed launch with a skipped step does not read like a clean one.
func headline(r Report) string {
	h := OutcomeWords(r.Outcome)
	var q []string
	count := func(n int, one, many string) {
		switch {
		case n == 1:
			q = append(q, "1 "+one)
		case n > 1:
			q = append(q, fmt.Sprintf("%d %s", n, many))
		}
	}
	skipped := 0
	for _, s := range r.Steps {
		if s.Phase == PhaseCutover && s.Status == string(StatusSkipped) {
			skipped++
		}
	}
	count(skipped, "step skipped", "steps skipped")
	count(len(r.Waivers), "check waived", "checks waived")
	if len(r.Gate.Overrides) > 0 {
		q = append(q, "window overridden")
	}
	if r.Monitor.Verdict == "ended_early" {
		q = append(q, "soak ended early")
	}
	if a := r.AfterRollback; a != nil && a.Verdict != "running" {
		q = append(q, afterWords(a.Verdict))
	}
	if len(q) == 0 {
		return h
	}
	return h + " — " + strings.Join(q, ", ")
}

// afterWords says what the post-rollback soak found.
func afterWords(v string) string {
	switch AfterVerdict(v) {
	case AfterHealthy:
		return "the old system is healthy"
	case AfterUnhealthy:
		return "the old system is NOT healthy"
	}
	return "the post-rollback soak did not finish"
}

// soaked is how long the soak ran: from its start to its verdict (or the
// launch's last event while it runs), 0 when it never started.
func soaked(st *State) int64 {
	m := st.Monitor
	if m.Started.IsZero() {
		return 0
	}
	end := m.VerdictAt
	if end.IsZero() {
		end = st.Finished
	}
	if end.IsZero() {
		end = st.Last
	}
	if end.Before(m.Started) {
		return 0
	}
	return end.Sub(m.Started).Round(time.Millisecond).Milliseconds()
}
