package ui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
	"golive/runbook"
)

// live is a cockpit wired to a real engine: the engine's events reach the
// model through Update on the test goroutine, and every command the model
// sends reaches the engine.
type live struct {
	t    *testing.T
	m    *Model
	e    *launch.Engine
	mu   sync.Mutex
	q    []launch.Event
	sent []launch.Command
	sig  chan struct{}
	code chan int
}

// startLive starts a real launch of rb in the cockpit. history, when not
// nil, is the journal of a launch to resume in dir. With yes, alice votes
// GO and confirmations and checklists pass by themselves (--yes);
// without it the cockpit's keys must do it.
func startLive(t *testing.T, rb *runbook.Runbook, history []launch.Event, dir string, yes bool) *live {
	t.Helper()
	l := &live{t: t, sig: make(chan struct{}, 1), code: make(chan int, 1)}
	o := launch.Options{Runbook: rb, Root: filepath.Join(filepath.Dir(rb.Path), "state"),
		Driver: "walker@host", OSUser: "walker", OnEvent: l.push, Resume: history, ResumeDir: dir}
	if yes {
		o.Yes, o.Approvers = true, []string{"alice"}
	}
	e, err := launch.New(o)
	if err != nil {
		t.Fatal(err)
	}
	l.e = e
	l.m = NewModel(Options{Runbook: rb, Send: l.send})
	l.m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, ev := range history {
		l.m.Update(EventMsg{E: ev})
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { l.code <- e.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-l.code:
		case <-time.After(time.Minute):
			t.Error("the engine did not end after its context was cancelled")
		}
	})
	return l
}

func (l *live) push(ev launch.Event) {
	l.mu.Lock()
	l.q = append(l.q, ev)
	l.mu.Unlock()
	select {
	case l.sig <- struct{}{}:
	default:
	}
}

func (l *live) send(c launch.Command) {
	l.mu.Lock()
	l.sent = append(l.sent, c)
	l.mu.Unlock()
	l.e.Send(c)
}

func (l *live) commands() []launch.Command {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []launch.Command
	for _, c := range l.sent {
		if c.Kind != launch.CmdResize {
			out = append(out, c)
		}
	}
	return out
}

// pump hands the engine's events to the model until one matches.
func (l *live) pump(what string, match func(launch.Event) bool) launch.Event {
	l.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		l.mu.Lock()
		q := l.q
		l.q = nil
		l.mu.Unlock()
		for i, ev := range q {
			l.m.Update(EventMsg{E: ev})
			if match(ev) {
				l.mu.Lock()
				l.q = append(slices.Clone(q[i+1:]), l.q...)
				l.mu.Unlock()
				return ev
			}
		}
		select {
		case <-l.sig:
		case <-deadline:
			l.t.Fatalf("no %s from the engine; screen:\n%s", what, ansi.Strip(l.m.View()))
		}
	}
}

func (l *live) waitType(typ launch.Type, id string) launch.Event {
	return l.pump(string(typ)+" "+id, func(ev launch.Event) bool { return ev.Type() == typ && (id == "" || ev.ID == id) })
}

// press sends the first key of b and answers every question it opens.
func (l *live) press(b key.Binding) {
	l.m.Update(keyMsgOf(b.Keys()[0]))
	for range 5 {
		switch l.m.modal {
		case modeConfirm:
			l.m.Update(typed("y"))
		case modePrompt:
			title := l.m.questions.prompt.title
			answer := "walked by the menu test"
			switch {
			case strings.Contains(title, "approver"):
				answer = "alice"
			case strings.Contains(title, "Type GO"):
				answer = "GO"
			case strings.Contains(title, "Extend"):
				answer = "1m"
			}
			l.m.Update(typed(answer))
			l.m.Update(keyOf(tea.KeyEnter))
		default:
			return
		}
	}
	l.t.Fatalf("key %q leaves a question open:\n%s", b.Help().Key, ansi.Strip(l.m.View()))
}

