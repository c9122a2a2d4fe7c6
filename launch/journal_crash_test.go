package launch

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestJournalWriterHelperProcess is not a test: it is a driver that
// journals as fast as it can until it is killed, saying on stdout the seq
// of every urgent event Append has returned for.
func TestJournalWriterHelperProcess(t *testing.T) {
	dir := os.Getenv("GOLIVE_JOURNAL_HELPER_DIR")
	if dir == "" {
		t.Skip("only run as a child of TestJournalSurvivesKill")
	}
	j, err := OpenJournal(dir, withFlushInterval(time.Millisecond))
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	long := strings.Repeat("output that goes on ", 200)
	for seq := int64(1); ; seq++ {
		e := Event{Seq: seq, Time: time.Now(), Body: NoteBody{Text: long}}
		if seq%3 != 0 {
			e = sample(seq, float64(seq))
		}
		if err := j.Append(e); err != nil {
			os.Exit(1)
		}
		if e.Urgent() {
			os.Stdout.WriteString(strconv.FormatInt(seq, 10) + "\n")
		}
	}
}

// TestJournalSurvivesKill kills a journaling process with SIGKILL at many
// moments: the journal always loads, and every urgent event whose Append
// returned is in it, in order.
func TestJournalSurvivesKill(t *testing.T) {
	for round := 0; round < 8; round++ {
		dir := t.TempDir()
		writeEvents(t, dir, sampleEvents()[:1])
		cmd := exec.Command(os.Args[0], "-test.run=^TestJournalWriterHelperProcess$")
		cmd.Env = append(os.Environ(), "GOLIVE_JOURNAL_HELPER_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		var acked int64
		for n := 0; n < 5+round*40 && sc.Scan(); n++ {
			acked, _ = strconv.ParseInt(sc.Text(), 10, 64)
		}
		syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
		for sc.Scan() {
			if v, err := strconv.ParseInt(sc.Text(), 10, 64); err == nil {
				acked = v
			}
		}
		cmd.Wait()
		if acked == 0 {
			t.Fatalf("round %d: the writer acknowledged nothing", round)
		}

		path := dir + "/" + JournalFile
		events, err := ReadJournal(path)
		if err != nil {
			t.Fatalf("round %d: journal does not load after kill -9: %v", round, err)
		}
		last := int64(0)
		found := false
		for _, e := range events[1:] {
			if e.Seq <= last {
				t.Fatalf("round %d: seq %d after %d", round, e.Seq, last)
			}
			last = e.Seq
			if e.Seq == acked {
				found = true
			}
		}
		if !found {
			t.Fatalf("round %d: acknowledged urgent event %d is missing (last on disk %d)", round, acked, last)
		}
		// A resume appends cleanly after whatever the kill left.
		j, err := OpenJournal(dir)
		if err != nil {
			t.Fatal(err)
		}
		j.Append(Event{Seq: last + 1, Body: LaunchResumedBody{}})
		j.Close()
		if ev, err := ReadJournal(path); err != nil || ev[len(ev)-1].Type() != LaunchResumed {
			t.Fatalf("round %d: after resume: %v", round, err)
		}
	}
}
