package fleet

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/checks"
)

// mode says what the grid shows: every host, or one host's task results.
type mode int

const (
	modeGrid mode = iota
	modeHost
)

// Minimum sizes below which the grid draws only what fits.
const (
	minWidth  = 20
	minHeight = 3
	// chromeGrid is the summary and the column header above the rows.
	chromeGrid = 2
	// chromeHost is the host's title and failure lines above its results.
	chromeHost = 2
	// maxNameWidth bounds the host column; longer names are cut.
	maxNameWidth = 28
)

// Model is the host grid component. The cockpit owns its size and feeds it
// fleet snapshots; the grid never changes a Fleet it is given.
type Model struct {
	keys   KeyMap
	st     styles
	fleet  *checks.Fleet
	now    time.Time
	width  int
	height int
	mode   mode

	cursor int // the selected host, an index into fleet.Hosts
	offset int // the first host row drawn
	scroll int // the first result drawn in host mode
	nameW  int // the host column's width, from the longest name
}

// New returns an empty grid with the default keys.
func New() Model {
	return Model{keys: DefaultKeyMap(), st: newStyles(), fleet: checks.NewFleet(), width: 80, height: 24}
}

// Keys returns the grid's keys, for the cockpit's help.
func (m Model) Keys() KeyMap { return m.keys }

// SetSize gives the grid its share of the screen.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 1), max(height, 1)
	m.clamp()
}

// SetFleet shows f (a snapshot the caller no longer changes) as of now,
// which times the hosts still running. The selection stays on the same
// host.
func (m *Model) SetFleet(f *checks.Fleet, now time.Time) {
	if f == nil {
		f = checks.NewFleet()
	}
	selected, had := m.Selected()
	if len(f.Hosts) != len(m.fleet.Hosts) {
		m.nameW = 0
		for _, h := range f.Hosts {
			m.nameW = max(m.nameW, len(h.Name))
		}
		m.nameW = min(max(m.nameW, len("HOST")), maxNameWidth)
	}
	m.fleet, m.now = f, now
	if had && (m.cursor >= len(f.Hosts) || f.Hosts[m.cursor].Name != selected) {
		for i, h := range f.Hosts {
			if h.Name == selected {
				m.cursor = i
				break
			}
		}
	}
	m.clamp()
}

// Selected names the selected host.
func (m Model) Selected() (string, bool) {
	if m.cursor < 0 || m.cursor >= len(m.fleet.Hosts) {
		return "", false
	}
	return m.fleet.Hosts[m.cursor].Name, true
}

// Init does nothing: the grid is driven by its parent.
func (m Model) Init() tea.Cmd { return nil }

// Update moves the selection and opens or closes a host's results.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	if m.mode == modeHost {
		m.updateHost(k)
		return m, nil
	}
	page := max(m.rows(), 1)
	switch {
	case key.Matches(k, m.keys.Up):
		m.cursor--
	case key.Matches(k, m.keys.Down):
		m.cursor++
	case key.Matches(k, m.keys.PageUp):
		m.cursor -= page
	case key.Matches(k, m.keys.PageDown):
		m.cursor += page
	case key.Matches(k, m.keys.Top):
		m.cursor = 0
	case key.Matches(k, m.keys.Bottom):
		m.cursor = len(m.fleet.Hosts) - 1
	case key.Matches(k, m.keys.Open):
		if _, ok := m.Selected(); ok {
			m.mode, m.scroll = modeHost, 0
		}
	}
	m.clamp()
	return m, nil
}

// updateHost scrolls a host's results, or goes back to the grid.
func (m *Model) updateHost(k tea.KeyMsg) {
	page := max(m.height-chromeHost, 1)
	switch {
	case key.Matches(k, m.keys.Back):
		m.mode = modeGrid
	case key.Matches(k, m.keys.Up):
		m.scroll--
	case key.Matches(k, m.keys.Down):
		m.scroll++
	case key.Matches(k, m.keys.PageUp):
		m.scroll -= page
	case key.Matches(k, m.keys.PageDown):
		m.scroll += page
	case key.Matches(k, m.keys.Top):
		m.scroll = 0
	case key.Matches(k, m.keys.Bottom):
		m.scroll = 1 << 30
	}
	m.clamp()
}

// rows is how many host rows fit.
func (m Model) rows() int { return max(m.height-chromeGrid, 0) }

// clamp keeps the selection on a host and in view.
func (m *Model) clamp() {
	n := len(m.fleet.Hosts)
	m.cursor = max(min(m.cursor, n-1), 0)
	rows := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if rows > 0 && m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = max(min(m.offset, n-rows), 0)
	if m.mode == modeHost {
		if _, ok := m.Selected(); !ok {
			m.mode = modeGrid
			return
		}
		results := len(m.fleet.Hosts[m.cursor].Results)
		m.scroll = max(min(m.scroll, results-(m.height-chromeHost)), 0)
	}
}

// View draws the grid (or the selected host's results) in exactly the
// given height.
func (m Model) View() string {
	var lines []string
	if m.mode == modeHost {
		lines = m.hostLines()
	} else {
		lines = m.gridLines()
	}
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	return strings.Join(lines[:m.height], "\n")
}
