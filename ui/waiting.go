package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"golive/launch"
)

// The words that open the waiting line (CONTRACT): the driver reads them
// whatever is selected; a watcher reads who the launch waits on instead.
const (
	waitingForYou    = "waiting for you:"
	waitingForDriver = "waiting for the driver:"
)

// wait is what the launch waits on a person for, if anything: the item
// (nil for the gate or a rollback recommendation), how to name it, and the
// keys that answer it.
type wait struct {
	item *launch.Item
	what string
	keys []key.Binding
}

// waitingOn returns what st waits on a person for, or ok false. It is the
// one place that knows every kind of wait, so the waiting line, the
// footer, the compact view and the presentation mode agree.
func waitingOn(st *launch.State, sk stepKeys, gk gateKeys, g globalKeys, ar *autoRollback) (wait, bool) {
	if ar != nil && ar.armed() {
		return wait{what: "automatic rollback in " + ar.left() + " (" + recommendation(st) + ")",
			keys: []key.Binding{ar.keys.Cancel, g.Rollback}}, true
	}
	if st.Monitor.Recommended != "" && st.Monitor.Verdict == "" && !st.Rollback {
		return wait{what: "rollback recommended (" + recommendation(st) + ")",
			keys: []key.Binding{g.Rollback}}, true
	}
	if st.Phase == launch.PhaseGate && st.Gate.Open && st.Gate.Decision == "" {
		return wait{what: "the go/no-go gate", keys: []key.Binding{gk.Go, gk.NoGo}}, true
	}
	if it := decisionItem(st); it != nil {
		return wait{item: it, what: itemName(it) + " (" + menuTitle(it) + ")", keys: menuKeys(sk, it)}, true
	}
	for _, it := range st.Items {
		if it.Status != launch.StatusWaiting || !listed(st, it) {
			continue
		}
		switch it.Waiting {
		case "confirm":
			return wait{item: it, what: itemName(it) + " (confirm)", keys: []key.Binding{sk.Confirm}}, true
		case "manual":
			return wait{item: it, what: itemName(it) + " (checklist " + tickCount(it) + ")",
				keys: []key.Binding{sk.Tick, sk.Untick, sk.Next}}, true
		case "hold":
			return wait{item: it, what: itemName(it) + " (held before it)", keys: []key.Binding{g.Hold}}, true
		}
	}
	return wait{}, false
}

// itemName is how the cockpit names an item: its name, else its id.
func itemName(it *launch.Item) string {
	if n := clean(it.Name); n != "" {
		return n
	}
	return clean(it.ID)
}

// tickCount is "ticked/all" of a checklist.
func tickCount(it *launch.Item) string {
	n := 0
	for i := range it.Manual {
		if ticked(it, i) {
			n++
		}
	}
	return strconv.Itoa(n) + "/" + strconv.Itoa(len(it.Manual))
}

// waitLine draws the waiting line, or "" when nothing waits on a person.
// A driver sees the keys that answer; a watcher only what the launch waits
// on, since no key of theirs answers it.
func (m *Model) waitLine(w int) string {
	what, keys := m.waitParts()
	if what == "" {
		return ""
	}
	if keys != "" {
		what += "  " + keys
	}
	return trunc(what, w)
}

// waitParts are the waiting line's two halves, styled: what waits, and
// the keys that answer it ("" for a watcher). what is "" when nothing
// waits on a person.
func (m *Model) waitParts() (what, keys string) {
	wt, ok := m.waiting()
	if !ok {
		return "", ""
	}
	s := m.styles
	if !m.canAct() {
		return s.bold.Render(waitingForDriver) + " " + wt.what, ""
	}
	var ks []string
	for _, b := range wt.keys {
		h := b.Help()
		ks = append(ks, h.Key+" "+h.Desc)
	}
	return s.loud(s.selected, waitingForYou) + " " + s.bold.Render(wt.what), s.warn.Render(strings.Join(ks, " · "))
}

// waiting is waitingOn for this cockpit's state and keys.
func (m *Model) waiting() (wait, bool) {
	return waitingOn(m.st, m.steps.keys, m.gate.keys, m.keys.global, m.auto)
}

// recommendation is the monitor's rollback recommendation with the probe
// named by its name, not its id ("Health latency: 3 critical samples").
func recommendation(st *launch.State) string {
	rec := st.Monitor.Recommended
	for _, p := range st.Monitor.Probes {
		if p.Name == "" || p.Name == p.ID {
			continue
		}
		if rec == p.ID {
			return clean(p.Name)
		}
		if rest, ok := strings.CutPrefix(rec, p.ID+": "); ok {
			return clean(p.Name + ": " + rest)
		}
	}
	return clean(rec)
}
