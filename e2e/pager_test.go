package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pagerRunbook's step draws a progress bar the way tools do: each state
// over the last, after a carriage return, on a pseudo-terminal. It runs
// until the test creates "release", so its pane stays on screen.
const pagerRunbook = `[launch]
name = "pager"

[[cutover]]
id = "progress"
pty = true
run = "printf 'fetch 10%%\\rfetch 55%%\\rfetch 100%%\\n'; echo unpacked; while [ ! -f release ]; do sleep 0.05; done"
`

// TestPagerShowsTheRenderedLog: o in the cockpit hands $PAGER the step's
// log as the pane shows it: the progress line in its final state, no
// carriage return (less would show each one as ^M).
func TestPagerShowsTheRenderedLog(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "pager.toml", pagerRunbook)
	seen := filepath.Join(dir, "seen.txt")
	pager := writeFile(t, dir, "pager.sh", "#!/bin/sh\ncat -- \"$1\" > "+seen+".tmp && mv "+seen+".tmp "+seen+"\n")
	if err := os.Chmod(pager, 0o755); err != nil {
		t.Fatal(err)
	}
	term := startTmux(t, dir, 120, 35, []string{"PAGER=" + pager}, golive+" run --rehearse --yes "+rb)
	term.waitFor(30*time.Second, "unpacked")
	term.keys("o")
	awaitFile(t, seen, 30*time.Second)
	got, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "\r") || !strings.Contains(string(got), "fetch 100%\nunpacked\n") || strings.Contains(string(got), "55%") {
		t.Errorf("the pager was handed %q, want the rendered lines \"fetch 100%%\" and \"unpacked\"", got)
	}
	writeFile(t, dir, "release", "")
	term.waitFor(30*time.Second, "Launch finished")
}
