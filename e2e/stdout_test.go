package e2e

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fSetPipeSize is Linux's F_SETPIPE_SZ: the test shrinks the pipe to one
// page so that a few headless lines fill it.
const fSetPipeSize = 1031

// A headless launch whose stdout is a full pipe nobody reads still times
// its step out on time: the engine never waits for stdout. Once the pipe
// is read, every line comes out: one per journaled event.
func TestHeadlessStdoutNobodyReads(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("[launch]\nname = \"unread\"\n\n")
	// Enough lines to fill a one-page pipe before the cutover starts.
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "[[preflight]]\nid = \"check-with-a-rather-long-name-%02d\"\nrun = \"true\"\n\n", i)
	}
	b.WriteString(`[[cutover]]
id = "slow"
timeout = "1s"
on_timeout = "fail"
grace = "1s"
run = "echo $$ >> pids.txt; sleep 120"
`)
	rb := writeFile(t, dir, "unread.toml", b.String())

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, _, errno := syscall.Syscall(syscall.SYS_FCNTL, w.Fd(), fSetPipeSize, 4096); errno != 0 {
		t.Logf("cannot shrink the pipe (%v): it fills later", errno)
	}
	cmd := exec.Command(golive, "run", "--headless", "--rehearse", "--yes", rb)
	cmd.Dir = dir
	cmd.Stdout = w
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
			r.Close()
			<-done
		}
	})

	// Nobody reads stdout, yet the step starts, times out and is stopped.
	waitJournal(t, dir, func(ev map[string]any) bool { return ev["type"] == "step_timed_out" && ev["id"] == "slow" })
	waitJournal(t, dir, func(ev map[string]any) bool { return ev["type"] == "step_failed" && ev["id"] == "slow" })
	assertAllGone(t, filepath.Join(dir, "pids.txt"))

	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("golive did not end once its stdout was read")
	}
	// Headless, a failed step's decision ends the run resumable.
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit %d, want 3 (a decision is needed for the failed step)\n%s", code, stderr.String())
	}
	lines := strings.Count(string(out), "\n")
	if events := len(journalOf(t, dir)); lines != events {
		t.Errorf("%d lines on stdout for %d journaled events: lines were lost\n%s", lines, events, out)
	}
	if !strings.Contains(string(out), "slow timeout after") {
		t.Errorf("stdout does not say the step timed out:\n%s", out)
	}
}
