package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/runbook"
)

// stepsScreen is the steps view: the list of phases and items with a
// selection that follows the running item, the selected item's detail
// (its command to confirm, its checklist, its decision menu) and, under
// it, the output pane the root hands in.
type stepsScreen struct {
	keys     stepKeys
	sel      int  // selected index into the state's Items
	follow   bool // the selection follows the item that needs attention
	checkSel int  // cursor within a waiting checklist
	// checkMoved: the operator moved the checklist cursor, so it stays
	// where they put it, on a ticked item too (to untick it); otherwise
	// it goes to the first item still to tick.
	checkMoved bool
	md         *markdown
	fleet      *fleetPanel
	w, h       int
}

func newStepsScreen(md *markdown) *stepsScreen {
	return &stepsScreen{keys: newStepKeys(), follow: true, md: md, fleet: newFleetPanel()}
}

// setSize is the room the root gives the screen.
func (v *stepsScreen) setSize(w, h int) { v.w, v.h = w, h }

// selected returns the selected item of st, or nil before there is any.
func (v *stepsScreen) selected(st *launch.State) *launch.Item {
	if v.sel < 0 || v.sel >= len(st.Items) {
		return nil
	}
	return st.Items[v.sel]
}

// followActive moves the selection to the item that needs attention
// (waiting for the operator first, then running) while follow is on.
func (v *stepsScreen) followActive(st *launch.State) {
	if !v.follow {
		return
	}
	if i := activeIndex(st); i >= 0 {
		v.sel = i
	}
}

// followAgain turns following back on (the F key).
func (v *stepsScreen) followAgain(st *launch.State) {
	v.follow = true
	v.followActive(st)
}

// clamp keeps the selection on a listed item that exists.
func (v *stepsScreen) clamp(st *launch.State) {
	n := len(st.Items)
	if v.sel >= n {
		v.sel = n - 1
	}
	if v.sel < 0 {
		v.sel = 0
	}
	if n > 0 && !listed(st, st.Items[v.sel]) {
		v.move(st, 1)
	}
}

// move moves the selection by d listed items.
func (v *stepsScreen) move(st *launch.State, d int) {
	for i := v.sel + d; i >= 0 && i < len(st.Items); i += d {
		if listed(st, st.Items[i]) {
			v.sel = i
			return
		}
	}
}

// update handles the steps view: moving the selection (which stops
// following), confirming a step, ticking a checklist, the decision menus
// and focusing an interactive step.
func (v *stepsScreen) update(f frame, k tea.KeyMsg) (bool, tea.Cmd) {
	if v.fleet.key(v.selected(f.st), k) {
		return true, nil
	}
	if key.Matches(k, f.nav.Up) || key.Matches(k, f.nav.Down) {
		v.follow = false
		if key.Matches(k, f.nav.Up) {
			v.move(f.st, -1)
		} else {
			v.move(f.st, 1)
		}
		v.checkSel, v.checkMoved = 0, false
		return true, nil
	}
	it := v.selected(f.st)
	if it == nil || !f.canAct {
		return false, nil
	}
	sk := v.keys
	if w := waitingItem(f.st); w != nil && w != it {
		if key.Matches(k, sk.Jump) {
			// Enter on any row goes to what waits; a step that waits for
			// Enter runs, as if Enter were pressed on its own row.
			v.jumpTo(f.st, w)
			if w.Waiting == "confirm" && w.Status == launch.StatusWaiting {
				f.send(launch.Command{Kind: launch.CmdConfirm, ID: w.ID})
			}
			return true, nil
		}
		// The keys the waiting line shows answer from any row.
		if handled, cmd := v.answer(f, k, w); handled {
			return true, cmd
		}
		if key.Matches(k, sk.Focus) && it.Status == launch.StatusRunning && interactive(f.rb, it) {
			f.modals.focus()
			return true, nil
		}
		return false, nil
	}
	if handled, cmd := v.answer(f, k, it); handled {
		return true, cmd
	}
	if key.Matches(k, sk.Focus) && it.Status == launch.StatusRunning && interactive(f.rb, it) {
		f.modals.focus()
		return true, nil
	}
	return false, nil
}

// jumpTo selects it and follows what needs attention again.
func (v *stepsScreen) jumpTo(st *launch.State, it *launch.Item) {
	for i, x := range st.Items {
		if x == it {
			v.sel = i
		}
	}
	v.follow = true
}

// waitingItem is the step the launch waits on the operator for, or nil.
func waitingItem(st *launch.State) *launch.Item {
	if it := decisionItem(st); it != nil {
		return it
	}
	for _, it := range st.Items {
		if it.Status == launch.StatusWaiting && listed(st, it) && it.Waiting != "" {
			return it
		}
	}
	return nil
}

