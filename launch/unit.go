package launch

import (
	"math"
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
// "0.25", "12d". A whole number is written whole up to 13 digits, so a
// Unix time or a byte count reads as the tool printed it, not as
// "1.796e+09"; beyond 1000 a fraction is rounded away.
func FormatValue(v float64, unit string) string {
	t := strconv.FormatFloat(v, 'g', 4, 64)
	switch a := math.Abs(v); {
	case a >= 1e13:
	case v == math.Trunc(v):
		t = strconv.FormatInt(int64(v), 10)
	case a >= 1000:
		t = strconv.FormatFloat(v, 'f', 0, 64) // as many digits as 'g' keeps, or more
	}
	return t + unit
}
