package launch

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestLockHelperProcess is not a test: it is the second driver of the
// lock tests, run as a child process of the test binary. It takes the
// lock, says so, and holds it until it is killed or its stdin closes.
func TestLockHelperProcess(t *testing.T) {
	root := os.Getenv("GOLIVE_LOCK_HELPER_ROOT")
	if root == "" {
		t.Skip("only run as a child of the lock tests")
	}
	l, err := AcquireLock(root, "carol@other-host")
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("locked\n")
	buf := make([]byte, 1)
	os.Stdin.Read(buf) // until the parent closes stdin, or kills us
	if os.Getenv("GOLIVE_LOCK_HELPER_RELEASE") != "" {
		l.Release()
	}
	os.Exit(0)
}

// startHolder runs a child process that takes the lock of root.
func startHolder(t *testing.T, root string, release bool) (*exec.Cmd, *os.File) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "GOLIVE_LOCK_HELPER_ROOT="+root)
	if release {
		cmd.Env = append(cmd.Env, "GOLIVE_LOCK_HELPER_RELEASE=1")
	}
	stdin, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = stdin
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	t.Cleanup(func() {
		w.Close()
		if cmd.ProcessState == nil {
			syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
			cmd.Wait()
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper did not take the lock: %q %v", line, err)
	}
	return cmd, w
}

func TestLockContentionWithAnotherProcess(t *testing.T) {
	root := filepath.Join(t.TempDir(), "demo")
	child, _ := startHolder(t, root, false)

	_, err := AcquireLock(root, "ann@bastion")
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second driver got %v, want a *LockedError", err)
	}
	if le.Holder != "carol@other-host" || le.PID != child.Process.Pid || le.Since == "" {
		t.Errorf("refusal names %+v, want carol@other-host pid %d", le, child.Process.Pid)
	}
	msg := err.Error()
	want := "locked by carol@other-host pid " + itoa(child.Process.Pid) + " since "
	if !strings.HasPrefix(msg, want) {
		t.Errorf("refusal %q, want it to start %q", msg, want)
	}
	if h, held := LockHolder(root); !held || h.PID != child.Process.Pid {
		t.Errorf("LockHolder = %+v, %v; want the child holding it", h, held)
	}

	// The holder dies without releasing (kill -9): its lock is stale and
	// the next driver takes it over.
	if err := syscall.Kill(child.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if _, err := os.Stat(filepath.Join(root, LockFile)); err != nil {
		t.Fatalf("the dead holder's lock file should still be there: %v", err)
	}
	if _, held := LockHolder(root); held {
		t.Error("LockHolder says a dead process holds the lock")
	}
	l, err := AcquireLock(root, "ann@bastion")
	if err != nil {
		t.Fatalf("stale lock not taken over: %v", err)
	}
	defer l.Release()
	var info lockInfo
	data, _ := os.ReadFile(filepath.Join(root, LockFile))
	if err := json.Unmarshal(data, &info); err != nil {
		t.Fatal(err)
	}
	if info.Driver != "ann@bastion" || info.PID != os.Getpid() || info.Host == "" || info.Since == "" {
		t.Errorf("lock file after takeover: %+v", info)
	}
}

func TestLockReleasedByOtherProcess(t *testing.T) {
	root := t.TempDir()
	child, w := startHolder(t, root, true)
	if _, err := AcquireLock(root, "ann@bastion"); err == nil {
		t.Fatal("lock taken while the child holds it")
	}
	w.Close() // the child releases and exits
	if err := child.Wait(); err != nil {
		t.Fatal(err)
	}
	l, err := AcquireLock(root, "ann@bastion")
	if err != nil {
		t.Fatalf("lock not free after the holder released it: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
}

func TestLockInProcess(t *testing.T) {
	root := t.TempDir()
	l, err := AcquireLock(root, "ann@bastion")
	if err != nil {
		t.Fatal(err)
	}
	var le *LockedError
	if _, err := AcquireLock(root, "bob@bastion"); !errors.As(err, &le) || le.Holder != "ann@bastion" {
		t.Fatalf("second acquire: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Release left the lock file: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	l2, err := AcquireLock(root, "bob@bastion")
	if err != nil {
		t.Fatalf("acquire after release: %v", err)
	}
	l2.Release()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestFoldLaunchSettlesWithoutADriver(t *testing.T) {
	root := t.TempDir()
	dir := newLaunch(t, root, t0, launchEvents(t0, false, "", 10))
	_, events, err := Latest(root)
	if err != nil {
		t.Fatal(err)
	}
	if s := FoldLaunch(nil, dir, events); s.Outcome != OutcomeInterrupted {
		t.Errorf("no driver: outcome %q, want interrupted", s.Outcome)
	}
	child, _ := startHolder(t, root, false)
	if s := FoldLaunch(nil, dir, events); s.Outcome != OutcomeInProgress {
		t.Errorf("driver pid %d alive: outcome %q, want in_progress", child.Process.Pid, s.Outcome)
	}
	finished := append(events, Event{Body: LaunchFinishedBody{Outcome: OutcomeCompleted}})
	if s := FoldLaunch(nil, dir, finished); s.Outcome != OutcomeCompleted {
		t.Errorf("finished: outcome %q", s.Outcome)
	}
}

// TestLockSurvivesItsFileRemovedOrReplaced: deleting or replacing the
// lock file while a driver holds the launch lets no second driver in, and
// the refusal still names the holder.
func TestLockSurvivesItsFileRemovedOrReplaced(t *testing.T) {
	root := filepath.Join(t.TempDir(), "demo")
	child, _ := startHolder(t, root, false)
	lockPath := filepath.Join(root, LockFile)
	for _, tamper := range []func() error{
		func() error { return os.Remove(lockPath) },
		func() error { return os.WriteFile(lockPath, []byte(`{"driver":"eve@x","pid":1}`), 0o600) },
	} {
		if err := tamper(); err != nil {
			t.Fatal(err)
		}
		_, err := AcquireLock(root, "ann@bastion")
		var le *LockedError
		if !errors.As(err, &le) {
			t.Fatalf("second driver got %v after the lock file was tampered with, want a refusal", err)
		}
		if le.PID != child.Process.Pid || !strings.HasPrefix(err.Error(), "locked by ") || le.Since == "unknown" {
			t.Errorf("refusal %q does not name the holder pid %d", err, child.Process.Pid)
		}
		if h, held := LockHolder(root); !held || h.PID != child.Process.Pid {
			t.Errorf("LockHolder = %+v, %v", h, held)
		}
	}
}

// TestLockModes: the lock file and state root are private to the driver.
func TestLockModes(t *testing.T) {
	root := filepath.Join(t.TempDir(), "demo")
	l, err := AcquireLock(root, "ann@bastion")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	for path, want := range map[string]os.FileMode{root: 0o700, l.path: 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", path, st.Mode().Perm(), err, want)
		}
	}
}
