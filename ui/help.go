package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// bindings adapts a list of key bindings to bubbles help.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }

// helpKeys are the keys that work in the current mode and view.
func (m *Model) helpKeys() bindings {
	g, k := m.keys.global, m.keys
	common := []key.Binding{g.Up, g.Down, g.Toggle, g.Present, g.Help, g.Quit}
	act := []key.Binding{g.Hold, g.Note, g.Rollback, g.Follow}
	if !m.canAct() {
		act = []key.Binding{g.Follow}
	}
	var view []key.Binding
	md := m.mode()
	if md == modeHelp {
		md = m.view()
	}
	switch md {
	case modeFocus:
		return bindings{short: []key.Binding{k.unfocus}}
	case modeGate:
		view = m.gate.helpKeys(m.frame())
	case modeMonitor:
		view = m.monitor.helpKeys()
	case modeNormal:
		view = m.steps.helpKeys(m.frame())
		if pm := m.currentPane(); pm != nil {
			// The output pane's own keys, as the cockpit rebound them.
			common = append(common, pm.Keys.ShortHelp()...)
		}
	}
	if !m.canAct() {
		view = nil
	}
	short := append(append([]key.Binding{}, view...), g.Help, g.Quit)
	return bindings{short: short, full: [][]key.Binding{view, act, common}}
}

// fullHelp is the ? screen.
func (m *Model) fullHelp(w int) string {
	h := m.help
	h.Width = w
	h.ShowAll = true
	return m.styles.bold.Render("Keys (any key closes)") + "\n\n" + h.View(m.helpKeys()) +
		"\n\n" + m.styles.bold.Render("Marks and counters") + "\n" + strings.Join(legend(w), "\n")
}

// legendEntries explain every mark and counter the cockpit draws.
var legendEntries = []string{
	"● running", "◌ waiting for a person", "○ pending", "✓ passed or done", "✗ failed",
	"⚠ could not be evaluated", "» skipped", "~ waived", "◇ simulated (not run in a rehearsal)",
	"? interrupted (outcome unknown)", "↺ rolled back", "› the selected row",
	"2/5 attempt 2 of 5", "33ms/10ms took 33ms, expected 10ms (from the last run)",
	"(manual) a checklist, (confirm) waits for Enter, [bg] a background process",
	"warn 1 crit 3 samples at warning and critical level", "steady no breach so far",
}

// legend lays the entries out in columns that fit w.
func legend(w int) []string {
	colW := 0
	for _, e := range legendEntries {
		colW = max(colW, ansi.StringWidth(e)+3)
	}
	cols := max(1, w/colW)
	var out []string
	for i := 0; i < len(legendEntries); i += cols {
		var row string
		for j := i; j < min(i+cols, len(legendEntries)); j++ {
			e := legendEntries[j]
			row += e + strings.Repeat(" ", colW-ansi.StringWidth(e))
		}
		out = append(out, strings.TrimRight(row, " "))
	}
	return out
}
