package launch

import (
	"strconv"

	"golive/runbook"
)

// ProbeUnit is the unit of a probe's values, from what its thresholds
// compare: latency and duration are milliseconds, days_left days, and
// anything else has no unit golive knows of.
func ProbeUnit(p *runbook.Check) string {
	if p == nil {
		return ""
	}
	for _, c := range []*runbook.Condition{p.Warn, p.Crit} {
		if c == nil {
			continue
		}
		switch c.Subject {
		case runbook.SubjLatency, runbook.SubjDuration:
			return "ms"
		case runbook.SubjDaysLeft:
			return "d"
		}
	}
	return ""
}

// FormatValue writes a probe value compactly with its unit: "130ms",
// "0.25", "12d".
func FormatValue(v float64, unit string) string {
	t := strconv.FormatFloat(v, 'g', 4, 64)
	if v == float64(int64(v)) && v < 1e9 && v > -1e9 {
		t = strconv.FormatInt(int64(v), 10)
	}
	return t + unit
}
