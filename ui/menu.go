package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// The kinds of decision menu.
const (
	menuFailure     = "failure"
	menuTimeout     = "timeout"
	menuInterrupted = "interrupted"
	menuRollback    = "rollback" // a rollback step failed: no roll back offered
	menuPromote     = "promote"  // a stage's analysis ended steady: promote or roll back
	menuBreach      = "breach"   // a stage's analysis breached: roll back or promote anyway

	menuFleet            = "fleet"             // a fleet step failed: retry its failed hosts too
	menuFleetInterrupted = "fleet_interrupted" // a fleet step interrupted: retry the rest too
)

// menuKind says which decision an item waits for.
func menuKind(it *launch.Item) string {
	switch {
	case it.Decide == launch.DecidePromote:
		return menuPromote
	case it.Decide == launch.DecideBreach:
		return menuBreach
	case it.Decide == launch.DecideFleetInterrupted:
		return menuFleetInterrupted
	case it.Decide == launch.DecideFleetFailed:
		return menuFleet
	case it.Status == launch.StatusInterrupted:
		return menuInterrupted
	case it.TimedOut && it.Status != launch.StatusFailed:
		return menuTimeout
	case it.Phase == launch.PhaseRollback:
		return menuRollback
	}
	return menuFailure
}

// menuTitle names the decision an item waits for.
func menuTitle(it *launch.Item) string {
	switch menuKind(it) {
	case menuTimeout:
		return "timed out"
	case menuInterrupted:
		return "interrupted, outcome unknown"
	case menuFleetInterrupted:
		return "interrupted mid-playbook"
	}
	return "failed"
}

// menuKeys are the keys that answer the decision it waits for. Each key
// has one meaning in a menu: s skips, t stops a step that overran.
func menuKeys(sk stepKeys, it *launch.Item) []key.Binding {
	switch menuKind(it) {
	case menuTimeout:
		return []key.Binding{sk.Wait, sk.Stop}
	case menuInterrupted:
		return []key.Binding{sk.Rerun, sk.Done, sk.Back}
	case menuPromote, menuBreach:
		return []key.Binding{sk.Promote, sk.Back}
	case menuFleet:
		return []key.Binding{sk.RetryHosts, sk.Retry, sk.Skip, sk.Back, sk.Abort}
	case menuFleetInterrupted:
		return []key.Binding{sk.RetryRest, sk.Rerun, sk.Done, sk.Back}
	case menuRollback:
		// A rollback step failed: rolling back again is not offered.
		return []key.Binding{sk.Retry, sk.Skip, sk.Abort}
	}
	return []key.Binding{sk.Retry, sk.Skip, sk.Back, sk.Abort}
}

// menuKey handles the keys of a decision menu. Each choice that bypasses
// or undoes something says what before it is sent.
func (v *stepsScreen) menuKey(f frame, k tea.KeyMsg, it *launch.Item) (bool, tea.Cmd) {
	sk := v.keys
	decide := func(action launch.Action, reason string) {
		f.send(launch.Command{Kind: launch.CmdDecide, ID: it.ID, Action: action, Reason: reason})
	}
	name := itemName(it)
	rollback := func() {
		f.modals.askYesNo(rollbackQuestion(f.st, f.rb), func() tea.Cmd { decide(launch.ActRollback, ""); return nil })
	}
	switch menuKind(it) {
	case menuPromote, menuBreach:
		return v.stageMenuKey(f, k, it, decide)
	case menuTimeout:
		switch {
		case key.Matches(k, sk.Wait):
			decide(launch.ActWait, "")
		case key.Matches(k, sk.Stop):
			decide(launch.ActStop, "")
		default:
			return false, nil
		}
	case menuFleetInterrupted, menuInterrupted:
		switch {
		case key.Matches(k, sk.RetryRest) && menuKind(it) == menuFleetInterrupted:
			decide(launch.ActRetryRest, "")
		case key.Matches(k, sk.Rerun):
			decide(launch.ActRerun, "")
		case key.Matches(k, sk.Done):
			f.modals.askReason("Mark "+name+" done without running it again (its outcome is not checked): why?",
				func(r string) { decide(launch.ActMarkDone, r) })
		case key.Matches(k, sk.Back):
			rollback()
		default:
			return false, nil
		}
	default:
		switch {
		case key.Matches(k, sk.RetryHosts) && menuKind(it) == menuFleet:
			decide(launch.ActRetryFailed, "")
		case key.Matches(k, sk.Retry):
			decide(launch.ActRetry, "")
		case key.Matches(k, sk.Skip):
			f.modals.askReason(skipQuestion(f.rb, it), func(r string) { decide(launch.ActSkip, r) })
		case key.Matches(k, sk.Back) && menuKind(it) != menuRollback:
			rollback()
		case key.Matches(k, sk.Abort):
			f.modals.askReason(abortQuestion(f.st), func(r string) { decide(launch.ActAbort, r) })
		default:
			return false, nil
		}
	}
	return true, nil
}

// menuView draws the decision it waits for, and its choices where the
// keys may act (a read-only view shows no action hints).
func menuView(s styles, it *launch.Item, w int, wait string, canAct bool) string {
	var opts []string
	if k := menuKind(it); k == menuPromote || k == menuBreach {
		return stageMenuView(s, it, canAct)
	}
	for _, b := range menuKeys(newStepKeys(), it) {
		h := b.Help()
		opt := "[" + h.Key + "] " + h.Desc
		if b.Help().Key == "w" && wait != "" {
			opt += " (" + wait + ")"
		}
		opts = append(opts, opt)
	}
	lines := []string{s.crit.Render("Step " + menuTitle(it))}
	if it.Reason != "" {
		lines = append(lines, wrapLines(clean(it.Reason), w, 4)...)
	}
	if canAct {
		lines = append(lines, s.bold.Render(strings.Join(opts, "  ")))
	}
	return strings.Join(lines, "\n")
}
