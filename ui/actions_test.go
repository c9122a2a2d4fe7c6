package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
)

// cockpit is a model driven synchronously: each message goes through the
// real Update, and the screen is the real View.
type cockpit struct {
	t  testing.TB
	m  *Model
	s  *sent
	ev events
}

func newCockpit(t testing.TB, src string, o Options) *cockpit {
	t.Helper()
	s := &sent{}
	if o.Runbook == nil {
		o.Runbook = loadRunbook(t, src)
	}
	if o.Send == nil && !o.ReadOnly {
		o.Send = s.send
	}
	if o.Clock == nil {
		o.Clock = func() time.Time { return t0.Add(time.Minute) }
	}
	c := &cockpit{t: t, m: NewModel(o), s: s}
	c.m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	c.event(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop"}}})
	return c
}

func (c *cockpit) event(e launch.Event) { c.m.Update(EventMsg{E: c.ev.next(e)}) }

func (c *cockpit) keys(ks ...tea.KeyMsg) {
	for _, k := range ks {
		c.m.Update(k)
	}
}

func (c *cockpit) typeText(s string) { c.keys(typed(s)) }

func (c *cockpit) screen() string { return ansi.Strip(c.m.View()) }

func (c *cockpit) mustShow(wants ...string) {
	c.t.Helper()
	s := c.screen()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			c.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// last returns the last command sent that is not a resize.
func (c *cockpit) last() launch.Command {
	c.t.Helper()
	all := c.s.all()
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Kind != launch.CmdResize {
			return all[i]
		}
	}
	c.t.Fatal("no command sent")
	return launch.Command{}
}

func (c *cockpit) actions() int { return len(c.s.all()) - countKind(c.s.all(), launch.CmdResize) }

func (c *cockpit) cutover() {
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	c.event(launch.Event{Body: launch.GateDecidedBody{Decision: launch.GateGo, Who: "alice"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}})
}

func TestNoGoNeedsAReason(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.event(launch.Event{Body: launch.GateOpenedBody{Prompt: "Switch traffic to v2?"}})
	c.keys(typed("n"))
	c.mustShow("NO-GO: why?")
	c.keys(keyOf(tea.KeyEnter))
	c.mustShow("a reason is required")
	c.typeText("payments team not ready")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdNoGo || got.Reason != "payments team not ready" {
		t.Fatalf("sent %+v", got)
	}
}

func TestGoCancelSendsNothing(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	c.keys(typed("g"))
	c.typeText("bob")
	c.keys(keyOf(tea.KeyEnter), keyOf(tea.KeyEsc))
	c.mustShow("GO / NO-GO")
	if c.actions() != 0 {
		t.Fatalf("a cancelled GO sent %+v", c.s.all())
	}
}

const windowRunbook = `
[launch]
name = "w"
window = { start = 2026-12-01T20:00:00Z, end = 2026-12-01T21:00:00Z }

[[preflight]]
id = "a"
run = "true"

[[cutover]]
id = "s"
run = "true"
`

func TestOverrideOutsideTheWindow(t *testing.T) {
	c := newCockpit(t, windowRunbook, Options{})
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	c.mustShow("outside the deployment window")
	c.keys(typed("o"))
	c.typeText("incident fix, approved by CTO")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdOverride || got.Reason != "incident fix, approved by CTO" {
		t.Fatalf("sent %+v", got)
	}

	// Inside the window there is nothing to override.
	in := newCockpit(t, windowRunbook, Options{Clock: func() time.Time { return t0.Add(-90 * time.Minute) }})
	in.event(launch.Event{Body: launch.GateOpenedBody{}})
	in.mustShow("window 30:00 left")
	in.keys(typed("o"))
	if in.actions() != 0 || in.m.modal != modeNormal {
		t.Fatal("override offered inside the window")
	}
}

func TestRollbackHoldAndNote(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})

	c.keys(typed("B"))
	c.mustShow("Roll back now?", "[y/n]")
	c.keys(typed("n"))
	if c.actions() != 0 {
		t.Fatal("n still rolled back")
	}
	c.keys(typed("B"), typed("y"))
	if got := c.last(); got.Kind != launch.CmdRollback {
		t.Fatalf("sent %+v", got)
	}

	c.keys(typed("h"))
	if got := c.last(); got.Kind != launch.CmdHold || !got.On {
		t.Fatalf("hold sent %+v", got)
	}
	c.event(launch.Event{Body: launch.HoldSetBody{On: true}})
	c.mustShow("HOLD")
	c.keys(typed("h"))
	if got := c.last(); got.Kind != launch.CmdHold || got.On {
		t.Fatalf("release sent %+v", got)
	}

	c.keys(typed("N"))
	c.mustShow("Note for the journal")
	c.typeText("LB took 40s to drain")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdNote || got.Text != "LB took 40s to drain" {
		t.Fatalf("note sent %+v", got)
	}
}

