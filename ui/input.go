package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// lineInput is a one-line text input: typing appends, Backspace deletes,
// ctrl+u clears, pastes are taken whole (control runes dropped). The
// cursor stays at the end: answers here are short (a name, a reason).
type lineInput struct {
	value       []rune
	placeholder string
	width       int
	limit       int
}

func (in *lineInput) Value() string { return string(in.value) }

func (in *lineInput) update(k tea.KeyMsg) {
	switch k.Type {
	case tea.KeyRunes, tea.KeySpace:
		for _, r := range clean(string(k.Runes)) {
			if in.limit > 0 && len(in.value) >= in.limit {
				break
			}
			in.value = append(in.value, r)
		}
		if k.Type == tea.KeySpace && len(k.Runes) == 0 {
			in.value = append(in.value, ' ')
		}
	case tea.KeyBackspace, tea.KeyCtrlH:
		if n := len(in.value); n > 0 {
			in.value = in.value[:n-1]
		}
	case tea.KeyCtrlU:
		in.value = in.value[:0]
	case tea.KeyCtrlW:
		s := strings.TrimRight(string(in.value), " ")
		if i := strings.LastIndex(s, " "); i >= 0 {
			in.value = []rune(s[:i+1])
		} else {
			in.value = in.value[:0]
		}
	}
}

// view draws the prompt sign, the tail of the value that fits, and a block
// cursor.
func (in *lineInput) view(st styles) string {
	v := string(in.value)
	if v == "" {
		return "> █" + st.dim.Render(in.placeholder)
	}
	room := max(1, in.width-3)
	if ansi.StringWidth(v) > room {
		v = ansi.TruncateLeft(v, ansi.StringWidth(v)-room, "…")
	}
	return "> " + v + "█"
}
