package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestRendererPerModel: each cockpit draws with its own renderer, so one
// terminal's colour profile (an SSH session's, say) changes neither the
// process's global profile nor another cockpit's colours.
func TestRendererPerModel(t *testing.T) {
	rb := loadRunbook(t, testRunbook)
	colour := lipgloss.NewRenderer(io.Discard)
	colour.SetColorProfile(termenv.TrueColor)
	colour.SetHasDarkBackground(true)
	a := NewModel(Options{Runbook: rb, Renderer: colour, Clock: func() time.Time { return t0 }})
	b := NewModel(Options{Runbook: rb, Clock: func() time.Time { return t0 }})
	for _, m := range []*Model{a, b} {
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	}
	if lipgloss.ColorProfile() != termenv.Ascii {
		t.Fatalf("building a cockpit changed the global colour profile to %v", lipgloss.ColorProfile())
	}
	if v := a.View(); !strings.Contains(v, "\x1b[38;2;") {
		t.Errorf("the true-colour cockpit drew no 24-bit colour:\n%q", v[:min(len(v), 300)])
	}
	if v := b.View(); strings.Contains(v, "\x1b[38;") {
		t.Errorf("the cockpit on the plain default renderer drew colour:\n%q", v[:min(len(v), 300)])
	}
}