func TestTimeoutAndInterruptedMenus(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepTimedOutBody{ElapsedMS: 300000}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.DecisionNeededBody{Reason: "timed out after 5m00s"}})
	c.mustShow("Step timed out", "[w] wait longer", "[t] stop (terminate) step")
	c.keys(typed("w"))
	if got := c.last(); got.Kind != launch.CmdDecide || got.Action != "wait" || got.ID != "switch" {
		t.Fatalf("sent %+v", got)
	}
	c.keys(typed("t"))
	if got := c.last(); got.Action != "stop" {
		t.Fatalf("sent %+v", got)
	}

	r := newCockpit(t, testRunbook, Options{})
	r.cutover()
	r.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepInterruptedBody{}})
	r.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.DecisionNeededBody{Reason: "interrupted: outcome unknown"}})
	r.mustShow("Step interrupted, outcome unknown", "[d] mark done")
	r.keys(typed("d"))
	r.typeText("checked the balancer by hand")
	r.keys(keyOf(tea.KeyEnter))
	if got := r.last(); got.Action != "mark_done" || got.Reason != "checked the balancer by hand" {
		t.Fatalf("sent %+v", got)
	}
	r.keys(typed("b"), typed("y"))
	if got := r.last(); got.Action != "rollback" {
		t.Fatalf("sent %+v", got)
	}
}

func TestFailureAbortAndRollback(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Exit: intp(2), Reason: "exit 2"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.DecisionNeededBody{Reason: "exit 2"}})
	c.keys(typed("a"))
	c.mustShow("Abort the launch (", "): why?")
	c.typeText("data looks wrong")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Action != "abort" || got.Reason != "data looks wrong" || got.ID != "migrate" {
		t.Fatalf("sent %+v", got)
	}
	c.keys(typed("b"), typed("y"))
	if got := c.last(); got.Action != "rollback" {
		t.Fatalf("sent %+v", got)
	}
	c.keys(typed("r"))
	if got := c.last(); got.Action != "retry" {
		t.Fatalf("sent %+v", got)
	}
}

func TestMonitorEndAndExtend(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseMonitor, Body: launch.PhaseStartedBody{}})
	c.event(launch.Event{Body: launch.MonitorStartedBody{SoakMS: 600000}})
	c.mustShow("Monitor", "Health latency", "soak left")
	c.keys(typed("x"))
	c.mustShow("Extend the soak by")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdExtend || got.Duration != 5*time.Minute {
		t.Fatalf("sent %+v", got)
	}
	c.keys(typed("x"))
	c.typeText("soon")
	c.keys(keyOf(tea.KeyEnter))
	c.mustShow("not a duration")
	c.keys(keyOf(tea.KeyCtrlU))
	c.typeText("90s")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Duration != 90*time.Second {
		t.Fatalf("sent %+v", got)
	}
	c.keys(typed("e"))
	c.typeText("all green, calling it")
	c.keys(keyOf(tea.KeyEnter))
	if got := c.last(); got.Kind != launch.CmdEndSoak || got.Reason != "all green, calling it" {
		t.Fatalf("sent %+v", got)
	}
	// m goes back to the steps and again to the monitor.
	c.keys(typed("m"))
	c.mustShow("Point the balancer at v2")
	c.keys(typed("m"))
	c.mustShow("soak left")
}

