package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// e2eRunbook is driven by keys alone in a real terminal: a check, the
// gate, a confirmed step, a step that fails once (retried from the menu),
// a checklist and a short quiet soak.
const e2eRunbook = `
[launch]
name = "e2e"
title = "Cockpit end to end"
approvers = ["alice", "bob"]

[[preflight]]
id = "disk"
name = "Disk has room"
run = "echo 123456"

[gate]
prompt = "Switch the demo?"

[[cutover]]
id = "switch"
name = "Switch traffic"
run = "for i in 1 2 3; do echo switched part $i; done"
confirm = true

[[cutover]]
id = "flaky"
name = "Flaky migration"
run = "test -f marker || { touch marker; printf '%b' \"$HOSTILE\"; echo first try fails; exit 3; }"

[env]
HOSTILE = "clip\\033]52;c;aGFja2Vk\\007 title\\033]0;pwned-title\\007 \\033]8;;http://evil.example/\\033\\\\link\\033]8;;\\033\\\\ dcs\\033P+q544e\\033\\\\ query\\033[6n reset\\033c clear\\033[2J\\n"

[[cutover]]
id = "announce"
manual = ["Post the note", "Tell support"]

[monitor]
duration = "3s"
interval = "500ms"

[[monitor.probe]]
id = "steady"
name = "Steady value"
run = "echo 5"
warn = "value > 40"
crit = "value > 50"
`

// term is a tmux session on a private server, read with capture-pane.
type term struct {
	t      *testing.T
	socket string
}

func (tm *term) tmux(args ...string) string {
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Logf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (tm *term) keys(keys ...string) {
	tm.tmux(append([]string{"send-keys", "-t", "cockpit"}, keys...)...)
}

func (tm *term) text(s string) { tm.tmux("send-keys", "-t", "cockpit", "-l", s) }

func (tm *term) screen() string { return tm.tmux("capture-pane", "-p", "-t", "cockpit") }

// waitFor polls the screen until it shows every one of wants; the
// deadline is generous, this is not a timing assertion.
func (tm *term) waitFor(wants ...string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("%q", wants), func(s string) bool {
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// waitUntil polls the screen until ok accepts it, or fails the test
// saying what never showed.
func (tm *term) waitUntil(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		if ok(s) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("screen never showed %s; last screen:\n%s", what, s)
	return ""
}

// TestCockpitInTmux builds golive and drives a whole launch by keys in a
// real terminal, reading what it draws off the screen.
func TestCockpitInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux not installed: skipping the end-to-end cockpit test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "golive")
	build := exec.Command("go", "build", "-o", bin, "golive")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "rb.toml"), []byte(e2eRunbook), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, socket: fmt.Sprintf("golive-ui-%d", os.Getpid())}
	// The pause lets pipe-pane start recording before golive draws.
	script := fmt.Sprintf("sleep 0.5; cd %q && %q rb.toml; echo EXIT=$?; sleep 600", dir, bin)
	tm.tmux("-f", "/dev/null", "new-session", "-d", "-s", "cockpit", "-x", "100", "-y", "30",
		"env", "NO_COLOR=1", "TERM=xterm-256color", "sh", "-c", script)
	pid := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "cockpit", "#{server_pid}"))
	raw := filepath.Join(dir, "terminal.raw")
	tm.tmux("pipe-pane", "-t", "cockpit", "-o", fmt.Sprintf("cat > %q", raw))
	t.Cleanup(func() {
		tm.tmux("kill-server")
		if pid != "" {
			// The server is ours: make sure it is gone.
			exec.Command("kill", pid).Run()
		}
	})

	tm.waitFor("Cockpit end to end", "GO / NO-GO", "Switch the demo?", "Disk has room", "passed")
	tm.keys("g")
	tm.waitFor("GO: approver name (alice, bob)")
	tm.text("carol")
	tm.keys("Enter")
	tm.waitFor("carol is not an approver")
	tm.keys("C-u")
	tm.text("alice")
	tm.keys("Enter")
	tm.waitFor("Type GO to confirm")
	tm.text("GO")
	tm.keys("Enter")

	tm.waitFor("Cutover", "Press Enter to run this step.", "$ for i in 1 2 3")
	tm.keys("Enter")
	tm.waitFor("Step failed", "[r] retry", "first try fails", "clip", "link", "reset")
	// Everything the cockpit wrote to the terminal so far: the step's
	// hostile output must not have reached it.
	bytes, err := os.ReadFile(raw)
	if err != nil {
		t.Fatalf("terminal recording: %v", err)
	}
	if !strings.Contains(string(bytes), "first try fails") {
		t.Fatalf("the recording missed the pane's output (%d bytes)", len(bytes))
	}
	// (A cursor position query is not checked: the terminal library asks
	// one itself when it reads the background colour.)
	for _, leak := range []string{"aGFja2Vk", "pwned-title", "evil.example", "544e", "\x1bc"} {
		if strings.Contains(string(bytes), leak) {
			t.Errorf("the terminal received %q from step output", leak)
		}
	}
	if title := tm.tmux("display-message", "-p", "-t", "cockpit", "#{pane_title}"); strings.Contains(title, "pwned") {
		t.Errorf("step output set the terminal title: %s", title)
	}
	tm.keys("r")
	tm.waitFor("[ ] Post the note", "[ ] Tell support")
	tm.keys("Space")
	tm.waitFor("[x] Post the note")
	tm.keys("Enter")
	tm.waitFor("That is the last item")
	tm.keys("y")

	// The probe's row is drawn before its first sample: wait for the
	// sparkline itself, which needs one.
	tm.waitUntil("a sparkline on the monitor screen", func(s string) bool {
		return strings.Contains(s, "Steady value") && strings.ContainsAny(s, "▁▂▃▄▅▆▇█")
	})
	tm.waitFor("Launch finished", "completed", "STABLE")
	tm.keys("q")
	tm.waitFor("EXIT=0")
}
