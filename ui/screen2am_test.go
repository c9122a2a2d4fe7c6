package ui

import (
	"golive/checks"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"golive/launch"
)

// With a confirm step waiting and the selection moved away, the waiting
// line still names the step and its key, and Enter from that row runs it.
func TestWaitingLineAndEnterFromAnyRow(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	c.keys(keyOf(tea.KeyUp), keyOf(tea.KeyUp))
	if it := c.m.selected(); it == nil || it.ID == "switch" {
		t.Fatalf("selection did not move off the waiting step: %+v", it)
	}
	c.mustShow("waiting for you: Point the balancer at v2 (confirm)", "enter run step")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdConfirm || got.ID != "switch" {
		t.Fatalf("Enter from another row sent %+v", got)
	}
	if it := c.m.selected(); it == nil || it.ID != "switch" {
		t.Fatalf("Enter did not jump to the waiting step: %+v", it)
	}
}

// A failure menu answers from any row, and the waiting line lists its keys.
func TestWaitingLineDecisionFromAnyRow(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Exit: intp(2), Reason: "exit 2"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{Reason: "exit 2"}})
	c.keys(keyOf(tea.KeyUp), keyOf(tea.KeyUp))
	c.mustShow("waiting for you: Migrate the table (failed)", "r retry", "s skip", "b roll back", "a abort")
	c.keys(typed("r"))
	if got := c.last(); got.Kind != launch.CmdDecide || got.Action != "retry" || got.ID != "migrate" {
		t.Fatalf("r from another row sent %+v", got)
	}
}

// A watcher sees what the launch waits on, never keys to answer it.
func TestWatcherSeesNoActionHints(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{ReadOnly: true})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	s := c.screen()
	if !strings.Contains(s, "waiting for the driver: Point the balancer at v2 (confirm)") {
		t.Fatalf("no waiting line for the watcher:\n%s", s)
	}
	if strings.Contains(s, "waiting for you:") || strings.Contains(s, "enter run step") {
		t.Fatalf("a watcher is shown action hints:\n%s", s)
	}
}

// Presentation mode shows what waits, too.
func TestPresentationShowsWhatWaits(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	c.keys(typed("p"))
	c.mustShow("waiting for you: Point the balancer at v2 (confirm)")
}

const longItem = "Open the status page, post the maintenance banner for the EU region, and check that the banner shows on mobile, too. Don"

// A 120-character checklist item is readable in full at 80x24.
func TestLongChecklistItemInFullAt80x24(t *testing.T) {
	if len(longItem) != 120 {
		t.Fatalf("the item is %d characters", len(longItem))
	}
	src := strings.Replace(testRunbook, `manual = ["Post in #launch", "Tell support"]`, `manual = ["`+longItem+`", "Tell support"]`, 1)
	c := newCockpit(t, src, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepWaitingBody{Wait: launch.WaitManual}})
	var words []string
	for _, l := range strings.Split(c.screen(), "\n") {
		if i := strings.Index(l, "│"); i >= 0 {
			words = append(words, strings.Fields(l[i+len("│"):])...)
		}
	}
	if got := strings.Join(words, " "); !strings.Contains(got, longItem) {
		t.Fatalf("the item is not readable in full:\n%s", c.screen())
	}
}

// The last tick asks before the step moves on.
func TestLastTickAsks(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepWaitingBody{Wait: launch.WaitManual}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.ItemTickedBody{OldItem: 1, Text: "Post in #launch", Who: "ops"}})
	n := c.actions()
	c.keys(typed(" "))
	c.mustShow("That is the last item of announce", "[y/n]")
	c.keys(typed("n"))
	if c.actions() != n {
		t.Fatal("n still ticked the last item")
	}
	c.keys(typed(" "), typed("y"))
	if got := c.last(); got.Kind != launch.CmdTick || got.Index != 1 {
		t.Fatalf("sent %+v", got)
	}
}

// The rollback confirmation lists each rollback command in the order it
// will run, the failed step's own included.
func TestRollbackConfirmationListsCommandsInOrder(t *testing.T) {
	src := strings.Replace(testRunbook, `run  = "false"`, "run  = \"false\"\nrollback = \"echo unmigrate\"", 1)
	c := newCockpit(t, src, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0)}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepStartedBody{Attempt: 1}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Exit: intp(1), Reason: "exit 1"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{Reason: "exit 1"}})
	c.m.Update(tea.WindowSizeMsg{Width: 200, Height: 30})
	c.keys(typed("b"))
	s := strings.Join(strings.Fields(c.screen()), " ")
	first := strings.Index(s, "1. Migrate the table: $ echo unmigrate")
	second := strings.Index(s, "2. Point the balancer at v2: $ echo back")
	if first < 0 || second < first {
		t.Fatalf("rollback commands not listed in order:\n%s", c.screen())
	}
}