// answer handles the keys that answer what it waits for: a decision
// menu, a confirmation, a checklist.
func (v *stepsScreen) answer(f frame, k tea.KeyMsg, it *launch.Item) (bool, tea.Cmd) {
	sk := v.keys
	if waitingDecision(f.st, it) {
		return v.menuKey(f, k, it)
	}
	switch it.Waiting {
	case "confirm":
		if it.Status == launch.StatusWaiting && key.Matches(k, sk.Confirm) {
			f.send(launch.Command{Kind: launch.CmdConfirm, ID: it.ID})
			return true, nil
		}
	case "manual":
		if it.Status != launch.StatusWaiting {
			break
		}
		switch {
		case key.Matches(k, sk.Tick):
			v.tick(f, it)
			return true, nil
		case key.Matches(k, sk.Untick):
			if i := v.checkCursor(it); i >= 0 && ticked(it, i) {
				f.send(launch.Command{Kind: launch.CmdUntick, ID: it.ID, Index: i})
			}
			return true, nil
		case key.Matches(k, sk.Next):
			v.stepChecklist(it, k.Type == tea.KeyRight)
			return true, nil
		}
	}
	return false, nil
}

// tick ticks the checklist item under the cursor. Ticking the last one
// ends the step, so it asks first: the operator may still be looking.
func (v *stepsScreen) tick(f frame, it *launch.Item) {
	i := v.checkCursor(it)
	if i < 0 || ticked(it, i) {
		return
	}
	do := func() tea.Cmd {
		f.send(launch.Command{Kind: launch.CmdTick, ID: it.ID, Index: i})
		v.checkMoved = false // on to the next item still to tick
		return nil
	}
	left := 0
	for j := range it.Manual {
		if !ticked(it, j) {
			left++
		}
	}
	if left == 1 {
		f.modals.askYesNo("That is the last item of "+itemName(it)+": tick it, mark the step done and move on?", do)
		return
	}
	do()
}

// helpKeys lists the keys of the selected step's situation.
func (v *stepsScreen) helpKeys(f frame) []key.Binding {
	it := v.selected(f.st)
	sk := v.keys
	if w := waitingItem(f.st); w != nil {
		if w != it {
			if w.Waiting == "confirm" && w.Status == launch.StatusWaiting {
				return []key.Binding{sk.Confirm}
			}
			return []key.Binding{sk.Jump}
		}
		it = w
	}
	if it == nil {
		return nil
	}
	if v.fleet.focused {
		return v.fleet.helpKeys(it)
	}
	if waitingDecision(f.st, it) {
		return menuKeys(sk, it)
	}
	switch it.Waiting {
	case "confirm":
		return []key.Binding{sk.Confirm}
	case "manual":
		return []key.Binding{sk.Tick, sk.Untick, sk.Next}
	}
	if interactive(f.rb, it) {
		return []key.Binding{sk.Focus}
	}
	return v.fleet.helpKeys(it)
}

// checkCursor returns the checklist item the cursor is on: the chosen one
// (ticked or not: a tick may be taken back), else the first unticked,
// else -1.
func (v *stepsScreen) checkCursor(it *launch.Item) int {
	if v.checkSel >= 0 && v.checkSel < len(it.Manual) && (v.checkMoved || !ticked(it, v.checkSel)) {
		return v.checkSel
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
// item, round the list.
func (v *stepsScreen) stepChecklist(it *launch.Item, forward bool) {
	cur := v.checkCursor(it)
	n := len(it.Manual)
	if cur < 0 || n == 0 {
		return
	}
	if forward {
		v.checkSel = (cur + 1) % n
	} else {
		v.checkSel = (cur - 1 + n) % n
	}
	v.checkMoved = true
}

// listed reports whether it appears in the step list of st: probes live
// in the monitor view, and rollback steps appear once the rollback
// concerns them.
func listed(st *launch.State, it *launch.Item) bool {
	switch it.Phase {
	case launch.PhaseMonitor:
		return false
	case launch.PhaseRollback:
		return st.Rollback || it.Status != launch.StatusPending
	}
	return true
}

// activeIndex returns the index of the item of st that needs the operator
// or is running, or -1.
func activeIndex(st *launch.State) int {
	running := -1
	for i, it := range st.Items {
		if !listed(st, it) {
			continue
		}
		if it.Status == launch.StatusWaiting || waitingDecision(st, it) {
			return i
		}
		if running < 0 && it.Status == launch.StatusRunning {
			running = i
		}
	}
	return running
}

// waitingDecision reports whether it waits for the operator's decision
// after a failure, a timeout or an interruption.
func waitingDecision(st *launch.State, it *launch.Item) bool {
	return it != nil && it == decisionItem(st)
}

// decisionItem is the item the engine waits on for a decision, or nil. A
// rollback step shares its id with the cutover step it undoes, so the item
// the fold marked as waiting wins over a mere id match.
func decisionItem(st *launch.State) *launch.Item {
	id := st.Decision
	if id == "" {
		return nil
	}
	var byID *launch.Item
	for _, it := range st.Items {
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
func stepOf(rb *runbook.Runbook, it *launch.Item) *runbook.Step {
	if rb == nil || it.Phase != launch.PhaseCutover {
		return nil
	}
	for _, s := range rb.Cutover {
		if s.ID == it.ID {
			return s
		}
	}
	return nil
}

// interactive reports whether the runbook lets the operator type into it.
func interactive(rb *runbook.Runbook, it *launch.Item) bool {
	s := stepOf(rb, it)
	return s != nil && s.Interactive
}

// runningStep returns a cutover or rollback step of st that is running,
// or nil.
func runningStep(st *launch.State) *launch.Item {
	for _, it := range st.Items {
		if it.Status == launch.StatusRunning && (it.Phase == launch.PhaseCutover || it.Phase == launch.PhaseRollback) {
			return it
		}
	}
	return nil
}
