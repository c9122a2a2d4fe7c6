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

// menuKey handles the keys of a decision menu.
func (v *stepsScreen) menuKey(f frame, k tea.KeyMsg, it *launch.Item) (bool, tea.Cmd) {
	sk := v.keys
	decide := func(action launch.Action, reason string) {
		f.send(launch.Command{Kind: launch.CmdDecide, ID: it.ID, Action: action, Reason: reason})
	}
	name := clean(it.ID)
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
		case key.Matches(k, sk.Retry):
			decide(launch.ActRerun, "")
		case key.Matches(k, sk.Done):
			f.modals.askReason("Why is "+name+" done?", func(r string) { decide(launch.ActMarkDone, r) })
		case key.Matches(k, sk.Back):
			f.modals.askYesNo("Roll back the completed steps?", func() tea.Cmd { decide(launch.ActRollback, ""); return nil })
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
			f.modals.askReason("Skip "+name+": why?", func(r string) { decide(launch.ActSkip, r) })
		case key.Matches(k, sk.Back) && menuKind(it) != menuRollback:
			f.modals.askYesNo("Roll back the completed steps?", func() tea.Cmd { decide(launch.ActRollback, ""); return nil })
		case key.Matches(k, sk.Abort):
			f.modals.askReason("Abort the launch: why?", func(r string) { decide(launch.ActAbort, r) })
		default:
			return false, nil
		}
	}
	return true, nil
}

// menuView draws the choices of the decision it waits for.
func menuView(s styles, it *launch.Item) string {
	var title string
	var opts []string
	switch menuKind(it) {
	case menuPromote, menuBreach:
		return stageMenuView(s, it)
	case menuTimeout:
		title = "Step timed out"
		opts = []string{"[w] wait longer", "[s] stop the step"}
	case menuInterrupted:
		title = "Interrupted — outcome unknown"
		opts = []string{"[r] re-run", "[d] mark done", "[b] roll back"}
	case menuFleetInterrupted:
		title = "Interrupted mid-playbook"
		opts = []string{"[R] retry the rest", "[r] re-run on every host", "[d] mark done", "[b] roll back"}
	case menuFleet:
		title = "Step failed"
		opts = []string{"[R] retry failed hosts", "[r] retry", "[s] skip", "[b] roll back", "[a] abort"}
	case menuRollback:
		title = "Step failed"
		opts = []string{"[r] retry", "[s] skip", "[a] abort"}
	default:
		title = "Step failed"
		opts = []string{"[r] retry", "[s] skip", "[b] roll back", "[a] abort"}
	}
	lines := []string{s.crit.Render(title)}
	if it.Reason != "" {
		lines = append(lines, clean(it.Reason))
	}
	lines = append(lines, s.bold.Render(strings.Join(opts, "  ")))
	return strings.Join(lines, "\n")
}
