package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// signalRunbook's first step ignores SIGINT, so only a stop that goes on
// to SIGKILL ends it; its second step must never start.
const signalRunbook = `[launch]
name = "sig"

[[cutover]]
id = "stubborn"
grace = "1s"
run = "echo $$ >> pids.txt; trap '' INT; sleep 300 & echo $! >> pids.txt; touch ready; wait"

[[cutover]]
id = "next"
run = "echo next >> ran.txt"
`

// TestCockpitSecondSignalStopsTheRunningStep: in the cockpit, as headless,
// a first SIGTERM or SIGINT sent to golive (not the Ctrl-C key) lets the
// running step go on and starts nothing new; a second one stops that step
// (SIGINT to its group, SIGKILL after its grace) and golive exits 3,
// resumable.
func TestCockpitSecondSignalStopsTheRunningStep(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			rb := writeFile(t, dir, "sig.toml", signalRunbook)
			term := startTmux(t, dir, 120, 35, nil, fmt.Sprintf("sh -c 'echo $$ > golive.pid; exec %s run --rehearse --yes %s'", golive, rb))
			awaitFile(t, filepath.Join(dir, "ready"), 30*time.Second)
			term.waitFor(30*time.Second, "stubborn")
			data, err := os.ReadFile(filepath.Join(dir, "golive.pid"))
			if err != nil {
				t.Fatal(err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
			if err != nil {
				t.Fatal(err)
			}
			pids := filepath.Join(dir, "pids.txt")

			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			term.waitFor(30*time.Second, "stopping at the next safe point")
			for _, p := range readPidFile(t, pids) {
				if !pidAlive(p) {
					t.Fatalf("process %d of the step ended at the first %v: it must go on\n%s", p, sig, term.screen())
				}
			}
			if !pidAlive(pid) {
				t.Fatalf("golive left at the first %v while its step runs", sig)
			}

			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			screen := term.waitUntil(30*time.Second, "golive's exit", func(s string) bool { return strings.Contains(s, "[exit ") })
			if !strings.Contains(screen, "[exit 3]") {
				t.Errorf("golive did not exit 3 after a second %v:\n%s", sig, screen)
			}
			assertAllGone(t, pids)
			stopped := false
			for _, ev := range journalOf(t, dir) {
				if ev["type"] == "step_failed" && ev["id"] == "stubborn" && strings.Contains(fmt.Sprint(ev["reason"]), "second time") {
					stopped = true
				}
			}
			if !stopped {
				t.Errorf("the journal does not say step stubborn was stopped by the second signal")
			}
			if _, err := os.Stat(filepath.Join(dir, "ran.txt")); err == nil {
				t.Error("a step started after the signals")
			}
			if r := readResReport(t, dir, rb); r.Outcome != "interrupted" {
				t.Errorf("the report says %q, want interrupted", r.Outcome)
			}
		})
	}
}
