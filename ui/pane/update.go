package pane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// PagerClosedMsg says the pager opened on a step's log has ended.
type PagerClosedMsg struct {
	ID  string
	Err error
}

// Update handles keys (when the cockpit routes them here), mouse wheel,
// and the pane's own messages. It re-arms the output wait on every
// OutputMsg of its ID, unless the pane is hidden (see SetHidden).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case OutputMsg:
		if msg.ID != m.ID || msg.Closed {
			return m, nil
		}
		if m.hidden {
			// Nobody sees this pane: wait again only once it is shown,
			// so a step flooding in the background costs no frames.
			m.parked = true
			return m, nil
		}
		return m, m.waitOutput()
	case PagerClosedMsg:
		if msg.ID == m.ID && msg.Err != nil {
			m.status = "pager: " + msg.Err.Error()
		}
		return m, nil
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.scrollUp(3)
		case tea.MouseButtonWheelDown:
			m.scrollDown(3)
		}
		return m, nil
	case tea.KeyMsg:
		if m.mode == modeSearch {
			return m.searchKey(msg)
		}
		return m.normalKey(msg)
	}
	return m, nil
}

func (m Model) normalKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	page := max(m.contentRows()-1, 1)
	switch {
	case key.Matches(msg, m.Keys.Up):
		m.scrollUp(1)
	case key.Matches(msg, m.Keys.Down):
		m.scrollDown(1)
	case key.Matches(msg, m.Keys.PageUp):
		m.scrollUp(page)
	case key.Matches(msg, m.Keys.PageDown):
		m.scrollDown(page)
	case key.Matches(msg, m.Keys.Top):
		m.buf.with(func(s *Screen) { m.top, m.topRow = s.First(), 0 })
		m.follow = false
	case key.Matches(msg, m.Keys.Follow):
		m.follow = true
	case key.Matches(msg, m.Keys.Search):
		m.mode = modeSearch
		m.input = nil
		m.status = ""
	case key.Matches(msg, m.Keys.Next):
		m.findNext(1)
	case key.Matches(msg, m.Keys.Prev):
		m.findNext(-1)
	case key.Matches(msg, m.Keys.Pager):
		return m, m.openPager()
	}
	return m, nil
}

func (m Model) searchKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.Keys.Confirm):
		m.mode = modeNormal
		m.query = string(m.input)
		m.match = -1
		if m.query != "" {
			m.findFirst()
		}
	case key.Matches(msg, m.Keys.Cancel):
		m.mode = modeNormal
	case msg.Type == tea.KeyBackspace:
		if len(m.input) > 0 {
			m.input = m.input[:len(m.input)-1]
		}
	case msg.Type == tea.KeyRunes, msg.Type == tea.KeySpace:
		m.input = append(m.input, msg.Runes...)
		if msg.Type == tea.KeySpace && len(msg.Runes) == 0 {
			m.input = append(m.input, ' ')
		}
	}
	return m, nil
}
