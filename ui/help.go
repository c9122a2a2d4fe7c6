package ui

import "github.com/charmbracelet/bubbles/key"

// bindings adapts a list of key bindings to bubbles help.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }

// helpKeys are the keys that work in the current mode and view.
func (m *Model) helpKeys() bindings {
	g, k := m.keys.global, m.keys
	common := []key.Binding{g.Up, g.Down, g.Toggle, g.Present, g.Help, g.Quit}
	act := []key.Binding{g.Hold, g.Note, g.Rollback, g.Follow}
	if !m.canAct() {
		act = []key.Binding{g.Follow}
	}
	var view []key.Binding
	md := m.mode()
	if md == modeHelp {
		md = m.view()
	}
	switch md {
	case modeFocus:
		return bindings{short: []key.Binding{k.unfocus}}
	case modeGate:
		view = m.gate.helpKeys()
	case modeMonitor:
		view = m.monitor.helpKeys()
	case modeNormal:
		view = m.steps.helpKeys(m.frame())
		if pm := m.currentPane(); pm != nil {
			// The output pane's own keys, as the cockpit rebound them.
			common = append(common, pm.Keys.ShortHelp()...)
		}
	}
	if !m.canAct() {
		view = nil
	}
	short := append(append([]key.Binding{}, view...), g.Help, g.Quit)
	return bindings{short: short, full: [][]key.Binding{view, act, common}}
}

// fullHelp is the ? screen.
func (m *Model) fullHelp(w int) string {
	h := m.help
	h.Width = w
	h.ShowAll = true
	return m.styles.bold.Render("Keys (any key closes)") + "\n\n" + h.View(m.helpKeys())
}
