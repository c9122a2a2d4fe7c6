package runbook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// loadProblems loads src from a file in a temporary directory and returns
// its problems as strings with the directory cut off.
func loadProblems(t *testing.T, src string) ([]string, *Runbook) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "rb.toml")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	rb, err := Load(path, LoadOptions{Environ: []string{"PATH=" + os.Getenv("PATH")}})
	var probs Problems
	if err != nil && !errors.As(err, &probs) {
		t.Fatalf("load: %v", err)
	}
	var out []string
	for _, p := range probs {
		out = append(out, strings.TrimPrefix(p.String(), dir+"/"))
	}
	return out, rb
}

func TestRetryCaps(t *testing.T) {
	cases := []struct{ retry, want string }{
		{`{ attempts = 1000000, interval = "0s" }`, "rb.toml:5:22: attempts in retry of [[preflight]] is 1000000: at most 1000"},
		{`{ attempts = 1000, interval = "1m" }`, "rb.toml:5:39: retry of [[preflight]] may wait"},
		{`{ attempts = 2, interval = "13h" }`, "rb.toml:5:36: retry of [[preflight]] may wait"},
	}
	for _, c := range cases {
		src := "[launch]\nname = \"x\"\n[[preflight]]\nid = \"a\"\nretry = " + c.retry + "\nrun = \"true\"\n"
		probs, _ := loadProblems(t, src)
		if len(probs) != 1 || !strings.HasPrefix(probs[0], c.want) {
			t.Errorf("retry %s: got %q, want one starting %q", c.retry, probs, c.want)
		}
	}
	probs, _ := loadProblems(t, "[launch]\nname = \"x\"\n[[preflight]]\nid = \"a\"\nretry = { attempts = 20, interval = \"1s\" }\nrun = \"true\"\n")
	if len(probs) != 0 {
		t.Errorf("an ordinary retry is refused: %q", probs)
	}
}

func TestDeepNestingRefusedAtItsPosition(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	src := "[launch]\nname = \"x\"\n[[preflight]]\nid = \"a\"\nrun = \"true\"\nx = " + deep + "\n"
	probs, _ := loadProblems(t, src)
	want := "rb.toml:6:69: nested more than 64 levels deep"
	if len(probs) != 1 || !strings.HasPrefix(probs[0], want) {
		t.Fatalf("got %q, want %q", probs, want)
	}
	// Brackets inside strings and comments are not nesting.
	s := "[launch]\nname = \"x\"\ntitle = \"" + strings.Repeat("[", 100) + "\" # " + strings.Repeat("{", 100) + "\n[[preflight]]\nid = \"a\"\nrun = '''" + strings.Repeat("[", 100) + "'''\n"
	if probs, _ := loadProblems(t, s); len(probs) != 0 {
		t.Fatalf("brackets in strings counted: %q", probs)
	}
}

func TestNonRegularAndHugeFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, make([]byte, MaxSourceBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		fifo:        "not a regular file (a FIFO)",
		"/dev/zero": "not a regular file (a character device)",
		big:         "larger than 16 MB",
		dir:         "is a directory",
	} {
		_, err := Load(path, LoadOptions{})
		var probs Problems
		if !errors.As(err, &probs) || len(probs) != 1 || !strings.HasPrefix(probs[0].String(), path+": "+want) {
			t.Errorf("%s: got %v, want %q", path, err, want)
		}
	}
}

func TestWarnings(t *testing.T) {
	src := "[launch]\nname = \"x\"\nsecrets = [\"DEFINED\", \"TYPO\"]\nshell = \"/no/such/shell\"\nworkdir = \"/no/such/dir\"\n[env]\nDEFINED = \"v\"\n[[preflight]]\nid = \"a\"\nrun = \"true\"\n"
	probs, rb := loadProblems(t, src)
	if len(probs) != 0 {
		t.Fatalf("warnings are not problems: %q", probs)
	}
	var got []string
	for _, w := range rb.Warnings {
		got = append(got, strings.TrimPrefix(w.String(), filepath.Dir(rb.Path)+"/"))
	}
	want := []string{
		"rb.toml:3:23: warning: secret TYPO is defined nowhere",
		"rb.toml:4:9: warning: shell /no/such/shell is not an executable file here",
		"rb.toml:5:11: warning: workdir /no/such/dir does not exist",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestDeepDottedKeysRefused(t *testing.T) {
	keys := make([]string, 20000)
	for i := range keys {
		keys[i] = "k"
	}
	for _, line := range []string{strings.Join(keys, ".") + " = 1", "[" + strings.Join(keys, ".") + "]", `"a". "b"` + strings.Repeat(".k", 100) + " = 1"} {
		src := "[launch]\nname = \"x\"\n[[preflight]]\nid = \"a\"\nrun = \"true\"\n" + line + "\n"
		probs, _ := loadProblems(t, src)
		if len(probs) != 1 || !strings.HasPrefix(probs[0], "rb.toml:6:") || !strings.Contains(probs[0], "dotted key nested more than 64 levels") {
			t.Errorf("%.30s...: got %q", line, probs)
		}
	}
}
