package ui

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"golive/launch"
	"golive/runbook"
)

// The confirmations say what will happen before the operator answers:
// which rollback commands run and in what order, which steps stay as they
// are, what a skip bypasses. lazygit shows the command; Octopus' guided
// failure says what each choice does; so does the cockpit.

// rollbackOrder lists the cutover steps a rollback will undo, latest
// first, as the engine plans it: steps that ran and finished, or failed
// (a failed step's own rollback runs too).
func rollbackOrder(st *launch.State) []*launch.Item {
	var ran []*launch.Item
	for _, it := range st.Items {
		if it.Phase != launch.PhaseCutover || it.Started.IsZero() {
			continue
		}
		switch it.Status {
		case launch.StatusDone, launch.StatusFailed:
			ran = append(ran, it)
		case launch.StatusRunning, launch.StatusInterrupted:
			if it == decisionItem(st) {
				ran = append(ran, it)
			}
		}
	}
	sort.SliceStable(ran, func(i, j int) bool { return firstStart(ran[i]).After(firstStart(ran[j])) })
	return ran
}

func firstStart(it *launch.Item) time.Time {
	if !it.FirstStarted.IsZero() {
		return it.FirstStarted
	}
	return it.Started
}

// rollbackQuestion is the roll-back confirmation: each rollback command in
// the order it will run.
func rollbackQuestion(st *launch.State, rb *runbook.Runbook) string {
	order := rollbackOrder(st)
	var cmds []string
	for i, it := range order {
		c := rollbackCommand(rb, it)
		if c == "" {
			c = "(no rollback command: nothing to undo)"
		} else {
			c = "$ " + c
		}
		cmds = append(cmds, strconv.Itoa(i+1)+". "+itemName(it)+": "+c)
	}
	q := "Roll back now? "
	if st.Monitor.Recommended != "" {
		q = "ROLLBACK RECOMMENDED: " + recommendation(st) + ". Roll back now? "
	}
	if len(cmds) == 0 {
		return q + "No step has run: nothing to undo."
	}
	return q + "Runs, in order: " + strings.Join(cmds, "  ")
}

// rollbackCommand is the command that undoes it, from the runbook when at
// hand, else as the state recorded it.
func rollbackCommand(rb *runbook.Runbook, it *launch.Item) string {
	if s := stepOf(rb, it); s != nil {
		return clean(s.Rollback)
	}
	return clean(it.Rollback)
}

// abortQuestion is the abort prompt: the completed steps stay as they are.
func abortQuestion(st *launch.State) string {
	var done []string
	for _, it := range st.Items {
		if it.Phase == launch.PhaseCutover && it.Status == launch.StatusDone {
			done = append(done, itemName(it))
		}
	}
	stay := "no step has completed"
	if len(done) > 0 {
		stay = "these completed steps stay as they are, not rolled back: " + strings.Join(done, ", ")
	}
	return "Abort the launch (" + stay + "): why?"
}

// skipQuestion is the skip prompt: what skipping the step bypasses.
func skipQuestion(rb *runbook.Runbook, it *launch.Item) string {
	what := []string{}
	if s := stepOf(rb, it); s != nil {
		if s.Verify != nil {
			what = append(what, "its verify check")
		}
		if s.Rollback != "" {
			what = append(what, "its rollback (a skipped step is not undone)")
		}
	}
	q := "Skip " + itemName(it) + ": the launch goes on as if it had succeeded"
	if len(what) > 0 {
		q += ", without " + strings.Join(what, " or ")
	}
	return q + ". Why?"
}

// waiveQuestion is the waive prompt: the failed check it lets through.
func waiveQuestion(it *launch.Item) string {
	q := "Waive " + itemName(it) + ": GO will pass although it " + string(it.Status)
	if it.Reason != "" {
		q += " (" + clean(it.Reason) + ")"
	}
	return q + ". Why?"
}

// overrideQuestion is the window override prompt: what it bypasses.
func overrideQuestion(text string) string {
	return "Override the window (" + text + "): the cutover may start outside it. Why?"
}