// Abort says which completed steps stay as they are.
func TestAbortListsWhatStays(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Attempt: 1, Exit: intp(0)}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Exit: intp(1), Reason: "exit 1"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{Reason: "exit 1"}})
	c.m.Update(tea.WindowSizeMsg{Width: 200, Height: 30})
	c.keys(typed("a"))
	c.mustShow("these completed steps stay as they are, not rolled back: Point the balancer at v2")
}

// A step's description renders as Markdown in the detail area: no
// literal ** or link brackets, the list as a list.
func TestDescriptionRendersMarkdown(t *testing.T) {
	src := strings.Replace(testRunbook, `confirm = true`, "confirm = true\ndescription = \"\"\"\nSwitches **all traffic** to v2.\n\n- watch the 5xx graph\n- call the DBA on call\n\nRunbook: [wiki](https://wiki.example/lb)\n\"\"\"", 1)
	c := newCockpit(t, src, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	s := c.screen()
	for _, want := range []string{"Switches all traffic to v2.", "• watch the 5xx graph", "• call the DBA on call", "wiki", "https://wiki.example/lb"} {
		if !strings.Contains(s, want) {
			t.Fatalf("description lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "**") || strings.Contains(s, "](") {
		t.Fatalf("literal Markdown on screen:\n%s", s)
	}
}

// At 60x20 the compact view shows the phase and what waits.
func TestCompactViewAt60x20(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	s := c.screen()
	if !strings.Contains(s, "Cutover") || !strings.Contains(s, "waiting for you: Point the balancer") {
		t.Fatalf("compact view lacks the phase or what waits:\n%s", s)
	}
	for _, l := range strings.Split(s, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("a line is wider than 60: %q", l)
		}
	}
	if n := len(strings.Split(s, "\n")); n != 20 {
		t.Fatalf("compact view has %d lines, want 20", n)
	}
}

// Under NO_COLOR the rollback banner is drawn in reverse video.
func TestRollbackBannerReverseWithoutColour(t *testing.T) {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	c := newCockpit(t, testRunbook, Options{Renderer: r})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 60000}})
	c.event(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples"}})
	raw := c.m.View()
	i := strings.Index(raw, "ROLLBACK RECOMMENDED: Health latency")
	if i < 0 {
		t.Fatalf("no banner:\n%s", raw)
	}
	if j := strings.LastIndex(raw[:i], "\x1b["); j < 0 || !strings.Contains(raw[j:i], "7") {
		t.Fatalf("the banner is not in reverse video: %q", raw[max(0, i-40):i+20])
	}
}

// Words: the soak is steady, a launch without a window runs any time.
func TestSteadyAndAnyTime(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 600000}})
	c.mustShow("steady", "any time")
	if strings.Contains(c.screen(), "holding") {
		t.Fatalf("holding still on screen:\n%s", c.screen())
	}
}

// auto_rollback: the countdown rolls back when it runs out.
func TestAutoRollbackAfterCountdown(t *testing.T) {
	now := t0.Add(time.Minute)
	src := strings.Replace(testRunbook, `interval = "10s"`, "interval = \"10s\"\nauto_rollback = true\nauto_rollback_delay = \"30s\"", 1)
	c := newCockpit(t, src, Options{Clock: func() time.Time { return now }})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 600000}})
	c.event(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples"}})
	c.mustShow("AUTOMATIC ROLLBACK IN 00:30", "c cancels")
	if got := c.last(); got.Kind != launch.CmdNote || !strings.Contains(got.Text, "automatic rollback in 30.0s") {
		t.Fatalf("arming was not journaled: %+v", got)
	}
	now = now.Add(29 * time.Second)
	c.m.Update(tickMsg(now))
	if _, ok := c.s.find(launch.CmdRollback); ok {
		t.Fatal("rolled back before the countdown ran out")
	}
	c.mustShow("AUTOMATIC ROLLBACK IN 00:01")
	now = now.Add(time.Second)
	c.m.Update(tickMsg(now))
	got, ok := c.s.find(launch.CmdRollback)
	if !ok || !strings.Contains(got.Reason, "automatic rollback") {
		t.Fatalf("no automatic rollback: %+v", c.s.all())
	}
}

