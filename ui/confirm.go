package ui

import tea "github.com/charmbracelet/bubbletea"

// confirm is an open y/n question.
type confirm struct {
	question string
	yes      func() tea.Cmd
	quit     bool // the question is "quit?", withdrawn when the launch ends
}

// askYesNo opens a y/n question; yes runs only on y.
func (m *Model) askYesNo(q string, yes func() tea.Cmd) {
	m.confirm = &confirm{question: q, yes: yes}
	m.modal = modeConfirm
}

func (m *Model) confirmKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case keyIs(k, m.keys.modal.Yes):
		c := m.confirm
		m.closeModal()
		return c.yes()
	case keyIs(k, m.keys.modal.No), k.Type == tea.KeyCtrlC:
		m.closeModal()
	}
	return nil
}

func (m *Model) confirmView() string {
	return m.styles.warn.Render(m.confirm.question) + "  " + m.styles.bold.Render("[y/n]")
}

// askQuit leaves at once when nothing runs; while a launch runs it asks,
// saying what leaving does to it.
func (m *Model) askQuit() tea.Cmd {
	if !m.running() || m.o.ReadOnly {
		return m.quit()
	}
	q := "Quit? The launch will stop at a safe point and stay resumable."
	if it := m.runningStep(); it != nil {
		q = "Quit? Step " + clean(it.ID) + " is running: golive will stop it; the launch stays resumable."
	}
	m.askYesNo(q, m.quit)
	m.confirm.quit = true
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.out.Close()
	return tea.Quit
}
