package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/ui/pane"
)

// paneKeys rebinds the output pane's keys around the cockpit's own: j/k
// move the step selection, space ticks a checklist, N writes a note, so
// the pane scrolls with shift or page keys and finds the previous match
// with P.
func paneKeys() pane.KeyMap {
	k := pane.DefaultKeyMap()
	k.Up = key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", "scroll up"))
	k.Down = key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "scroll down"))
	k.PageUp = key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up"))
	k.PageDown = key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down"))
	k.Top = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top"))
	k.Prev = key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "previous match"))
	return k
}

// panes holds one output pane per item shown so far, so each keeps its
// own scroll, follow and search while the operator moves between steps.
type panes struct {
	byKey map[string]*pane.Model
	cur   string
	w, h  int
	// preloaded are the panes given their log's tail after a resume.
	preloaded map[string]bool
}

// showPane makes the item's pane current, creating it on first use; the
// returned command starts its output wait.
func (m *Model) showPane(p launch.Phase, id string) tea.Cmd {
	k := outKey(p, id)
	if old := m.currentPane(); old != nil && k != m.panes.cur {
		old.SetHidden(true)
	}
	m.panes.cur = k
	if pm, ok := m.panes.byKey[k]; ok {
		return pm.SetHidden(false)
	}
	logPath := ""
	if m.o.LaunchDir != "" {
		logPath = launch.StepLogPath(m.o.LaunchDir, p, id)
	}
	pm := pane.New(k, m.out.buf(k), logPath)
	pm.Keys = paneKeys()
	if m.o.Remote {
		pm.Keys.Pager.SetEnabled(false)
	}
	pm.Frame = m.o.Frame
	pm.SetSize(max(pane.MinWidth, m.panes.w), max(pane.MinHeight, m.panes.h))
	m.panes.byKey[k] = &pm
	return pm.Init()
}

// currentPane returns the pane on screen, or nil.
func (m *Model) currentPane() *pane.Model { return m.panes.byKey[m.panes.cur] }

// paneMsg hands a pane's own message to the pane it names.
func (m *Model) paneMsg(id string, msg tea.Msg) tea.Cmd {
	pm := m.panes.byKey[id]
	if pm == nil {
		return nil
	}
	var cmd tea.Cmd
	*pm, cmd = pm.Update(msg)
	return cmd
}

// paneKey gives the current pane a key the cockpit did not use.
func (m *Model) paneKey(k tea.KeyMsg) tea.Cmd {
	pm := m.currentPane()
	if pm == nil {
		return nil
	}
	var cmd tea.Cmd
	*pm, cmd = pm.Update(k)
	return cmd
}

// paneSearching reports whether the current pane is taking a search.
func (m *Model) paneSearching() bool {
	pm := m.currentPane()
	return pm != nil && pm.Searching()
}

// paneView draws the current pane at the size layout gave it.
func (m *Model) paneView() string {
	pm := m.currentPane()
	if pm == nil || m.panes.h < pane.MinHeight {
		return ""
	}
	return pm.View()
}

// layoutPane sizes the current pane to what is left under the detail
// lines in the steps view. When the size changes, the engine is told, so
// pseudo-terminals of steps match the pane.
func (m *Model) layoutPane() tea.Cmd {
	if m.width == 0 || m.tooSmall() {
		return nil
	}
	w := m.width - listWidth(m.width) - 1
	_, bh := m.bodySize()
	h := bh - len(flatten(m.steps.detailLines(m.frame(), w))) - 1
	w, h = max(pane.MinWidth, w), max(pane.MinHeight, h)
	changed := w != m.panes.w || h != m.panes.h
	m.panes.w, m.panes.h = w, h
	if pm := m.currentPane(); pm != nil {
		pm.SetSize(w, h)
	}
	if !changed {
		return nil
	}
	cols, rows := w, h-1 // the pane's footer takes a row
	if pm := m.currentPane(); pm != nil {
		cols, rows = pm.Size()
	}
	m.send(launch.Command{Kind: launch.CmdResize, Cols: cols, Rows: rows})
	return nil
}