func keyMsgOf(k string) tea.KeyMsg {
	switch k {
	case "left":
		return keyOf(tea.KeyLeft)
	case "right":
		return keyOf(tea.KeyRight)
	case "enter":
		return keyOf(tea.KeyEnter)
	case "space", " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return typed(k)
}

// actedOn reports whether ev is the engine acting on command c.
func actedOn(c launch.Command, ev launch.Event) bool {
	switch c.Kind {
	case launch.CmdDecide:
		d, ok := ev.Body.(launch.DecisionBody)
		return ok && ev.ID == c.ID && d.Action == c.Action
	case launch.CmdApprove:
		return ev.Type() == launch.Vote && ev.Who() == c.Who
	case launch.CmdNoGo:
		d, ok := ev.Body.(launch.GateDecidedBody)
		return ok && d.Decision == launch.GateNoGo
	case launch.CmdOverride:
		return ev.Type() == launch.Override
	case launch.CmdWaive:
		return ev.Type() == launch.CheckWaived && ev.ID == c.ID
	case launch.CmdRerun:
		return ev.Type() == launch.CheckStarted && ev.ID == c.ID
	case launch.CmdConfirm:
		return ev.Type() == launch.StepConfirmed && ev.ID == c.ID
	case launch.CmdTick:
		return ev.Type() == launch.ItemTicked && ev.ID == c.ID
	case launch.CmdHold:
		return ev.Type() == launch.HoldSet
	case launch.CmdNote:
		n, ok := ev.Body.(launch.NoteBody)
		return ok && n.Text == c.Text
	case launch.CmdRollback:
		v, ok := ev.Body.(launch.VerdictBody)
		return ev.Type() == launch.RollbackStarted || (ok && v.Verdict == launch.VerdictRollback)
	case launch.CmdEndSoak:
		v, ok := ev.Body.(launch.VerdictBody)
		return ok && v.Verdict == launch.VerdictEndedEarly
	case launch.CmdExtend:
		return ev.Type() == launch.MonitorExtended
	case launch.CmdAbort:
		d, ok := ev.Body.(launch.DecisionBody)
		return ok && d.Action == launch.ActAbort
	}
	return false
}

// situation is one place where the cockpit offers keys: a runbook, how to
// reach the place, and whether every key offered there must act.
type situation struct {
	name    string
	src     string
	reach   func(l *live)
	global  bool // walk the global action keys (hold, note, roll back) here too
	manual  bool // no --yes: the gate waits for GO, steps for their confirmation
	allSend bool // a decision menu: every key it offers sends a command
	crash   string
	files   map[string]string // written beside the runbook (playbooks, inventories)
}

var situations = []situation{
	{name: "gate", manual: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[preflight]]
id = "broken"
run = "false"
[[cutover]]
id = "a"
run = "true"
`, reach: func(l *live) { l.waitType(launch.GateOpened, "") }},
	{name: "confirm", manual: true, global: true, allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "a"
run = "true"
[[cutover]]
id = "b"
run = "true"
rollback = "true"
confirm = true
`, reach: func(l *live) { l.waitType(launch.StepWaiting, "b") }},
	{name: "checklist", manual: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "a"
manual = ["one", "two"]
`, reach: func(l *live) { l.waitType(launch.StepWaiting, "a") }},
	{name: "failed", allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "a"
run = "true"
rollback = "true"
[[cutover]]
id = "b"
run = "false"
on_failure = "ask"
`, reach: func(l *live) { l.waitType(launch.DecisionNeeded, "b") }},
	{name: "timed out", allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "slow"
run = "sleep 30"
timeout = "1s"
grace = "1s"
on_timeout = "ask"
`, reach: func(l *live) { l.waitType(launch.DecisionNeeded, "slow") }},
	{name: "rollback step failed", allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "a"
run = "true"
rollback = "false"
[[cutover]]
id = "b"
run = "false"
on_failure = "rollback"
`, reach: func(l *live) {
		l.pump("a decision on the rollback step", func(ev launch.Event) bool {
			return ev.Type() == launch.DecisionNeeded && ev.Phase == launch.PhaseRollback
		})
	}},
	{name: "fleet failed", allSend: true, src: fleetRunbook, files: fleetFiles("web1"),
		reach: func(l *live) { l.waitType(launch.DecisionNeeded, "deploy") }},
	{name: "fleet interrupted", allSend: true, crash: "deploy", src: fleetRunbook, files: fleetFiles("none"),
		reach: func(l *live) { l.waitType(launch.DecisionNeeded, "deploy") }},
	{name: "interrupted", allSend: true, crash: "b", src: interruptedRunbook,
		reach: func(l *live) { l.waitType(launch.DecisionNeeded, "b") }},
	{name: "monitor", global: true, allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "a"
run = "true"
rollback = "true"
[monitor]
duration = "10m"
interval = "1s"
[[monitor.probe]]
id = "up"
run = "true"
`, reach: func(l *live) { l.waitType(launch.MonitorStarted, "") }},
	{name: "stage promote", manual: true, allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "shift"
stages = [10, 100]
run = "true"
rollback = "true"
analysis = { duration = "500ms", promote = "ask" }
[monitor]
duration = "10m"
interval = "100ms"
[[monitor.probe]]
id = "up"
run = "true"
`, reach: func(l *live) { l.waitType(launch.DecisionNeeded, "shift") }},
	{name: "stage breach", manual: true, allSend: true, src: `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "shift"
stages = [10, 100]
run = "true"
rollback = "true"
analysis = { duration = "10m" }
on_breach = "ask"
[monitor]
duration = "10m"
interval = "100ms"
rollback_after = 2
[[monitor.probe]]
id = "up"
run = "false"
`, reach: func(l *live) { l.waitType(launch.DecisionNeeded, "shift") }},
}

