package pane

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"golive/safe"
)

// MinWidth and MinHeight are the smallest size the pane draws at: one
// column of text and one row above the footer.
const (
	MinWidth  = 1
	MinHeight = 2
)

// mode routes keys: normal keys scroll, search keys edit the query.
type mode uint8

const (
	modeNormal mode = iota
	modeSearch
)

// Styles are the pane's looks; the cockpit derives them from its palette.
type Styles struct {
	Footer lipgloss.Style // the status line under the output
	Notice lipgloss.Style // the row saying earlier lines are only in the log
	Match  safe.Style     // search matches in the output
}

// DefaultStyles are faint chrome and reverse-video matches, which read
// well with and without colour.
func DefaultStyles() Styles {
	return Styles{
		Footer: lipgloss.NewStyle().Faint(true),
		Notice: lipgloss.NewStyle().Faint(true).Italic(true),
		Match:  safe.Style{Attrs: safe.Reverse},
	}
}

// Model is the output pane of one step: a bubbletea component the cockpit
// embeds (not a program). It follows the output by default; scrolling up
// stops following, and f or End resumes. The cockpit routes keys to it
// when the pane has focus, and every OutputMsg with its ID.
type Model struct {
	// ID is the step's id; OutputMsg and PagerClosedMsg of other ids are
	// ignored.
	ID string
	// LogPath is the step's full log, opened in $PAGER and named when the
	// ring has dropped lines.
	LogPath string
	Keys    KeyMap
	Styles  Styles
	// Frame is the shortest time between two redraws for new output;
	// FrameInterval when zero. A cockpit drawn for many people over the
	// network (golive serve) takes fewer frames per person.
	Frame time.Duration

	buf           *Buffer
	width, height int
	follow        bool
	top           int64 // when not following: the first line shown
	topRow        int   // and how many of its rows are scrolled past
	mode          mode
	input         []rune // the search being typed
	query         string // the confirmed search
	match         int64  // the line of the current match, -1 for none
	status        string // a one-line message: no match, pager error
	hidden        bool   // not on screen: output does not re-arm the wait
	parked        bool   // hidden, and an OutputMsg came without re-arming
	waiter        *waiter
}

// New returns a pane showing buf, the output of step id, whose full log
// is at logPath ("" when there is none).
func New(id string, buf *Buffer, logPath string) Model {
	return Model{
		ID:      id,
		LogPath: logPath,
		Keys:    DefaultKeyMap(),
		Styles:  DefaultStyles(),
		buf:     buf,
		follow:  true,
		match:   -1,
		waiter:  buf.newWaiter(),
	}
}

// Buffer returns the buffer the pane shows.
func (m Model) Buffer() *Buffer { return m.buf }

// Init starts waiting for output.
func (m Model) Init() tea.Cmd { return m.waitOutput() }

// waitOutput waits for output after what this pane last drew.
func (m Model) waitOutput() tea.Cmd {
	every := m.Frame
	if every <= 0 {
		every = FrameInterval
	}
	return m.buf.wait(m.ID, m.waiter, every)
}

// SetSize sets the size of the whole pane, footer included.
func (m *Model) SetSize(width, height int) {
	m.width = max(width, 0)
	m.height = max(height, 0)
}

// Size returns the pane's columns and the rows of output it shows: the
// size to give the step's pseudo-terminal, and to resize it to.
func (m Model) Size() (cols, rows int) { return m.width, m.contentRows() }

// Following reports whether the pane follows new output.
func (m Model) Following() bool { return m.follow }

// Searching reports whether a search is being typed; the cockpit should
// then send every key to the pane.
func (m Model) Searching() bool { return m.mode == modeSearch }

// Query returns the confirmed search ("" when none).
func (m Model) Query() string { return m.query }

// SetFollow turns following on or off.
func (m *Model) SetFollow(on bool) {
	if on {
		m.follow = true
		return
	}
	if m.follow {
		m.buf.with(func(s *Screen) { m.top, m.topRow = m.followTop(s) })
		m.follow = false
	}
}

func (m Model) contentRows() int { return max(m.height-1, 0) }

// SetHidden tells the pane whether it is off screen. A hidden pane stops
// waiting for output after the next OutputMsg, so a step printing in the
// background wakes the cockpit at most once; the command SetHidden(false)
// returns waits again (at once when output came meanwhile). Its buffer
// keeps taking the output all along.
func (m *Model) SetHidden(hidden bool) tea.Cmd {
	m.hidden = hidden
	if hidden || !m.parked {
		return nil
	}
	m.parked = false
	return m.waitOutput()
}
