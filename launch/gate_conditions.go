package launch

import (
	"fmt"
	"strings"
	"time"

	"golive/ballot"
	"golive/runbook"
)

// ConditionKind names one kind of thing the gate waits for.
type ConditionKind string

// The kinds of unmet gate conditions.
const (
	CondCheckFailed  ConditionKind = "check_failed"
	CondCheckRunning ConditionKind = "check_running"
	CondCheckStale   ConditionKind = "check_stale"
	CondWindow       ConditionKind = "window"
	CondFreeze       ConditionKind = "freeze"
	CondVotes        ConditionKind = "votes"
)

// Condition is one unmet gate condition, worded for a person. At carries
// the part that changes by the minute (the local time now), kept apart so
// that the engine journals the list again only when a condition changes.
type Condition struct {
	Kind ConditionKind
	Text string
	At   string
}

// String is the condition as the gate screen and the journal show it.
func (c Condition) String() string {
	if c.At == "" {
		return c.Text
	}
	return c.Text + " " + c.At
}

// gateView is what the gate's conditions are read from besides the fold.
type gateView struct {
	now      time.Time
	loc      *time.Location // the driver's local time zone
	rehearse bool           // the window and freezes are not enforced
	overrode bool           // --outside-window was given
	auto     bool           // a rehearsal with --yes needs no vote
	tally    ballot.Status
}

// gateConditions lists every unmet condition of the gate, in the order a
// person would clear them: checks, then the window and freezes, then the
// votes. An empty list means GO may happen now.
func gateConditions(st *State, rb *runbook.Runbook, v gateView) []Condition {
	var out []Condition
	for _, c := range rb.Preflight {
		it := st.Find(PhasePreflight, c.ID)
		switch {
		case it == nil:
		case it.Status == StatusFailed || it.Status == StatusError:
			out = append(out, Condition{Kind: CondCheckFailed, Text: fmt.Sprintf("check %s failed: %s (re-run it or waive it with a reason)", c.ID, reasonOr(it.Reason, string(it.Status)))})
		case it.Status == StatusRunning:
			out = append(out, Condition{Kind: CondCheckRunning, Text: fmt.Sprintf("check %s is running", c.ID)})
		}
	}
	if age := rb.Gate.MaxCheckAge; age > 0 {
		for _, c := range staleChecks(st, rb, v.now, age) {
			out = append(out, Condition{Kind: CondCheckStale, Text: fmt.Sprintf("check %s is older than gate.max_check_age %s: it runs again at GO", c.ID, age)})
		}
	}
	if !v.rehearse && !v.overrode && len(st.Gate.Overrides) == 0 {
		out = append(out, windowConditions(rb.Launch, v.now, v.loc)...)
	}
	if !v.auto && !v.tally.Open {
		out = append(out, Condition{Kind: CondVotes, Text: "votes: " + v.tally.Needs()})
	}
	return out
}

// windowConditions words a closed window or a freeze in force at now,
// with their times and the local time, or returns nil when GO is allowed.
func windowConditions(l runbook.Launch, now time.Time, loc *time.Location) []Condition {
	if loc == nil {
		loc = time.Local
	}
	at := "(local time now " + now.In(loc).Format("2006-01-02 15:04 MST") + ")"
	var out []Condition
	for _, f := range l.Freeze {
		if !now.Before(f.Start) && now.Before(f.End) {
			out = append(out, Condition{Kind: CondFreeze, Text: fmt.Sprintf("inside freeze %s (%s)", f.Reason, span(f.Start, f.End, loc)), At: at})
		}
	}
	if w := l.Window; w != nil && (now.Before(w.Start) || !now.Before(w.End)) {
		out = append(out, Condition{Kind: CondWindow, Text: "outside the deployment window " + span(w.Start, w.End, loc), At: at})
	}
	return out
}

// refusalWithTimes is the window or freeze refusal at now in the words
// scripts grep ("outside the deployment window", "inside freeze REASON"),
// followed by the times of what refuses and the local time.
func refusalWithTimes(l runbook.Launch, now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	why, _ := windowRefusal(l, now)
	if why == "" {
		return ""
	}
	at := "local time now " + now.In(loc).Format("2006-01-02 15:04 MST")
	for _, f := range l.Freeze {
		if !now.Before(f.Start) && now.Before(f.End) {
			return why + ": freeze " + span(f.Start, f.End, loc) + ", " + at
		}
	}
	return why + ": window " + span(l.Window.Start, l.Window.End, loc) + ", " + at
}

// span words a time range in the driver's zone.
func span(a, b time.Time, loc *time.Location) string {
	a, b = a.In(loc), b.In(loc)
	if a.Format("2006-01-02") == b.Format("2006-01-02") {
		return a.Format("2006-01-02 15:04") + "–" + b.Format("15:04 MST")
	}
	return a.Format("2006-01-02 15:04 MST") + " – " + b.Format("2006-01-02 15:04 MST")
}

// conditionLines are the conditions as GateWaiting journals them.
func conditionLines(cs []Condition) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.String())
	}
	return out
}

// sameConditions reports whether two lists say the same, the local time
// aside.
func sameConditions(a, b []Condition) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Kind != b[i].Kind || a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

// onlyVotes reports whether the votes are all the gate still waits for
// that needs a person: checks running or grown stale clear by themselves
// (stale ones run again at GO).
func onlyVotes(cs []Condition) bool {
	for _, c := range cs {
		if c.Kind != CondVotes && c.Kind != CondCheckStale && c.Kind != CondCheckRunning {
			return false
		}
	}
	return true
}

// joinConditions words a list in one line, for a headless refusal.
func joinConditions(cs []Condition) string {
	return strings.Join(conditionLines(cs), "; ")
}
