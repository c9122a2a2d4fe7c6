package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// countEvents counts the journal events under dir of type typ.
func countEvents(t *testing.T, dir, typ string) int {
	t.Helper()
	n := 0
	for _, ev := range journalOf(t, dir) {
		if ev["type"] == typ {
			n++
		}
	}
	return n
}

// awaitText waits until w holds text, failing the test after timeout.
func awaitText(t *testing.T, w *lineCounter, text string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(w.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q within %v in:\n%s", text, timeout, w.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// exitWithin waits for s to end, failing the test when it still runs
// after limit; it returns the exit code.
func exitWithin(t *testing.T, s *spawned, limit time.Duration, why string) int {
	t.Helper()
	select {
	case <-s.done:
		return s.wait()
	case <-time.After(limit):
		t.Fatalf("golive still runs %v later: %s", limit, why)
	}
	return -1
}

// SIGINT during a wait-until (20 attempts a second apart against a closed
// port) ends the wait at once: golive exits 3, resumable, before the next
// attempt would have started, and the cutover never starts.
func TestSignalEndsARetryWaitAtOnce(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "wait.toml", fmt.Sprintf(`[launch]
name = "wait"

[[preflight]]
id = "db"
tcp = %q
retry = { attempts = 20, interval = "1s" }

[[cutover]]
id = "go"
run = "echo go >> ran.txt"
`, freeAddr(t)))
	stdout, stderr := newLineCounter(), newLineCounter()
	s := spawnGolive(t, dir, stdout, stderr, "run", "--headless", "--rehearse", "--yes", rb)
	// Two attempts have failed: the check now waits a second for the third.
	awaitText(t, stdout, "2/20", 30*time.Second)
	seen := strings.Count(stdout.String(), "/20 ")
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := exitWithin(t, s, 30*time.Second, "SIGINT did not end the wait-until")
	if code != 3 {
		t.Errorf("exit %d after SIGINT, want 3 (interrupted, resumable)\n%s\n%s", code, stdout.String(), stderr.String())
	}
	// The attempt under way when the signal came may be journaled; no
	// attempt after it may start.
	if got := countEvents(t, dir, "check_attempt"); got > seen+1 {
		t.Errorf("%d attempts were journaled, %d when SIGINT came: the wait went on after the signal\n%s", got, seen, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "ran.txt")); err == nil {
		t.Error("the cutover ran after SIGINT")
	}
	if r := readResReport(t, dir, rb); r.Outcome != "interrupted" {
		t.Errorf("the report says %q after SIGINT, want interrupted", r.Outcome)
	}
}

// A first SIGINT lets the running step go on; a second one (or SIGTERM)
// stops it (SIGINT to its group, SIGKILL after grace), journals it and
// exits 3. Nothing after it starts.
func TestSecondSignalStopsTheRunningStep(t *testing.T) {
	for _, second := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(second.String(), func(t *testing.T) {
			dir := t.TempDir()
			rb := writeFile(t, dir, "twice.toml", `[launch]
name = "twice"

[[cutover]]
id = "long"
grace = "1s"
run = "echo $$ >> pids.txt; trap '' INT; sleep 120 & echo $! >> pids.txt; wait"

[[cutover]]
id = "next"
run = "echo next >> ran.txt"
`)
			stdout, stderr := newLineCounter(), newLineCounter()
			s := spawnGolive(t, dir, stdout, stderr, "run", "--headless", "--rehearse", "--yes", rb)
			awaitFile(t, filepath.Join(dir, "pids.txt"), 30*time.Second)
			awaitText(t, stdout, "long started", 30*time.Second)
			if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			awaitText(t, stderr, "next safe point", 30*time.Second)
			for _, p := range readPidFile(t, filepath.Join(dir, "pids.txt")) {
				if !pidAlive(p) {
					t.Fatalf("process %d of the step ended at the first SIGINT: it must go on", p)
				}
			}
			if err := s.cmd.Process.Signal(second); err != nil {
				t.Fatal(err)
			}
			code := exitWithin(t, s, 30*time.Second, "a second signal did not stop the running step")
			if code != 3 {
				t.Errorf("exit %d after a second signal, want 3\n%s\n%s", code, stdout.String(), stderr.String())
			}
			assertAllGone(t, filepath.Join(dir, "pids.txt"))
			stopped := false
			for _, ev := range journalOf(t, dir) {
				if ev["type"] == "step_failed" && ev["id"] == "long" && strings.Contains(fmt.Sprint(ev["reason"]), "second time") {
					stopped = true
				}
			}
			if !stopped {
				t.Errorf("the journal does not say step long was stopped by the second signal:\n%s", stdout.String())
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
