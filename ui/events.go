package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// onEvent folds e into the cockpit's own state, for a cockpit fed event by
// event (tests, and callers without a relay), then reacts as to any other
// change of state.
func (m *Model) onEvent(e launch.Event) tea.Cmd {
	before := m.marks()
	m.st.Apply(e)
	return m.settle(before)
}

// onSnapshot takes st, pulled from the relay, as the cockpit's state and
// reacts to what changed since the last one.
func (m *Model) onSnapshot(st *launch.State) tea.Cmd {
	before := m.marks()
	m.st = st
	return m.settle(before)
}

// marks are the parts of the state whose change the cockpit reacts to.
// They are compared, not looked up by event type, so a view that skipped
// events (a slow one pulling the latest state) reacts all the same.
type marks struct {
	phase    launch.Phase
	monitor  time.Time // when the soak started
	finished time.Time // when the launch ended
}

func (m *Model) marks() marks {
	return marks{phase: m.st.Phase, monitor: m.st.Monitor.Started, finished: m.st.Finished}
}

// settle reacts to the change from before to now: a new phase (the soak
// included) shows that phase's own view, the end of the launch closes a
// question about quitting and, with --exit, leaves; the selection follows
// the running item.
func (m *Model) settle(before marks) tea.Cmd {
	now := m.marks()
	if now.phase != before.phase || !now.monitor.Equal(before.monitor) {
		m.steps = false
	}
	if !now.finished.IsZero() && !now.finished.Equal(before.finished) {
		m.steps = false
		if m.modal == modeConfirm && m.questions.confirm != nil && m.questions.confirm.quit {
			// The launch ended while the operator was asked: quitting no
			// longer stops anything.
			m.closeModal()
		}
		if m.o.ExitOnFinish {
			m.quitting = true
			m.out.Close()
			return tea.Quit
		}
	}
	m.followRunning()
	m.clampSelections()
	return nil
}

// listed reports whether it appears in the step list: probes live in the
// monitor view, and rollback steps appear once the rollback concerns them.
func (m *Model) listed(it *launch.Item) bool {
	switch it.Phase {
	case launch.PhaseMonitor:
		return false
	case launch.PhaseRollback:
		return m.st.Rollback || it.Status != launch.StatusPending
	}
	return true
}

// followRunning moves the selection to the item that needs attention
// (waiting for the operator first, then running) while follow is on.
func (m *Model) followRunning() {
	if !m.follow {
		return
	}
	if i := m.active(); i >= 0 {
		m.sel = i
	}
}

// active returns the index of the item that needs the operator or is
// running, or -1.
func (m *Model) active() int {
	running := -1
	for i, it := range m.st.Items {
		if !m.listed(it) {
			continue
		}
		if it.Status == launch.StatusWaiting || m.waitingDecision(it) {
			return i
		}
		if running < 0 && it.Status == launch.StatusRunning {
			running = i
		}
	}
	return running
}

// clampSelections keeps every cursor on something that exists.
func (m *Model) clampSelections() {
	n := len(m.st.Items)
	if m.sel >= n {
		m.sel = n - 1
	}
	if m.sel < 0 {
		m.sel = 0
	}
	if n > 0 && !m.listed(m.st.Items[m.sel]) {
		m.moveSel(1)
	}
	m.monitor.clamp(m.frame())
	m.gate.clamp(m.frame())
}

// moveSel moves the selection by d listed items; moving stops following.
func (m *Model) moveSel(d int) {
	for i := m.sel + d; i >= 0 && i < len(m.st.Items); i += d {
		if m.listed(m.st.Items[i]) {
			m.sel = i
			return
		}
	}
}

// selected returns the selected item, or nil before there is any.
func (m *Model) selected() *launch.Item {
	if m.sel < 0 || m.sel >= len(m.st.Items) {
		return nil
	}
	return m.st.Items[m.sel]
}

// preflightOf returns the pre-flight checks of st, in order.
func preflightOf(st *launch.State) []*launch.Item {
	var out []*launch.Item
	for _, it := range st.Items {
		if it.Phase == launch.PhasePreflight {
			out = append(out, it)
		}
	}
	return out
}
