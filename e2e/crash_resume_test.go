package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killRunbook's step b sleeps the first time it runs and ends at once
// when run again, so the test can kill golive during it and re-run it.
const killRunbook = `
[launch]
name = "crash"

[[cutover]]
id = "a"
run = "true"

[[cutover]]
id = "b"
run = "test -f rerun && echo done || { touch rerun; sleep 60; }"

[[cutover]]
id = "c"
run = "true"
`

// Killing the cockpit with SIGKILL during a step and starting it again
// with --resume: the interrupted step's menu offers re-run, r re-runs it,
// and the launch completes.
func TestKilledDuringAStepThenReRunByKey(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "crash.toml", killRunbook)
	first := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path+" --rehearse --yes")
	rerun := filepath.Join(dir, "rerun")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(rerun); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("step b never started; screen:\n%s", first.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var pid int
	for _, ev := range journalOf(t, dir) {
		if ev["type"] == "launch_started" {
			pid = int(ev["launch"].(map[string]any)["pid"].(float64))
		}
	}
	if pid <= 0 {
		t.Fatal("no driver pid in the journal")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.waitFor(15*time.Second, "[exit 137]")

	second := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path+" --rehearse --resume --exit")
	second.waitFor(30*time.Second, "interrupted, outcome unknown", "[r] re-run")
	second.keys("r")
	second.waitFor(30*time.Second, "[exit 0]")

	var started, decided []string
	outcome := ""
	for _, ev := range journalOf(t, dir) {
		switch ev["type"] {
		case "step_started":
			if ev["phase"] == "cutover" {
				started = append(started, ev["id"].(string))
			}
		case "decision":
			decided = append(decided, ev["id"].(string)+" "+ev["status"].(string))
		case "launch_finished":
			outcome, _ = ev["status"].(string)
		}
	}
	if got := strings.Join(started, " "); got != "a b b c" {
		t.Errorf("steps started %q, want a b b c (b re-run, a never again)", got)
	}
	if got := strings.Join(decided, ","); got != "b rerun" {
		t.Errorf("decisions %q, want b rerun", got)
	}
	if outcome != "completed" {
		t.Errorf("outcome %q, want completed", outcome)
	}
}
