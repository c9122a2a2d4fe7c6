package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// confirm is an open y/n question.
type confirm struct {
	question string
	yes      func() tea.Cmd
	quit     bool // the question is "quit?", withdrawn when the launch ends
}

// askYesNo opens a y/n question; yes runs only on y.
func (m *Model) askYesNo(q string, yes func() tea.Cmd) {
	m.questions.askYesNo(q, yes)
	m.modal = modeConfirm
}

// askQuit leaves at once when nothing runs; while a launch runs it asks,
// saying what leaving does to it.
func (m *Model) askQuit() tea.Cmd {
	if !m.running() || m.o.ReadOnly {
		return m.quit()
	}
	q := "Quit? The launch will stop at a safe point and stay resumable."
	if m.st.Phase == launch.PhaseGate && m.st.Gate.Open {
		q = "Quit? Nothing has been switched: the gate stays undecided, and golive run --resume comes back to it."
	} else if it := runningStep(m.st); it != nil {
		q = "Quit? Step " + clean(it.ID) + " is running: golive will stop it; the launch stays resumable."
	}
	m.askYesNo(q, m.quit)
	m.questions.confirm.quit = true
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.out.Close()
	return tea.Quit
}
