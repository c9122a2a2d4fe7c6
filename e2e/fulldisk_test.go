package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// tinyDisk mounts a 200 KB tmpfs for the state of a launch and returns
// its mount point. It needs root (CI runs the tests as root).
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
func fillDisk(t *testing.T, mnt string) string {
	t.Helper()
	path := filepath.Join(mnt, "filler")
	f, err := os.Create(path)
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
			return path
		}
	}
}

// With the disk already full, golive says so, names the filesystem and
// runs nothing; once space is freed, the launch runs.
func TestFullDiskBeforeAnythingRan(t *testing.T) {
	mnt := tinyDisk(t)
	dir := t.TempDir()
	rb := writeFile(t, dir, "full.toml", `[launch]
name = "early"

[[preflight]]
id = "look"
run = "echo look >> ran.txt"

[[cutover]]
id = "one"
run = "echo one >> ran.txt"
`)
	filler := fillDisk(t, mnt)
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--state", mnt, rb)
	t.Logf("on a full disk: exit %d\n%s\n%s", code, out, errOut)
	if code != 3 {
		t.Errorf("exit %d on a full disk, want 3\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "the filesystem at "+mnt+" is full") {
		t.Errorf("the error does not name the full filesystem %s:\n%s", mnt, errOut)
	}
	if !strings.Contains(out+errOut, "nothing ran") {
		t.Errorf("golive does not say that nothing ran:\n%s\n%s", out, errOut)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "ran.txt")); err == nil {
		t.Errorf("something ran on a full disk: %q", data)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--state", mnt, rb)
	if code != 0 {
		t.Fatalf("after freeing space: exit %d\n%s\n%s", code, out, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "ran.txt")); strings.Join(strings.Fields(string(data)), " ") != "look one" {
		t.Errorf("after freeing space ran %q, want look then one", data)
	}
}

// The disk fills during the cutover: no step starts unless its
// step_started is in the journal, the launch stops interrupted (exit 3)
// naming the filesystem, a log the disk cut short is noted, and after
// freeing space --resume finishes the launch without re-running a step
// silently: a step whose end was lost is called interrupted.
func TestFullDiskDuringTheCutover(t *testing.T) {
	mnt := tinyDisk(t)
	dir := t.TempDir()
	const steps = 20
	var b strings.Builder
	fmt.Fprintf(&b, `[launch]
name = "fills"

[[cutover]]
id = "fill"
run = "[ -f filled ] || { dd if=/dev/zero of=%s/filler bs=4k 2>/dev/null; touch filled; }; true"
`, mnt)
	for i := 1; i <= steps; i++ {
		fmt.Fprintf(&b, "\n[[cutover]]\nid = \"s%02d\"\nrun = \"echo s%02d >> ran.txt; seq 1 100\"\n", i, i)
	}
	rb := writeFile(t, dir, "fills.toml", b.String())
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--state", mnt, rb)
	if code != 3 {
		t.Fatalf("exit %d when the disk filled, want 3 (interrupted, resumable)\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "the filesystem at "+mnt+" is full") {
		t.Errorf("the error does not name the full filesystem %s:\n%s", mnt, errOut)
	}
	started, ended := map[string]bool{}, map[string]bool{}
	cut := false
	for _, ev := range journalOfRoot(t, mnt) {
		id, _ := ev["id"].(string)
		switch ev["type"] {
		case "step_started":
			started[id] = true
		case "step_finished", "step_failed":
			ended[id] = true
		case "note":
			cut = cut || strings.Contains(fmt.Sprint(ev["detail"]), "is incomplete")
		}
	}
	ran := strings.Fields(readOr(filepath.Join(dir, "ran.txt")))
	lost := ""
	for _, id := range ran {
		if !started[id] {
			t.Errorf("step %s ran though its step_started is not in the journal", id)
		}
		if !ended[id] {
			if lost != "" {
				t.Errorf("steps %s and %s both ran without a journaled end", lost, id)
			}
			lost = id
		}
	}
	if len(ran) == steps {
		t.Fatalf("every step ran: the disk never refused the journal\n%s", out)
	}
	if !cut {
		t.Errorf("no step log was noted as cut short by the disk\n%s", out)
	}

	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--resume", "--state", mnt, rb)
	if code != 0 {
		t.Fatalf("resume after freeing space: exit %d\n%s\n%s", code, out, errOut)
	}
	counts := map[string]int{}
	for _, id := range strings.Fields(readOr(filepath.Join(dir, "ran.txt"))) {
		counts[id]++
	}
	for i := 1; i <= steps; i++ {
		id := fmt.Sprintf("s%02d", i)
		switch {
		case counts[id] == 0:
			t.Errorf("step %s never ran", id)
		case counts[id] > 1 && id != lost:
			t.Errorf("step %s ran %d times though its end was journaled", id, counts[id])
		}
	}
	if lost != "" && !strings.Contains(out, lost+" interrupted") {
		t.Errorf("the end of step %s was lost, yet the resume does not call it interrupted:\n%s", lost, out)
	}
}

// journalOfRoot reads the journals of every launch under a state root.
func journalOfRoot(t *testing.T, root string) []map[string]any {
	t.Helper()
	parent := t.TempDir()
	if err := os.Symlink(root, filepath.Join(parent, ".golive")); err != nil {
		t.Fatal(err)
	}
	return journalOf(t, parent)
}

func readOr(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}
