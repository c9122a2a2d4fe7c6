package checks

import (
	"fmt"

	"golive/runbook"
)

// summary is the short observation shown in panes and monitor rows:
// "200 in 12ms", "exit 0", "3 answers", "expires in 89 days", "value 0.42".
func summary(o *Observation, r Result) string {
	switch o.Kind {
	case runbook.KindRun:
		switch {
		case o.TimedOut:
			return "timed out after " + fmtDur(o.Duration)
		case o.HasExit:
			return fmt.Sprintf("exit %d", o.Exit)
		}
	case runbook.KindHTTP:
		if o.HasStatus {
			return fmt.Sprintf("%d in %s", o.Status, fmtDur(o.Latency))
		}
	case runbook.KindTCP:
		if o.Connected {
			return "connected in " + fmtDur(o.Latency)
		}
	case runbook.KindDNS:
		if o.Answered {
			if len(o.Answers) == 0 {
				return "no answers"
			}
			return plural(len(o.Answers), "answer")
		}
	case runbook.KindTLS:
		if o.HasCert {
			days := certDays(o.DaysLeft)
			return days[len("certificate "):]
		}
	case runbook.KindAnsible:
		if o.Fleet != nil {
			return ansibleSummary(o.Fleet)
		}
	case runbook.KindPrometheus:
		if o.Value != nil {
			return "value " + fmtNum(*o.Value)
		}
		if o.HasLatency {
			return fmt.Sprintf("%d series", o.Series)
		}
	}
	if r.Status == Fail && o.Kind != runbook.KindRun {
		return "no answer"
	}
	return string(r.Status)
}
