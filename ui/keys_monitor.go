package ui

import "github.com/charmbracelet/bubbles/key"

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
