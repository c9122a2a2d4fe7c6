package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A journal with a line written twice is reported, not silently folded:
// report warns on stderr and still prints, and --resume refuses it.
func TestReportWarnsOfADuplicatedSeq(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "seq.toml", `
[launch]
name = "seq"

[[cutover]]
id = "a"
run = "true"
`)
	if _, errOut, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", path); code != 0 {
		t.Fatalf("run exit %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, ".golive", "seq", "*", "journal.jsonl"))
	if len(files) != 1 {
		t.Fatalf("journals %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	// The third line again, right after itself.
	doubled := strings.Join(lines[:3], "") + lines[2] + strings.Join(lines[3:], "")
	if err := os.WriteFile(files[0], []byte(doubled), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runGolive(t, dir, "report", filepath.Dir(files[0]))
	if code != 0 || !strings.Contains(out, "seq") {
		t.Fatalf("report exit %d: %s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "warning") || !strings.Contains(errOut, "seq 3") || !strings.Contains(errOut, "not folded") {
		t.Fatalf("no warning of the duplicated seq on stderr: %q", errOut)
	}
}
