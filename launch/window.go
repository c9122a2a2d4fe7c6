package launch

import (
	"fmt"
	"time"

	"golive/runbook"
)

// windowRefusal says why the deployment window or a freeze forbids GO at
// now, or returns "" when it allows it. The wording is what scripts grep:
// "outside the deployment window" and "inside freeze REASON".
func windowRefusal(l runbook.Launch, now time.Time) (reason, what string) {
	for _, f := range l.Freeze {
		if !now.Before(f.Start) && now.Before(f.End) {
			return "inside freeze " + f.Reason, "freeze " + f.Reason
		}
	}
	if w := l.Window; w != nil {
		if now.Before(w.Start) {
			return fmt.Sprintf("outside the deployment window (opens in %s)", roughDuration(w.Start.Sub(now))), "window"
		}
		if !now.Before(w.End) {
			return "outside the deployment window", "window"
		}
	}
	return "", ""
}

// roughDuration writes d for a person: "1h2m", "5m", "40s".
func roughDuration(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%dm", h, m)
}
