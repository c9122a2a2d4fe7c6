package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"

	"golive/launch"
	"golive/runbook"
)

// autoRollback is the countdown of monitor.auto_rollback: once the
// monitor recommends a rollback, the driver's cockpit counts down
// auto_rollback_delay and then rolls back, unless the driver cancels with
// c. Arming, cancelling and firing are each journaled (a note, then the
// rollback command with its reason), so the report tells what happened.
// Only a cockpit that may act counts down; a watcher sees the banner.
type autoRollback struct {
	keys      autoKeys
	deadline  time.Time // zero when not counting down
	now       time.Time
	cancelled string // the recommendation the driver cancelled for
	fired     string // the recommendation already acted on
}

// autoKeys answer the countdown.
type autoKeys struct{ Cancel key.Binding }

func newAutoRollback() *autoRollback {
	return &autoRollback{keys: autoKeys{
		Cancel: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cancel automatic rollback")),
	}}
}

// armed reports whether the countdown runs.
func (a *autoRollback) armed() bool { return !a.deadline.IsZero() }

// left says how long until the rollback starts, in whole seconds.
func (a *autoRollback) left() string {
	d := a.deadline.Sub(a.now)
	if d < 0 {
		d = 0
	}
	return fmtClock(d.Round(time.Second))
}

// sync follows the state: it arms the countdown on a new recommendation,
// disarms it when the recommendation is gone, and fires at the deadline.
func (a *autoRollback) sync(st *launch.State, rb *runbook.Runbook, now time.Time, canAct bool, send func(launch.Command)) {
	a.now = now
	rec := st.Monitor.Recommended
	on := canAct && rb != nil && rb.Monitor != nil && rb.Monitor.AutoRollback
	if !on || rec == "" || st.Monitor.Verdict != "" || st.Rollback {
		a.deadline = time.Time{}
		return
	}
	if rec == a.cancelled || rec == a.fired {
		return
	}
	if !a.armed() {
		delay := rb.Monitor.AutoRollbackDelay
		a.deadline = now.Add(delay)
		send(launch.Command{Kind: launch.CmdNote, Text: "automatic rollback in " + fmtDur(delay) + " unless cancelled: " + rec})
		return
	}
	if !now.Before(a.deadline) {
		a.deadline = time.Time{}
		a.fired = rec
		send(launch.Command{Kind: launch.CmdRollback, Reason: "automatic rollback (monitor.auto_rollback): " + rec})
	}
}

// cancel stops the countdown for the current recommendation.
func (a *autoRollback) cancel(st *launch.State, send func(launch.Command)) {
	if !a.armed() {
		return
	}
	a.deadline = time.Time{}
	a.cancelled = st.Monitor.Recommended
	send(launch.Command{Kind: launch.CmdNote, Text: "automatic rollback cancelled by the driver: " + st.Monitor.Recommended})
}
