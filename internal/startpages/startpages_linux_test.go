package startpages

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A map of the kinds a process has: the executable's code, its read-only
// data, a relocated read-only part holding private copies (as a
// position-independent build has), its writable data, the heap, a shared
// library, and a path with a space.
const smaps = `00400000-00cf9000 r-xp 00000000 fe:00 9978300                            /opt/go live/golive
Size:               9188 kB
Rss:                7844 kB
Anonymous:             0 kB
Locked:                0 kB
VmFlags: rd ex mr mw me
00cf9000-0187a000 r--p 008f9000 fe:00 9978300                            /opt/go live/golive
Size:              11780 kB
Rss:                8900 kB
Anonymous:             0 kB
VmFlags: rd mr mw me
0187a000-01900000 r--p 0147a000 fe:00 9978300                            /opt/go live/golive
Rss:                 300 kB
Anonymous:           120 kB
VmFlags: rd mr mw me ac
01900000-01956000 rw-p 01500000 fe:00 9978300                            /opt/go live/golive
Rss:                 688 kB
Anonymous:           600 kB
01956000-039a3000 rw-p 00000000 00:00 0
Rss:                 140 kB
Anonymous:           140 kB
7f4f8e23e000-7f4f8e394000 r-xp 00026000 fe:00 326269                     /usr/lib/x86_64-linux-gnu/libc.so.6
Rss:                 904 kB
Anonymous:             0 kB
7f4f8e400000-7f4f8e401000 r--p 00000000 fe:00 9978300                    /opt/go live/golive
Rss:                   0 kB
Anonymous:             0 kB
`

func TestDroppableKeepsOnlyTheFilesOwnReadOnlyPages(t *testing.T) {
	got, err := droppable(strings.NewReader(smaps), "/opt/go live/golive")
	if err != nil {
		t.Fatal(err)
	}
	want := []span{
		{start: 0x400000, end: 0xcf9000, rss: 7844 << 10},
		{start: 0xcf9000, end: 0x187a000, rss: 8900 << 10},
	}
	if len(got) != len(want) {
		t.Fatalf("droppable = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestDroppableSkipsLockedMappings(t *testing.T) {
	locked := strings.Replace(smaps, "Locked:                0 kB", "Locked:             7844 kB", 1)
	got, err := droppable(strings.NewReader(locked), "/opt/go live/golive")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].start != 0xcf9000 {
		t.Fatalf("droppable = %+v, want only the read-only data", got)
	}
}

// residentOfExe is how many bytes of this test binary's read-only
// mappings are resident.
func residentOfExe(t *testing.T) int64 {
	t.Helper()
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		t.Skip("no /proc/self/exe:", err)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	spans, err := droppable(f, exe)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, s := range spans {
		n += s.rss
	}
	return n
}

// The test binary runs the same inits as golive (it links this package
// alone, so far fewer of them), and its code keeps running after its
// pages are dropped: they come back as it touches them.
func TestReleaseDropsTheExecutablesPagesAndTheProgramGoesOn(t *testing.T) {
	before := residentOfExe(t)
	if before == 0 {
		t.Fatal("no resident page of the test binary was found")
	}
	released := Release()
	if released < before/2 {
		t.Fatalf("Release = %d bytes, want about the %d resident before", released, before)
	}
	after := residentOfExe(t)
	if after >= before {
		t.Fatalf("resident pages of the binary: %d before Release, %d after", before, after)
	}
	// Code and data the process had before still work.
	if s := strings.Repeat("ok", 3); s != "okokok" {
		t.Fatalf("after Release: %q", s)
	}
}

// A position-independent build has read-only data the loader relocated:
// private copies, which Release must leave alone. Such a program, built
// and run, still finds its types, interface tables and pointers after
// Release.
func TestReleaseKeepsAPositionIndependentBuildWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	bin := filepath.Join(t.TempDir(), "pie")
	build := exec.Command("go", "build", "-buildmode=pie", "-o", bin, "./testdata/pie")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -buildmode=pie: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil {
		t.Fatalf("the position-independent program failed after Release: %v\n%s", err, out)
	}
	var released int64
	var rest string
	if _, err := fmt.Sscanf(string(out), "%d %s", &released, &rest); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	want := `[{"id":"switch","needs":["one","three","two"]},{}] main.step`
	if got := strings.TrimSpace(strings.SplitN(string(out), " ", 2)[1]); got != want {
		t.Errorf("output after Release = %q, want %q", got, want)
	}
	if released <= 0 {
		t.Errorf("Release dropped %d bytes of the position-independent build, want some", released)
	}
}
