package pane

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the pane's keys. The cockpit shows them through bubbles help
// (ShortHelp, FullHelp) and may rebind them; none of them is `q` or `?`,
// which belong to the cockpit.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Follow   key.Binding
	Search   key.Binding
	Next     key.Binding
	Prev     key.Binding
	Pager    key.Binding
	// Confirm and Cancel end a search prompt.
	Confirm key.Binding
	Cancel  key.Binding
}

// DefaultKeyMap returns the pane's standard keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b", "ctrl+u"), key.WithHelp("pgup/b", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "ctrl+d"), key.WithHelp("pgdn/space", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "top")),
		Follow:   key.NewBinding(key.WithKeys("end", "G", "f"), key.WithHelp("f/end", "follow")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Next:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		Prev:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Pager:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open log in $PAGER")),
		Confirm:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		Cancel:   key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the one-line help of the pane.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Follow, k.Search, k.Pager}
}

// FullHelp is the pane's keys in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Top, k.Follow},
		{k.Search, k.Next, k.Prev, k.Pager},
	}
}
