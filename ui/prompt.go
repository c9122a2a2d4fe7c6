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

// ask opens a prompt.
func (m *Model) ask(title, placeholder string, check func(string) string, submit func(string) tea.Cmd) {
	in := lineInput{placeholder: placeholder, limit: 500, width: max(10, m.width-2)}
	m.prompt = &prompt{title: title, input: in, check: check, submit: submit}
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

func (m *Model) promptKey(k tea.KeyMsg) tea.Cmd {
	p := m.prompt
	switch {
	case k.Type == tea.KeyEsc || k.Type == tea.KeyCtrlC:
		m.closeModal()
		return nil
	case k.Type == tea.KeyEnter:
		v := p.input.Value()
		if p.check != nil {
			if msg := p.check(v); msg != "" {
				p.err = msg
				return nil
			}
		}
		// Close first: submit may open the next prompt of a flow.
		m.closeModal()
		return p.submit(v)
	}
	p.input.update(k)
	p.err = ""
	return nil
}

func (m *Model) promptView() string {
	p := m.prompt
	s := m.styles
	lines := []string{s.bold.Render(p.title), p.input.view(s)}
	if p.err != "" {
		lines = append(lines, s.crit.Render(p.err))
	}
	return strings.Join(lines, "\n")
}

// closeModal ends any prompt, question or focus.
func (m *Model) closeModal() {
	m.modal = modeNormal
	m.prompt = nil
	m.confirm = nil
}
