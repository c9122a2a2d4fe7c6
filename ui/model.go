package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"golive/launch"
	"golive/ui/pane"
)

// Minimum terminal size the cockpit draws in; below it, it says so.
const (
	minWidth  = 80
	minHeight = 24
)

// Model is the cockpit, a tea.Model. It keeps its own launch.State, a copy
// pulled from the relay (or folded from the events it is sent), so it
// never reads memory the engine writes.
type Model struct {
	o       Options
	st      *launch.State
	out     *Outputs
	styles  styles
	keys    keyMap
	help    help.Model
	now     func() time.Time
	started time.Time // when this cockpit opened, for elapsed before LaunchStarted

	width, height int

	modal     mode       // modePrompt, modeConfirm, ... or modeNormal when none
	questions *questions // the open prompt or y/n question, in modePrompt and modeConfirm

	showSteps bool // the operator toggled back to the steps in monitor/summary
	present   bool // presentation mode

	steps    *stepsScreen
	gate     *gateScreen
	monitor  *monitorScreen
	summary  *summaryScreen
	auto     *autoRollback        // the countdown of monitor.auto_rollback
	sub      *launch.Subscription // the relay this cockpit pulls its state from, or nil
	panes    panes
	quitting bool
	stopping string                           // what a signal asked of the launch, for the header
	mk       interface{ Mask(string) string } // the runbook's masker, built on first use
	viewer   string                           // whose cockpit this is, when shared (see Seat)
	memo     viewMemo                         // the footer and waiting line of the state as it is
}

// NewModel builds the cockpit for o. main runs it with
// tea.NewProgram(m, tea.WithAltScreen()); the cockpit pulls the launch's
// state from o.Relay, which the engine publishes into.
func NewModel(o Options) *Model {
	sub, st := subscribe(o)
	if st == nil {
		st = launch.NewState(o.Runbook)
	} else {
		o.History = nil // the relay folded them already
	}
	m := newModel(o, st)
	m.sub = sub
	return m
}

// newModel builds the cockpit over an existing state (tests use it with a
// state built by hand).
func newModel(o Options, st *launch.State) *Model {
	if o.ReadOnly {
		o.Send = nil
	}
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	// Adaptive colours ask the terminal for its background on first use.
	// Asked now, before the program reads the keyboard, the answer cannot
	// arrive as stray key presses.
	r.HasDarkBackground()
	now := o.Clock
	if now == nil {
		now = time.Now
	}
	out := o.Outputs
	if out == nil {
		out = NewOutputs()
	}
	if o.Runbook != nil && o.Runbook.Launch.Scrollback > 0 {
		out.SetLimit(o.Runbook.Launch.Scrollback)
	}
	m := &Model{
		o:         o,
		st:        st,
		out:       out,
		styles:    newStyles(r),
		keys:      newKeyMap(),
		help:      newHelp(r),
		now:       now,
		started:   now(),
		steps:     newStepsScreen(newMarkdown(r)),
		gate:      newGateScreen(),
		monitor:   newMonitorScreen(),
		summary:   &summaryScreen{},
		auto:      newAutoRollback(),
		questions: newQuestions(),
		panes:     panes{byKey: map[string]*pane.Model{}},
	}
	for _, e := range o.History {
		m.st.Apply(e)
	}
	m.followRunning()
	return m
}

// SetLaunchDir tells the cockpit where the launch's logs are, once the
// engine has created its directory. Call it before the program runs.
func (m *Model) SetLaunchDir(dir string) { m.o.LaunchDir = dir }

// Init starts the clock, the output signal and, when watching, the log
// tailer.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tick(), m.refreshPane(), m.waitRelay()}
	if m.o.ReadOnly || m.o.TailLogs {
		cmds = append(cmds, m.tailCmd())
	}
	return tea.Batch(cmds...)
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Update routes one message, then lays the children out again: the
// handlers only change state, and sizes follow from it.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.memo = viewMemo{}
	cmd := m.update(msg)
	m.auto.sync(m.st, m.o.Runbook, m.now(), m.canAct(), m.send)
	m.remember()
	m.layout()
	return m, tea.Batch(cmd, m.refreshPane(), m.layoutPane())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
	case relayMsg:
		return m.pullRelay()
	case EventMsg:
		return m.onEvent(msg.E)
	case tickMsg:
		return tick()
	case pane.OutputMsg:
		return m.paneMsg(msg.ID, msg)
	case pane.PagerClosedMsg:
		return m.paneMsg(msg.ID, msg)
	case tailMsg:
		return m.tailCmd()
	case InterruptMsg:
		m.stopping = "signal: stopping at the next safe point (again: stop the running step)"
		if msg.Again {
			m.stopping = "signal again: stopping the running step"
		}
	case tea.KeyMsg:
		return m.onKey(msg)
	case tea.MouseMsg:
		return m.paneMsg(m.panes.cur, msg)
	}
	return nil
}

// running reports whether the launch is still going (quitting then asks).
func (m *Model) running() bool {
	if m.st.Started.IsZero() || !m.st.Finished.IsZero() || m.st.Phase == launch.PhaseDone {
		return false
	}
	return m.st.Outcome == "" || m.st.Outcome == "in_progress"
}

// send delivers c to the engine, unless the cockpit is read-only.
func (m *Model) send(c launch.Command) {
	if m.o.ReadOnly || m.o.Send == nil {
		return
	}
	if c.Who == "" && c.Kind != launch.CmdApprove {
		c.Who = m.o.Driver
	}
	m.o.Send(c)
}
