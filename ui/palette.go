package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// The palette is the only place colours are chosen. Every style of the
// cockpit derives from these few adaptive colours, so a light terminal, a
// dark one and NO_COLOR (where lipgloss drops colour and keeps bold and
// reverse) all stay readable.
var (
	colFg     = lipgloss.AdaptiveColor{Light: "#1a1a1a", Dark: "#e6e6e6"}
	colDim    = lipgloss.AdaptiveColor{Light: "#6b6b6b", Dark: "#8a8a8a"}
	colAccent = lipgloss.AdaptiveColor{Light: "#005fd7", Dark: "#5fafff"}
	colOK     = lipgloss.AdaptiveColor{Light: "#007a00", Dark: "#5fd75f"}
	colWarn   = lipgloss.AdaptiveColor{Light: "#b36b00", Dark: "#ffaf00"}
	colCrit   = lipgloss.AdaptiveColor{Light: "#c00000", Dark: "#ff5f5f"}
	colBadge  = lipgloss.AdaptiveColor{Light: "#ffffff", Dark: "#000000"}
)

// styles are the named base styles; views derive everything else from
// them. They are values held by the model, never package globals that a
// view could change under another.
type styles struct {
	base     lipgloss.Style
	dim      lipgloss.Style
	bold     lipgloss.Style
	accent   lipgloss.Style
	ok       lipgloss.Style
	warn     lipgloss.Style
	crit     lipgloss.Style
	selected lipgloss.Style
	badge    lipgloss.Style
	banner   lipgloss.Style
	border   lipgloss.Style
	title    lipgloss.Style
}

func newStyles() styles {
	base := lipgloss.NewStyle().Foreground(colFg)
	return styles{
		base:     base,
		dim:      lipgloss.NewStyle().Foreground(colDim),
		bold:     base.Bold(true),
		accent:   lipgloss.NewStyle().Foreground(colAccent),
		ok:       lipgloss.NewStyle().Foreground(colOK),
		warn:     lipgloss.NewStyle().Foreground(colWarn).Bold(true),
		crit:     lipgloss.NewStyle().Foreground(colCrit).Bold(true),
		selected: lipgloss.NewStyle().Reverse(true),
		badge:    lipgloss.NewStyle().Foreground(colBadge).Background(colWarn).Bold(true).Padding(0, 1),
		banner:   lipgloss.NewStyle().Foreground(colBadge).Background(colCrit).Bold(true).Padding(0, 1),
		border:   lipgloss.NewStyle().Foreground(colDim),
		title:    lipgloss.NewStyle().Foreground(colAccent).Bold(true),
	}
}

// pick draws a selected row: reverse video, and a › in its first cell
// so the selection stays visible when NO_COLOR drops every attribute.
func (s styles) pick(row string) string {
	plain := ansi.Strip(row)
	if strings.HasPrefix(plain, " ") {
		plain = "›" + plain[1:]
	}
	return s.selected.Render(plain)
}

// level picks the style of a severity word: ok, warn or crit.
func (s styles) level(l string) lipgloss.Style {
	switch l {
	case "warn":
		return s.warn
	case "crit":
		return s.crit
	case "ok":
		return s.ok
	}
	return s.base
}
