package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

func keyIs(k tea.KeyMsg, b key.Binding) bool { return key.Matches(k, b) }

// mode returns where keys go now: an open modal first, then the view.
func (m *Model) mode() mode {
	if m.modal != modeNormal {
		return m.modal
	}
	if m.paneSearching() {
		return modeSearch
	}
	return m.view()
}

// view returns the view the body shows: the gate, monitor and summary
// screens appear by themselves in their phase; the operator may toggle
// back to the steps (m or tab).
func (m *Model) view() mode {
	if m.showSteps {
		return modeNormal
	}
	switch {
	case !m.running() && !m.st.Finished.IsZero():
		return modeSummary
	case m.st.Phase == launch.PhaseMonitor:
		return modeMonitor
	case m.st.Phase == launch.PhaseGate && m.st.Gate.Open:
		return modeGate
	}
	return modeNormal
}

// onKey routes a key by mode. Modal modes take every key; otherwise the
// global keys come first, then the view's, then the output pane's.
func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	switch m.mode() {
	case modePrompt, modeConfirm:
		return m.questionKey(k)
	case modeFocus:
		return m.focusKey(k)
	case modeSearch:
		return m.paneKey(k)
	case modeHelp:
		if keyIs(k, m.keys.global.Quit) {
			m.closeModal()
			return m.askQuit()
		}
		m.closeModal()
		return nil
	}
	if handled, cmd := m.globalKey(k); handled {
		return cmd
	}
	var handled bool
	var cmd tea.Cmd
	switch m.view() {
	case modeGate:
		handled, cmd = m.gate.update(m.frame(), k)
	case modeMonitor:
		handled, cmd = m.monitor.update(m.frame(), k)
	case modeNormal:
		handled, cmd = m.steps.update(m.frame(), k)
	}
	if handled || m.tooSmall() {
		// The compact view shows no pane: its keys would act unseen.
		return cmd
	}
	return m.paneKey(k)
}

// globalKey handles the keys that work in every view.
func (m *Model) globalKey(k tea.KeyMsg) (bool, tea.Cmd) {
	g := m.keys.global
	switch {
	case keyIs(k, g.Quit):
		return true, m.askQuit()
	case keyIs(k, g.Help):
		m.modal = modeHelp
	case keyIs(k, g.Present):
		m.present = !m.present
	case keyIs(k, g.Toggle):
		m.toggleView()
	case keyIs(k, g.Follow):
		m.steps.followAgain(m.st)
	case keyIs(k, g.Hold):
		if m.canAct() && m.running() {
			m.send(launch.Command{Kind: launch.CmdHold, On: !m.st.Hold})
		}
	case keyIs(k, g.Note):
		if m.canAct() {
			m.ask("Note for the journal", "what happened", needText("a note"), func(s string) tea.Cmd {
				m.send(launch.Command{Kind: launch.CmdNote, Text: s})
				return nil
			})
		}
	case keyIs(k, m.auto.keys.Cancel) && m.auto.armed():
		m.auto.cancel(m.st, m.send)
	case keyIs(k, g.Rollback):
		if m.canAct() && m.canRollback() {
			m.askRollback()
		}
	default:
		return false, nil
	}
	return true, nil
}

// canAct reports whether keys may change the launch: never when watching.
func (m *Model) canAct() bool { return !m.o.ReadOnly && m.o.Send != nil }

// canRollback reports whether a rollback can start now: during the cutover
// or the monitor phase, and not twice.
func (m *Model) canRollback() bool {
	if m.st.Rollback || !m.running() {
		return false
	}
	return m.st.Phase == launch.PhaseCutover || m.st.Phase == launch.PhaseMonitor
}

func (m *Model) askRollback() {
	m.askYesNo(rollbackQuestion(m.st, m.o.Runbook), func() tea.Cmd {
		reason := "by the operator"
		if m.st.Monitor.Recommended != "" {
			reason = "recommended: " + m.st.Monitor.Recommended
		}
		m.send(launch.Command{Kind: launch.CmdRollback, Reason: reason})
		return nil
	})
}

// toggleView switches between the steps and the phase's own screen.
func (m *Model) toggleView() {
	if m.showSteps {
		m.showSteps = false
		return
	}
	if m.view() != modeNormal {
		m.showSteps = true
	}
}
