package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// breachRunbook switches to a "new system" whose probe breaches: the
// probe reads the level file, which the switch sets to 9 and its rollback
// back to 1, so after the rollback the old system answers well.
const breachRunbook = `
[launch]
name = "breach"
title = "Breach"
approvers = ["alice"]

[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "prepare"
name = "Prepare the pool"
run = "echo prepare >> trail"
rollback = "echo unprepare >> trail"

[[cutover]]
id = "switch"
name = "Point the balancer at green"
run = "echo 9 > level; echo switch >> trail"
rollback = "echo 1 > level; echo unswitch >> trail"

[monitor]
duration = "10m"
interval = "200ms"
rollback_after = 2
after_rollback = "1s"
AUTO

[[monitor.probe]]
id   = "level"
name = "Error level"
run  = "cat level"
warn = "value > 2"
crit = "value > 5"
`

func breachSetup(t *testing.T, auto string) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = writeFile(t, dir, "rb.toml", strings.Replace(breachRunbook, "AUTO", auto, 1))
	writeFile(t, dir, "level", "1\n")
	return dir, path
}

// auto_rollback: the banner counts down and the cockpit rolls back by
// itself; the probes then run again and the report says the old system is
// healthy.
func TestAutoRollbackCountsDownAndRollsBack(t *testing.T) {
	needTmux(t)
	dir, path := breachSetup(t, "auto_rollback = true\nauto_rollback_delay = \"3s\"")
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path)
	term.waitFor(30*time.Second, "GO / NO-GO")
	goBy(term, "alice")
	term.waitFor(60*time.Second, "AUTOMATIC ROLLBACK IN", "c cancels", "Error level")
	term.waitFor(60*time.Second, "Launch finished", "rolled back")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 1]")
	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "prepare switch unswitch unprepare" {
		t.Fatalf("trail = %q", got)
	}
	out, errOut, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 {
		t.Fatalf("report: %d %s", code, errOut)
	}
	var r struct {
		Headline      string `json:"headline"`
		AfterRollback struct {
			Verdict string `json:"verdict"`
		} `json:"after_rollback"`
		Notes []struct {
			Text string `json:"text"`
		} `json:"notes"`
		Rollback struct {
			Reason string `json:"reason"`
		} `json:"rollback"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.AfterRollback.Verdict != "healthy" || !strings.Contains(r.Headline, "the old system is healthy") {
		t.Fatalf("post-rollback soak not in the report: %s", out)
	}
	if !strings.Contains(r.Rollback.Reason, "automatic rollback") || len(r.Notes) == 0 || !strings.Contains(r.Notes[0].Text, "automatic rollback in 3.0s") {
		t.Fatalf("the automatic rollback is not journaled: %s", out)
	}
	md, _, _ := runGolive(t, dir, "report", path)
	if !strings.Contains(md, "Rolled back, and the old system is healthy") {
		t.Fatalf("markdown report lacks the post-rollback soak:\n%s", md)
	}
}

// auto_rollback cancelled with c: nothing rolls back; the recommendation
// stays for the driver, who ends the soak.
func TestAutoRollbackCancelledByKey(t *testing.T) {
	needTmux(t)
	dir, path := breachSetup(t, "auto_rollback = true\nauto_rollback_delay = \"30s\"")
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path)
	term.waitFor(30*time.Second, "GO / NO-GO")
	goBy(term, "alice")
	term.waitFor(60*time.Second, "AUTOMATIC ROLLBACK IN", "waiting for you: automatic rollback")
	term.keys("c")
	term.waitFor(10*time.Second, "ROLLBACK RECOMMENDED: Error level")
	waitJournal(t, dir, func(ev map[string]any) bool {
		return ev["type"] == "note" && strings.Contains(ev["detail"].(string), "automatic rollback cancelled")
	})
	if s := term.screen(); strings.Contains(s, "AUTOMATIC ROLLBACK IN") {
		t.Fatalf("the countdown still runs after c:\n%s", s)
	}
	term.keys("e")
	term.waitFor(10*time.Second, "End the soak early")
	term.text("false alarm, level file stuck")
	term.keys("Enter")
	term.waitFor(30*time.Second, "Launch finished")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit")
	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "prepare switch" {
		t.Fatalf("rolled back after the driver cancelled: trail %q", got)
	}
}

// B asks before rolling back, listing each rollback command in the order
// it will run.
func TestRollbackConfirmationListsCommandsByKeys(t *testing.T) {
	needTmux(t)
	dir, path := breachSetup(t, "")
	term := startTmux(t, dir, 200, 40, []string{"NO_COLOR=1"}, golive+" "+path)
	term.waitFor(30*time.Second, "GO / NO-GO")
	goBy(term, "alice")
	term.waitFor(60*time.Second, "ROLLBACK RECOMMENDED: Error level", "B roll back")
	term.keys("B")
	s := term.waitFor(10*time.Second, "[y/n]")
	flat := strings.Join(strings.Fields(s), " ")
	i := strings.Index(flat, "1. Point the balancer at green: $ echo 1 > level; echo unswitch >> trail")
	j := strings.Index(flat, "2. Prepare the pool: $ echo unprepare >> trail")
	if i < 0 || j < i {
		t.Fatalf("the rollback commands are not listed in order:\n%s", s)
	}
	term.keys("y")
	term.waitFor(60*time.Second, "Launch finished", "the old system is healthy")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 1]")
	if _, err := os.Stat(filepath.Join(dir, "trail")); err != nil {
		t.Fatal(err)
	}
}

// At 60x20 the compact view shows the phase and what waits; under
// NO_COLOR the rollback banner is in reverse video, read back from the
// terminal's own cells.
func TestCompactViewAndMonochromeBannerInTmux(t *testing.T) {
	needTmux(t)
	dir, path := breachSetup(t, "")
	term := startTmux(t, dir, 60, 20, []string{"NO_COLOR=1"}, golive+" "+path)
	term.waitFor(30*time.Second, "Gate", "waiting for you: the go/no-go gate", "g GO")
	term.keys("g")
	term.waitFor(10*time.Second, "GO: approver name")
	term.text("alice")
	term.keys("Enter")
	term.waitFor(10*time.Second, "Type GO")
	term.text("GO")
	term.keys("Enter")
	term.waitFor(60*time.Second, "Monitor", "waiting for you: rollback recommended")
	out, err := term.tmux("capture-pane", "-e", "-p", "-t", term.name)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(out, "\n") {
		i := strings.Index(l, "ROLLBACK RECOMMENDED")
		if i < 0 || !strings.Contains(l, "\x1b[") {
			continue
		}
		if sgr := l[:i]; strings.Contains(sgr, "\x1b[7m") || strings.Contains(sgr, ";7m") || strings.Contains(sgr, ";7;") || strings.Contains(sgr, "[7;") {
			term.keys("q")
			return
		}
	}
	t.Fatalf("no ROLLBACK RECOMMENDED line in reverse video:\n%q", out)
}
