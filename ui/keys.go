package ui

import "github.com/charmbracelet/bubbles/key"

// globalKeys work in every non-modal view.
type globalKeys struct {
	Up, Down, Follow, Hold, Note, Rollback, Present, Toggle, Help, Quit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Follow:   key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "follow running")),
		Hold:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hold/release")),
		Note:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "note")),
		Rollback: key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "roll back")),
		Present:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "presentation")),
		Toggle:   key.NewBinding(key.WithKeys("m", "tab"), key.WithHelp("m/tab", "steps/monitor")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// stepKeys act on the selected step in the steps view.
type stepKeys struct {
	Confirm, Tick, Next, Focus, Retry, Skip, Back, Abort, Wait, Stop, Done key.Binding
}

func newStepKeys() stepKeys {
	return stepKeys{
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run step")),
		Tick:    key.NewBinding(key.WithKeys(" ", "enter"), key.WithHelp("space", "tick item")),
		Next:    key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "checklist item")),
		Focus:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "type into step")),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		Skip:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
		Back:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "roll back")),
		Abort:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "abort")),
		Wait:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wait longer")),
		Stop:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stop step")),
		Done:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark done")),
	}
}

// gateKeys act on the go/no-go gate.
type gateKeys struct {
	Go, NoGo, Override, Rerun, Waive key.Binding
}

func newGateKeys() gateKeys {
	return gateKeys{
		Go:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "GO")),
		NoGo:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "NO-GO")),
		Override: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "override window")),
		Rerun:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-run check")),
		Waive:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "waive check")),
	}
}

// monitorKeys act on the soak.
type monitorKeys struct {
	End, Extend key.Binding
}

func newMonitorKeys() monitorKeys {
	return monitorKeys{
		End:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "end soak early")),
		Extend: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "extend soak")),
	}
}

// modalKeys are shown while a prompt, confirmation or focus is open.
type modalKeys struct {
	Submit, Cancel, Yes, No, Unfocus key.Binding
}

func newModalKeys() modalKeys {
	return modalKeys{
		Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Yes:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:      key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no")),
		Unfocus: key.NewBinding(key.WithKeys("esc", "ctrl+]"), key.WithHelp("esc/ctrl+]", "give focus back")),
	}
}

// keyMap gathers every view's bindings; the model holds one.
type keyMap struct {
	global  globalKeys
	step    stepKeys
	gate    gateKeys
	monitor monitorKeys
	modal   modalKeys
}

func newKeyMap() keyMap {
	return keyMap{newGlobalKeys(), newStepKeys(), newGateKeys(), newMonitorKeys(), newModalKeys()}
}
