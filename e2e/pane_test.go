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

const paneRunbook = `
[launch]
name = "pane"
title = "Pane end to end"

[[cutover]]
id = "flood"
name = "Progress then a flood"
run = '''
bar=""
for i in 1 2 3 4 5 6 7 8 9 10; do
  bar="$bar##"
  printf '\r\033[36mcopying\033[0m [%-20s] %3d%%' "$bar" $((i * 10))
  sleep 0.05
done
printf '\n\033[32mafter-progress\033[0m\n'
sleep 2
seq 1 5000 | sed 's/^/row /'
echo needle-alpha
seq 5001 6000 | sed 's/^/row /'
sleep 120 & echo $! > sleep.pid; wait
'''
`

// The pane shows a '\r' progress bar at its last state, follows a flood to
// its tail, scrolls back, finds a line by search, and follows again: all
// read off a real terminal.
func TestPaneFollowScrollSearchInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "pane.toml", paneRunbook)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" run --rehearse --yes "+path)

	s := term.waitFor(30*time.Second, "after-progress")
	if !strings.Contains(s, "copying [####################] 100%") {
		t.Errorf("the progress bar is not at its last state:\n%s", s)
	}
	if strings.Count(s, "copying") != 1 || strings.Contains(s, " 10%") {
		t.Errorf("the progress bar smeared over several lines:\n%s", s)
	}

	s = term.waitFor(30*time.Second, "row 6000", "following")
	if strings.Contains(s, "needle-alpha") {
		t.Fatalf("the needle should be off screen while following the tail:\n%s", s)
	}

	// Scroll back a few pages: follow mode ends and the tail leaves.
	term.keys("PPage", "PPage", "PPage")
	s = term.waitFor(10*time.Second, "scrolled")
	if strings.Contains(s, "row 6000") {
		t.Errorf("still showing the tail after paging up:\n%s", s)
	}

	// Search finds the line the flood buried.
	term.keys("/")
	term.waitFor(10*time.Second, "/█") // the search input is open: the text is not a paste of keys
	term.text("needle-alpha")
	term.keys("Enter")
	term.waitFor(10*time.Second, "needle-alpha")

	// f returns to the tail and follows again.
	term.keys("f")
	term.waitFor(10*time.Second, "row 6000", "following")

	// Quit while the step runs: golive asks, stops the step and leaves the
	// launch resumable (exit 3).
	term.keys("q")
	term.waitFor(10*time.Second, "y/n")
	term.keys("y")
	term.waitFor(30*time.Second, "[exit 3]")
	assertGone(t, dir, "sleep.pid")
}

// assertGone fails when the process whose pid a step wrote to file in dir
// is still alive (a zombie waiting for its reaper counts as gone).
func assertGone(t *testing.T, dir, file string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatalf("pid file: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file %q: %v", b, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		if st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			if f := strings.Fields(string(st)); len(f) > 2 && f[2] == "Z" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d of the step outlived golive", pid)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
