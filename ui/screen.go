package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/runbook"
)

// frame is what the root hands a child screen for one key or one draw:
// the state snapshot to read, and the cockpit's services. A screen keeps
// its own cursor, cache and size, never a pointer into the state, so the
// root may swap the snapshot for a newer one between any two calls; and
// several cockpits on one relay each have their own screens.
type frame struct {
	st        *launch.State
	rb        *runbook.Runbook // nil when watching a launch whose runbook is not at hand
	s         styles
	nav       globalKeys // up and down move a screen's cursor
	now       time.Time  // the cockpit's clock at this frame
	rehearse  bool       // the launch is a rehearsal (the window is not enforced)
	launchDir string     // the launch's directory, "" before the engine made it
	canAct    bool       // keys may change the launch (false when watching)
	focused   bool       // keys go to an interactive step
	mask      func(string) string
	send      func(launch.Command)
	modals    modals
}

// modals are the questions a screen may open on the root, which owns the
// footer they are typed in.
type modals interface {
	ask(title, placeholder string, check func(string) string, submit func(string) tea.Cmd)
	askReason(title string, do func(reason string))
	askYesNo(q string, yes func() tea.Cmd)
	// focus gives the keyboard to the selected interactive step.
	focus()
}

// frame returns the frame of the cockpit's current snapshot.
func (m *Model) frame() frame {
	return frame{
		st:        m.st,
		rb:        m.o.Runbook,
		s:         m.styles,
		nav:       m.keys.global,
		now:       m.now(),
		rehearse:  m.o.Rehearse,
		launchDir: m.o.LaunchDir,
		canAct:    m.canAct(),
		focused:   m.modal == modeFocus,
		mask:      m.mask,
		send:      m.send,
		modals:    m,
	}
}

// move moves cur for the up and down keys within n rows; it reports
// whether k was one of them.
func (f frame) move(k tea.KeyMsg, cur *int, n int) bool {
	switch {
	case key.Matches(k, f.nav.Up):
		if *cur > 0 {
			*cur--
		}
	case key.Matches(k, f.nav.Down):
		if *cur < n-1 {
			*cur++
		}
	default:
		return false
	}
	return true
}
