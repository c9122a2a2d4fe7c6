package ui

import (
	"fmt"
	"time"

	"golive/launch"
)

// afterRollbackLine says what the post-rollback soak found, or how long
// it has left while the probes run again on the old system.
func afterRollbackLine(s styles, a launch.AfterRollbackState, now time.Time) string {
	switch a.Verdict {
	case launch.AfterHealthy:
		return s.ok.Render("Rolled back, and the old system is healthy") +
			s.dim.Render(fmt.Sprintf(" (%d samples in %s)", a.Samples, fmtDur(a.Duration)))
	case launch.AfterUnhealthy:
		return s.crit.Render("Rolled back, but the old system is NOT healthy: " + clean(a.Reason))
	case launch.AfterInterrupted:
		return s.warn.Render("The post-rollback soak did not finish")
	}
	return s.warn.Render(fmt.Sprintf("checking the old system: %s left, %d samples, %d critical",
		fmtClock(a.Started.Add(a.Duration).Sub(now)), a.Samples, a.Crit))
}
