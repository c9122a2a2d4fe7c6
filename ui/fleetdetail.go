package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/ui/fleet"
)

// Sizes of the host grid in a fleet step's detail.
const (
	// fleetChrome is the grid's summary and column header.
	fleetChrome = 2
	// minFleetRows is the fewest host rows the grid gets.
	minFleetRows = 3
)

// fleetPanel is the host grid of the selected fleet step, shown in the
// step's detail above its output pane. The operator focuses it (H) to
// move through the hosts and open one host's task results; Esc gives the
// keys back to the step list.
type fleetPanel struct {
	grid    fleet.Model
	id      string // the step whose hosts the grid shows
	focused bool
	keys    fleetKeys
}

// fleetKeys are the step view's keys for the grid.
type fleetKeys struct {
	Focus, Leave key.Binding
}

func newFleetPanel() *fleetPanel {
	return &fleetPanel{grid: fleet.New(), keys: fleetKeys{
		Focus: key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "browse hosts")),
		Leave: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the hosts")),
	}}
}

// lines draws the grid of it (nothing for a step that is not a fleet
// step) in width w, using at most half of the screen height h.
func (p *fleetPanel) lines(f frame, it *launch.Item, w, h int) []string {
	if it == nil || it.Fleet == nil {
		p.focused = false
		return nil
	}
	if it.ID != p.id {
		p.id, p.grid, p.focused = it.ID, fleet.New(), false
	}
	rows := min(len(it.Fleet.Hosts), max(h/2-fleetChrome, minFleetRows))
	p.grid.SetSize(w, rows+fleetChrome)
	p.grid.SetFleet(it.Fleet, f.now)
	out := []string{p.grid.View()}
	switch {
	case p.focused && p.grid.Browsing():
		out = append(out, f.s.dim.Render("esc back to the hosts"))
	case p.focused:
		out = append(out, f.s.dim.Render("↑/↓ host  enter its tasks  esc leave the hosts"))
	default:
		// Browsing changes nothing, so watchers may browse too.
		out = append(out, f.s.dim.Render("H browse the hosts"))
	}
	return out
}

// key handles a key while the grid may take it: H focuses the grid of a
// fleet step; while focused every key goes to the grid, and Esc (when no
// host is open) gives the keys back.
func (p *fleetPanel) key(it *launch.Item, k tea.KeyMsg) bool {
	if it == nil || it.Fleet == nil || it.ID != p.id {
		p.focused = false
		return false
	}
	if !p.focused {
		if key.Matches(k, p.keys.Focus) {
			p.focused = true
			return true
		}
		return false
	}
	if key.Matches(k, p.keys.Leave) && !p.grid.Browsing() {
		p.focused = false
		return true
	}
	p.grid, _ = p.grid.Update(k)
	return true
}

// helpKeys are the grid's keys as the help shows them.
func (p *fleetPanel) helpKeys(it *launch.Item) []key.Binding {
	if it == nil || it.Fleet == nil {
		return nil
	}
	if p.focused {
		return append(p.grid.Keys().ShortHelp(), p.keys.Leave)
	}
	return []key.Binding{p.keys.Focus}
}
