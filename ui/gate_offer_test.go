package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/checks"
	"golive/launch"
)

// TestGateOffersOnlyKeysThatAct: the gate's hint line and footer offer
// re-run and waive only on a failed check, and the window override only
// when the window is closed; each key offered sends its command.
func TestGateOffersOnlyKeysThatAct(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{Driver: "ops@bastion"})
	c.event(launch.Event{Phase: launch.PhasePreflight, ID: "disk", Body: launch.CheckFinishedBody{Status: checks.Pass, Evidence: "exit 0"}})
	c.event(launch.Event{Phase: launch.PhasePreflight, ID: "api", Body: launch.CheckFinishedBody{Status: checks.Fail, Reason: "connection refused", Evidence: "no answer"}})
	c.event(launch.Event{Body: launch.GateOpenedBody{Prompt: "Switch traffic to v2?"}})
	offers := func(what string) bool { return strings.Contains(c.screen(), what) }

	// The passed check is selected: nothing to re-run or waive; no window.
	for _, absent := range []string{"[r] re-run", "r re-run check", "[w] waive", "[o] override", "o override window"} {
		if offers(absent) {
			t.Fatalf("the gate offers %q on a passed check with no window:\n%s", absent, c.screen())
		}
	}
	c.keys(typed("r"))
	if n := c.actions(); n != 0 {
		t.Fatalf("r on a passed check sent %d commands", n)
	}

	c.keys(keyOf(tea.KeyDown))
	c.mustShow("[r] re-run", "[w] waive", "r re-run check", "w waive check")
	c.keys(typed("r"))
	if got := c.last(); got.Kind != launch.CmdRerun || got.ID != "api" {
		t.Fatalf("r on the failed check sent %+v", got)
	}

	// A window that opens in an hour: the override is offered and asks why.
	src := strings.Replace(testRunbook, "quorum    = 1", "quorum    = 1\nwindow    = { start = "+
		t0.Add(time.Hour).UTC().Format(time.RFC3339)+", end = "+t0.Add(2*time.Hour).UTC().Format(time.RFC3339)+" }", 1)
	w := newCockpit(t, src, Options{Driver: "ops@bastion"})
	w.event(launch.Event{Body: launch.GateOpenedBody{Prompt: "Switch traffic to v2?"}})
	w.mustShow("[o] override window", "o override window")
	w.keys(typed("o"))
	w.typeText("change board approved")
	w.keys(keyOf(tea.KeyEnter))
	if got := w.last(); got.Kind != launch.CmdOverride || got.Reason != "change board approved" {
		t.Fatalf("o outside the window sent %+v", got)
	}
}
