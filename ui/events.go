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
		m.showSteps = false
	}
	if !now.finished.IsZero() && !now.finished.Equal(before.finished) {
		m.showSteps = false
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

// clampSelections keeps every cursor on something that exists.
func (m *Model) clampSelections() {
	m.steps.clamp(m.st)
	m.monitor.clamp(m.frame())
	m.gate.clamp(m.frame())
}

// selected returns the item selected in the steps view, or nil.
func (m *Model) selected() *launch.Item { return m.steps.selected(m.st) }

// followRunning moves the steps view's selection to the item that needs
// attention, while it follows.
func (m *Model) followRunning() { m.steps.followActive(m.st) }

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
