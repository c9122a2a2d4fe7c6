package e2e

import (
	"os"
	"strings"
	"testing"
)

// A runbook edited under an unfinished launch is not resumed silently: the
// driver is told what changed and must accept it.
func TestResumeRefusesAChangedRunbookUntilAccepted(t *testing.T) {
	dir := t.TempDir()
	rb := "[launch]\nname = \"changed\"\n\n[[cutover]]\nid = \"a\"\nrun = \"echo a >> ran.txt\"\n\n[[cutover]]\nid = \"b\"\nrun = \"exit 3\"\n"
	path := writeFile(t, dir, "rb.toml", rb)
	if _, errOut, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", path); code != 3 {
		t.Fatalf("first run: exit %d, want 3 (a decision is needed): %s", code, errOut)
	}
	writeFile(t, dir, "rb.toml", strings.Replace(rb, "exit 3", "echo b >> ran.txt", 1)+"\n[[cutover]]\nid = \"c\"\nrun = \"echo c >> ran.txt\"\n")

	_, errOut, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", "--resume", path)
	if code != 2 || !strings.Contains(errOut, `cutover step "b" changed`) || !strings.Contains(errOut, `cutover step "c" added`) || !strings.Contains(errOut, "--accept-changes") {
		t.Fatalf("resume of a changed runbook: exit %d, %q; want 2 naming the changes", code, errOut)
	}
	_, errOut, code = runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", "--resume", "--accept-changes", path)
	if code != 3 {
		t.Fatalf("accepted resume: exit %d: %s (the failed step still needs a decision headless)", code, errOut)
	}
	// Starting anew runs the changed runbook from the top.
	if out, errOut, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", "--fresh", path); code != 0 {
		t.Fatalf("fresh run: exit %d\n%s\n%s", code, out, errOut)
	}
	ran, _ := os.ReadFile(dir + "/ran.txt")
	if got := strings.Fields(string(ran)); strings.Join(got, " ") != "a a b c" {
		t.Errorf("steps ran %q, want a (first launch) then a b c (fresh)", got)
	}
}
