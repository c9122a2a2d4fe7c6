package ui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestFixedDrawsAsAdaptive checks that a colour resolved once per
// terminal draws exactly as the adaptive colour lipgloss would convert on
// every Render, for each colour profile and background.
func TestFixedDrawsAsAdaptive(t *testing.T) {
	colours := []lipgloss.AdaptiveColor{colFg, colDim, colAccent, colOK, colWarn, colCrit, colBadge,
		{Light: "#909090", Dark: "#626262"}, {Light: "#B2B2B2", Dark: "#4A4A4A"}, {Light: "#DDDADA", Dark: "#3C3C3C"}}
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			for _, c := range colours {
				want := r.NewStyle().Foreground(c).Background(c).Render("x")
				got := r.NewStyle().Foreground(fixed(r, c)).Background(fixed(r, c)).Render("x")
				if got != want {
					t.Errorf("profile %v, dark %v, %v: drew %q, want %q", p, dark, c, got, want)
				}
			}
		}
	}
}