const interruptedRunbook = `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "a"
run = "true"
[[cutover]]
id = "b"
run = "true"
rollback = "true"
[[cutover]]
id = "c"
run = "true"
`

// fleetRunbook has a fleet step over one local host whose playbook
// fails on the host fleetFiles names.
const fleetRunbook = `
[launch]
name = "walk"
approvers = ["alice"]
[[cutover]]
id = "deploy"
ansible = { playbook = "deploy.yml", inventory = "hosts.ini" }
rollback = "true"
`

// fleetFiles are the playbook and inventory of fleetRunbook; the play
// fails on host bad ("none": on no host).
func fleetFiles(bad string) map[string]string {
	return map[string]string{
		"hosts.ini": "[web]\nweb1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
		"deploy.yml": `- hosts: web
  gather_facts: false
  tasks:
    - name: health
      ansible.builtin.fail: { msg: "health check failed" }
      when: inventory_hostname == "` + bad + `"
`,
	}
}

// prepare loads the situation's runbook and, for a crash, runs it once
// headless and cuts its journal right after step crash started, as if the
// driver had been killed there.
func (s situation) prepare(t *testing.T) (*runbook.Runbook, []launch.Event, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), strings.ReplaceAll(s.name, " ", "-"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "runbook.toml")
	if err := os.WriteFile(path, []byte(s.src), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, text := range s.files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rb, err := runbook.Load(path, runbook.LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if s.crash == "" {
		return rb, nil, ""
	}
	var lines []string
	e, err := launch.New(launch.Options{Runbook: rb, Root: filepath.Join(dir, "state"), Headless: true, Yes: true,
		Approvers: []string{"alice"}, Driver: "first@host", OSUser: "first",
		OnEvent: func(ev launch.Event) { lines = append(lines, launch.FormatLine(ev, nil)) }})
	if err != nil {
		t.Fatal(err)
	}
	if code := e.Run(context.Background()); code != 0 {
		t.Fatalf("first run exit %d:\n%s", code, strings.Join(lines, "\n"))
	}
	jpath := filepath.Join(e.Dir(), launch.JournalFile)
	all, err := launch.ReadJournal(jpath)
	if err != nil {
		t.Fatal(err)
	}
	var kept []launch.Event
	var b strings.Builder
	for _, ev := range all {
		kept = append(kept, ev)
		line, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
		if ev.Type() == launch.StepStarted && ev.ID == s.crash {
			break
		}
	}
	if err := os.WriteFile(jpath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return rb, kept, e.Dir()
}

// offered lists the keys the cockpit offers now: the view's own and, when
// asked, the global actions.
func (l *live) offered(global bool) []key.Binding {
	h := l.m.helpKeys()
	keys := slices.Clone(h.full[0])
	if global {
		g := l.m.keys.global
		keys = append(keys, g.Hold, g.Note, g.Rollback)
	}
	return keys
}

// TestWalkEveryMenu walks every menu of every view of the cockpit against
// a real engine: each key offered is pressed in a fresh launch brought to
// that situation, its questions are answered, and the engine must act on
// the command it sends (the event that proves it follows).
func TestWalkEveryMenu(t *testing.T) {
	for _, s := range situations {
		t.Run(s.name, func(t *testing.T) {
			rb, hist, dir := s.prepare(t)
			first := s.start(t, rb, hist, dir)
			keys := first.offered(s.global)
			if len(keys) == 0 {
				t.Fatalf("nothing offered; screen:\n%s", ansi.Strip(first.m.View()))
			}
			acted := 0
			for i, b := range keys {
				l := first
				if i > 0 {
					rb, hist, dir := s.prepare(t)
					l = s.start(t, rb, hist, dir)
				}
				before := len(l.commands())
				l.press(b)
				cs := l.commands()
				if len(cs) == before {
					if s.allSend {
						t.Errorf("key %q (%s) sent nothing", b.Help().Key, b.Help().Desc)
					}
					continue
				}
				c := cs[len(cs)-1]
				l.pump("the engine acting on "+string(c.Kind)+" "+string(c.Action), func(ev launch.Event) bool { return actedOn(c, ev) })
				acted++
			}
			if acted == 0 {
				t.Fatal("no key offered here reached the engine")
			}
		})
	}
}

func (s situation) start(t *testing.T, rb *runbook.Runbook, hist []launch.Event, dir string) *live {
	t.Helper()
	l := startLive(t, rb, hist, dir, !s.manual)
	if s.manual && s.name != "gate" {
		approve(l)
	}
	s.reach(l)
	return l
}

// approve says GO at the gate through the cockpit's own keys.
func approve(l *live) {
	l.waitType(launch.GateOpened, "")
	l.press(l.m.gate.keys.Go)
	l.waitType(launch.GateDecided, "")
}

// TestInterruptedStepRerunsByKey is the crash story end to end: after a
// driver died during step b, the resumed cockpit offers re-run, r re-runs
// b, and the launch completes.
func TestInterruptedStepRerunsByKey(t *testing.T) {
	s := situation{name: "rerun", crash: "b", src: interruptedRunbook}
	rb, hist, dir := s.prepare(t)
	l := startLive(t, rb, hist, dir, false)
	l.waitType(launch.DecisionNeeded, "b")
	if !strings.Contains(ansi.Strip(l.m.View()), "[r] re-run") {
		t.Fatalf("the interrupted step offers no re-run:\n%s", ansi.Strip(l.m.View()))
	}
	l.m.Update(typed("r"))
	l.pump("b re-run", func(ev launch.Event) bool {
		return ev.Type() == launch.StepStarted && ev.ID == "b" && ev.Phase == launch.PhaseCutover
	})
	end := l.waitType(launch.LaunchFinished, "")
	if b := end.Body.(launch.LaunchFinishedBody); b.Outcome != launch.OutcomeCompleted {
		t.Fatalf("launch ended %s: %s", b.Outcome, b.Reason)
	}
}
