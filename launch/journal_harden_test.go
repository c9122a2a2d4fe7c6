package launch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestJournalToleratesNULPadding: a crash can leave the journal's tail as
// zeros (the size grew, the data never came). Readers ignore it and a
// resume cuts it off before appending.
func TestJournalToleratesNULPadding(t *testing.T) {
	dir := t.TempDir()
	writeEvents(t, dir, launchEvents(t0, false, "", 10))
	path := filepath.Join(dir, JournalFile)
	good, _ := os.ReadFile(path)
	for _, tail := range []string{"\x00\x00\x00\x00", "\x00\x00\n\x00\x00", "\n\n", `{"seq":9,"ty` + "\x00\x00"} {
		if err := os.WriteFile(path, append(append([]byte{}, good...), tail...), 0o600); err != nil {
			t.Fatal(err)
		}
		events, err := ReadJournal(path)
		if err != nil || len(events) != 5 {
			t.Fatalf("tail %q: %d events, %v; want the 5 good ones", tail, len(events), err)
		}
		j, err := OpenJournal(dir)
		if err != nil {
			t.Fatalf("tail %q: resume refused: %v", tail, err)
		}
		j.Append(Event{Seq: 6, Time: t0, Body: NoteBody{Text: "after"}})
		j.Close()
		events, err = ReadJournal(path)
		if err != nil || len(events) != 6 || events[5].Body != (NoteBody{Text: "after"}) {
			t.Fatalf("tail %q: after a resume: %d events, %v", tail, len(events), err)
		}
	}
}

// TestJournalDamageKeepsTheGoodLines: a garbage line in the middle is
// reported by its number, and the events of every good line still come
// back for report to show.
func TestJournalDamageKeepsTheGoodLines(t *testing.T) {
	dir := newLaunch(t, t.TempDir(), t0, launchEvents(t0, false, OutcomeCompleted, 10))
	path := filepath.Join(dir, JournalFile)
	data, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(data), "\n")
	bad := strings.Join(lines[:2], "") + "garbage here\n" + strings.Join(lines[2:], "")
	os.WriteFile(path, []byte(bad), 0o600)

	events, err := ReadJournal(path)
	var dmg *JournalDamage
	if !errors.As(err, &dmg) || len(dmg.Lines) != 1 || dmg.Lines[0] != 3 {
		t.Fatalf("err %v, want damage at line 3", err)
	}
	if !strings.Contains(err.Error(), "journal.jsonl: line 3 damaged") {
		t.Errorf("message %q does not name the line", err)
	}
	if len(events) != 6 || events[5].Type() != LaunchFinished {
		t.Errorf("got %d events, want all 6 good ones", len(events))
	}
	if _, err := OpenJournal(dir); !errors.As(err, &dmg) {
		t.Errorf("resume over a damaged journal: %v, want a refusal", err)
	}
	root := filepath.Dir(dir)
	if _, events, err := Latest(root); !errors.As(err, &dmg) || len(events) != 6 {
		t.Errorf("Latest: %d events, %v", len(events), err)
	}
	to, err := SetAside(dir)
	if err != nil || !strings.HasSuffix(to, ".damaged") {
		t.Fatalf("SetAside: %q %v", to, err)
	}
	if dirs, _ := Launches(root); len(dirs) != 0 {
		t.Errorf("a launch set aside still counts: %v", dirs)
	}
}

// TestJournalWriteErrorSaysWhatToFree: a full disk (/dev/full answers
// every write with ENOSPC) gives one error that names the journal and the
// filesystem, without repeating "journal:".
func TestJournalWriteErrorSaysWhatToFree(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	j := startJournal(f, "/dev/full", nil)
	err = j.Append(Event{Seq: 1, Time: t0, Body: LaunchStartedBody{}})
	var we *JournalWriteError
	if !errors.As(err, &we) || !errors.Is(err, syscall.ENOSPC) || !we.NoSpace() {
		t.Fatalf("err %v, want a *JournalWriteError wrapping ENOSPC", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "journal:") || !strings.HasPrefix(msg, "write /dev/full: no space left on device; the filesystem at /dev is full (") || !strings.Contains(msg, "--resume") {
		t.Errorf("message %q", msg)
	}
	if err2 := j.Append(Event{Seq: 2, Time: t0, Body: NoteBody{}}); err2 != err {
		t.Errorf("the error is not sticky: %v", err2)
	}
	j.Close()
}

// TestJournalAndLaunchDirModes: what a launch writes is private.
func TestJournalAndLaunchDirModes(t *testing.T) {
	root := filepath.Join(t.TempDir(), "demo")
	_, dir, err := NewLaunchDir(root, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	j, err := CreateJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	// The step logs' mode is checked after a real run (e2e TestStateIsPrivate).
	for path, want := range map[string]os.FileMode{
		root: 0o700, dir: 0o700,
		filepath.Join(dir, JournalFile): 0o600,
	} {
		st, err := os.Stat(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		} else if st.Mode().Perm() != want {
			t.Errorf("%s: %v, want %v", path, st.Mode().Perm(), want)
		}
	}
}
