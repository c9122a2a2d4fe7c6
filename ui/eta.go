package ui

import (
	"time"

	"golive/launch"
)

// etaText is the header's ETA to the end of the cutover and its drift from
// the baseline, when expected durations are known; "" otherwise.
func (m *Model) etaText(now time.Time) string {
	eta, drift, ok := cutoverETA(m.st.Items, now)
	if !ok || m.st.Phase == launch.PhaseDone || m.st.Phase == launch.PhaseRollback {
		return ""
	}
	t := "cutover ETA " + eta.Local().Format("15:04")
	if drift != 0 {
		t += " (" + fmtSigned(drift) + " vs rehearsal)"
	}
	return t
}

// cutoverETA estimates when the cutover ends: the expected time of every
// step still to run, plus what the running step should still take. drift
// is how far finished and running steps are behind (+) or ahead (-) of
// their baselines. ok is false when no step has a baseline.
func cutoverETA(items []*launch.Item, now time.Time) (eta time.Time, drift time.Duration, ok bool) {
	var left time.Duration
	for _, it := range items {
		if it.Phase != launch.PhaseCutover || it.ExpectedMS <= 0 {
			continue
		}
		ok = true
		exp := time.Duration(it.ExpectedMS) * time.Millisecond
		switch it.Status {
		case launch.StatusPending:
			left += exp
		case launch.StatusRunning, launch.StatusWaiting:
			ran := time.Duration(0)
			if !it.Started.IsZero() {
				ran = now.Sub(it.Started)
			}
			left += max(0, exp-ran)
			drift += max(0, ran-exp)
		case launch.StatusDone, launch.StatusFailed:
			if !it.Started.IsZero() && !it.Finished.IsZero() {
				drift += it.Finished.Sub(it.Started) - exp
			}
		}
	}
	return now.Add(left), drift.Round(time.Second), ok
}
