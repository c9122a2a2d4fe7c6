package fleet

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"golive/checks"
)

// The grid's colours match the cockpit's palette: adaptive, so light and
// dark terminals and NO_COLOR (where every host status keeps its own
// glyph) all stay readable.
var (
	colDim    = lipgloss.AdaptiveColor{Light: "#6b6b6b", Dark: "#8a8a8a"}
	colAccent = lipgloss.AdaptiveColor{Light: "#005fd7", Dark: "#5fafff"}
	colOK     = lipgloss.AdaptiveColor{Light: "#007a00", Dark: "#5fd75f"}
	colWarn   = lipgloss.AdaptiveColor{Light: "#b36b00", Dark: "#ffaf00"}
	colCrit   = lipgloss.AdaptiveColor{Light: "#c00000", Dark: "#ff5f5f"}
)

// styles are the grid's named styles, held by the model.
type styles struct {
	dim, accent, ok, warn, crit, bold, selected lipgloss.Style

	// heads are the coloured glyph and status word of a row, rendered
	// once for every status (running or not) so drawing a row styles
	// nothing.
	heads map[head]string
}

// head is the start of a row: the glyph and the status word.
type head struct {
	status  checks.HostStatus
	running bool
}

// text is the head unstyled, padded to the status column.
func (h head) text() string {
	mark, word := glyph(h.status), string(h.status)
	if h.running && !h.status.Bad() {
		mark = runningGlyph
		if h.status == checks.HostPending {
			word = "running"
		}
	}
	return mark + " " + word + strings.Repeat(" ", statusWidth-len(word))
}

func newStyles() styles {
	st := baseStyles()
	st.heads = map[head]string{}
	for _, s := range checks.HostStatuses {
		for _, running := range []bool{false, true} {
			h := head{s, running}
			style := st.status(s)
			if running && !s.Bad() {
				style = st.accent
			}
			st.heads[h] = style.Render(h.text())
		}
	}
	return st
}

func baseStyles() styles {
	return styles{
		dim:      lipgloss.NewStyle().Foreground(colDim),
		accent:   lipgloss.NewStyle().Foreground(colAccent),
		ok:       lipgloss.NewStyle().Foreground(colOK),
		warn:     lipgloss.NewStyle().Foreground(colWarn),
		crit:     lipgloss.NewStyle().Foreground(colCrit).Bold(true),
		bold:     lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Reverse(true),
	}
}

// glyph is the mark of a host status: each has its own shape.
func glyph(s checks.HostStatus) string {
	switch s {
	case checks.HostOK:
		return "✓"
	case checks.HostChanged:
		return "±"
	case checks.HostFailed:
		return "✗"
	case checks.HostUnreachable:
		return "⚠"
	case checks.HostSkipped:
		return "»"
	}
	return "○"
}

// runningGlyph marks a host a task is running on.
const runningGlyph = "●"

// status returns the style of a host status.
func (st styles) status(s checks.HostStatus) lipgloss.Style {
	switch s {
	case checks.HostOK:
		return st.ok
	case checks.HostChanged:
		return st.warn
	case checks.HostFailed, checks.HostUnreachable:
		return st.crit
	}
	return st.dim
}