// auto_rollback: c cancels the countdown, and nothing rolls back.
func TestAutoRollbackCancelled(t *testing.T) {
	now := t0.Add(time.Minute)
	src := strings.Replace(testRunbook, `interval = "10s"`, "interval = \"10s\"\nauto_rollback = true", 1)
	c := newCockpit(t, src, Options{Clock: func() time.Time { return now }})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 600000}})
	c.event(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples"}})
	c.mustShow("AUTOMATIC ROLLBACK IN 00:30", "waiting for you: automatic rollback in 00:30")
	c.keys(typed("c"))
	if got := c.last(); got.Kind != launch.CmdNote || !strings.Contains(got.Text, "cancelled") {
		t.Fatalf("cancel was not journaled: %+v", got)
	}
	now = now.Add(time.Hour)
	c.m.Update(tickMsg(now))
	if _, ok := c.s.find(launch.CmdRollback); ok {
		t.Fatal("rolled back after the driver cancelled")
	}
	c.mustShow("ROLLBACK RECOMMENDED: Health latency")
}

// The gate screen uses its width: a long check name is not cut at 200
// columns, and each check shows its evidence.
func TestGateUsesItsWidthAndShowsEvidence(t *testing.T) {
	long := "The new checkout stack answers its health endpoint through the internal balancer"
	src := strings.Replace(testRunbook, `name = "API answers"`, `name = "`+long+`"`, 1)
	c := newCockpit(t, src, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	c.event(launch.Event{Phase: launch.PhasePreflight, ID: "disk", Body: launch.CheckFinishedBody{Status: checks.Pass, Evidence: "exit 0", Value: floatp(123456)}})
	c.event(launch.Event{Phase: launch.PhasePreflight, ID: "api", Body: launch.CheckFinishedBody{Status: checks.Pass, Evidence: "200 in 14ms"}})
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	s := c.screen()
	for _, want := range []string{long + " ", "200 in 14ms", "exit 0, value 123456"} {
		if !strings.Contains(s, want) {
			t.Fatalf("gate screen lacks %q:\n%s", want, s)
		}
	}
}

// The chart's legend says each threshold once with its unit, and the
// breaching probe is charted without a key until the operator picks one.
func TestMonitorLegendAndBreachSelection(t *testing.T) {
	src := testRunbook + `
[[monitor.probe]]
id   = "errors"
name = "Error rate"
run  = "echo 1"
warn = "value > 5"
crit = "value > 20"
`
	c := newCockpit(t, src, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 600000}})
	c.event(launch.Event{ID: "latency", Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.LevelOK, LatencyMS: 100}})
	for _, v := range []float64{3, 30} {
		lvl := map[bool]string{true: "crit", false: "ok"}[v > 20]
		r := ""
		if v > 20 {
			r = "value > 20"
		}
		c.event(launch.Event{ID: "errors", Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.Level(lvl), Value: floatp(v), Reason: r}})
	}
	s := c.screen()
	if !strings.Contains(s, "Error rate  last 30 (crit)  ── warn > 5  ── crit > 20") {
		t.Fatalf("the breaching probe is not charted, or its legend repeats itself:\n%s", s)
	}
	if strings.Contains(s, "── crit > 20  value > 20") {
		t.Fatalf("the crit condition is said twice:\n%s", s)
	}
	c.keys(keyOf(tea.KeyUp))
	if !strings.Contains(c.screen(), "Health latency  last 100ms") {
		t.Fatalf("the operator's choice did not stick:\n%s", c.screen())
	}
	c.event(launch.Event{ID: "errors", Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.LevelCrit, Value: floatp(40), Reason: "value > 20"}})
	if !strings.Contains(c.screen(), "Health latency  last 100ms") {
		t.Fatalf("a new breach took the chart from the operator's choice:\n%s", c.screen())
	}
}

// ? explains every mark and counter.
func TestHelpExplainsMarks(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	c.keys(typed("?"))
	for _, want := range []string{"● running", "◌ waiting", "○ pending", "↺ rolled back", "» skipped", "~ waived", "✓ passed", "✗ failed", "2/5 attempt 2 of 5", "33ms/10ms took 33ms"} {
		c.mustShow(want)
	}
}

