package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// onEvent folds e into the cockpit's own state and reacts to what the
// operator must see at once: the monitor view when the soak starts, the
// selection following the running item, the end of the launch.
func (m *Model) onEvent(e launch.Event) tea.Cmd {
	m.st.Apply(e)
	switch e.Type {
	case launch.MonitorStarted:
		m.steps = false
	case launch.PhaseStarted:
		m.steps = false
	case launch.LaunchFinished:
		m.steps = false
		if m.modal == modeConfirm && m.confirm != nil && m.confirm.quit {
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
	if p := len(m.st.Monitor.Probes); m.probeSel >= p {
		m.probeSel = max(0, p-1)
	}
	if c := len(m.preflight()); m.gateSel >= c {
		m.gateSel = max(0, c-1)
	}
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

// preflight returns the pre-flight checks, in order.
func (m *Model) preflight() []*launch.Item {
	var out []*launch.Item
	for _, it := range m.st.Items {
		if it.Phase == launch.PhasePreflight {
			out = append(out, it)
		}
	}
	return out
}
