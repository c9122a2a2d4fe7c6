package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/runbook"
)

// stepKey handles the steps view: moving the selection, confirming a step,
// ticking a checklist, the failure menus and focusing an interactive step.
func (m *Model) stepKey(k tea.KeyMsg) (bool, tea.Cmd) {
	g := m.keys.global
	if keyIs(k, g.Up) || keyIs(k, g.Down) {
		m.follow = false
		if keyIs(k, g.Up) {
			m.moveSel(-1)
		} else {
			m.moveSel(1)
		}
		m.checkSel = 0
		return true, nil
	}
	it := m.selected()
	if it == nil || !m.canAct() {
		return false, nil
	}
	sk := m.keys.step
	if m.waitingDecision(it) {
		return m.menuKey(k, it)
	}
	switch it.Waiting {
	case "confirm":
		if it.Status == launch.StatusWaiting && keyIs(k, sk.Confirm) {
			m.send(launch.Command{Kind: launch.CmdConfirm, ID: it.ID})
			return true, nil
		}
	case "manual":
		if it.Status != launch.StatusWaiting {
			break
		}
		switch {
		case keyIs(k, sk.Tick):
			if i := m.checkCursor(it); i >= 0 {
				m.send(launch.Command{Kind: launch.CmdTick, ID: it.ID, Index: i})
			}
			return true, nil
		case keyIs(k, sk.Next):
			m.stepChecklist(it, k.Type == tea.KeyRight)
			return true, nil
		}
	}
	if keyIs(k, sk.Focus) && it.Status == launch.StatusRunning && m.interactive(it) {
		m.modal = modeFocus
		return true, nil
	}
	return false, nil
}

// waitingDecision reports whether it waits for the operator's decision
// after a failure, a timeout or an interruption.
func (m *Model) waitingDecision(it *launch.Item) bool {
	return it != nil && it == m.decisionItem()
}

// decisionItem is the item the engine waits on for a decision, or nil. A
// rollback step shares its id with the cutover step it undoes, so the item
// the fold marked as waiting wins over a mere id match.
func (m *Model) decisionItem() *launch.Item {
	id := m.st.Decision
	if id == "" {
		return nil
	}
	var byID *launch.Item
	for _, it := range m.st.Items {
		if it.ID != id || it.Phase == launch.PhaseMonitor {
			continue
		}
		if it.Waiting == "decision" {
			return it
		}
		if byID == nil {
			byID = it
		}
	}
	return byID
}

// stepOf returns the runbook step of a cutover item, or nil.
func (m *Model) stepOf(it *launch.Item) *runbook.Step {
	if m.o.Runbook == nil || it.Phase != launch.PhaseCutover {
		return nil
	}
	for _, s := range m.o.Runbook.Cutover {
		if s.ID == it.ID {
			return s
		}
	}
	return nil
}

func (m *Model) interactive(it *launch.Item) bool {
	s := m.stepOf(it)
	return s != nil && s.Interactive
}

// runningStep returns a cutover or rollback step that is running, or nil.
func (m *Model) runningStep() *launch.Item {
	for _, it := range m.st.Items {
		if it.Status == launch.StatusRunning && (it.Phase == launch.PhaseCutover || it.Phase == launch.PhaseRollback) {
			return it
		}
	}
	return nil
}

// checkCursor returns the checklist item the cursor is on: the chosen one
// when it is still unticked, else the first unticked, else -1.
func (m *Model) checkCursor(it *launch.Item) int {
	if m.checkSel >= 0 && m.checkSel < len(it.Manual) && !ticked(it, m.checkSel) {
		return m.checkSel
	}
	for i := range it.Manual {
		if !ticked(it, i) {
			return i
		}
	}
	return -1
}

func ticked(it *launch.Item, i int) bool { return i < len(it.Ticked) && it.Ticked[i] != "" }

// stepChecklist moves the checklist cursor to the next (or previous)
// unticked item.
func (m *Model) stepChecklist(it *launch.Item, forward bool) {
	cur := m.checkCursor(it)
	if cur < 0 {
		return
	}
	n := len(it.Manual)
	for d := 1; d < n; d++ {
		i := cur - d
		if forward {
			i = cur + d
		}
		i = (i%n + n) % n
		if !ticked(it, i) {
			m.checkSel = i
			return
		}
	}
}
