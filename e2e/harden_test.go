package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// holdRunbook has one cutover step that waits until the file "release"
// appears in its directory, so a test decides when the launch may end.
const holdRunbook = `[launch]
name = "hold"

[[cutover]]
id = "hold"
pty = false
run = "echo holding; while [ ! -f release ]; do sleep 0.02; done; echo released"
`

// TestRemovedLockFileLetsNoSecondDriverIn: rm of the lock file during a
// launch; a real second driver is refused with exit 2 and the holder's
// pid, and the first driver finishes undisturbed, its journal untouched.
func TestRemovedLockFileLetsNoSecondDriverIn(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "hold.toml", holdRunbook)
	first := startGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb)
	first.waitLine(30*time.Second, "cutover hold started")
	if err := os.Remove(filepath.Join(dir, ".golive", "hold", "lock")); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--resume", "--fresh"} {
		_, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", flag, rb)
		want := "locked by "
		pid := "pid " + strconv.Itoa(first.cmd.Process.Pid) + " since "
		if code != 2 || !strings.Contains(errOut, want) || !strings.Contains(errOut, pid) {
			t.Errorf("second driver with %s: exit %d, stderr %q; want exit 2 naming %q and %q", flag, code, errOut, want, pid)
		}
	}
	writeFile(t, dir, "release", "")
	if code := first.wait(30 * time.Second); code != 0 {
		t.Fatalf("first driver exit %d:\n%s", code, first.output())
	}
	if strings.Count(first.output(), "cutover hold started") != 1 || !strings.Contains(first.output(), "cutover hold finished exit=0") {
		t.Errorf("the first driver was disturbed:\n%s", first.output())
	}
	assertUniqueSeqs(t, filepath.Join(dir, ".golive", "hold"))
}

// assertUniqueSeqs fails when any journal under root repeats a seq: two
// drivers appended to it.
func assertUniqueSeqs(t *testing.T, root string) {
	t.Helper()
	journals, _ := filepath.Glob(filepath.Join(root, "*", "journal.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("want one launch, got journals %q", journals)
	}
	f, err := os.Open(journals[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		i := strings.Index(line, `"seq":`)
		if i < 0 {
			continue
		}
		seq := strings.SplitN(line[i+6:], ",", 2)[0]
		if seen[seq] {
			t.Errorf("seq %s appears twice in %s", seq, journals[0])
		}
		seen[seq] = true
	}
}

// runGoliveBounded is runGolive for commands that must not block: it
// fails the test if the process is still running after limit (and ends
// it by its pid), instead of hanging the suite.
func runGoliveBounded(t *testing.T, dir string, limit time.Duration, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(golive, args...)
	cmd.Dir = dir
	var o, e bytesBuffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(limit):
		syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatalf("golive %v still ran after %v", args, limit)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// TestNonRegularRunbooksRefusedAtOnce: a FIFO blocks nobody and
// /dev/zero eats no memory: every command that reads a runbook refuses
// them with exit 2, naming the file.
func TestNonRegularRunbooksRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		for _, cmd := range [][]string{
			{"validate", path}, {"report", path}, {"plan", path}, {"check", path},
			{"run", "--headless", path}, {"watch", path}, {"approve", "--as", "x", path},
		} {
			_, errOut, code := runGoliveBounded(t, dir, 20*time.Second, cmd...)
			if code != 2 || !strings.Contains(errOut, path+": not a regular file") {
				t.Errorf("golive %v: exit %d, stderr %q; want exit 2 and %q", cmd, code, errOut, path+": not a regular file")
			}
		}
	}
}