// Quitting at the gate says what quitting does there, not that a step
// will be stopped.
func TestQuitAtTheGate(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.event(launch.Event{Phase: launch.PhaseGate, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	c.keys(typed("q"))
	c.mustShow("Nothing has been switched")
	if strings.Contains(c.screen(), "stop it") {
		t.Fatalf("the gate's quit talks of a running step:\n%s", c.screen())
	}
}

// A watcher never sees a driver that has left.
func TestWatcherDoesNotShowAGoneDriver(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{ReadOnly: true})
	c.event(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop", Driver: "ann@bastion"}}})
	c.mustShow("driven by ann@bastion")
	c.event(launch.Event{Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeInterrupted, Exit: intp(3)}})
	if s := c.screen(); strings.Contains(s, "driven by") {
		t.Fatalf("a watcher still sees a driver:\n%s", s)
	}
}

// After a resume, the interrupted step's pane shows the tail of what it
// printed before the driver died.
func TestResumedInterruptedStepShowsItsLog(t *testing.T) {
	dir := t.TempDir()
	path := launch.StepLogPath(dir, launch.PhaseCutover, "switch")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("draining the old pool\nhalf the hosts moved\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCockpit(t, testRunbook, Options{LaunchDir: dir})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepInterruptedBody{}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.DecisionNeededBody{Reason: "interrupted: outcome unknown"}})
	waitFor(t, func() bool {
		c.m.Update(tickMsg(t0))
		return strings.Contains(c.screen(), "half the hosts moved")
	})
}

// A tick can be taken back with u while the checklist waits.
func TestUntickByKey(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepWaitingBody{Wait: launch.WaitManual}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.ItemTickedBody{OldItem: 1, Text: "Post in #launch", Who: "ops"}})
	c.mustShow("> [ ] Tell support", "u untick")
	c.keys(keyOf(tea.KeyLeft))
	c.mustShow("> [x] Post in #launch")
	c.keys(typed("u"))
	if got := c.last(); got.Kind != launch.CmdUntick || got.ID != "announce" || got.Index != 0 {
		t.Fatalf("u sent %+v", got)
	}
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.ItemUntickedBody{Item: 1, Who: "ops"}})
	c.mustShow("> [ ] Post in #launch")
}

// The compact view's waiting line is not a lie: its keys answer there too.
func TestCompactViewKeysAnswer(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	c.mustShow("enter run step")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdConfirm || got.ID != "switch" {
		t.Fatalf("Enter in the compact view sent %+v", got)
	}
}

// A watcher's gate and monitor screens offer no keys that act.
func TestWatcherScreensShowNoActionHints(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{ReadOnly: true})
	c.event(launch.Event{Phase: launch.PhaseGate, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	if s := c.screen(); strings.Contains(s, "[g] GO") || strings.Contains(s, "waive") {
		t.Fatalf("the watcher's gate offers action keys:\n%s", s)
	}
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 60000}})
	c.event(launch.Event{ID: "latency", Body: launch.RollbackRecommendedBody{Reason: "3 critical samples"}})
	if s := c.screen(); strings.Contains(s, "[e] end soak") || strings.Contains(s, "press B") || strings.Contains(s, "B roll back") {
		t.Fatalf("the watcher's monitor offers action keys:\n%s", s)
	}
}

// A watcher's step detail says what waits but offers none of the keys
// that answer it: a confirm step, a checklist and a failure menu.
func TestWatcherStepDetailShowsNoActionHints(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{ReadOnly: true})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepWaitingBody{Wait: launch.WaitConfirm}})
	s := c.screen()
	if !strings.Contains(s, "Waits for the driver to run it.") || strings.Contains(s, "Press Enter to run this step") {
		t.Fatalf("the watcher's confirm detail:\n%s", s)
	}
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepConfirmedBody{}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Exit: intp(0)}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepWaitingBody{Wait: launch.WaitManual}})
	if s := c.screen(); !strings.Contains(s, "Post in #launch") || strings.Contains(s, "space tick") {
		t.Fatalf("the watcher's checklist detail:\n%s", s)
	}
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "announce", Body: launch.StepFinishedBody{}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepStartedBody{}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Exit: intp(1), Reason: "exit 1"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{Kind: launch.DecideFailed}})
	if s := c.screen(); !strings.Contains(s, "Step failed") || strings.Contains(s, "[r] retry") {
		t.Fatalf("the watcher's failure detail:\n%s", s)
	}
}
