package e2e

import (
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The demo launch, driven by keys alone in a real terminal, ends STABLE
// and leaves no process behind: the README's first promise.
func TestDemoCockpitByKeys(t *testing.T) {
	needTmux(t)
	dir, path := copyDemo(t)
	addr := freeAddr(t)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path+" --set DEMO_ADDR="+addr)

	term.waitFor(30*time.Second, "GO / NO-GO", "Switch the greeting service to v2?", "quorum")
	// Each key is a message of its own only if the cockpit reads it
	// alone: typed at once, "g" and the name arrive as one paste.
	term.keys("g")
	term.waitFor(10*time.Second, "GO: approver name")
	term.text("alice")
	term.keys("Enter")
	term.waitFor(5*time.Second, "Type GO")
	term.text("GO")
	term.keys("Enter")

	// The switch waits for Enter, showing its command first.
	term.waitFor(60*time.Second, "Press Enter to run this step", "echo v2 > .golive/demo-active")
	term.keys("Enter")

	// The checklist: tick both items.
	term.waitFor(30*time.Second, "[ ] Post the go-live note in #launch")
	term.keys("Space")
	term.waitFor(5*time.Second, "[x] Post the go-live note in #launch")
	term.keys("Space")
	term.waitFor(5*time.Second, "That is the last item")
	term.keys("y")

	// The monitor view comes by itself, with a row per probe; its rows
	// show a sparkline once the first samples are in (the rows are drawn
	// before them, so wait for the bars themselves).
	term.waitFor(30*time.Second, "Monitor", "Health latency", "Load", "soak left")
	term.waitUntil(30*time.Second, "a sparkline on the monitor view", func(s string) bool {
		return strings.Contains(s, "Health latency") && strings.ContainsAny(s, sparkGlyphs)
	})
	s := term.waitFor(60*time.Second, "Launch finished", "STABLE")
	if !strings.Contains(s, "completed") {
		t.Errorf("summary does not say completed:\n%s", s)
	}
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 0]")

	// Nothing the launch started is left: the service's port is closed and
	// no golive process (the service is golive itself) is still running.
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("the demo service still listens on %s", addr)
	}
	if out, err := exec.Command("pgrep", "-f", golive+" demo-service --addr "+addr).Output(); err == nil {
		t.Errorf("processes left behind: %s", out)
	}

	rep, _, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 || !strings.Contains(rep, `"outcome": "completed"`) && !strings.Contains(rep, `"outcome":"completed"`) {
		t.Errorf("report after the cockpit: exit %d\n%s", code, rep)
	}
	if !strings.Contains(rep, `"name": "alice"`) && !strings.Contains(rep, `"name":"alice"`) {
		t.Errorf("report does not name alice as approver:\n%s", rep)
	}
}
