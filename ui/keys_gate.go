package ui

import "github.com/charmbracelet/bubbles/key"

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
