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
		return bindings{short: []key.Binding{k.modal.Unfocus}}
	case modeGate:
		view = []key.Binding{k.gate.Go, k.gate.NoGo, k.gate.Override, k.gate.Rerun, k.gate.Waive}
	case modeMonitor:
		view = []key.Binding{k.monitor.End, k.monitor.Extend}
	case modeNormal:
		view = m.stepHelp()
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

// stepHelp lists the keys of the selected step's situation.
func (m *Model) stepHelp() []key.Binding {
	it := m.selected()
	sk := m.keys.step
	if it == nil {
		return nil
	}
	if m.waitingDecision(it) {
		switch m.menuKind(it) {
		case menuTimeout:
			return []key.Binding{sk.Wait, sk.Stop}
		case menuInterrupted:
			return []key.Binding{sk.Retry, sk.Done, sk.Back}
		case menuRollback:
			return []key.Binding{sk.Retry, sk.Skip, sk.Abort}
		}
		return []key.Binding{sk.Retry, sk.Skip, sk.Back, sk.Abort}
	}
	switch it.Waiting {
	case "confirm":
		return []key.Binding{sk.Confirm}
	case "manual":
		return []key.Binding{sk.Tick, sk.Next}
	}
	if m.interactive(it) {
		return []key.Binding{sk.Focus}
	}
	return nil
}

// fullHelp is the ? screen.
func (m *Model) fullHelp(w int) string {
	h := m.help
	h.Width = w
	h.ShowAll = true
	return m.styles.bold.Render("Keys (any key closes)") + "\n\n" + h.View(m.helpKeys())
}
