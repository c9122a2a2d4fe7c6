package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// prompt is an open text input: a question, a check of the answer and what
// to do with a good one. A flow of several questions (GO: name, then the
// typed confirmation) chains prompts from submit.
type prompt struct {
	title string
	input lineInput
	// check returns why an answer is refused, or "".
	check func(string) string
	// submit acts on a good answer and may open the next prompt.
	submit func(string) tea.Cmd
	err    string
}

// ask opens a prompt in the footer.
func (m *Model) ask(title, placeholder string, check func(string) string, submit func(string) tea.Cmd) {
	m.questions.ask(title, placeholder, check, submit)
	m.modal = modePrompt
}

// needText refuses an empty answer.
func needText(what string) func(string) string {
	return func(s string) string {
		if strings.TrimSpace(s) == "" {
			return what + " is required"
		}
		return ""
	}
}

// askReason asks for a reason (required), then calls do with it.
func (m *Model) askReason(title string, do func(reason string)) {
	m.ask(title, "reason", needText("a reason"), func(s string) tea.Cmd {
		do(strings.TrimSpace(s))
		return nil
	})
}

// questionKey hands k to the open question; once it is answered or
// dismissed (and the answer opened no next one), keys go to the view
// again.
func (m *Model) questionKey(k tea.KeyMsg) tea.Cmd {
	cmd := m.questions.update(k)
	if !m.questions.isOpen() && (m.modal == modePrompt || m.modal == modeConfirm) {
		m.modal = modeNormal
	}
	return cmd
}

// closeModal ends any prompt, question or focus.
func (m *Model) closeModal() {
	m.modal = modeNormal
	m.questions.close()
}