const interactiveRunbook = `
[launch]
name = "i"

[[cutover]]
id = "login"
run = "read -r answer"
interactive = true
`

func TestInteractiveFocus(t *testing.T) {
	c := newCockpit(t, interactiveRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "login", Body: launch.StepStartedBody{Attempt: 1}})
	c.mustShow("press i to type into the step")
	c.keys(typed("i"))
	c.mustShow("KEYS GO TO THE STEP")
	c.keys(typed("y"), typed("q"), keyOf(tea.KeyEnter))
	var data []byte
	for _, cmd := range c.s.all() {
		if cmd.Kind == launch.CmdInput {
			if cmd.ID != "login" {
				t.Fatalf("input for %q", cmd.ID)
			}
			data = append(data, cmd.Data...)
		}
	}
	if string(data) != "yq\r" {
		t.Fatalf("step got %q, want %q", data, "yq\r")
	}
	if c.m.quitting {
		t.Fatal("q in focus quit the cockpit")
	}
	c.keys(keyOf(tea.KeyCtrlCloseBracket))
	if c.m.mode() == modeFocus {
		t.Fatal("ctrl-] kept the focus")
	}
}

func TestPresentationMasks(t *testing.T) {
	const src = `
[launch]
name = "p"
title = "Move db.prod.internal"
secrets = ["TOKEN_X"]

[env]
TOKEN_X = "s3cr3t-value-123"

[[cutover]]
id = "switch"
name = "Point https://admin:pw@10.0.0.7:8443 at new"
run = "true"
`
	c := newCockpit(t, src, Options{Rehearse: true})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
	c.keys(typed("p"))
	s := c.screen()
	for _, leak := range []string{"db.prod.internal", "admin:pw", "10.0.0.7"} {
		if strings.Contains(s, leak) {
			t.Fatalf("presentation shows %q:\n%s", leak, s)
		}
	}
	c.mustShow("C U T O V E R", "REHEARSAL", "Now:", "Cutover: 0 of 1 steps done")
	// The big phase box keeps its shape: its rows start in one column.
	var cols []int
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexAny(line, "║╔╚"); i >= 0 {
			cols = append(cols, i)
		}
	}
	if len(cols) < 3 || slices.Min(cols) != slices.Max(cols) {
		t.Fatalf("the phase box is ragged (border columns %v):\n%s", cols, s)
	}
	c.keys(typed("p"))
	c.mustShow("Point https://admin:pw@10.0.0.7:8443 at new")
}

func TestBaselinesShowExpectedAndETA(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.event(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{Expected: map[string]int64{
		"cutover/switch": 60000, "cutover/announce": 120000, "cutover/migrate": 30000,
	}}}})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Time: t0.Add(-30 * time.Second), Body: launch.StepStartedBody{Attempt: 1}})
	// Now is t0+1m: switch ran 90s of its expected 60s.
	c.mustShow("1m30s/1m00s", "/2m00s", "cutover ETA", "+30.0s vs rehearsal")
}

func TestHelpScreen(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.event(launch.Event{Body: launch.GateOpenedBody{}})
	c.keys(typed("?"))
	c.mustShow("Keys (any key closes)", "GO", "NO-GO", "hold/release", "presentation")
	c.keys(typed("x"))
	c.mustShow("GO / NO-GO")
}

