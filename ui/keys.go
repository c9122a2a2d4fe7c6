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
	unfocus key.Binding // gives the keyboard back from an interactive step
}

func newKeyMap() keyMap {
	return keyMap{newGlobalKeys(), newModalKeys().Unfocus}
}
