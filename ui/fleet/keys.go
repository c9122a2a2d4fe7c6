package fleet

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the grid's keys. None of them is `q` or `?`, which belong to
// the cockpit.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding // show the selected host's task results
	Back     key.Binding // back to the grid
}

// DefaultKeyMap returns the grid's standard keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous host")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next host")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b", "ctrl+u"), key.WithHelp("pgup/b", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "ctrl+d"), key.WithHelp("pgdn/space", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "host's tasks")),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back to hosts")),
	}
}

// ShortHelp is the one-line help of the grid.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Open, k.Back}
}

// FullHelp is the grid's keys in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Top, k.Bottom, k.Open, k.Back}}
}
