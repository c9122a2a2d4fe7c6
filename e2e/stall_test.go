package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const stallRunbook = `
[launch]
name = "stall"

[[cutover]]
id = "hang"
name = "Hang past the timeout"
run = "trap '' INT TERM; echo $$ > hang.pid; i=0; while :; do i=$((i+1)); printf 'tick %d %0100d\n' $i $i; echo $i >> beats; sleep 0.01; done"
timeout = "4s"
grace = "1s"
on_timeout = "fail"
on_failure = "abort"

[[cutover]]
id = "later"
run = "touch later.ran"
`

// stallSlack is how late, on a loaded machine, the engine may act on a
// timer before the test calls it held up. A cockpit that holds up the
// engine is late by as long as its terminal is stopped (15 s here).
const stallSlack = 3 * time.Second

// A cockpit whose terminal stops reading (its tmux server stopped, as a
// laptop lid closed on an SSH session would) must not hold up the launch:
// the step that ignores its signal is still stopped at its 4 s timeout
// and killed after the 1 s grace, its own output file stops growing, and
// once the terminal reads again the launch ends as the runbook says.
func TestStoppedTerminalDelaysNoTimeout(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", stallRunbook)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" run --rehearse --yes --exit "+path)
	term.waitFor(30*time.Second, "tick ")

	// The tmux server reads the cockpit's terminal: stopped, the
	// cockpit's writes fill the terminal's buffer and then block.
	out, err := term.tmux("display-message", "-p", "#{pid}")
	if err != nil {
		t.Fatalf("tmux server pid: %v: %s", err, out)
	}
	server, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("tmux server pid %q: %v", out, err)
	}
	if err := syscall.Kill(server, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			syscall.Kill(server, syscall.SIGCONT)
		}
	}
	defer resume() // before the cleanup that kills the server

	// While the terminal is stopped (no tmux command can run now), the
	// journal must record the failure and the step must die.
	var started, failed time.Time
	deadline := time.Now().Add(15 * time.Second)
	for failed.IsZero() && time.Now().Before(deadline) {
		started, failed = stepTimes(t, dir, "hang")
		time.Sleep(100 * time.Millisecond)
	}
	if failed.IsZero() {
		resume()
		t.Fatalf("with the terminal stopped 15 s, the step never failed; screen once resumed:\n%s", term.screen())
	}
	if got := failed.Sub(started); got > 5*time.Second+stallSlack {
		t.Errorf("the step failed %v after it started, want by its 4s timeout + 1s grace", got)
	}
	pid := readInt(t, filepath.Join(dir, "hang.pid"))
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the step (pid %d) still runs with the terminal stopped", pid)
		}
		time.Sleep(100 * time.Millisecond)
	}
	beats, err := os.Stat(filepath.Join(dir, "beats"))
	if err != nil {
		t.Fatal(err)
	}
	if got := beats.ModTime().Sub(started); got > 5*time.Second+stallSlack {
		t.Errorf("the step wrote its output file until %v after it started, want it stopped by ~5s", got)
	}

	resume()
	term.waitFor(30*time.Second, "[exit 1]")
	if _, err := os.Stat(filepath.Join(dir, "later.ran")); err == nil {
		t.Error("a step after the aborted one ran")
	}
}

// stepTimes returns when the cutover step id started and failed, from the
// journal (zero when not yet).
func stepTimes(t *testing.T, dir, id string) (started, failed time.Time) {
	t.Helper()
	for _, ev := range journalOf(t, dir) {
		if ev["id"] != id {
			continue
		}
		at, _ := time.Parse(time.RFC3339Nano, ev["time"].(string))
		switch ev["type"] {
		case "step_started":
			started = at
		case "step_failed":
			failed = at
		}
	}
	return started, failed
}

// readInt reads a file holding one integer, such as a pid file.
func readInt(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return n
}