func TestRollbackStepFailureAsksOnTheRollbackStep(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{})
	c.cutover()
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Exit: intp(0)}})
	c.event(launch.Event{Body: launch.RollbackStartedBody{Reason: "by the operator"}})
	c.event(launch.Event{Phase: launch.PhaseRollback, ID: "switch", Body: launch.StepStartedBody{Command: "echo back"}})
	c.event(launch.Event{Phase: launch.PhaseRollback, ID: "switch", Body: launch.StepFailedBody{Exit: intp(1), Reason: "exit 1"}})
	c.event(launch.Event{Phase: launch.PhaseRollback, ID: "switch", Body: launch.DecisionNeededBody{Reason: "exit 1"}})
	c.mustShow("Rollback", "Step failed", "[r] retry")
	if it := c.m.selected(); it == nil || it.Phase != launch.PhaseRollback {
		t.Fatalf("selected %+v, want the rollback step", it)
	}
}

func TestHeaderParamsAndNotifyFailures(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{ReadOnly: true})
	c.event(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L1", Name: "shop", Params: map[string]string{"VERSION": "2.4.1", "REGION": "eu"}}}})
	c.event(launch.Event{Body: launch.NotifyFailedBody{Target: "https://hooks.example.com/launch", Reason: "503 Service Unavailable"}})
	c.mustShow("set REGION=eu VERSION=2.4.1", "notify failed ×1: 503 Service Unavailable")
}

func TestResumedHistoryIsFolded(t *testing.T) {
	var ev events
	hist := []launch.Event{
		ev.next(launch.Event{Body: launch.LaunchStartedBody{Launch: &launch.LaunchInfo{ID: "L0", Name: "shop"}}}),
		ev.next(launch.Event{Body: launch.GateDecidedBody{Decision: launch.GateGo, Who: "alice"}}),
		ev.next(launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}}),
		ev.next(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepFinishedBody{Exit: intp(0)}}),
	}
	var s sent
	m := NewModel(Options{Runbook: loadRunbook(t, testRunbook), Send: s.send, History: hist, Clock: func() time.Time { return t0 }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if it := m.st.Find(launch.PhaseCutover, "switch"); it == nil || it.Status != launch.StatusDone {
		t.Fatalf("history not folded: %+v", it)
	}
	m.Update(typed("q"))
	if m.modal != modeConfirm {
		t.Fatal("q on a resumed, running launch did not ask")
	}
}

func TestSummaryTellsTheStory(t *testing.T) {
	c := newCockpit(t, testRunbook, Options{LaunchDir: filepath.Join("state", "L1")})
	c.cutover()
	c.event(launch.Event{Body: launch.NoteBody{Text: "DNS TTL was 1h, waited", Who: "ops"}})
	c.event(launch.Event{Phase: launch.PhaseCutover, ID: "migrate", Body: launch.StepFailedBody{Exit: intp(1), Reason: "exit 1"}})
	c.event(launch.Event{Body: launch.LaunchFinishedBody{Outcome: launch.OutcomeAborted, Reason: "data looks wrong", Exit: intp(1)}})
	c.mustShow("Launch finished", "aborted", "data looks wrong", "Gate: go", "DNS TTL was 1h, waited",
		filepath.Join("state", "L1", "journal.jsonl"), "golive report")
}

// TestRemoteCockpitOpensNoPager: a served session's o must not run $PAGER
// on the server with the session as its terminal (less runs commands).
func TestRemoteCockpitOpensNoPager(t *testing.T) {
	for _, remote := range []bool{false, true} {
		c := newCockpit(t, testRunbook, Options{Remote: remote, LaunchDir: t.TempDir()})
		c.cutover()
		c.event(launch.Event{Phase: launch.PhaseCutover, ID: "switch", Body: launch.StepStartedBody{Attempt: 1}})
		pm := c.m.currentPane()
		if pm == nil {
			t.Fatal("no pane for the running step")
		}
		if got := pm.Keys.Pager.Enabled(); got == remote {
			t.Fatalf("remote %v: pager key enabled %v", remote, got)
		}
		c.keys(typed("?"))
		if shown := strings.Contains(c.screen(), "$PAGER"); shown == remote {
			t.Fatalf("remote %v: the help offers the pager %v:\n%s", remote, shown, c.screen())
		}
	}
}
