package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// tmuxTerm is a real terminal: a detached tmux session on a private
// server socket, so tests never touch the user's own tmux.
type tmuxTerm struct {
	t      *testing.T
	socket string
	name   string
}

// needTmux skips when tmux is missing, except in CI, where it must run.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI (apt-get install -y tmux)")
		}
		t.Skip("tmux not installed: apt-get install -y tmux")
	}
}

// startTmux runs command in dir in a cols x rows terminal.
func startTmux(t *testing.T, dir string, cols, rows int, env []string, command string) *tmuxTerm {
	t.Helper()
	needTmux(t)
	term := &tmuxTerm{t: t, socket: fmt.Sprintf("golive-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()), name: "e2e"}
	args := []string{"new-session", "-d", "-s", term.name, "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), "-c", dir}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	// Keep the pane after the program exits so its last screen and exit
	// status can be read.
	args = append(args, command+"; echo \"[exit $?]\"; sleep 600")
	if out, err := term.tmux(args...); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	t.Cleanup(term.kill)
	return term
}

func (m *tmuxTerm) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", m.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	return string(out), err
}

// keys sends tmux key names (e.g. "Enter", "Space", "q") or literal text.
func (m *tmuxTerm) keys(keys ...string) {
	m.t.Helper()
	if out, err := m.tmux(append([]string{"send-keys", "-t", m.name}, keys...)...); err != nil {
		m.t.Fatalf("send-keys %v: %v: %s", keys, err, out)
	}
}

// text types literal text.
func (m *tmuxTerm) text(s string) {
	m.t.Helper()
	if out, err := m.tmux("send-keys", "-t", m.name, "-l", s); err != nil {
		m.t.Fatalf("send-keys -l %q: %v: %s", s, err, out)
	}
}

// screen returns the visible screen as text.
func (m *tmuxTerm) screen() string {
	out, err := m.tmux("capture-pane", "-p", "-t", m.name)
	if err != nil {
		m.t.Fatalf("capture-pane: %v: %s", err, out)
	}
	return out
}

// waitFor polls the screen until it contains every want, or fails the test
// after timeout showing the last screen.
func (m *tmuxTerm) waitFor(timeout time.Duration, wants ...string) string {
	m.t.Helper()
	return m.waitUntil(timeout, fmt.Sprintf("%q", wants), func(s string) bool {
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// waitUntil polls the screen until ok accepts it, or fails the test after
// timeout saying what never showed and the last screen.
func (m *tmuxTerm) waitUntil(timeout time.Duration, what string, ok func(screen string) bool) string {
	m.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := m.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("screen never showed %s within %v; last screen:\n%s", what, timeout, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sparkGlyphs are the bars of a sparkline, drawn once a probe has a sample.
const sparkGlyphs = "▁▂▃▄▅▆▇█"

func (m *tmuxTerm) kill() {
	m.tmux("kill-server")
}
