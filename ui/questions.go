package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// questions is the footer's open question: a text prompt or a y/n
// confirmation, at most one at a time. Screens open one through the root
// (see modals); while one is open it takes every key, and it closes
// itself when answered or dismissed.
type questions struct {
	keys    modalKeys
	prompt  *prompt  // an open text input
	confirm *confirm // an open y/n question
	width   int
}

func newQuestions() *questions { return &questions{keys: newModalKeys()} }

// isOpen reports whether a question waits for an answer.
func (q *questions) isOpen() bool { return q.prompt != nil || q.confirm != nil }

// setWidth is the footer's width; the input fits in it.
func (q *questions) setWidth(w int) {
	q.width = w
	if q.prompt != nil {
		q.prompt.input.width = max(10, w-2)
	}
}

// ask opens a text prompt, replacing any open question.
func (q *questions) ask(title, placeholder string, check func(string) string, submit func(string) tea.Cmd) {
	in := lineInput{placeholder: placeholder, limit: 500, width: max(10, q.width-2)}
	q.close()
	q.prompt = &prompt{title: title, input: in, check: check, submit: submit}
}

// askYesNo opens a y/n question, replacing any open question.
func (q *questions) askYesNo(question string, yes func() tea.Cmd) {
	q.close()
	q.confirm = &confirm{question: question, yes: yes}
}

// close drops the open question unanswered.
func (q *questions) close() { q.prompt, q.confirm = nil, nil }

// update takes a key for the open question.
func (q *questions) update(k tea.KeyMsg) tea.Cmd {
	switch {
	case q.prompt != nil:
		return q.promptKey(k)
	case q.confirm != nil:
		return q.confirmKey(k)
	}
	return nil
}

func (q *questions) promptKey(k tea.KeyMsg) tea.Cmd {
	p := q.prompt
	switch {
	case k.Type == tea.KeyEsc || k.Type == tea.KeyCtrlC:
		q.close()
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
		q.close()
		return p.submit(v)
	}
	p.input.update(k)
	p.err = ""
	return nil
}

func (q *questions) confirmKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, q.keys.Yes):
		c := q.confirm
		q.close()
		return c.yes()
	case key.Matches(k, q.keys.No), k.Type == tea.KeyCtrlC:
		q.close()
	}
	return nil
}

// view draws the open question, or "" when none is.
func (q *questions) view(s styles) string {
	switch {
	case q.prompt != nil:
		p := q.prompt
		lines := []string{s.bold.Render(p.title), p.input.view(s)}
		if p.err != "" {
			lines = append(lines, s.crit.Render(p.err))
		}
		return strings.Join(lines, "\n")
	case q.confirm != nil:
		// A question that says what will happen can be long (every
		// rollback command): it wraps, never cut, and [y/n] ends it.
		lines := wrapLines(q.confirm.question+"  [y/n]", max(q.width, 20), 12)
		for i, l := range lines {
			lines[i] = s.warn.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	return ""
}
