package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
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

	// r draws these styles for one terminal (its colour profile and
	// background), so views derive new styles from it, never from
	// lipgloss's global renderer.
	r *lipgloss.Renderer
	// mono is a terminal without colour, where lipgloss draws no
	// attribute at all.
	mono bool
}

// fixed resolves an adaptive colour once for r's terminal: its background
// picks Light or Dark, its colour profile the nearest colour it shows.
// Left adaptive, the colour would be converted on every Render, and
// finding the nearest of 16 or 256 colours (in a perceptual colour space)
// costs more than the rest of a frame: with twenty SSH sessions, a
// noticeable share of the machine.
func fixed(r *lipgloss.Renderer, c lipgloss.AdaptiveColor) lipgloss.TerminalColor {
	hex := c.Light
	if r.HasDarkBackground() {
		hex = c.Dark
	}
	switch v := r.ColorProfile().Color(hex).(type) {
	case termenv.ANSIColor:
		return lipgloss.ANSIColor(v)
	case termenv.ANSI256Color:
		return lipgloss.ANSIColor(v)
	case termenv.RGBColor:
		return lipgloss.Color(v)
	}
	return lipgloss.NoColor{}
}

// newStyles builds the styles for the terminal r draws on.
func newStyles(r *lipgloss.Renderer) styles {
	fg, dim, accent, ok := fixed(r, colFg), fixed(r, colDim), fixed(r, colAccent), fixed(r, colOK)
	warn, crit, onBadge := fixed(r, colWarn), fixed(r, colCrit), fixed(r, colBadge)
	base := r.NewStyle().Foreground(fg)
	banner := r.NewStyle().Foreground(onBadge).Background(crit).Bold(true).Padding(0, 1)
	badge := r.NewStyle().Foreground(onBadge).Background(warn).Bold(true).Padding(0, 1)
	mono := r.ColorProfile() == termenv.Ascii
	if mono {
		// The colours are gone, and so is every attribute lipgloss would
		// draw: loud adds reverse and bold itself.
		banner = r.NewStyle().Padding(0, 1)
		badge = r.NewStyle().Padding(0, 1)
	}
	return styles{
		base:     base,
		dim:      r.NewStyle().Foreground(dim),
		bold:     base.Bold(true),
		accent:   r.NewStyle().Foreground(accent),
		ok:       r.NewStyle().Foreground(ok),
		warn:     r.NewStyle().Foreground(warn).Bold(true),
		crit:     r.NewStyle().Foreground(crit).Bold(true),
		selected: r.NewStyle().Reverse(true),
		badge:    badge,
		banner:   banner,
		border:   r.NewStyle().Foreground(dim),
		title:    r.NewStyle().Foreground(accent).Bold(true),
		r:        r,
		mono:     mono,
	}
}

// SGR sequences for emphasis without colour: NO_COLOR forbids colour,
// not bold or reverse video.
const (
	sgrLoud  = "\x1b[1;7m"
	sgrReset = "\x1b[0m"
)

// loud draws text in st and, on a terminal without colour (NO_COLOR, a
// monochrome terminal), in reverse video and bold, so the banners nobody
// may miss (ROLLBACK RECOMMENDED, waiting for you) still stand out.
func (s styles) loud(st lipgloss.Style, text string) string {
	out := st.Render(text)
	if !s.mono {
		return out
	}
	return sgrLoud + out + sgrReset
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

// help returns the key help's styles, as bubbles' help.New makes them,
// but drawn by r.
func helpStyles(r *lipgloss.Renderer) help.Styles {
	key := r.NewStyle().Foreground(fixed(r, lipgloss.AdaptiveColor{Light: "#909090", Dark: "#626262"}))
	desc := r.NewStyle().Foreground(fixed(r, lipgloss.AdaptiveColor{Light: "#B2B2B2", Dark: "#4A4A4A"}))
	sep := r.NewStyle().Foreground(fixed(r, lipgloss.AdaptiveColor{Light: "#DDDADA", Dark: "#3C3C3C"}))
	return help.Styles{
		ShortKey: key, ShortDesc: desc, ShortSeparator: sep, Ellipsis: sep,
		FullKey: key, FullDesc: desc, FullSeparator: sep,
	}
}

// newHelp returns a key help drawn by r.
func newHelp(r *lipgloss.Renderer) help.Model {
	h := help.New()
	h.Styles = helpStyles(r)
	return h
}
