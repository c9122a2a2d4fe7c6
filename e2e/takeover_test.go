package e2e

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A cockpit opened on a launch another process drives shows it read-only,
// and takes over (offering to resume) when that driver dies mid-launch.
func TestSecondCockpitWatchesThenTakesOver(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "tk.toml", `
[launch]
name = "takeover"

[[cutover]]
id = "long"
run = "echo $$ > long.pid; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo tick $i; sleep 1; done"

[[cutover]]
id = "next"
run = "echo next"
`)
	drv := exec.Command(golive, "run", "--rehearse", "--headless", "--yes", path)
	drv.Dir = dir
	if err := drv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Process.Kill(); drv.Wait() })
	// The step is running once it wrote its pid.
	deadline := time.Now().Add(20 * time.Second)
	var stepPid int
	for stepPid == 0 {
		if b, err := os.ReadFile(dir + "/long.pid"); err == nil {
			stepPid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
		if time.Now().After(deadline) {
			t.Fatal("the driver never started its step")
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(func() { syscall.Kill(-stepPid, syscall.SIGKILL) })

	term := startTmux(t, dir, 120, 30, []string{"NO_COLOR=1"}, golive+" run --rehearse "+path)
	term.waitFor(20*time.Second, "read-only", "drives (pid "+strconv.Itoa(drv.Process.Pid)+")", "tick 1")
	// Keys of a watcher change nothing: no hold, no rollback reaches the
	// journal the driver writes.
	term.keys("h", "B", "y", "Enter")
	s := term.waitFor(20*time.Second, "tick 3")
	if strings.Contains(s, "HOLD") || strings.Contains(s, "Rollback") {
		t.Errorf("a watcher's keys acted on the launch:\n%s", s)
	}

	// The driver dies without a word: the watcher offers to take over.
	drv.Process.Kill()
	drv.Wait()
	term.waitFor(20*time.Second, "Unfinished launch found", "[r] resume it")
	term.keys("r")
	term.waitFor(20*time.Second, "interrupted", "[r] re-run")
	term.keys("q")
	term.waitFor(10*time.Second, "y/n")
	term.keys("y")
	term.waitFor(20*time.Second, "[exit ")
}
