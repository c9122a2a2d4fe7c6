package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// focusKey sends the key to the interactive step as the bytes a terminal
// would send. Esc or ctrl-] gives the keyboard back to the cockpit.
func (m *Model) focusKey(k tea.KeyMsg) tea.Cmd {
	if keyIs(k, m.keys.unfocus) {
		m.closeModal()
		return nil
	}
	it := m.selected()
	if it == nil || it.Status != launch.StatusRunning {
		// The step ended: nothing is listening any more.
		m.closeModal()
		return nil
	}
	if b := keyBytes(k); len(b) > 0 {
		m.send(launch.Command{Kind: launch.CmdInput, ID: it.ID, Data: b})
	}
	return nil
}

// keyBytes encodes a key as terminal input.
func keyBytes(k tea.KeyMsg) []byte {
	switch k.Type {
	case tea.KeyRunes:
		b := []byte(string(k.Runes))
		if k.Alt {
			b = append([]byte{0x1b}, b...)
		}
		return b
	case tea.KeySpace:
		return []byte{' '}
	case tea.KeyEnter:
		return []byte{'\r'}
	case tea.KeyBackspace:
		return []byte{0x7f}
	case tea.KeyTab:
		return []byte{'\t'}
	case tea.KeyUp:
		return []byte("\x1b[A")
	case tea.KeyDown:
		return []byte("\x1b[B")
	case tea.KeyRight:
		return []byte("\x1b[C")
	case tea.KeyLeft:
		return []byte("\x1b[D")
	case tea.KeyDelete:
		return []byte("\x1b[3~")
	}
	// Control keys (ctrl+a .. ctrl+z, ctrl+c included) are their own byte.
	if k.Type >= 0 && k.Type < 0x20 {
		return []byte{byte(k.Type)}
	}
	return nil
}

// focus gives the keyboard to the selected interactive step.
func (m *Model) focus() { m.modal = modeFocus }
