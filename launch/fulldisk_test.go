package launch

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// tinyDisk mounts a 200 KB tmpfs and returns its mount point. It needs
// root (CI runs the tests as root).
func tinyDisk(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("the full-disk tests mount a small tmpfs: run them as root (CI does)")
	}
	mnt := filepath.Join(t.TempDir(), "tiny")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s): the full-disk tests need it", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	return mnt
}

// fillDisk writes a file in mnt until the filesystem is full.
func fillDisk(t *testing.T, mnt string) {
	t.Helper()
	f, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	for {
		if _, err := f.Write(page); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// The launch directory and its empty journal exist, but the disk is full
// before LaunchStarted: the launch runs nothing, is interrupted (exit 3)
// and says that nothing ran and which filesystem to free.
func TestFullDiskBeforeLaunchStartedRunsNothing(t *testing.T) {
	mnt := tinyDisk(t)
	r := newRig(t, `
[launch]
name = "early"

[[preflight]]
id = "look"
run = "touch looked"

[[cutover]]
id = "one"
run = "touch ran"
`, func(o *Options) { o.Root = filepath.Join(mnt, "early") })
	fillDisk(t, mnt)
	if code := r.run(); code != 3 {
		t.Fatalf("exit %d on a full disk, want 3\n%s", code, r.dump())
	}
	end := r.last(LaunchFinished)
	if !strings.Contains(end.Reason(), "nothing ran") || !strings.Contains(end.Reason(), "the filesystem at "+mnt+" is full") {
		t.Errorf("the ending %q does not say that nothing ran and that %s is full", end.Reason(), mnt)
	}
	var jerr *JournalWriteError
	if !errors.As(r.e.JournalErr(), &jerr) || !jerr.NoSpace() {
		t.Errorf("JournalErr = %v, want a full-disk JournalWriteError", r.e.JournalErr())
	}
	for _, f := range []string{"looked", "ran"} {
		if _, err := os.Stat(filepath.Join(r.dir, f)); err == nil {
			t.Errorf("%s exists: something ran though the journal could not say so", f)
		}
	}
	if n := len(find(r.events(), CheckStarted)) + len(find(r.events(), StepStarted)); n != 0 {
		t.Errorf("%d checks or steps were announced on a full disk:\n%s", n, r.dump())
	}
}
